using Dossier.Ledger.Merkle;
using FsCheck.Fluent;

namespace Dossier.Ledger.Tests.Merkle;

public sealed class CompactRangeTests
{
    [Fact]
    public void Root_should_equal_the_rfc_tree_hash_for_every_size_up_to_130()
    {
        var entries = RfcOracle.Entries(130);
        var range = new CompactRange();
        range.Root().ShouldBe(RfcOracle.Mth([]));
        for (var n = 1; n <= entries.Length; n++)
        {
            range.Append(MerkleHash.Leaf(entries[n - 1]));
            range.Size.ShouldBe(n);
            range.Root().ShouldBe(RfcOracle.Mth(entries[..n]), $"size {n}");
        }
    }

    [Fact]
    public void Leaf_and_node_hashes_should_match_rfc_9162_domain_separation()
    {
        var entry = "x"u8.ToArray();
        MerkleHash.Leaf(entry).ShouldBe(RfcOracle.LeafHash(entry));
        MerkleHash.Empty().ShouldBe(Convert.FromHexString("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"));
        MerkleHash.Node(RfcOracle.LeafHash("a"u8.ToArray()), RfcOracle.LeafHash("b"u8.ToArray()))
            .ShouldBe(RfcOracle.Mth(["a"u8.ToArray(), "b"u8.ToArray()]));
    }

    [Fact]
    public void Append_should_report_each_closed_subtree_with_the_hash_of_exactly_its_leaves()
    {
        var entries = RfcOracle.Entries(70, salt: 3);
        var range = new CompactRange();
        var seen = new HashSet<(int, long)>();
        for (var i = 0; i < entries.Length; i++)
        {
            var closed = range.Append(MerkleHash.Leaf(entries[i]));
            closed[0].ShouldBe(closed[0] with { Level = 0, Index = i });
            foreach (var subtree in closed)
            {
                var width = 1 << subtree.Level;
                var first = (int)subtree.Index * width;
                (first + width).ShouldBe(i + 1, "a subtree closes with its last leaf");
                subtree.Hash.ShouldBe(RfcOracle.Mth(entries[first..(first + width)]));
                seen.Add((subtree.Level, subtree.Index)).ShouldBeTrue("each subtree is reported once");
            }
        }

        // Every complete aligned subtree of 70 leaves was reported: 70 + 35 + 17 + 8 + 4 + 2 + 1.
        seen.Count.ShouldBe(137);
    }

    [Fact]
    public void FromPeaks_should_continue_exactly_where_the_original_range_stood()
    {
        PropertyCheck.ForAll(Gen.Choose(0, 200).Zip(Gen.Choose(1, 40)), t =>
        {
            var (split, more) = t;
            var entries = RfcOracle.Entries(split + more, salt: split);
            var original = new CompactRange();
            foreach (var e in entries[..split])
            {
                original.Append(MerkleHash.Leaf(e));
            }

            var restored = CompactRange.FromPeaks(original.Size, original.Peaks);
            foreach (var e in entries[split..])
            {
                restored.Append(MerkleHash.Leaf(e));
            }

            return restored.Root().AsSpan().SequenceEqual(RfcOracle.Mth(entries));
        }, maxTest: 60);
    }

    [Fact]
    public void FromPeaks_should_refuse_a_peak_count_that_does_not_fit_the_size()
    {
        Should.Throw<ArgumentException>(() => CompactRange.FromPeaks(5, [MerkleHash.Empty()]))
            .Message.ShouldContain("5 leaves has 2 peaks");
    }

    [Fact]
    public void PeakLevels_should_list_the_binary_digits_of_the_size_largest_first()
    {
        CompactRange.PeakLevels(0).ShouldBeEmpty();
        CompactRange.PeakLevels(13).ShouldBe([3, 2, 0]);
        CompactRange.PeakLevels(1L << 40).ShouldBe([40]);
    }
}
