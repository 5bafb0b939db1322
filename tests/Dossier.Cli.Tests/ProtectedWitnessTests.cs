using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Dossier.Text;
using Microsoft.Data.Sqlite;
using YamlDotNet.RepresentationModel;

namespace Dossier.Cli.Tests;

/// <summary>
/// The demo's invented protected witnesses, read from the demo case file itself, must appear nowhere
/// in plaintext: not in the SQLite file, its WAL or shared memory, the search index, any export, or
/// what the commands print (short of an authorised unseal).
/// </summary>
[Collection(CliCollection.Name)]
public class ProtectedWitnessTests
{
    private static readonly Lazy<(string Workspace, string Log)> Demo = new(() =>
    {
        var workspace = Cli.NewWorkspace();
        var built = Cli.Run("demo", "--no-serve", "--workspace", workspace);
        built.ExitCode.ShouldBe(0, built.All);
        return (workspace, built.All);
    });

    private static readonly Dictionary<(string, string), string> Tokens = [];
    private static readonly Dictionary<string, string> DemoAdmins = [];

    /// <summary>
    /// An API token of an account (made on first use) in that workspace: how the CLI knows who acts and in
    /// which role. Accounts are made with an admin's token: the demo's, or a first admin made for the test.
    /// </summary>
    private static string Token(string workspace, string name, string role)
    {
        if (!Tokens.TryGetValue((workspace, name), out var token))
        {
            token = Cli.AccountToken(workspace, name, role, DemoAdmins.GetValueOrDefault(workspace));
            Tokens[(workspace, name)] = token;
        }

        return token;
    }

    private static void NoteDemo(string workspace, CliResult built)
    {
        built.ExitCode.ShouldBe(0, built.All);
        DemoAdmins[workspace] = Cli.TokenIn(built.Output, "demo-admin");
    }

    /// <summary>Every identifying string of the demo's protected identities, from demo/noury-case.yaml.</summary>
    private static IReadOnlyList<string> DemoSecrets()
    {
        var file = Path.Combine(RepositoryRoot(), "demo", "noury-case.yaml");
        var stream = new YamlStream();
        using (var reader = new StreamReader(file))
        {
            stream.Load(reader);
        }

        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var secrets = new List<string>();
        foreach (var entry in ((YamlSequenceNode)root.Children[new YamlScalarNode("protectedIdentities")]).Children.Cast<YamlMappingNode>())
        {
            var identity = (YamlMappingNode)entry.Children[new YamlScalarNode("identity")];
            foreach (var name in ((YamlSequenceNode)identity.Children[new YamlScalarNode("names")]).Children.Cast<YamlMappingNode>())
            {
                secrets.Add(((YamlScalarNode)name.Children[new YamlScalarNode("text")]).Value!);
            }

            secrets.Add(((YamlScalarNode)identity.Children[new YamlScalarNode("contact")]).Value!);
            secrets.Add(((YamlScalarNode)identity.Children[new YamlScalarNode("location")]).Value!);
        }

        secrets.Count.ShouldBe(13);
        return secrets;
    }

    /// <summary>The secrets, and every word of them as the search index would normalise or romanise it.</summary>
    private static List<(string What, byte[] Bytes)> Needles()
    {
        var needles = new List<(string, byte[])>();
        foreach (var secret in DemoSecrets())
        {
            var forms = new List<string> { secret };
            // Word by word only for names: a contact or an address holds common words ("Sweden").
            var isName = !secret.Contains("INVENTED", StringComparison.Ordinal) && !secret.Contains('@', StringComparison.Ordinal);
            foreach (var word in secret.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => isName && w.Length >= 6))
            {
                var keys = SearchKeys.For(word);
                forms.AddRange(keys.Normalized.Concat(keys.Romanized).Where(k => k.Length >= 6));
            }

            foreach (var form in forms.Distinct(StringComparer.Ordinal))
            {
                needles.Add(($"'{form}' (UTF-8)", Encoding.UTF8.GetBytes(form)));
                needles.Add(($"'{form}' (UTF-16)", Encoding.Unicode.GetBytes(form)));
            }
        }

