using System.Security.Cryptography;

namespace Dossier.Ledger.Tests.Merkle;

/// <summary>
/// RFC 9162 §2.1.1, §2.1.3.1 and §2.1.4.1 transcribed literally as recursion over the entries, with its own
/// SHA-256 calls: an oracle that shares nothing with the production code it checks.
/// </summary>
internal static class RfcOracle
{
    public static byte[] Mth(IReadOnlyList<byte[]> d)
    {
        var n = d.Count;
        if (n == 0)
        {
            return SHA256.HashData(Array.Empty<byte>());
        }

        if (n == 1)
        {
            return SHA256.HashData([0x00, .. d[0]]);
        }

        var k = K(n);
        return SHA256.HashData([0x01, .. Mth(Slice(d, 0, k)), .. Mth(Slice(d, k, n))]);
    }

    public static byte[] LeafHash(byte[] entry) => SHA256.HashData([0x00, .. entry]);

    /// <summary>PATH(m, D[n]).</summary>
    public static List<byte[]> Path(int m, IReadOnlyList<byte[]> d)
    {
        var n = d.Count;
        if (n == 1)
        {
            return [];
        }

        var k = K(n);
        if (m < k)
        {
            var path = Path(m, Slice(d, 0, k));
            path.Add(Mth(Slice(d, k, n)));
            return path;
        }
        else
        {
            var path = Path(m - k, Slice(d, k, n));
            path.Add(Mth(Slice(d, 0, k)));
            return path;
        }
    }

    /// <summary>PROOF(m, D[n]) = SUBPROOF(m, D[n], true).</summary>
    public static List<byte[]> Proof(int m, IReadOnlyList<byte[]> d) => SubProof(m, d, true);

    private static List<byte[]> SubProof(int m, IReadOnlyList<byte[]> d, bool b)
    {
        var n = d.Count;
        if (m == n)
        {
            return b ? [] : [Mth(d)];
        }

        var k = K(n);
        if (m <= k)
        {
            var proof = SubProof(m, Slice(d, 0, k), b);
            proof.Add(Mth(Slice(d, k, n)));
            return proof;
        }
        else
        {
            var proof = SubProof(m - k, Slice(d, k, n), false);
            proof.Add(Mth(Slice(d, 0, k)));
            return proof;
        }
    }

    /// <summary>The largest power of two smaller than n.</summary>
    private static int K(int n)
    {
        var k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }

        return k;
    }

    private static byte[][] Slice(IReadOnlyList<byte[]> d, int from, int to) => d.Skip(from).Take(to - from).ToArray();

    public static byte[][] Entries(int n, int salt = 0) =>
        Enumerable.Range(0, n).Select(i => System.Text.Encoding.UTF8.GetBytes($"entry {salt}:{i}")).ToArray();
}
