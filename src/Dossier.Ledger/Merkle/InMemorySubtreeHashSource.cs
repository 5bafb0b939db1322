namespace Dossier.Ledger.Merkle;

/// <summary>
/// Keeps every complete subtree hash in memory, as a store keeps them in a table. For tests, benchmarks and
/// small tools; it counts reads so a caller can check that a proof costs O(log n) of them.
/// </summary>
public sealed class InMemorySubtreeHashSource : ISubtreeHashSource
{
    private readonly List<List<byte[]>> _levels = [];
    private readonly CompactRange _range = new();

    public long Size => _range.Size;

    /// <summary>How many times <see cref="GetSubtreeHash"/> has been called.</summary>
    public long Reads { get; private set; }

    public static InMemorySubtreeHashSource FromLeafHashes(IEnumerable<byte[]> leafHashes)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        var source = new InMemorySubtreeHashSource();
        foreach (var leaf in leafHashes)
        {
            source.Append(leaf);
        }

        return source;
    }

    /// <summary>Appends a leaf hash and stores the complete subtrees it closes.</summary>
    public void Append(byte[] leafHash)
    {
        foreach (var closed in _range.Append(leafHash))
        {
            while (_levels.Count <= closed.Level)
            {
                _levels.Add([]);
            }

            // Subtrees of one level close in index order, so the index is the list position.
            _levels[closed.Level].Add(closed.Hash);
        }
    }

    /// <summary>The root of the whole tree so far.</summary>
    public byte[] Root() => _range.Root();

    public void ResetReads() => Reads = 0;

    public byte[] GetSubtreeHash(int level, long index)
    {
        Reads++;
        if (level < 0 || level >= _levels.Count || index < 0 || index >= _levels[level].Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"No complete subtree at level {level}, index {index} in a tree of {Size} leaves.");
        }

        return _levels[level][(int)index];
    }
}
