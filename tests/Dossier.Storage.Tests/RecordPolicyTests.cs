using Dossier.Application.Ledger;
using Dossier.Application.Access;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;

namespace Dossier.Storage.Tests;

/// <summary>
/// The records service checks the policy table itself and audits each refusal, so every edge (API, form,
/// CLI) that goes through it gets the same answer (issue 12 §1).
/// </summary>
public class RecordPolicyTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Writes_are_checked_against_the_classification_before_and_after_and_refusals_are_audited(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var audit = new AuditTrail(test.Store, TimeProvider.System);
        var service = new WorkspaceService(test.Store, TimeProvider.System, audit);
        var viewer = new Principal("vera", Role.Viewer);
        var analyst = new Principal("ali", Role.Analyst);
        var investigator = new Principal("ines", Role.Investigator);
        var source = StoreSuiteTests.Source() with { Classification = Classification.Restricted };

        (await service.CreateAsync(source, viewer, "try", None)).Status.ShouldBe(CommandStatus.Forbidden);
        (await service.CreateAsync(source, analyst, "notes", None)).Status.ShouldBe(CommandStatus.Ok);
        // Raising a record into protected-identity is refused to an analyst, who could not write it there.
        (await service.ReviseAsync(source with { Classification = Classification.ProtectedIdentity }, 1, analyst, "hide", None)).Status.ShouldBe(CommandStatus.Forbidden);
        (await service.ReviseAsync(source with { Classification = Classification.ProtectedIdentity }, 1, investigator, "protect", None)).Status.ShouldBe(CommandStatus.Ok);
        // Now the analyst cannot read it: the record does not exist for them.
        (await service.RetractAsync(source.Id, 2, analyst, "gone", None)).Status.ShouldBe(CommandStatus.NotFound);
        (await service.RetractAsync(source.Id, 2, viewer, "gone", None)).Status.ShouldBe(CommandStatus.NotFound);

        var denied = await test.Store.Audit.QueryAuditAsync(new AuditFilter(Type: EntryTypes.Denied), None);
        denied.Select(r => r.Actor).Order(StringComparer.Ordinal).ShouldBe(["ali", "ali", "vera", "vera"]);
        (await test.Store.GetAsync(source.Id, None))!.Version.ShouldBe(2);
    }
}
