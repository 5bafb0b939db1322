using Dossier.Domain.Records;

namespace Dossier.Domain.Tests;

public class DomainPurityTests
{
    [Fact]
    public void The_domain_assembly_references_only_the_base_library()
    {
        var references = typeof(Person).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        references.ShouldNotBeEmpty();
        references.ShouldAllBe(name => name == "netstandard" || name.StartsWith("System", StringComparison.Ordinal) || name == "mscorlib");
    }

    [Fact]
    public void Every_record_kind_has_a_stable_name_and_a_type_of_that_kind()
    {
        foreach (var kind in RecordKinds.All)
        {
            var name = RecordKinds.Name(kind);
            RecordKinds.TryParse(name, out var parsed).ShouldBeTrue();
            parsed.ShouldBe(kind);
            typeof(Dossier.Domain.Records.Record).IsAssignableFrom(RecordKinds.ClrType(kind)).ShouldBeTrue();
        }

        RecordKinds.All.Count.ShouldBe(Enum.GetValues<RecordKind>().Length);
    }

    [Fact]
    public void A_claim_refers_to_its_source_and_subjects()
    {
        var claim = new Claim { Id = "c", SourceId = "s", Statement = "x", Subjects = ["a", "b"], Sources = ["s2"] };

        claim.References().ShouldBe(
        [
            new RecordReference("s2", "source"),
            new RecordReference("s", "claim-source"),
            new RecordReference("a", "subject"),
            new RecordReference("b", "subject"),
        ]);
    }
}
