using Dossier.Application.Access;
using Dossier.Application.Cases;
using Dossier.Application.Testimony;
using Dossier.Application.Workspace;
using Dossier.Domain;
using Dossier.Domain.Records;
using Record = Dossier.Domain.Records.Record;

namespace Dossier.Storage.Tests;

/// <summary>Cases at the door (charges and proof must name the frameworks' elements) and their gaps, on both databases.</summary>
public class CaseWorkspaceTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly Principal Analyst = new("ana@test", Role.Analyst);

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task The_door_refuses_unknown_crimes_modes_and_elements_and_the_gaps_follow_the_proof(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var door = test.Service();
        (await door.CreateManyAsync(
        [
            new Source { Id = "weak", Title = "A partisan leaflet (SYNTHETIC)", Type = "leaflet", Provenance = "test", Reliability = Reliability.E },
            new Source { Id = "strong", Title = "A court record (SYNTHETIC)", Type = "court-record", Provenance = "test", Reliability = Reliability.A },
            new Person { Id = "acc", Names = [new PersonName("Accused (SYNTHETIC)", "Latn", NameKind.Full)] },
            new Organization { Id = "org", Names = [new LocalizedName("Commission (SYNTHETIC)")] },
            new Position { Id = "post", PersonId = "acc", Role = "member", OrganizationId = "org", From = FuzzyDate.Parse("1988-07"), To = FuzzyDate.Parse("1988-09"), Sources = ["strong"] },
            new Claim { Id = "c-weak", SourceId = "weak", Statement = "Many were killed (SYNTHETIC).", Subjects = ["acc"] },
            new Claim { Id = "c-strong", SourceId = "strong", Statement = "The accused sat on the commission (SYNTHETIC).", Subjects = ["acc"] },
        ], Analyst, "case test", None)).ShouldBeEmpty();

        var unknown = await door.CreateAsync(new CaseFile
        {
            Id = "case-bad", Title = "Bad (SYNTHETIC)", AccusedIds = ["acc"],
            Charges = [new CaseCharge("cah-genocide", "rs-25-3-a"), new CaseCharge("cah-murder", "rs-99")],
            Proof = [new ElementProof("se-murder.killing", RecordId: "c-weak"), new ElementProof("cah-murder.killing")],
        }, Analyst, "case test", None);
        unknown.Errors.Select(e => (e.Field, e.Code)).ShouldBe(
        [
            ("proof[1]", "proof-target"),
            ("charges[0].crimeId", "unknown-crime"),
            ("charges[1].modeId", "unknown-mode"),
            ("proof[0].elementId", "unknown-element"),
        ], ignoreOrder: true);

        var created = await door.CreateAsync(new CaseFile
        {
            Id = "case-1", Title = "Case (SYNTHETIC)", AccusedIds = ["acc"], Period = FuzzyDate.Parse("1988"),
            Charges = [new CaseCharge("cah-murder", "rs-25-3-b")],
            Proof = [new ElementProof("cah-murder.killing", RecordId: "c-weak"), new ElementProof("rs-25-3-b.instruction", RecordId: "c-strong"), new ElementProof("rs-25-3-b.instruction", RecordId: "c-weak")],
        }, Analyst, "case test", None);
        created.Status.ShouldBe(CommandStatus.Ok, string.Join("; ", created.Errors));

        var view = (await new CaseService(test.Store, new TestimonyService(test.Store, null), LegalFrameworks.Builtin).AnalyseAsync("case-1", Role.Analyst, None))!;

        string[] GapsOf(string element) => [.. view.Charges.Single().Elements.Single(e => e.Element.Id == element).Gaps.Select(g => g.Name)];
        GapsOf("cah.attack").ShouldBe(["no-proof"]);
        GapsOf("cah-murder.killing").ShouldBe(["one-line", "weak-sources"]);
        // Two sources, one of them graded A: no gap.
        GapsOf("rs-25-3-b.instruction").ShouldBeEmpty();
        // The post overlaps the period: it proves the position of authority by itself, as one line.
        view.Posts.Select(p => p.Id).ShouldBe(["post"]);
        GapsOf("rs-25-3-b.position").ShouldBe(["one-line"]);
        view.Gaps.Count.ShouldBe(view.Charges.Single().Elements.Sum(e => e.Gaps.Count));
    }
}
