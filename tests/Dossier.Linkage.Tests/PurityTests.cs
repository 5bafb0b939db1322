namespace Dossier.Linkage.Tests;

/// <summary>docs/architecture.md: the linkage engine depends on the base library, Dossier.Text and Dossier.Domain (for the one Solar Hijri converter) only.</summary>
public sealed class PurityTests
{
    [Fact]
    public void The_linkage_assembly_references_only_the_base_library_the_text_engine_and_the_domain()
    {
        var references = typeof(LinkageEngine).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        references.ShouldContain("Dossier.Text");
        references.ShouldAllBe(name => name == "netstandard" || name == "Dossier.Text" || name == "Dossier.Domain" || name.StartsWith("System", StringComparison.Ordinal));
    }
}
