using Dossier.Application.Protection;
using Dossier.Application.Lists;
using Dossier.Application.Evidence;
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

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Every_service_checks_the_role_itself_audits_the_refusal_and_writes_nothing_else(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var time = new FixedTime();
        var investigator = new Principal("ines", Role.Investigator);
        await new WorkspaceService(test.Store, time).CreateAsync(StoreSuiteTests.Source(), investigator, "setup", None);
        var evidence = EvidenceService.For(test.Store, time);
        var item = (await evidence.AddAsync(new MemoryStream("exhibit (synthetic)"u8.ToArray()), "a.txt", EvidenceStoreTests.Acquisition(), investigator, "setup", None)).Item!;
        var before = (await test.Store.GetTreeHeadAsync(None)).Size;
        var viewer = new Principal("vera", Role.Viewer);
        var admin = new Principal("adam", Role.Admin);

        // Each call as a role the policy table does not allow; none of them goes through an edge.
        (await new WorkspaceService(test.Store, time).CreateManyAsync([StoreSuiteTests.Source("s2")], viewer, "try", None)).ShouldNotBeEmpty();
        var lists = new ListService(test.Store, time);
        (await lists.ImportAsync(new ListImportRequest { Csv = "id,name\n1,A\n"u8.ToArray(), FileName = "l.csv", SourceId = "l1" }, viewer, "try", None)).Refused.ShouldBeTrue();
        (await lists.LinkAsync(new LinkRequest(), admin, "try", null, None)).Refused.ShouldBeTrue();
        (await lists.DecideAsync("l1/1", "l1/2", LinkageVerdict.Accept, viewer, "try", None)).Refused.ShouldBeTrue();
        (await evidence.AddAsync(new MemoryStream("other (synthetic)"u8.ToArray()), "b.txt", EvidenceStoreTests.Acquisition(), viewer, "try", None)).Status.ShouldBe(EvidenceStatus.Refused);
        (await evidence.RecordCustodyAsync(new CustodyRequest { Action = CustodyAction.Transfer, Items = [item.Hash], To = "B" }, admin, "try", None)).Status.ShouldBe(EvidenceStatus.Refused);
        var (link, linkErrors) = await new EvidenceLinkService(test.Store, time).LinkAsync(new EvidenceLinkRequest(item.Hash, "s1", null, null, null, null), viewer, "try", None);
        link.ShouldBeNull();
        linkErrors.Single().Field.ShouldBe(EvidenceLinkService.RefusedField);
        var protection = new ProtectionService(test.Store, MasterKeyStore.AtPath(Path.Combine(test.Directory, "keys", "master.key")), time);
        (await protection.SealAsync(new SealRequest(SealedIdentityTests.Identity()), new Principal("ali", Role.Analyst), "try", None)).Status.ShouldBe(SealStatus.Forbidden);
        await Should.ThrowAsync<UnauthorizedAccessException>(() => protection.RotateAsync(investigator, "try", None));
        var custody = new KeyCustodyService(test.Store, MasterKeyStore.AtPath(Path.Combine(test.Directory, "keys", "master.key")), new SecretSharingTool(), time);
        (await custody.SplitAsync(new KeySplitRequest(2, ["a", "b"], Path.Combine(test.Directory, "shares"), test.Directory), admin, "try", None)).Ok.ShouldBeFalse();

        var appended = new List<string>();
        await foreach (var stored in test.Store.ReadEntriesAsync(None))
        {
            if (stored.Sequence >= before)
            {
                appended.Add(LedgerEntry.FromBytes(stored.Bytes).Type);
            }
        }

        // Ten refusals, each one access.denied entry, and nothing else: no record, list, item, link, identity or key entry.
        appended.ShouldBe(Enumerable.Repeat(EntryTypes.Denied, 10));
        Directory.Exists(Path.Combine(test.Directory, "shares")).ShouldBeFalse();
        (await test.Store.SealedIdentities.ListSubjectsAsync(None)).ShouldBeEmpty();
    }
}
