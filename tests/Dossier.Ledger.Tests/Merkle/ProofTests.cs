using Dossier.Ledger.Merkle;
using FsCheck.Fluent;

namespace Dossier.Ledger.Tests.Merkle;

public sealed class ProofTests
{
    private static InMemorySubtreeHashSource SourceOf(byte[][] entries) =>
        InMemorySubtreeHashSource.FromLeafHashes(entries.Select(e => MerkleHash.Leaf(e)));

    [Fact]
    public void Inclusion_should_equal_the_rfc_path_for_every_leaf_of_every_tree_up_to_40()
    {
        var entries = RfcOracle.Entries(40);
        var source = SourceOf(entries);
        for (var n = 1; n <= entries.Length; n++)
        {
            var root = RfcOracle.Mth(entries[..n]);
            MerkleProofs.Root(source, n).ShouldBe(root);
            for (var m = 0; m < n; m++)
            {
                var proof = MerkleProofs.Inclusion(source, m, n);
                proof.ShouldBe(RfcOracle.Path(m, entries[..n]), $"leaf {m} of {n}");
                MerkleVerifier.VerifyInclusion(m, n, RfcOracle.LeafHash(entries[m]), proof, root).IsValid.ShouldBeTrue();
            }
        }
    }

    [Fact]
    public void Consistency_should_equal_the_rfc_proof_for_every_pair_of_sizes_up_to_40()
    {
        var entries = RfcOracle.Entries(40, salt: 1);
        var source = SourceOf(entries);
        for (var n = 1; n <= entries.Length; n++)
        {
            for (var m = 1; m <= n; m++)
            {
                var proof = MerkleProofs.Consistency(source, m, n);
                proof.ShouldBe(m == n ? [] : RfcOracle.Proof(m, entries[..n]), $"{m} → {n}");
                MerkleVerifier.VerifyConsistency(m, n, proof, RfcOracle.Mth(entries[..m]), RfcOracle.Mth(entries[..n]))
                    .IsValid.ShouldBeTrue($"{m} → {n}");
            }
        }
    }

    [Fact]
    public void Any_flipped_bit_in_an_inclusion_proof_should_be_rejected()
    {
        var gen = from n in Gen.Choose(2, 300)
                  from m in Gen.Choose(0, n - 1)
                  from pick in Gen.Choose(0, int.MaxValue)
                  select (n, m, pick);
        PropertyCheck.ForAll(gen, t =>
        {
            var (n, m, pick) = t;
            var entries = RfcOracle.Entries(n, salt: n);
            var source = SourceOf(entries);
            var root = source.Root();
            var proof = MerkleProofs.Inclusion(source, m, n).Select(h => h.ToArray()).ToList();
            var leaf = RfcOracle.LeafHash(entries[m]);
            var valid = MerkleVerifier.VerifyInclusion(m, n, leaf, proof, root).IsValid;

            var hash = pick % proof.Count;
            var bit = pick / proof.Count % 256;
            proof[hash][bit / 8] ^= (byte)(1 << (bit % 8));
            var tampered = MerkleVerifier.VerifyInclusion(m, n, leaf, proof, root);
            return valid && !tampered.IsValid && tampered.Failure!.Contains("does not match", StringComparison.Ordinal);
        });
    }

    [Fact]
    public void A_proof_for_one_index_should_not_prove_a_neighbouring_index()
    {
        var gen = from n in Gen.Choose(2, 300)
                  from m in Gen.Choose(0, n - 2)
                  select (n, m);
        PropertyCheck.ForAll(gen, t =>
        {
            var (n, m) = t;
            var entries = RfcOracle.Entries(n);
            var source = SourceOf(entries);
            var proof = MerkleProofs.Inclusion(source, m, n);
            return !MerkleVerifier.VerifyInclusion(m + 1, n, RfcOracle.LeafHash(entries[m]), proof, source.Root()).IsValid
                && !MerkleVerifier.VerifyInclusion(m, n, RfcOracle.LeafHash(entries[m + 1]), proof, source.Root()).IsValid;
        });
    }

    [Fact]
    public void A_rewritten_history_should_fail_consistency_with_the_old_root()
    {
        var gen = from n in Gen.Choose(2, 300)
                  from m in Gen.Choose(1, n - 1)
                  from changed in Gen.Choose(0, m - 1)
                  select (n, m, changed);
        PropertyCheck.ForAll(gen, t =>
        {
            var (n, m, changed) = t;
            var entries = RfcOracle.Entries(n);
            var oldRoot = RfcOracle.Mth(entries[..m]);
            var forged = entries.ToArray();
            forged[changed] = "forged"u8.ToArray();
            var source = SourceOf(forged);
            var proof = MerkleProofs.Consistency(source, m, n);
            var honest = MerkleVerifier.VerifyConsistency(m, n, MerkleProofs.Consistency(SourceOf(entries), m, n), oldRoot, RfcOracle.Mth(entries));
            return honest.IsValid && !MerkleVerifier.VerifyConsistency(m, n, proof, oldRoot, source.Root()).IsValid;
        });
    }

    [Fact]
    public void Proofs_in_a_tree_of_a_million_leaves_should_read_a_logarithmic_number_of_subtrees()
    {
        const int size = 1_000_000;
        var source = new InMemorySubtreeHashSource();
        var leaf = new byte[32];
        for (var i = 0; i < size; i++)
        {
            BitConverter.TryWriteBytes(leaf, i);
            source.Append(MerkleHash.Leaf(leaf));
        }

        // log2(1e6) ≈ 20: a path has at most 20 hashes and the one right-edge sibling at most 20 peaks.
        foreach (var index in new long[] { 0, 1, 524_287, 524_288, 999_999 })
        {
            source.ResetReads();
            var proof = MerkleProofs.Inclusion(source, index, size);
            source.Reads.ShouldBeLessThanOrEqualTo(40, $"leaf {index}");
            BitConverter.TryWriteBytes(leaf, (int)index);
            MerkleVerifier.VerifyInclusion(index, size, MerkleHash.Leaf(leaf), proof, source.Root()).IsValid.ShouldBeTrue();
        }

        source.ResetReads();
        var consistency = MerkleProofs.Consistency(source, 333_333, size);
        source.Reads.ShouldBeLessThanOrEqualTo(60);
        MerkleVerifier.VerifyConsistency(333_333, size, consistency, MerkleProofs.Root(source, 333_333), source.Root()).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Generation_should_refuse_indexes_and_sizes_outside_the_tree()
    {
        var source = SourceOf(RfcOracle.Entries(5));
        Should.Throw<ArgumentOutOfRangeException>(() => MerkleProofs.Inclusion(source, 5, 5));
        Should.Throw<ArgumentOutOfRangeException>(() => MerkleProofs.Consistency(source, 0, 5));
        Should.Throw<ArgumentOutOfRangeException>(() => MerkleProofs.Consistency(source, 4, 3));
        Should.Throw<ArgumentOutOfRangeException>(() => MerkleProofs.Inclusion(source, 0, 6)).Message.ShouldContain("No complete subtree");
    }
}
