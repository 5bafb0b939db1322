using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dossier.Application.Access;
using Dossier.Application.Exchange;
using Dossier.Application.Lists;
using Dossier.Application.Protection;
using Dossier.Application.Workspace;
using Dossier.Testing;
using Xunit.Abstractions;

namespace Dossier.Storage.Tests;

/// <summary>
/// Seeded mutation fuzzing of every import path (issue 13, item 19b): the demo case as YAML and as JSON
/// (records and its <c>protectedIdentities</c> block) through <see cref="WorkspaceExchange.ImportAsync"/>,
/// and a victim list as CSV through <see cref="ListService.ImportAsync"/>. Each input gets byte flips, line
/// deletions, duplications and swaps, truncation, and structure mutations (deep nesting, aliases, null and
/// complex keys, wrong-typed values). Every input must end in success or clear errors: no exception, no
/// stack trace, no protected name quoted, and after a failure the ledger is exactly as long as before.
/// 450 inputs (which include one that once broke YamlDotNet's scanner) run in the normal suite; <c>DOSSIER_FUZZ=10000</c> runs that many.
/// </summary>
public class ImportFuzzTests(ITestOutputHelper output)
{
    private const int DefaultInputs = 450;
    private const int Seed = 1988_07_19;

    private static readonly Principal Investigator = new("fuzz@test", Role.Investigator);