        return needles;
    }

    private static void AssertAbsent(string where, byte[] haystack)
    {
        foreach (var (what, bytes) in Needles())
        {
            haystack.AsSpan().IndexOf(bytes).ShouldBe(-1, $"{what} found in {where}");
        }
    }

    private static void AssertAbsent(string where, string text) => AssertAbsent(where, Encoding.UTF8.GetBytes(text));

    [Fact]
    public void The_demo_has_three_invented_witnesses_known_only_by_their_pseudonyms()
    {
        var list = Cli.Run("identity", "list", "--workspace", Demo.Value.Workspace);

        list.ExitCode.ShouldBe(0);
        list.Output.ShouldContain("W-001\tw-001\twitness");
        list.Output.ShouldContain("W-003\tw-003\twitness");
        var shown = Cli.Run("show", "w-002", "--workspace", Demo.Value.Workspace);
        shown.Output.ShouldContain("protected-identity");
        shown.Output.ShouldContain("INVENTED");
        AssertAbsent("`show w-002`", shown.All);
        AssertAbsent("the demo's log", Demo.Value.Log);
    }

    [Fact]
    public void No_plaintext_name_of_a_demo_witness_is_in_the_database_files_search_index_or_exports()
    {
        var workspace = Cli.NewWorkspace();
        NoteDemo(workspace, Cli.Run("demo", "--no-serve", "--workspace", workspace));
        // An authorised unseal prints the identity to its caller, and must leave nothing behind.
        var unsealed = Cli.Run("identity", "unseal", "w-001", "--reason", "preparing testimony", "--token", Token(workspace, "ines", "investigator"), "--workspace", workspace);
        unsealed.ExitCode.ShouldBe(0, unsealed.All);
        unsealed.Output.ShouldContain(DemoSecrets()[0]);
        foreach (var secret in DemoSecrets().Where(s => !s.Contains(' ', StringComparison.Ordinal) || s.Length > 12).Take(4))
        {
            var search = Cli.Run("search", secret, "--workspace", workspace);
            search.All.ShouldContain("0 result(s)");
        }

        var evidence = Path.Combine(workspace, "statement.txt");
        File.WriteAllText(evidence, "statement of W-001 (test)");
        Cli.Run("evidence", "add", evidence, "--collector", "Investigator A", "--collected-at", "2021-11-12T14:05:00+01:00",
            "--zone", "Europe/Tirane", "--method", "handed over", "--workspace", workspace).ExitCode.ShouldBe(0);
        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(evidence)));
        var exports = new[] { "all.yaml", "all.json" }.Select(n => Path.Combine(workspace, n)).ToList();
        foreach (var export in exports)
        {
            Cli.Run("export", "--out", export, "--include-synthetic", "--workspace", workspace).ExitCode.ShouldBe(0);
            File.ReadAllText(export).ShouldContain("W-002");
        }

        var bundle = Path.Combine(workspace, "bundle.zip");
        Cli.Run("export", "bundle", "--items", hash, "--out", bundle, "--workspace", workspace).ExitCode.ShouldBe(0);

        string searchIndex;
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(workspace, "dossier.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "select group_concat(record_id || ' ' || original || ' ' || normalized || ' ' || romanized || ' ' || phonetic, char(10)) from search_index";
            searchIndex = (string)command.ExecuteScalar()!;
        }

        searchIndex.ShouldContain("W-001");
        AssertAbsent("the search index", searchIndex);
        SqliteConnection.ClearAllPools();
        var db = Path.Combine(workspace, "dossier.db");
        foreach (var file in new[] { db, db + "-wal", db + "-shm" }.Where(File.Exists))
        {
            AssertAbsent(file, File.ReadAllBytes(file));
        }

        foreach (var export in exports)
        {
            AssertAbsent(export, File.ReadAllBytes(export));
        }

        using var zip = ZipFile.OpenRead(bundle);
        zip.Entries.Count.ShouldBeGreaterThan(1);
        foreach (var entry in zip.Entries)
        {
            using var stream = entry.Open();
            using var bytes = new MemoryStream();
            stream.CopyTo(bytes);
            AssertAbsent($"{bundle}!{entry.FullName}", bytes.ToArray());
        }
    }

    [Fact]
    public void Seal_unseal_refusal_erasure_and_rotation_work_from_the_command_line_without_printing_plaintext_on_errors()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        const string secret = "Yzmarvold Quettlebrink";
        var seal = Cli.Run("identity", "seal", "--name", secret, "--name", "یزمارولد کوتلبرینک", "--contact", "invented@example.invalid", "--synthetic",
            "--reason", "intake", "--token", Token(workspace, "ines", "investigator"), "--workspace", workspace);
        seal.ExitCode.ShouldBe(0, seal.All);
        seal.Output.ShouldContain("Sealed as W-001 (record w-001)");
        AssertNoSecret(seal, secret);

        var viewer = Cli.Run("identity", "unseal", "w-001", "--reason", "curious", "--token", Token(workspace, "val", "viewer"), "--workspace", workspace);
        viewer.ExitCode.ShouldBe(1);
        viewer.Error.ShouldContain("may not unseal");
        AssertNoSecret(viewer, secret);
        var noReason = Cli.Run("identity", "unseal", "w-001", "--token", Token(workspace, "ines", "investigator"), "--workspace", workspace);
        noReason.ExitCode.ShouldBe(1);
        AssertNoSecret(noReason, secret);
        Cli.Run("identity", "unseal", "w-001", "--reason", "x", "--workspace", workspace).ExitCode.ShouldBe(2);

        var rotate = Cli.Run("key", "rotate", "--workspace", workspace);
        rotate.ExitCode.ShouldBe(0, rotate.All);
        rotate.Output.ShouldContain("Re-wrapped 1 data key(s)");
        var opened = Cli.Run("identity", "unseal", "w-001", "--reason", "hearing", "--token", Token(workspace, "lena", "legal"), "--workspace", workspace);
        opened.ExitCode.ShouldBe(0, opened.All);
        opened.Output.ShouldContain(secret);
        opened.Output.ShouldContain("SYNTHETIC");

        var erase = Cli.Run("erase-identity", "w-001", "--reason", "consent withdrawn", "--token", Token(workspace, "lena", "legal"), "--rotate-key", "--workspace", workspace);
        erase.ExitCode.ShouldBe(0, erase.All);
        erase.Output.ShouldContain("Rotated the master key: 0 remaining data key(s)");
        var after = Cli.Run("identity", "unseal", "w-001", "--reason", "again", "--token", Token(workspace, "lena", "legal"), "--workspace", workspace);
        after.ExitCode.ShouldBe(1);
        after.Error.ShouldContain("erased");
        AssertNoSecret(after, secret);
        Cli.Run("verify", "--workspace", workspace).ExitCode.ShouldBe(0);
        Cli.Run("identity", "list", "--workspace", workspace).Output.ShouldContain("erased at entry");
    }

    [Fact]
    public void Importing_a_file_seals_its_protected_identities_and_errors_name_lines_but_not_values()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        File.WriteAllBytes(Path.Combine(workspace, "face.png"), [0x89, 0x50, 0x4E, 0x47, 9, 9, 9]);
        var good = Path.Combine(workspace, "good.yaml");
        File.WriteAllText(good, """
            format: dossier-workspace
            version: 1
            records:
              - kind: hearing
                id: h1
                proceedingId: p1
                date: 2021-11-10
                witnesses: [witness-a]
              - kind: organization
                id: court
                names: [{ text: Stockholm District Court }]
              - kind: proceeding
                id: p1
                title: Test
                courtId: court
            protectedIdentities:
              - id: witness-a
                synthetic: true
                identity:
                  names: [{ text: Vrelloquin Astamaraz, script: Latn, kind: full }]
                  photos: [{ mediaType: image/png, file: face.png }]
            """);
        var imported = Cli.Run("import", good, "--token", Token(workspace, "ivo", "investigator"), "--workspace", workspace);
        imported.ExitCode.ShouldBe(0, imported.All);
        Cli.Run("identity", "list", "--workspace", workspace).Output.ShouldContain("W-001\twitness-a");
        var opened = Cli.Run("identity", "unseal", "witness-a", "--reason", "check import", "--token", Token(workspace, "ivo", "investigator"), "--photos-to", Path.Combine(workspace, "out"), "--workspace", workspace);
        opened.Output.ShouldContain("Vrelloquin Astamaraz");
        File.ReadAllBytes(Path.Combine(workspace, "out", "witness-a-photo-1.png")).ShouldBe(File.ReadAllBytes(Path.Combine(workspace, "face.png")));

        var bad = Path.Combine(workspace, "bad.yaml");
        File.WriteAllText(bad, """
            format: dossier-workspace
            version: 1
            records: []
            protectedIdentities:
              - id: witness-b
                identity:
                  names: [{ text: Zorblatine Quexhammer, script: Latn, kind: nickname }]
              - id: witness-c
                identity:
                  names: [{ text: Zorblatine Quexhammer, script: Latn, kind: full }]
                  photos: [{ mediaType: image/png, file: ../../etc/passwd }]
            """);
        var failed = Cli.Run("import", bad, "--workspace", workspace);
        failed.ExitCode.ShouldBe(1);
        failed.Error.ShouldContain("bad.yaml:7: protectedIdentities[0].identity.names[0].kind");
        failed.Error.ShouldContain("bad.yaml:11: protectedIdentities[1].identity.photos[0]: file must be inside the workspace file's folder");
        failed.Error.ShouldNotContain("Zorblatine");
        failed.Error.ShouldNotContain("Quexhammer");
        Cli.Run("identity", "list", "--workspace", workspace).Output.ShouldNotContain("witness-c");
    }

    private static void AssertNoSecret(CliResult result, string secret)
    {
        result.All.ShouldNotContain(secret);
        result.All.ShouldNotContain(secret.Split(' ')[1]);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Dossier.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (Dossier.slnx) was not found.");
    }
}
