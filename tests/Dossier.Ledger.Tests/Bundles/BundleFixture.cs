using System.IO.Compression;
using System.Text;
using Dossier.Ledger.Bundles;
using Dossier.Ledger.Checkpoints;
using Dossier.Ledger.Merkle;

namespace Dossier.Ledger.Tests.Bundles;

/// <summary>
/// A small synthetic ledger (20 entries, 2 evidence items, one custody transfer) with an old checkpoint at
/// 8 entries and a new one at 20, and the bundle made from it. All people and files are synthetic.
/// </summary>
internal sealed class BundleFixture : IDisposable
{
    public const int OldSize = 8;

    public BundleFixture()
    {
        Signer = NoteSigner.Create("dossier.example/synthetic-test-log");
        Files = [Encoding.UTF8.GetBytes("SYNTHETIC photo of a document, not real evidence " + new string('x', 5000)), RandomBytes(70_000, 7)];
        Items =
        [
            Item(Files[0], "photo-synthetic.jpg", "image/jpeg", acquisitionEntry: 3, custody: [3, 11]),
            Item(Files[1], "recording-synthetic.mp3", "audio/mpeg", acquisitionEntry: 12, custody: [12]),
        ];

        Entries = new byte[20][];
        for (var i = 0; i < Entries.Length; i++)
        {
            Entries[i] = Encoding.UTF8.GetBytes($"{{\"seq\":{i},\"type\":\"record.created\",\"note\":\"synthetic filler {i}\"}}");
        }

        Entries[3] = AcquisitionEntry(Items[0]);
        Entries[11] = Encoding.UTF8.GetBytes($"{{\"body\":{{\"action\":\"transfer\",\"items\":[\"{Items[0].Hash}\"],\"to\":\"Prosecutor B (synthetic)\"}},\"seq\":11,\"type\":\"evidence.transferred\"}}");
        Entries[12] = AcquisitionEntry(Items[1]);
        // A record revision whose note mentions item 0's hash: proven, but no custody event of it.
        Entries[15] = Encoding.UTF8.GetBytes($"{{\"body\":{{\"note\":\"compare with {Items[0].Hash}\"}},\"seq\":15,\"type\":\"record.revised\"}}");

        Source = InMemorySubtreeHashSource.FromLeafHashes(Entries.Select(e => MerkleHash.Leaf(e)));
        OldCheckpoint = Signer.Sign(new Checkpoint(Signer.Name, OldSize, MerkleProofs.Root(Source, OldSize)));
        NewCheckpoint = Signer.Sign(new Checkpoint(Signer.Name, Entries.Length, Source.Root()));
        Bundle = Write(withConsistency: true);
    }

    public NoteSigner Signer { get; }

    public byte[][] Files { get; }

    public BundleItem[] Items { get; }

    public byte[][] Entries { get; }

    public InMemorySubtreeHashSource Source { get; }

    public string OldCheckpoint { get; }

    public string NewCheckpoint { get; }

    public byte[] Bundle { get; }

    public string VerifierKey => Signer.Verifier.ToString();

    public byte[] Write(bool withConsistency)
    {
        var writer = new BundleWriter(NewCheckpoint, VerifierKey);
        foreach (var index in new long[] { 3, 11, 12, 15 })
        {
            writer.AddEntry(index, Entries[index], MerkleProofs.Inclusion(Source, index, Entries.Length));
        }

        for (var i = 0; i < Items.Length; i++)
        {
            var content = Files[i];
            writer.AddItem(Items[i], () => new MemoryStream(content));
        }

        if (withConsistency)
        {
            writer.SetConsistency(OldCheckpoint, MerkleProofs.Consistency(Source, OldSize, Entries.Length));
        }

        var output = new MemoryStream();
        writer.WriteAsync(output, TimeProvider.System).GetAwaiter().GetResult();
        return output.ToArray();
    }

    public void Dispose() => Signer.Dispose();

    /// <summary>Copies a zip, letting <paramref name="change"/> replace an entry's bytes (or drop it with null).</summary>
    public static byte[] Rewrite(byte[] zip, Func<string, byte[], byte[]?> change, params (string Name, byte[] Bytes)[] add)
    {
        var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var read = entry.Open();
                var bytes = new MemoryStream();
                read.CopyTo(bytes);
                if (change(entry.FullName, bytes.ToArray()) is { } replaced)
                {
                    using var write = target.CreateEntry(entry.FullName).Open();
                    write.Write(replaced);
                }
            }

            foreach (var (name, bytes) in add)
            {
                using var write = target.CreateEntry(name).Open();
                write.Write(bytes);
            }
        }

        return output.ToArray();
    }

    public static byte[] ReplaceText(byte[] bytes, string from, string to)
    {
        var text = Encoding.UTF8.GetString(bytes);
        text.ShouldContain(from);
        return Encoding.UTF8.GetBytes(text.Replace(from, to, StringComparison.Ordinal));
    }

    private static BundleItem Item(byte[] content, string name, string mediaType, long acquisitionEntry, long[] custody) => new()
    {
        Hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)),
        Size = content.Length,
        MediaType = mediaType,
        OriginalName = name,
        AcquisitionEntry = acquisitionEntry,
        Custody = custody,
        Acquisition = new Acquisition
        {
            Collector = "Investigator A (synthetic)",
            CollectedAtUtc = "2024-05-01T10:15:00Z",
            CollectedAtZone = "Europe/Stockholm",
            SourceUrl = $"https://example.org/synthetic/{name}",
            Method = "download",
            Tool = "dossier",
            ToolVersion = "0.1.0",
        },
    };

    // The shape of Dossier's evidence.acquired entry: the facts are the body's fields of the same names.
    private static byte[] AcquisitionEntry(BundleItem item) => Encoding.UTF8.GetBytes(
        "{\"body\":{\"acquisition\":{" +
        $"\"collectedAtUtc\":\"{item.Acquisition.CollectedAtUtc}\",\"collectedAtZone\":\"{item.Acquisition.CollectedAtZone}\"," +
        $"\"collector\":\"{item.Acquisition.Collector}\",\"method\":\"{item.Acquisition.Method}\",\"sourceUrl\":\"{item.Acquisition.SourceUrl}\"," +
        $"\"tool\":\"{item.Acquisition.Tool}\",\"toolVersion\":\"{item.Acquisition.ToolVersion}\"}}," +
        $"\"hash\":\"{item.Hash}\",\"mediaType\":\"{item.MediaType}\",\"originalName\":\"{item.OriginalName}\",\"size\":{item.Size}}}," +
        "\"type\":\"evidence.acquired\"}");

    private static byte[] RandomBytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
