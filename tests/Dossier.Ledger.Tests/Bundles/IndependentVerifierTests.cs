using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Dossier.Ledger.Tests.Bundles;

/// <summary>
/// A second verifier written from docs/formats/bundle.md, RFC 9162 §2.1.3.2 and c2sp.org/signed-note with
/// nothing but the BCL: it shares no code with Dossier.Ledger, so a bug common to writer and verifier
/// cannot hide here.
/// </summary>
public sealed class IndependentVerifierTests : IDisposable
{
    private readonly BundleFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void An_independent_verifier_should_accept_the_bundle()
    {
        Check(_fixture.Bundle, _fixture.VerifierKey).ShouldBeEmpty();
    }

    [Fact]
    public void An_independent_verifier_should_reject_a_tampered_entry_and_file()
    {
        var tampered = BundleFixture.Rewrite(_fixture.Bundle, (name, bytes) =>
        {
            if (name == "entries/3.json" || name.StartsWith("files/", StringComparison.Ordinal))
            {
                bytes[5] ^= 1;
            }

            return bytes;
        });
        var problems = Check(tampered, _fixture.VerifierKey);
        problems.ShouldContain("entry 3 not included");
        problems.Count(p => p.StartsWith("file ", StringComparison.Ordinal)).ShouldBe(2);
    }

    private static List<string> Check(byte[] bundle, string verifierKey)
    {
        var problems = new List<string>();
        using var zip = new ZipArchive(new MemoryStream(bundle), ZipArchiveMode.Read);
        byte[] Read(string name)
        {
            using var stream = zip.GetEntry(name)!.Open();
            var memory = new MemoryStream();
            stream.CopyTo(memory);
            return memory.ToArray();
        }

        // Verifier key: name+keyid+base64(0x02 || SPKI).
        var keyParts = verifierKey.Split('+', 3);
        var keyBytes = Convert.FromBase64String(keyParts[2]);
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(keyBytes.AsSpan(1), out _);

        // Signed note: text up to and including the newline before the last blank line.
        var note = Encoding.UTF8.GetString(Read("checkpoint.txt"));
        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        var text = note[..(split + 1)];
        var signatureLine = note[(split + 2)..].TrimEnd('\n').Split('\n').Single();
        var blob = Convert.FromBase64String(signatureLine.Split(' ')[2]);
        if (Convert.ToHexStringLower(blob[..4]) != keyParts[1]
            || !ecdsa.VerifyData(Encoding.UTF8.GetBytes(text), blob[4..], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))
        {
            problems.Add("checkpoint signature");
        }

        var lines = text.Split('\n');
        var treeSize = long.Parse(lines[1], System.Globalization.CultureInfo.InvariantCulture);
        var root = Convert.FromBase64String(lines[2]);

        using var manifest = JsonDocument.Parse(Read("manifest.json"));
        foreach (var entry in manifest.RootElement.GetProperty("entries").EnumerateArray())
        {
            var index = entry.GetProperty("index").GetInt64();
            var leaf = SHA256.HashData([0x00, .. Read($"entries/{index}.json")]);
            var proof = entry.GetProperty("inclusionProof").EnumerateArray().Select(p => Convert.FromBase64String(p.GetString()!)).ToList();
            if (!RfcInclusion(index, treeSize, leaf, proof, root))
            {
                problems.Add($"entry {index} not included");
            }
        }

        foreach (var item in manifest.RootElement.GetProperty("items").EnumerateArray())
        {
            var hash = item.GetProperty("hash").GetString()!;
            if (Convert.ToHexStringLower(SHA256.HashData(Read($"files/{hash}"))) != hash)
            {
                problems.Add($"file {hash}");
            }
        }

        return problems;
    }

    /// <summary>RFC 9162 §2.1.3.2, step by step.</summary>
    private static bool RfcInclusion(long leafIndex, long treeSize, byte[] hash, List<byte[]> inclusionPath, byte[] rootHash)
    {
        if (leafIndex >= treeSize)
        {
            return false;
        }

        long fn = leafIndex, sn = treeSize - 1;
        var r = hash;
        foreach (var p in inclusionPath)
        {
            if (sn == 0)
            {
                return false;
            }

            if (fn % 2 == 1 || fn == sn)
            {
                r = SHA256.HashData([0x01, .. p, .. r]);
                if (fn % 2 == 0)
                {
                    while (fn % 2 == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                r = SHA256.HashData([0x01, .. r, .. p]);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && r.AsSpan().SequenceEqual(rootHash);
    }
}
