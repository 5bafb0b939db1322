namespace Dossier.Ledger.Merkle;

/// <summary>
/// The right edge of an append-only RFC 9162 tree: one hash per complete subtree of the current size
/// (at most log2(n) of them). Appending a leaf costs O(log n) and reports every complete subtree it
/// closes, so a store can persist them and later build inclusion and consistency proofs without
/// rehashing the log.
/// </summary>
public sealed class CompactRange
{
    // Perfect subtrees from the left edge of the tree, largest first; Level = log2 of the leaf count.
    private readonly List<(int Level, byte[] Hash)> _peaks = [];

    public long Size { get; private set; }

    /// <summary>Restores the range of a tree of <paramref name="size"/> leaves from its peak hashes (largest first).</summary>
    public static CompactRange FromPeaks(long size, IReadOnlyList<byte[]> peaks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        var range = new CompactRange { Size = size };
        var levels = PeakLevels(size);
        if (levels.Count != peaks.Count)
        {
            throw new ArgumentException($"A tree of {size} leaves has {levels.Count} peaks, not {peaks.Count}.", nameof(peaks));
        }

        for (var i = 0; i < levels.Count; i++)
        {
            range._peaks.Add((levels[i], peaks[i]));
        }

        return range;
    }

    /// <summary>Levels of the complete subtrees that make up a tree of <paramref name="size"/> leaves, largest first.</summary>
    public static IReadOnlyList<int> PeakLevels(long size)
    {
        var levels = new List<int>();
        for (var level = 62; level >= 0; level--)
        {
            if ((size & (1L << level)) != 0)
            {
                levels.Add(level);
            }
        }

        return levels;
    }

    public IReadOnlyList<byte[]> Peaks => _peaks.ConvertAll(p => p.Hash);

    /// <summary>Appends a leaf hash; returns the complete subtrees closed by it, the leaf itself first.</summary>
    public IReadOnlyList<SubtreeHash> Append(byte[] leafHash)
    {
        ArgumentNullException.ThrowIfNull(leafHash);
        var closed = new List<SubtreeHash> { new(0, Size, leafHash) };
        var level = 0;
        var hash = leafHash;
        while (_peaks.Count > 0 && _peaks[^1].Level == level)
        {
            hash = MerkleHash.Node(_peaks[^1].Hash, hash);
            _peaks.RemoveAt(_peaks.Count - 1);
            level++;
            closed.Add(new SubtreeHash(level, Size >> level, hash));
        }

        _peaks.Add((level, hash));
        Size++;
        return closed;
    }

    /// <summary>The tree head: the peaks folded from the right (RFC 9162 MTH).</summary>
    public byte[] Root()
    {
        if (_peaks.Count == 0)
        {
            return MerkleHash.Empty();
        }

        var hash = _peaks[^1].Hash;
        for (var i = _peaks.Count - 2; i >= 0; i--)
        {
            hash = MerkleHash.Node(_peaks[i].Hash, hash);
        }

        return hash;
    }
}

/// <summary>The hash of the complete subtree of 2^Level leaves starting at leaf Index × 2^Level.</summary>
public readonly record struct SubtreeHash(int Level, long Index, byte[] Hash);
