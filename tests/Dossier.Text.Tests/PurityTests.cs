namespace Dossier.Text.Tests;

/// <summary>docs/architecture.md: the text engine depends on the base library only.</summary>
public sealed class PurityTests
{
    [Fact]
    public void The_text_assembly_references_only_the_base_library()
    {
        var references = typeof(NameNormalizer).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        references.ShouldNotBeEmpty();
        references.ShouldAllBe(name => name == "netstandard" || name.StartsWith("System", StringComparison.Ordinal));
    }
}
