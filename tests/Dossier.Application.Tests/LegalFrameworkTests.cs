using Dossier.Application.Cases;

namespace Dossier.Application.Tests;

/// <summary>The legal frameworks shipped in frameworks/ load whole, and a bad framework file is named by file, line and field.</summary>
public class LegalFrameworkTests
{
    [Fact]
    public void The_shipped_frameworks_hold_the_crimes_and_modes_the_issue_names_each_element_cited()
    {
        var frameworks = LegalFrameworks.Builtin;

        foreach (var crime in new[] { "cah-murder", "cah-extermination", "cah-imprisonment", "cah-torture", "cah-persecution", "cah-disappearance", "gb-wilful-killing", "se-grave-crime-international-law", "se-murder" })
        {
            frameworks.Crime(crime).ShouldNotBeNull(crime);
        }

        foreach (var mode in new[] { "rs-25-3-a", "rs-25-3-b", "rs-25-3-c", "rs-25-3-d", "rs-28", "se-complicity" })
        {
            frameworks.Mode(mode).ShouldNotBeNull(mode);
        }

        // Crimes against humanity carry their contextual elements: the attack and the knowledge of it.
        frameworks.Crime("cah-murder")!.AllElements.Select(e => e.Id).ShouldBe(["cah.attack", "cah.knowledge", "cah-murder.killing", "cah-murder.intent"]);
        frameworks.Crime("cah-torture")!.ContextElements.Select(e => e.Kind).ShouldBe([ProofKind.Context, ProofKind.Mental]);
        var elements = frameworks.All.SelectMany(f => f.Crimes.SelectMany(c => c.AllElements).Concat(f.Modes.SelectMany(m => m.Elements))).ToList();
        elements.ShouldAllBe(e => e.Text.Length > 10 && e.Cite.Length > 5);
        elements.Select(e => e.Kind).Distinct().Count().ShouldBe(Enum.GetValues<ProofKind>().Length);
    }

    [Theory]
    [InlineData("format: dossier-legal-framework\nversion: 1\nid: x\ntitle: X\ncrimes:\n  - id: c\n    title: C\n    cite: art. 1\n    elements:\n      - { id: c.1, kind: behaviour, text: Something was done., cite: art. 1 }\n", 10, "crimes[0].elements[0].kind", "not one of")]
    [InlineData("format: dossier-legal-framework\nversion: 1\nid: x\ntitle: X\ncrimes:\n  - id: c\n    title: C\n    cite: art. 1\n    elements:\n      - { id: cah.attack, kind: context, text: Something was done., cite: art. 1 }\n", 10, "crimes[0].elements[0].id", "already used")]
    [InlineData("format: dossier-legal-framework\nversion: 1\nid: x\ntitle: X\ncrimes:\n  - id: c\n    cite: art. 1\n    elements:\n      - { id: c.1, kind: conduct, text: Something was done., cite: art. 1 }\n", 6, "crimes[0].title", "is required")]
    [InlineData("format: dossier-legal-framework\nversion: 1\nid: x\ntitle: X\nlaws: []\n", 5, "$.laws", "unknown member")]
    public void A_bad_framework_file_is_refused_naming_its_file_line_and_field(string text, int line, string field, string message)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal) { ["cah.attack"] = "rome-statute.yaml" };

        var error = Should.Throw<LegalFrameworkException>(() => LegalFrameworks.Parse("mine.yaml", text, ids));

        (error.File, error.Line, error.Field).ShouldBe(("mine.yaml", line, field));
        error.Message.ShouldContain(message);
    }

    [Fact]
    public void A_workspace_adds_its_own_framework_beside_the_shipped_ones()
    {
        var workspace = Path.Combine(Path.GetTempPath(), "dossier-frameworks-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(workspace, "frameworks"));
        try
        {
            File.WriteAllText(Path.Combine(workspace, "frameworks", "local.yaml"),
                "format: dossier-legal-framework\nversion: 1\nid: local-code\ntitle: A local code (test)\ncrimes:\n  - id: local-killing\n    title: Killing\n    cite: art. 9\n    elements:\n      - { id: local-killing.act, kind: conduct, text: The accused killed someone., cite: art. 9 }\n");

            var frameworks = LegalFrameworks.Load(workspace);

            frameworks.Crime("local-killing")!.Elements.Single().Kind.ShouldBe(ProofKind.Conduct);
            frameworks.Crime("cah-murder").ShouldNotBeNull();
        }
        finally
        {
            Directory.Delete(workspace, recursive: true);
        }
    }
}
