namespace Dossier.Estimation.Tests;

public sealed class ArchitectureTests
{
    [Fact]
    public void The_estimation_engine_should_reference_only_the_base_class_library()
    {
        var references = typeof(CaptureHistories).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();
        references.ShouldNotBeEmpty();
        references.ShouldAllBe(name => name.StartsWith("System", StringComparison.Ordinal));
    }
}
