using System.Security.Cryptography;
using Dossier.Testing;

namespace Dossier.Cli.Tests;

/// <summary><c>dossier person-file</c> on both databases: the file names the evidence linked to the person by its SHA-256 (issue 18 §9).</summary>
[Collection(CliCollection.Name)]
public class PersonFileCommandTests
{
    private const string Records = """
        format: dossier-workspace
        version: 1
        records:
          - kind: source
            id: s-file
            title: Test source (synthetic)
            type: ngo-report
            provenance: test
            reliability: C
          - kind: person
            id: p-file
            names:
              - { text: Testperson Synthetic, script: Latn, kind: full }
              - { text: شخص آزمایشی, script: Arab, kind: full }
            sources: [s-file]
            synthetic: true
          - kind: claim
            id: c-file-arrest
            sourceId: s-file
            statement: The test source says the synthetic person was arrested in 1981.
            subjects: [p-file]
            property: arrest-date
            credibility: 3
            synthetic: true
        """;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_file_names_the_person_in_both_scripts_the_claim_and_the_linked_evidence_by_hash(string database)
    {
        var workspace = Cli.NewWorkspace();
        var db = await TestDatabases.NewAsync(database);
        string[] At(params string[] args) => [.. args, "--workspace", workspace, .. db is null ? Array.Empty<string>() : ["--database", db]];
        Cli.Run(At("init")).ExitCode.ShouldBe(0);
        var records = Path.Combine(workspace, "records.yaml");
        await File.WriteAllTextAsync(records, Records);
        Cli.Run(At("import", records)).ExitCode.ShouldBe(0);
        var letter = Path.Combine(workspace, "letter.txt");
        await File.WriteAllTextAsync(letter, "A letter about the synthetic person (test data).");
        var hash = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(letter)));
        Cli.Run(At("evidence", "add", letter, "--collector", "Investigator A (synthetic)", "--collected-at", "2021-11-12T14:05:00+01:00", "--method", "handed over")).ExitCode.ShouldBe(0);
        Cli.Run(At("evidence", "link", hash, "p-file", "--pages", "2", "--reason", "names the person")).ExitCode.ShouldBe(0);
        var output = Path.Combine(workspace, "p-file.html");

        var made = Cli.Run(At("person-file", "p-file", "--out", output));

        made.ExitCode.ShouldBe(0, made.All);
        made.Output.ShouldContain("Wrote the file of p-file");
        var html = await File.ReadAllTextAsync(output);
        html.ShouldContain("Testperson Synthetic");
        html.ShouldContain("شخص آزمایشی");
        html.ShouldContain("SYNTHETIC");
        html.ShouldContain("Arrest date");
        html.ShouldContain("c-file-arrest");
        html.ShouldContain(hash);
        html.ShouldContain("letter.txt");
        var again = Path.Combine(workspace, "again.html");
        Cli.Run(At("person-file", "p-file", "--out", again)).ExitCode.ShouldBe(0);
        (await File.ReadAllBytesAsync(again)).ShouldBe(await File.ReadAllBytesAsync(output));

        var missing = Cli.Run(At("person-file", "s-file", "--out", Path.Combine(workspace, "x.html")));
        missing.ExitCode.ShouldBe(1);
        missing.Error.ShouldContain("No person record 's-file'");
        File.Exists(Path.Combine(workspace, "x.html")).ShouldBeFalse();
    }
}
