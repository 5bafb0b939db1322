using System.Security.Cryptography;

namespace Dossier.Ledger.Merkle;

/// <summary>RFC 9162 §2.1.1 hashing: SHA-256 with domain separation between leaves and interior nodes.</summary>
public static class MerkleHash
{
    public const int Size = 32;

    /// <summary>The hash of an empty tree: SHA-256 of the empty string.</summary>
    public static byte[] Empty() => SHA256.HashData(ReadOnlySpan<byte>.Empty);

    /// <summary>MTH of one entry: SHA-256(0x00 ‖ entry).</summary>
    public static byte[] Leaf(ReadOnlySpan<byte> entry)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData([0x00]);
        hash.AppendData(entry);
        return hash.GetHashAndReset();
    }

    /// <summary>An interior node: SHA-256(0x01 ‖ left ‖ right).</summary>
    public static byte[] Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buffer = stackalloc byte[1 + (2 * Size)];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + Size)..]);
        return SHA256.HashData(buffer);
    }
}
