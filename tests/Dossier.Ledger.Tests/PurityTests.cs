namespace Dossier.Ledger.Tests;

/// <summary>docs/architecture.md: the ledger's cryptography and formats depend on the base library (and System.IO.Hashing's CRC-32) only.</summary>
public sealed class PurityTests
{
    [Fact]
    public void The_ledger_assembly_references_only_the_base_library()
    {
        var references = typeof(Dossier.Ledger.Merkle.MerkleHash).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        references.ShouldNotBeEmpty();
        references.ShouldAllBe(name => name == "netstandard" || name.StartsWith("System", StringComparison.Ordinal));
    }
}
