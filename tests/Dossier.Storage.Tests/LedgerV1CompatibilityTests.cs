using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dossier.Application.Ledger;
using Dossier.Ledger.Canonical;
using Dossier.Ledger.Merkle;

namespace Dossier.Storage.Tests;

/// <summary>
/// A ledger written by an older Dossier (commit 0495c6f, every body at schema version 1; see
/// Fixtures/ledger-v1/README.md) must verify forever and rebuild to the records it made then: entry
/// names and bytes are stable, and the projections fold old bodies exactly as they did.
/// </summary>
public class LedgerV1CompatibilityTests
{
    // The root `dossier verify` printed for the fixture's workspace when it was written.
    private const string RootWhenWritten = "af613ea3bcd4f661ea21a114c3b6a3973487bba7e492fbabf648085fd00943ca";
    private const int EntriesWhenWritten = 1941;
    private static readonly CancellationToken None = CancellationToken.None;

    public static IReadOnlyList<byte[]> Entries() => [.. ReadLines("ledger.jsonl.gz").Select(Encoding.UTF8.GetBytes)];

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_version_1_ledger_verifies_and_rebuilds_to_the_projections_it_made_when_written(string dialect)
    {
        var entries = Entries();
        entries.Count.ShouldBe(EntriesWhenWritten);
        await using var test = await TestStore.OpenAsync(dialect);
        await using (var restore = await ((SqlWorkspaceStore)test.Store).BeginRestoreAsync(None))
        {
            // Accounts' secrets are not in the ledger (a backup carries them beside it): their rows come first,
            // as a restore writes them, and the ledger's account entries then set role, status and preferences.
            await restore.InsertAsync(AccountRows(entries), None);
            foreach (var bytes in entries)
            {
                await restore.AppendAsync(bytes, None);
            }

            Convert.ToHexStringLower(restore.Root()).ShouldBe(RootWhenWritten);
            await restore.CommitAsync(None);
        }

        var range = new CompactRange();
        await foreach (var stored in test.Store.ReadEntriesAsync(None))
        {
            stored.LeafHash.ShouldBe(MerkleHash.Leaf(stored.Bytes));
            range.Append(stored.LeafHash);
        }

        Convert.ToHexStringLower(range.Root()).ShouldBe(RootWhenWritten);
        var expected = string.Join('\n', ReadLines("projections.txt.gz"));
        ShouldBeSameDump(await test.Store.DumpProjectionsAsync(None), expected, "live append");
        await test.Store.RebuildProjectionsAsync(null, None);
        ShouldBeSameDump(await test.Store.DumpProjectionsAsync(None), expected, "rebuild");
        (await test.Store.CompareWithReplayAsync(null, None)).ShouldBeNull();
    }

    [Fact]
    public void The_catalogue_knows_every_entry_type_and_reads_every_version_1_body_back_to_its_bytes()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var bytes in Entries())
        {
            var entry = LedgerEntry.FromBytes(bytes);
            var kind = Dossier.Application.Ledger.Entries.Find(entry.Type);
            kind.ShouldNotBeNull($"entry {entry.Sequence}: the catalogue has no kind named {entry.Type}");
            entry.SchemaVersion.ShouldBe(1);
            seen.Add(entry.Type);

            // Read as the kind's body type and written back by the one serializer: the same members and values.
            // A member some version-1 writers spelled out as null is written as absent, which reads the same.
            var written = Canonical(kind.Normalise(entry));
            var original = Canonical(entry.Body);
            if (kind.Version > 1)
            {
                // Brought forward by its upcasters: every member it had keeps its value; the new version may add some.
                Contains(JsonNode.Parse(written), JsonNode.Parse(original)).ShouldBeTrue($"entry {entry.Sequence} ({entry.Type} v{kind.Version}): a member changed when upcast");
                continue;
            }

            if (!written.AsSpan().SequenceEqual(original))
            {
                throw new ShouldAssertException($"entry {entry.Sequence} ({entry.Type}) changes when read and written:\nnow:  {Cut(Encoding.UTF8.GetString(written))}\nthen: {Cut(Encoding.UTF8.GetString(original))}");
            }
        }

        // Every type of that day occurs (36); kinds added since (evidence.metadata-erased, …) are simply not in it.
        seen.Count.ShouldBe(36);
    }

    // Every member of the older body is in the newer one with the same value (objects may gain members).
    private static bool Contains(JsonNode? newer, JsonNode? older) => (newer, older) switch
    {
        (JsonObject n, JsonObject o) => o.All(p => n.ContainsKey(p.Key) && Contains(n[p.Key], p.Value)),
        _ => JsonNode.DeepEquals(newer, older),
    };

    private static byte[] Canonical(JsonElement body) =>
        JsonCanonicalizer.Canonicalize(WithoutNulls(JsonNode.Parse(body.GetRawText())!).Deserialize<JsonElement>());

    private static JsonNode WithoutNulls(JsonNode node)
    {
        if (node is JsonObject obj)
        {
            foreach (var (name, value) in obj.ToList())
            {
                if (value is null)
                {
                    obj.Remove(name);
                }
                else
                {
                    WithoutNulls(value);
                }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array.OfType<JsonNode>())
            {
                WithoutNulls(item);
            }
        }

        return node;
    }

    private static StateTable AccountRows(IEnumerable<byte[]> entries) =>
        new("accounts", ["name", "role", "password_hash", "created_at"],
            [.. entries.Select(LedgerEntry.FromBytes).Where(e => e.Type == "account.created")
                .Select(e => new object?[] { e.Body.GetProperty("account").GetString(), "viewer", "not a hash", "2026-12-07T00:00:00Z" })]);

    // Tables added after the fixture was written (e.g. evidence_classification, migration 0012) are not in it, nor
    // columns added at the end of a row (search_index's filters and other words, migration 0014); every table and
    // column that is must read exactly as it did.
    private static void ShouldBeSameDump(string actual, string expected, string how)
    {
        var now = Sections(actual);
        foreach (var (table, then) in Sections(expected))
        {
            now.ShouldContainKey(table, how);
            var lines = now[table];
            var first = Enumerable.Range(0, Math.Min(lines.Count, then.Count))
                .FirstOrDefault(i => lines[i] != then[i] && !lines[i].StartsWith(then[i] + "\t", StringComparison.Ordinal), -1);
            if (first >= 0)
            {
                throw new ShouldAssertException($"{how}: {table} differs from the fixture at row {first + 1}:\nnow:  {Cut(lines[first])}\nthen: {Cut(then[first])}");
            }

            lines.Count.ShouldBe(then.Count, $"{how}: rows of {table}");
        }
    }

    private static Dictionary<string, List<string>> Sections(string dump)
    {
        var sections = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (var line in dump.TrimEnd('\n').Split('\n'))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                current = sections[line[3..]] = [];
            }
            else
            {
                current?.Add(line);
            }
        }

        return sections;
    }

    private static string Cut(string line) => line.Length > 400 ? line[..400] + "…" : line;

    private static IEnumerable<string> ReadLines(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "ledger-v1", file);
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress), new UTF8Encoding(false));
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }
}
