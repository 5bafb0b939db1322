using System.Security.Cryptography;
using Dossier.Ledger.Checkpoints;
using Dossier.Ledger.Merkle;

namespace Dossier.Ledger.Audit;

/// <summary>What a full audit of a ledger found; <see cref="IsIntact"/> only when nothing was found.</summary>
public sealed record LedgerAuditReport(long Entries, int CheckpointsChecked, IReadOnlyList<string> Problems)
{
    public bool IsIntact => Problems.Count == 0;
}

/// <summary>
/// Recomputes a whole ledger from its entry bytes and compares with everything stored about it: the stored
/// complete-subtree hashes (so a changed node hash is named by level and index) and every signed checkpoint
/// (so an altered, deleted, inserted or reordered entry is caught by the first checkpoint that covers it).
/// Feed the entries in ledger order with <see cref="Add"/>, then call <see cref="Complete"/>. Pure and
/// streaming: memory is O(log n) plus the checkpoints.
/// </summary>
public sealed class LedgerAudit
{
    /// <summary>Reports past this many are counted, not listed, so a wholesale rewrite stays readable.</summary>
    public const int MaxListedProblems = 1000;

    private readonly CompactRange _range = new();
    private readonly ISubtreeHashSource? _stored;
    private readonly long _storedSize;
    private readonly List<(int Number, Checkpoint Checkpoint)> _checkpoints = [];
    private readonly List<string> _problems = [];
    private int _nextCheckpoint;
    private int _checked;
    private long _unlisted;

    /// <param name="verifier">The workspace's verifier key: every checkpoint must carry its signature.</param>
    /// <param name="signedCheckpoints">Every kept checkpoint, in any order.</param>
    /// <param name="storedSubtrees">The stored subtree table, or null to skip that comparison.</param>
    /// <param name="storedSize">How many entries the store believes it holds (its subtree table's size).</param>
    public LedgerAudit(NoteVerifier verifier, IEnumerable<string> signedCheckpoints, ISubtreeHashSource? storedSubtrees = null, long storedSize = 0)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(signedCheckpoints);
        _stored = storedSubtrees;
        _storedSize = storedSize;
        var number = 0;
        foreach (var note in signedCheckpoints)
        {
            number++;
            var check = verifier.Verify(note);
            if (!check.IsValid)
            {
                Report($"checkpoint {number}: {check.Failure}");
            }
            else if (!Checkpoint.TryParse(check.Text!, out var checkpoint, out var error))
            {
                Report($"checkpoint {number}: {error}");
            }
            else
            {
                _checkpoints.Add((number, checkpoint));
            }
        }

        _checkpoints.Sort((a, b) => a.Checkpoint.Size.CompareTo(b.Checkpoint.Size));
        CheckCheckpointsDueAt(0);
    }

    public long Size => _range.Size;

    /// <summary>Adds the next entry. <paramref name="index"/> is the index the store gave it; a gap or
    /// repetition is reported (an entry deleted or duplicated) and the entry is taken as the next one.</summary>
    public void Add(long index, ReadOnlySpan<byte> entryBytes)
    {
        if (index != _range.Size)
        {
            Report(index > _range.Size
                ? $"entries {_range.Size}–{index - 1}: missing (the store jumps from entry {_range.Size - 1} to {index})"
                : $"entry {index}: appears again after entry {_range.Size - 1}");
        }

        var position = _range.Size;
        foreach (var subtree in _range.Append(MerkleHash.Leaf(entryBytes)))
        {
            CompareStored(subtree, position);
        }

        CheckCheckpointsDueAt(_range.Size);
    }

    /// <summary>Finishes the audit: checkpoints beyond the ledger's end mean entries were removed.</summary>
    public LedgerAuditReport Complete()
    {
        for (; _nextCheckpoint < _checkpoints.Count; _nextCheckpoint++)
        {
            var (number, checkpoint) = _checkpoints[_nextCheckpoint];
            Report($"checkpoint {number} signed {checkpoint.Size} entries but the ledger holds only {_range.Size}: entries were removed");
        }

        if (_stored is not null && _storedSize != _range.Size)
        {
            Report($"the subtree table covers {_storedSize} entries but the ledger holds {_range.Size}");
        }

        var problems = _problems.ToList();
        if (_unlisted > 0)
        {
            problems.Add($"… and {_unlisted} more problems");
        }

        return new LedgerAuditReport(_range.Size, _checked, problems);
    }

    private void CompareStored(SubtreeHash recomputed, long entry)
    {
        if (_stored is null || entry >= _storedSize)
        {
            return;
        }

        byte[] stored;
        try
        {
            stored = _stored.GetSubtreeHash(recomputed.Level, recomputed.Index);
        }
        catch (ArgumentOutOfRangeException)
        {
            Report($"stored subtree hash at level {recomputed.Level}, index {recomputed.Index}: missing");
            return;
        }

        if (!CryptographicOperations.FixedTimeEquals(stored, recomputed.Hash))
        {
            Report(recomputed.Level == 0
                ? $"entry {entry}: its bytes no longer match the leaf hash stored when it was appended — the entry (or its stored leaf hash) was altered"
                : $"stored subtree hash at level {recomputed.Level}, index {recomputed.Index} (entries {recomputed.Index << recomputed.Level}–{((recomputed.Index + 1) << recomputed.Level) - 1}) differs from the recomputed one");
        }
    }

    private void CheckCheckpointsDueAt(long size)
    {
        while (_nextCheckpoint < _checkpoints.Count && _checkpoints[_nextCheckpoint].Checkpoint.Size == size)
        {
            var (number, checkpoint) = _checkpoints[_nextCheckpoint++];
            _checked++;
            if (!CryptographicOperations.FixedTimeEquals(_range.Root(), checkpoint.RootHash))
            {
                Report($"checkpoint {number} (size {size}): the ledger's first {size} entries no longer hash to the signed root — an entry before {size} was altered, removed, inserted or reordered");
            }
        }
    }

    private void Report(string problem)
    {
        if (_problems.Count < MaxListedProblems)
        {
            _problems.Add(problem);
        }
        else
        {
            _unlisted++;
        }
    }
}