    private static readonly string[] Snippets =
    [
        new string('[', 5000), new string('{', 5000), "- " + string.Concat(Enumerable.Repeat("[", 200)),
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]",
        "x: &r [*r]", "? [complex, key]\n: value", "~: null key", ": empty key", "\"\": empty", "- *nowhere", "!!binary x: y",
        "%YAML 1.1", "---", "...", "\t- tab", new string('a', 20000), "names: ~", "names: [~]", "sources: [~, ~]", "quantity: {value: ~}",
        "kind: person", "kind: ~", "id: ~", "records: ~", "- ~", "- []", "- {}", "\"\\u0000\": 1", "born: 99999999999999999999", "born: 1e400",
    ];

    private static readonly string[] Values =
        ["~", "null", "[]", "{}", "\"\"", "1e400", "-1", "99999999999999999999", "true", "1988-13-45", "\"\\0\"", "[~]", "{text: ~}", "[[[]]]", "*a", "&a x", "'", "\"", "!!str", "1367/13/40", "0x1F", ".inf"];

    private const string ListCsv = """"
        record_id,given_name,family_name,father_name,born,place,synthetic
        r1,Ali,Rezaei,Hasan,1960,Tehran,SYNTHETIC
        r2,علی,رضایی,حسن,1339,تهران,SYNTHETIC
        r3,Maryam,Ahmadi,,1965-03-02,Evin,SYNTHETIC
        r4,"Mohammad, Reza",Karimi,Ahmad,c. 1958,Gohardasht,SYNTHETIC
        r5,Zahra,Hosseini,"said ""Zari""",summer 1962,Mashhad,SYNTHETIC
        r6,Hamid,Mousavi,Ali,1961,اوین,SYNTHETIC

        """";

    public static int Inputs => int.TryParse(Environment.GetEnvironmentVariable("DOSSIER_FUZZ"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
        ? n
        : DefaultInputs;

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Mutated_workspace_files_and_lists_fail_cleanly_and_write_nothing(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = test.Service();
        var lists = new ListService(test.Store, new FixedTime());
        var protection = new ProtectionService(test.Store, MasterKeyStore.AtPath(Path.Combine(test.Directory, "keys", "master.key")), new FixedTime());
        var yaml = await File.ReadAllBytesAsync(Path.Combine(TestEnvironment.RepositoryRoot, "demo", "noury-case.yaml"));
        var json = Json(yaml);
        var csv = Encoding.UTF8.GetBytes(ListCsv);
        var folder = Path.Combine(test.Directory, "inputs");
        Directory.CreateDirectory(folder);
        var secrets = DemoSecrets.Strings.SelectMany(s => s.Split(' ')).Where(w => w.Length >= 6 && !w.Contains("INVENTED", StringComparison.Ordinal)).ToList();

        var random = new Random(Seed);
        var failures = new List<string>();
        var (succeeded, failed, partial) = (0, 0, 0);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Inputs; i++)
        {
            var format = i % 3;
            var seed = format switch { 0 => yaml, 1 => json, _ => csv };
            var input = Mutate(seed, random, format == 2);
            var before = (await test.Store.GetTreeHeadAsync(CancellationToken.None)).Size;
            IReadOnlyList<string> errors;
            try
            {
                if (format < 2)
                {
                    var path = Path.Combine(folder, format == 0 ? "case.yaml" : "case.json");
                    await File.WriteAllBytesAsync(path, input);
                    errors = [.. (await WorkspaceExchange.ImportAsync(service, path, Investigator, "fuzz", CancellationToken.None, protection)).Select(e => e.ToString())];
                }
                else
                {
                    var imported = await lists.ImportAsync(new ListImportRequest { Csv = input, FileName = "list.csv", SourceId = $"list-{i}" }, Investigator, "fuzz", CancellationToken.None);
                    errors = imported.Ok ? [] : [.. imported.Problems.Select(p => p.ToString())];
                }
            }
            catch (Exception exception)
            {
                var where = (exception.StackTrace ?? string.Empty).Split('\n').FirstOrDefault(l => l.Contains(" Dossier.", StringComparison.Ordinal))?.Trim();
                failures.Add($"input {i} ({Kind(format)}): unhandled {exception.GetType().Name}: {exception.Message.Split('\n')[0]} {where}");
                continue;
            }

            var after = (await test.Store.GetTreeHeadAsync(CancellationToken.None)).Size;
            if (errors.Count == 0)
            {
                succeeded++;
                continue;
            }

            failed++;
            if (after != before)
            {
                partial++;
                failures.Add($"input {i} ({Kind(format)}): failed but the ledger grew from {before} to {after}");
            }

            foreach (var error in errors)
            {
                if (error.Contains("   at ", StringComparison.Ordinal) || error.Contains("Exception", StringComparison.Ordinal))
                {
                    failures.Add($"input {i} ({Kind(format)}): an error reads like a crash: {error}");
                }

                if (secrets.FirstOrDefault(s => error.Contains(s, StringComparison.Ordinal)) is { } leaked)
                {
                    failures.Add($"input {i} ({Kind(format)}): an error quotes protected text ({leaked.Length} characters)");
                }
            }
        }

        output.WriteLine($"{dialect}: {Inputs} inputs (seed {Seed}) in {clock.Elapsed.TotalSeconds:F1} s: {succeeded} imported, {failed} refused, " +
            $"{failures.Count(f => f.Contains("unhandled", StringComparison.Ordinal))} unhandled exceptions, {partial} partial writes");
        failures.ShouldBeEmpty(string.Join('\n', failures.Take(30)));
        failed.ShouldBeGreaterThan(Inputs / 2, "the mutations should break most inputs");
        succeeded.ShouldBeGreaterThan(0, "some mutations should leave a valid input");
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_nul_character_in_a_referenced_id_is_an_error_not_a_database_exception(string dialect)
    {
        // Found by the 10,000-input run on PostgreSQL, which refuses U+0000 in text.
        await using var test = await TestStore.OpenAsync(dialect);
        var path = Path.Combine(test.Directory, "nul.yaml");
        await File.WriteAllTextAsync(path, "format: dossier-workspace\nversion: 1\nrecords:\n  - kind: person\n    id: p1\n    names: [{ text: A Person, script: Latn }]\n    sources: [\"s1\\0\"]\n");

        var errors = await WorkspaceExchange.ImportAsync(test.Service(), path, Investigator, "test", CancellationToken.None);

        errors.ShouldHaveSingleItem().ToString().ShouldBe("nul.yaml:7: records[0].sources[0]: holds a NUL character (U+0000), which cannot be stored");
        (await test.Store.GetTreeHeadAsync(CancellationToken.None)).Size.ShouldBe(0);
    }

    private static string Kind(int format) => format switch { 0 => "yaml", 1 => "json", _ => "csv" };

    /// <summary>The demo document as JSON, its <c>protectedIdentities</c> block included (what an export never writes).</summary>
    private static byte[] Json(byte[] yaml)
    {
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        stream.Load(new StringReader(Encoding.UTF8.GetString(yaml)));
        var json = ToJson(stream.Documents[0].RootNode)!.ToJsonString(new System.Text.Json.JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        json.ShouldContain("\"protectedIdentities\"");
        return Encoding.UTF8.GetBytes(json);
    }

    private static System.Text.Json.Nodes.JsonNode? ToJson(YamlDotNet.RepresentationModel.YamlNode node) => node switch
    {
        YamlDotNet.RepresentationModel.YamlMappingNode mapping => new System.Text.Json.Nodes.JsonObject(mapping.Children.Select(p =>
            KeyValuePair.Create(((YamlDotNet.RepresentationModel.YamlScalarNode)p.Key).Value!, ToJson(p.Value)))),
        YamlDotNet.RepresentationModel.YamlSequenceNode sequence => new System.Text.Json.Nodes.JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlDotNet.RepresentationModel.YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: "true" or "false" } flag => System.Text.Json.Nodes.JsonValue.Create(flag.Value == "true"),
        YamlDotNet.RepresentationModel.YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } plain when double.TryParse(plain.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) =>
            System.Text.Json.Nodes.JsonValue.Create(number),
        YamlDotNet.RepresentationModel.YamlScalarNode scalar => System.Text.Json.Nodes.JsonValue.Create(scalar.Value),
        _ => null,
    };

    /// <summary>One to four mutations of the input's bytes and lines, chosen by <paramref name="random"/>.</summary>
    internal static byte[] Mutate(byte[] input, Random random, bool csv)
    {
        var lines = Split(input);
        var count = 1 + random.Next(4);
        for (var m = 0; m < count && lines.Count > 0; m++)
        {
            var at = random.Next(lines.Count);
            switch (random.Next(9))
            {
                case 0 when lines[at].Count > 0:
                    lines[at][random.Next(lines[at].Count)] = (byte)random.Next(256);
                    break;
                case 1 when lines[at].Count > 0:
                    const string interesting = ":[]{}-&*!|>'\"#, ~?\t\\%@`";
                    lines[at][random.Next(lines[at].Count)] = (byte)(csv ? ",\"\r\n;"[random.Next(5)] : interesting[random.Next(interesting.Length)]);
                    break;
                case 2:
                    lines.RemoveRange(at, Math.Min(1 + random.Next(3), lines.Count - at));
                    break;
                case 3:
                    var copy = lines.Skip(at).Take(1 + random.Next(3)).Select(l => new List<byte>(l)).ToList();
                    lines.InsertRange(random.Next(lines.Count + 1), copy);
                    break;
                case 4:
                    var other = random.Next(lines.Count);
                    (lines[at], lines[other]) = (lines[other], lines[at]);
                    break;
                case 5:
                    var snippet = csv ? string.Concat(Enumerable.Repeat("\"", 1 + random.Next(3))) + new string(',', random.Next(2000)) : Snippets[random.Next(Snippets.Length)];
                    var indent = new string(' ', lines[at].TakeWhile(b => b == ' ').Count());
                    lines.InsertRange(at, Split(Encoding.UTF8.GetBytes(string.Join('\n', snippet.Split('\n').Select(s => indent + s)))));
                    break;
                case 6:
                    var text = Encoding.UTF8.GetString([.. lines[at]]);
                    var colon = csv ? text.IndexOf(',', StringComparison.Ordinal) : text.IndexOf(": ", StringComparison.Ordinal);
                    if (colon >= 0)
                    {
                        var value = csv ? (random.Next(2) == 0 ? string.Empty : new string('x', 5000)) : Values[random.Next(Values.Length)];
                        lines[at] = [.. Encoding.UTF8.GetBytes(text[..(colon + (csv ? 1 : 2))] + value)];
                    }

                    break;
                case 7:
                    lines.RemoveRange(at, lines.Count - at);
                    break;
                default:
                    if (random.Next(2) == 0)
                    {
                        lines[at].InsertRange(0, "  "u8.ToArray());
                    }
                    else if (lines[at].Count >= 2 && lines[at][0] == ' ')
                    {
                        lines[at].RemoveRange(0, Math.Min(2, lines[at].Count));
                    }

                    break;
            }
        }

        return [.. lines.SelectMany((l, i) => i == 0 ? l : ((IEnumerable<byte>)[(byte)'\n']).Concat(l))];
    }

    private static List<List<byte>> Split(byte[] bytes)
    {
        var lines = new List<List<byte>> { new() };
        foreach (var b in bytes)
        {
            if (b == '\n')
            {
                lines.Add([]);
            }
            else
            {
                lines[^1].Add(b);
            }
        }

        return lines;
    }
}
