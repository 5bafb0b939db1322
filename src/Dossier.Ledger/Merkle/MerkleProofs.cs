using System.Numerics;

namespace Dossier.Ledger.Merkle;

/// <summary>
/// Builds RFC 9162 §2.1.3 inclusion and §2.1.4 consistency proofs from complete-subtree hashes only.
/// A proof's hashes are MTH of ranges of leaves; every range is either a complete subtree (one read) or the
/// right edge of the tree, which is composed from at most log2(n) complete ones. Only one right-edge range
/// occurs per proof, so a proof costs O(log n) reads and never rehashes the log.
/// </summary>
public static class MerkleProofs
{
    /// <summary>The root (MTH) of the first <paramref name="size"/> leaves.</summary>
    public static byte[] Root(ISubtreeHashSource source, long size)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return size == 0 ? MerkleHash.Empty() : RangeHash(source, 0, size);
    }

    /// <summary>The audit path for leaf <paramref name="index"/> in the tree of <paramref name="size"/> leaves,
    /// leaf-side first, as RFC 9162 PATH(m, D[n]) orders it.</summary>
    public static IReadOnlyList<byte[]> Inclusion(ISubtreeHashSource source, long index, long size)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);

        // Walk from the root down; RFC 9162 lists the siblings from the bottom up, hence the reverse.
        var path = new List<byte[]>();
        long start = 0, count = size, m = index;
        while (count > 1)
        {
            var k = LargestPowerOfTwoBelow(count);
            if (m < k)
            {
                path.Add(RangeHash(source, start + k, count - k));
                count = k;
            }
            else
            {
                path.Add(source.GetSubtreeHash(Log2(k), start / k));
                start += k;
                m -= k;
                count -= k;
            }
        }

        path.Reverse();
        return path;
    }

    /// <summary>The consistency proof between the trees of <paramref name="oldSize"/> and
    /// <paramref name="newSize"/> leaves (RFC 9162 PROOF(m, D[n])); empty when the sizes are equal.</summary>
    public static IReadOnlyList<byte[]> Consistency(ISubtreeHashSource source, long oldSize, long newSize)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(oldSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(newSize, oldSize);

        var path = new List<byte[]>();
        if (oldSize == newSize)
        {
            return path;
        }

        // SUBPROOF(m, D[n], b), unrolled from the top; b stays true while the old tree is a left part.
        long start = 0, count = newSize, m = oldSize;
        var whole = true;
        while (m != count)
        {
            var k = LargestPowerOfTwoBelow(count);
            if (m <= k)
            {
                path.Add(RangeHash(source, start + k, count - k));
                count = k;
            }
            else
            {
                path.Add(source.GetSubtreeHash(Log2(k), start / k));
                start += k;
                m -= k;
                count -= k;
                whole = false;
            }
        }

        if (!whole)
        {
            path.Add(RangeHash(source, start, count));
        }

        path.Reverse();
        return path;
    }

    /// <summary>MTH(D[start:start+count]) where start is a multiple of the bit ceiling of count: the complete
    /// subtrees of count's binary digits, largest first, folded from the right as MTH splits them.</summary>
    private static byte[] RangeHash(ISubtreeHashSource source, long start, long count)
    {
        byte[]? hash = null;
        var offset = start + count;
        for (var level = 0; level < 63; level++)
        {
            if ((count & (1L << level)) == 0)
            {
                continue;
            }

            offset -= 1L << level;
            var peak = source.GetSubtreeHash(level, offset >> level);
            hash = hash is null ? peak : MerkleHash.Node(peak, hash);
        }

        return hash ?? throw new ArgumentOutOfRangeException(nameof(count), "A range must hold at least one leaf.");
    }

    internal static long LargestPowerOfTwoBelow(long n) => 1L << (63 - BitOperations.LeadingZeroCount((ulong)(n - 1)));

    private static int Log2(long powerOfTwo) => BitOperations.Log2((ulong)powerOfTwo);
}
