using Dossier.Application.Workspace;
using Dossier.Ledger.Canonical;
using Dossier.Ledger.Merkle;

namespace Dossier.Application.Ledger;

/// <summary>One thing verification found wrong, with the entry (or tree size) where it was found.</summary>
public sealed record VerificationProblem(long? Sequence, long? TreeSize, string Message)
{
    public override string ToString() => Sequence is { } seq
        ? $"entry {seq}: {Message}"
        : TreeSize is { } size ? $"tree head at size {size}: {Message}" : Message;
}

public sealed record VerificationReport(long Entries, long TreeHeads, TreeHead? Head, IReadOnlyList<VerificationProblem> Problems)
{
    public bool Ok => Problems.Count == 0;

    /// <summary>The first altered entry, by sequence number, if any entry is at fault.</summary>
    public long? FirstAlteredEntry => Problems.Where(p => p.Sequence is not null).Select(p => p.Sequence).Min();
}

/// <summary>
/// Recomputes every leaf hash from the stored entry bytes and every stored tree root from those leaves.
/// Any change to a stored entry, leaf hash or root is reported with the entry or tree size it affects.
/// </summary>
public static class LedgerVerifier
{
    public static Task<VerificationReport> VerifyAsync(IWorkspaceStore store, IProgress<long>? progress, CancellationToken cancellationToken) =>
        VerifyAsync(store, progress, null, cancellationToken);

    /// <param name="observe">Sees every stored entry once, in order, so other checks share this one pass over the ledger.</param>
    public static async Task<VerificationReport> VerifyAsync(IWorkspaceStore store, IProgress<long>? progress, Action<StoredEntry>? observe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var problems = new List<VerificationProblem>();
        var heads = await store.ReadTreeHeadsAsync(cancellationToken);
        var headIndex = 0;
        var range = new CompactRange();
        long expected = 0;
        await foreach (var entry in store.ReadEntriesAsync(cancellationToken))
        {
            if (entry.Sequence != expected)
            {
                problems.Add(new VerificationProblem(expected, null, $"missing: the next stored entry is {entry.Sequence}"));
                break;
            }

            observe?.Invoke(entry);
            var leaf = MerkleHash.Leaf(entry.Bytes);
            if (!leaf.AsSpan().SequenceEqual(entry.LeafHash))
            {
                problems.Add(new VerificationProblem(entry.Sequence, null, "its bytes do not match its stored leaf hash (the entry or its hash was altered)"));
            }
            else
            {
                CheckEntry(entry, problems);
            }

            range.Append(leaf);
            expected++;
            while (headIndex < heads.Count && heads[headIndex].Size == range.Size)
            {
                if (!range.Root().AsSpan().SequenceEqual(heads[headIndex].RootHash))
                {
                    problems.Add(new VerificationProblem(null, range.Size, "the stored root differs from the root recomputed from the entries"));
                }

                headIndex++;
            }

            if (expected % 10_000 == 0)
            {
                progress?.Report(expected);
            }
        }

        for (; headIndex < heads.Count; headIndex++)
        {
            problems.Add(new VerificationProblem(null, heads[headIndex].Size, $"a tree head names {heads[headIndex].Size} entries but the ledger holds {expected}"));
        }

        progress?.Report(expected);
        return new VerificationReport(expected, heads.Count, heads.Count > 0 ? heads[^1] : null, problems);
    }

    // The bytes hash correctly; they must also be a well-formed entry in canonical form at its own position.
    private static void CheckEntry(StoredEntry entry, List<VerificationProblem> problems)
    {
        try
        {
            var canonical = JsonCanonicalizer.Canonicalize(entry.Bytes);
            if (!canonical.AsSpan().SequenceEqual(entry.Bytes))
            {
                problems.Add(new VerificationProblem(entry.Sequence, null, "its bytes are not in canonical form (RFC 8785)"));
                return;
            }

            var parsed = LedgerEntry.FromBytes(entry.Bytes);
            if (parsed.Sequence != entry.Sequence)
            {
                problems.Add(new VerificationProblem(entry.Sequence, null, $"it says it is entry {parsed.Sequence}"));
            }
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            problems.Add(new VerificationProblem(entry.Sequence, null, "its bytes are not a readable entry"));
        }
    }
}
