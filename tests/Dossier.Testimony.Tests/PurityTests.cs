namespace Dossier.Testimony.Tests;

/// <summary>docs/architecture.md: the testimony engines depend on the base library and Dossier.Text only.</summary>
public sealed class PurityTests
{
    [Fact]
    public void The_testimony_assembly_references_only_the_base_library_and_the_text_engine()
    {
        var references = typeof(NearCopyDetector).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        references.ShouldContain("Dossier.Text");
        references.ShouldAllBe(name => name == "netstandard" || name == "Dossier.Text" || name.StartsWith("System", StringComparison.Ordinal));
    }
}
