using System.Text.Json;
using Dossier.Testing;

namespace Dossier.Cli.Tests;

/// <summary>`dossier case list|show|gaps` on the demo, on both databases, and a bad framework file refused by file, line and field.</summary>
[Collection(CliCollection.Name)]
public class CaseCommandTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_demo_cases_are_listed_shown_and_their_gaps_printed_one_per_line(string database)
    {
        var workspace = Cli.NewWorkspace();
        var db = await TestDatabases.NewAsync(database);
        string[] At(params string[] args) => [.. args, "--workspace", workspace, .. db is null ? Array.Empty<string>() : ["--database", db]];
        if (db is null)
        {
            var built = Cli.Run(At("demo", "--no-serve"));
            built.ExitCode.ShouldBe(0, built.All);
        }
        else
        {
            // The demo command builds SQLite only; on PostgreSQL the same three demo files are imported in its order.
            Cli.Run(At("init")).ExitCode.ShouldBe(0);
            var token = Cli.InvestigatorToken(At());
            foreach (var file in new[] { "noury-case.yaml", "noury-testimonies.yaml", "noury-cases.yaml" })
            {
                var imported = Cli.Run([.. At("import", Path.Combine(TestEnvironment.RepositoryRoot, "demo", file)), "--token", token]);
                imported.ExitCode.ShouldBe(0, imported.All);
            }
        }

        var list = Cli.Run(At("case", "list"));
        var gaps = Cli.Run(At("case", "gaps", "case-noury"));
        var json = Cli.Run(At("case", "show", "case-noury", "--json"));
        var text = Cli.Run(At("case", "show", "case-pour-mohammadi"));
        var missing = Cli.Run(At("case", "show", "no-such-case"));

        list.ExitCode.ShouldBe(0, list.All);
        list.Output.ShouldContain("case-noury\tHamid Noury");
        list.Output.ShouldContain("case-pour-mohammadi\t");
        gaps.ExitCode.ShouldBe(0, gaps.All);
        var lines = gaps.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.ShouldContain("se-grave-crime-international-law / se-complicity: se-intl.conflict: no-proof: find context proof that the acts were committed during an armed conflict between states (treated in the judgment as international).");
        JsonDocument.Parse(json.Output).RootElement.GetProperty("gaps").GetArrayLength().ShouldBe(lines.Length);
        text.Output.ShouldContain("post: member (pos-pour-mohammadi-commissions-1988)");
        text.Output.ShouldContain("gap: weak-sources");
        (missing.ExitCode, missing.Error.Trim()).ShouldBe((1, "error: no case 'no-such-case' that you may read"));
    }

    [Fact]
    public void A_workspace_framework_file_that_cannot_be_used_stops_the_command_naming_file_line_and_field()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        Directory.CreateDirectory(Path.Combine(workspace, "frameworks"));
        File.WriteAllText(Path.Combine(workspace, "frameworks", "local.yaml"),
            "format: dossier-legal-framework\nversion: 1\nid: local\ntitle: Local\ncrimes:\n  - id: local-crime\n    title: A crime\n    cite: art. 1\n    elements:\n      - { id: local-crime.act, kind: deed, text: Something was done., cite: art. 1 }\n");

        var listed = Cli.Run("case", "list", "--workspace", workspace);

        listed.ExitCode.ShouldBe(1);
        listed.Error.ShouldContain("local.yaml:10: crimes[0].elements[0].kind: 'deed' is not one of");
    }
}
