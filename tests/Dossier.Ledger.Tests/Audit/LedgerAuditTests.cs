using Dossier.Ledger.Audit;
using Dossier.Ledger.Checkpoints;
using Dossier.Ledger.Merkle;
using Dossier.Ledger.Tests.Merkle;
using FsCheck.Fluent;

namespace Dossier.Ledger.Tests.Audit;

/// <summary>The tamper matrix of issue 7 on an in-memory ledger: each kind of change is found and named.</summary>
public sealed class LedgerAuditTests : IDisposable
{
    private readonly NoteSigner _signer = NoteSigner.Create("dossier.example/synthetic-audit");
    private readonly byte[][] _entries = RfcOracle.Entries(50, salt: 9);
    private readonly InMemorySubtreeHashSource _stored;
    private readonly List<string> _checkpoints;

    public LedgerAuditTests()
    {
        _stored = InMemorySubtreeHashSource.FromLeafHashes(_entries.Select(e => MerkleHash.Leaf(e)));
        _checkpoints = new long[] { 0, 7, 16, 33, 50 }
            .Select(size => _signer.Sign(new Checkpoint(_signer.Name, size, MerkleProofs.Root(_stored, size))))
            .ToList();
    }

    public void Dispose() => _signer.Dispose();

    private LedgerAuditReport Audit(IEnumerable<(long Index, byte[] Bytes)> entries, ISubtreeHashSource? stored = null, IEnumerable<string>? checkpoints = null)
    {
        var audit = new LedgerAudit(_signer.Verifier, checkpoints ?? _checkpoints, stored ?? _stored, _stored.Size);
        foreach (var (index, bytes) in entries)
        {
            audit.Add(index, bytes);
        }

        return audit.Complete();
    }

    private IEnumerable<(long, byte[])> Ledger(byte[][]? entries = null) => (entries ?? _entries).Select((e, i) => ((long)i, e));

    [Fact]
    public void An_untouched_ledger_should_be_intact_with_every_checkpoint_checked()
    {
        var report = Audit(Ledger());
        report.IsIntact.ShouldBeTrue(string.Join("\n", report.Problems));
        report.CheckpointsChecked.ShouldBe(5);
        report.Entries.ShouldBe(50);
    }

    [Fact]
    public void A_changed_byte_in_an_entry_should_name_the_entry_and_the_checkpoints_after_it()
    {
        var entries = _entries.Select(e => e.ToArray()).ToArray();
        entries[20][2] ^= 1;
        var report = Audit(Ledger(entries));
        report.Problems.ShouldContain(p => p.StartsWith("entry 20: its bytes no longer match", StringComparison.Ordinal));
        report.Problems.ShouldContain(p => p.StartsWith("checkpoint 4 (size 33)", StringComparison.Ordinal));
        report.Problems.ShouldContain(p => p.StartsWith("checkpoint 5 (size 50)", StringComparison.Ordinal));
        report.Problems.ShouldNotContain(p => p.StartsWith("checkpoint 3", StringComparison.Ordinal));
    }

    [Fact]
    public void A_changed_byte_in_a_stored_node_hash_should_name_its_level_and_index()
    {
        var tampered = new TamperedSource(_stored, level: 3, index: 2);
        var report = Audit(Ledger(), tampered);
        report.Problems.ShouldBe(["stored subtree hash at level 3, index 2 (entries 16–23) differs from the recomputed one"]);
    }

    [Fact]
    public void A_changed_byte_in_a_checkpoint_should_fail_its_signature()
    {
        var checkpoints = _checkpoints.ToList();
        checkpoints[2] = checkpoints[2].Replace("\n16\n", "\n17\n", StringComparison.Ordinal);
        var report = Audit(Ledger(), checkpoints: checkpoints);
        report.Problems.ShouldHaveSingleItem().ShouldStartWith("checkpoint 3: signed note: the signature by dossier.example/synthetic-audit");
    }

    [Fact]
    public void A_deleted_entry_should_be_named_whether_or_not_the_store_renumbered()
    {
        var gap = Audit(Ledger().Where(e => e.Item1 != 30));
        gap.Problems.ShouldContain("entries 30–30: missing (the store jumps from entry 29 to 31)");
        gap.Problems.ShouldContain(p => p.Contains("signed 50 entries but the ledger holds only 49", StringComparison.Ordinal));

        var renumbered = Audit(Ledger(_entries.Where((_, i) => i != 30).ToArray()));
        renumbered.Problems.ShouldContain(p => p.StartsWith("entry 30: its bytes no longer match", StringComparison.Ordinal));
        renumbered.Problems.ShouldContain(p => p.StartsWith("checkpoint 4 (size 33)", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_swapped_entries_should_both_be_named()
    {
        var entries = _entries.ToArray();
        (entries[10], entries[11]) = (entries[11], entries[10]);
        var report = Audit(Ledger(entries));
        report.Problems.ShouldContain(p => p.StartsWith("entry 10:", StringComparison.Ordinal));
        report.Problems.ShouldContain(p => p.StartsWith("entry 11:", StringComparison.Ordinal));
        report.Problems.ShouldContain(p => p.StartsWith("checkpoint 3 (size 16)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_rewritten_ledger_with_a_rebuilt_subtree_table_should_still_fail_the_signed_checkpoints()
    {
        var forged = _entries.ToArray();
        forged[40] = "forged entry"u8.ToArray();
        var rebuilt = InMemorySubtreeHashSource.FromLeafHashes(forged.Select(e => MerkleHash.Leaf(e)));
        var report = Audit(Ledger(forged), rebuilt);
        report.Problems.ShouldBe([$"checkpoint 5 (size 50): the ledger's first 50 entries no longer hash to the signed root — an entry before 50 was altered, removed, inserted or reordered"]);
    }

    [Fact]
    public void Any_single_byte_change_in_any_entry_should_be_found()
    {
        var gen = from entry in Gen.Choose(0, 49)
                  from position in Gen.Choose(0, 100)
                  from flip in Gen.Choose(1, 255)
                  select (entry, position, flip);
        PropertyCheck.ForAll(gen, t =>
        {
            var entries = _entries.Select(e => e.ToArray()).ToArray();
            var bytes = entries[t.entry];
            bytes[t.position % bytes.Length] ^= (byte)t.flip;
            var report = Audit(Ledger(entries), stored: null);
            return !report.IsIntact && report.Problems.Any(p => p.StartsWith("entry " + t.entry + ":", StringComparison.Ordinal));
        }, maxTest: 100);
    }

    /// <summary>The stored table with one byte of one node hash changed.</summary>
    private sealed class TamperedSource(ISubtreeHashSource inner, int level, long index) : ISubtreeHashSource
    {
        public byte[] GetSubtreeHash(int level1, long index1)
        {
            var hash = inner.GetSubtreeHash(level1, index1).ToArray();
            if (level1 == level && index1 == index)
            {
                hash[7] ^= 0x40;
            }

            return hash;
        }
    }
}
