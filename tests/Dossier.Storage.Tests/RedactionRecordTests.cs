using Dossier.Application.Access;
using Dossier.Application.Evidence;
using Dossier.Application.Ledger;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;
using Dossier.Testing;

namespace Dossier.Storage.Tests;

/// <summary>
/// How a redaction is recorded, on both databases (ADR 1814): the copy's acquisition and the original's <c>redact</c>
/// event in one append, or nothing at all — no entry, no file left in the vault — when the redaction or the append fails.
/// The burning of the boxes is the Documents layer's (its own tests, and the web tests end to end).
/// </summary>
public class RedactionRecordTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly Principal Investigator = new("investigator-a (synthetic)", Role.Investigator);
    private static readonly byte[] Original = "statement naming a witness (synthetic)"u8.ToArray();
    private static readonly byte[] Redacted = "statement naming a ████ (synthetic)"u8.ToArray();

    private static Task<RedactionOutput> Copy(StoredOriginal original, CancellationToken cancellationToken)
    {
        File.ReadAllBytes(original.VaultPath).ShouldBe(Original);
        return Task.FromResult(new RedactionOutput(Redacted, "statement.redacted.txt", "dossier-redact", "1.0.0", "dossier-redact 1.0.0 (1 region)", "1 region(s) on page(s) 1", []));
    }

    private static string[] VaultFiles(TestStore test) =>
        [.. Directory.EnumerateFiles(Path.Combine(test.Directory, "blobs"), "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".part", StringComparison.Ordinal) && !f.Contains("/.tmp/", StringComparison.Ordinal))];

    private static async Task<(EvidenceService Service, EvidenceItem Item)> OriginalAsync(TestStore test, Classification classification = Classification.Restricted)
    {
        var service = EvidenceService.For(test.Store, new FixedTime());
        using var content = new MemoryStream(Original);
        var added = await service.AddAsync(content, "statement.txt", EvidenceStoreTests.Acquisition() with { Classification = classification }, Investigator, "taking the file in", None);
        return (service, added.Item!);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task The_copy_and_the_redact_event_are_appended_together_and_the_same_copy_again_writes_nothing(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var (service, original) = await OriginalAsync(test);
        var size = (await test.Store.GetTreeHeadAsync(None)).Size;

        var result = await service.RedactAsync(original.Hash, null, Copy, Investigator, "the witness's name (test)", None);
        var again = await service.RedactAsync(original.Hash, null, Copy, Investigator, "the witness's name (test)", None);

        result.Status.ShouldBe(EvidenceStatus.Added, string.Join("; ", result.Errors));
        var copy = result.Item.ShouldNotBeNull();
        copy.DerivedFrom.ShouldBe(original.Hash);
        copy.Derivation.ShouldBe("redaction");
        copy.Classification.ShouldBe(Classification.Restricted);
        copy.Acquisition.Collector.ShouldBe(Investigator.Name);
        copy.Acquisition.Method.ShouldBe($"redaction of {original.Hash}");
        var custody = await test.Store.Evidence.CustodyAsync(original.Hash, None);
        var redact = custody[^1];
        redact.Sequence.ShouldBe(size + 1);
        copy.AcquisitionEntry.ShouldBe(size);
        redact.Reason.ShouldBe("the witness's name (test)");
        var body = Entries.EvidenceRedacted.Read(redact);
        body.Items.ShouldBe([original.Hash]);
        (body.Result, body.Tool).ShouldBe((copy.Hash, "dossier-redact 1.0.0 (1 region)"));
        (await test.Store.Evidence.DerivativesAsync(original.Hash, None)).Single().Hash.ShouldBe(copy.Hash);
        again.Status.ShouldBe(EvidenceStatus.AlreadyStored);
        (await test.Store.GetTreeHeadAsync(None)).Size.ShouldBe(size + 2);
        File.ReadAllBytes(service.Vault.PathOf(original.Hash)).ShouldBe(Original);
        // The ledger, the files and the projections rebuilt from the ledger all agree.
        (await WorkspaceVerifier.VerifyAsync(test.Store, service.Vault, null, projections: true, null, None)).Problems.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_redaction_that_fails_or_cannot_be_recorded_leaves_no_entry_and_no_file(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var (service, original) = await OriginalAsync(test);
        var size = (await test.Store.GetTreeHeadAsync(None)).Size;

        var invalid = await service.RedactAsync(original.Hash, null,
            (_, _) => Task.FromResult(RedactionOutput.Invalid([new ValidationError(original.Hash, "regions[0].x", "outside (test)")])), Investigator, "test", None);
        await Should.ThrowAsync<InvalidOperationException>(() => service.RedactAsync(original.Hash, null, (_, _) => throw new InvalidOperationException("renderer crashed (test)"), Investigator, "test", None));
        var noReason = await service.RedactAsync(original.Hash, null, Copy, Investigator, " ", None);
        await EvidenceIntakeTests.RefuseLedgerWritesAsync(test, dialect);
        await Should.ThrowAsync<Exception>(() => service.RedactAsync(original.Hash, null, Copy, Investigator, "test", None));

        invalid.Status.ShouldBe(EvidenceStatus.Invalid);
        invalid.Errors.ShouldHaveSingleItem().Field.ShouldBe("regions[0].x");
        noReason.Status.ShouldBe(EvidenceStatus.Invalid);
        noReason.Errors.ShouldContain(e => e.Field == "reason");
        VaultFiles(test).Length.ShouldBe(1);
        (await service.Evidence.CountItemsAsync(None)).ShouldBe(1);
        (await test.Store.GetTreeHeadAsync(None)).Size.ShouldBe(size);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_role_that_may_not_add_evidence_or_write_the_level_asked_for_is_refused_and_audited(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var (service, original) = await OriginalAsync(test, Classification.Internal);

        var viewer = await service.RedactAsync(original.Hash, null, Copy, new Principal("viewer (synthetic)", Role.Viewer), "test", None);
        var analyst = await service.RedactAsync(original.Hash, Classification.ProtectedIdentity, Copy, new Principal("analyst (synthetic)", Role.Analyst), "test", None);
        var lower = await service.RedactAsync(original.Hash, Classification.Public, Copy, new Principal("analyst (synthetic)", Role.Analyst), "released (test)", None);

        viewer.Status.ShouldBe(EvidenceStatus.Refused);
        analyst.Status.ShouldBe(EvidenceStatus.Refused);
        var denied = await test.Store.Audit.QueryAuditAsync(new AuditFilter(Type: EntryTypes.Denied, Target: original.Hash), None);
        denied.Count.ShouldBe(2);
        lower.Status.ShouldBe(EvidenceStatus.Added);
        lower.Item!.Classification.ShouldBe(Classification.Public);
    }
}
