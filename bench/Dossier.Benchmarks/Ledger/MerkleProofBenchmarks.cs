using BenchmarkDotNet.Attributes;
using Dossier.Ledger.Merkle;

namespace Dossier.Benchmarks.Ledger;

/// <summary>Proof generation and verification in a tree of 1,000,000 leaves held in memory.</summary>
[MemoryDiagnoser]
public class MerkleProofBenchmarks
{
    private const long Size = 1_000_000;
    private InMemorySubtreeHashSource _source = null!;
    private byte[] _root = null!;
    private long[] _indexes = null!;
    private IReadOnlyList<byte[]>[] _proofs = null!;
    private byte[][] _leaves = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _source = LedgerRuns.BuildTree(Size);
        _root = _source.Root();
        var random = new Random(1988);
        _indexes = Enumerable.Range(0, 1024).Select(_ => random.NextInt64(Size)).ToArray();
        _proofs = _indexes.Select(i => MerkleProofs.Inclusion(_source, i, Size)).ToArray();
        _leaves = _indexes.Select(i => _source.GetSubtreeHash(0, i)).ToArray();
    }

    [Benchmark]
    public IReadOnlyList<byte[]> InclusionProof() => MerkleProofs.Inclusion(_source, _indexes[_next++ & 1023], Size);

    [Benchmark]
    public IReadOnlyList<byte[]> ConsistencyProof() => MerkleProofs.Consistency(_source, _indexes[_next++ & 1023] + 1, Size);

    [Benchmark]
    public bool VerifyInclusion()
    {
        var k = _next++ & 1023;
        return MerkleVerifier.VerifyInclusion(_indexes[k], Size, _leaves[k], _proofs[k], _root).IsValid;
    }

    [Benchmark]
    public byte[] RootAtSize() => MerkleProofs.Root(_source, Size - (_next++ & 1023));
}

/// <summary>Appending leaves to the compact range (the per-entry Merkle cost of a ledger append).</summary>
[MemoryDiagnoser]
public class CompactRangeBenchmarks
{
    private readonly byte[] _leaf = MerkleHash.Leaf("entry"u8);

    [Benchmark(OperationsPerInvoke = 1024)]
    public long Append1024()
    {
        var range = new CompactRange();
        for (var i = 0; i < 1024; i++)
        {
            range.Append(_leaf);
        }

        return range.Size;
    }
}
