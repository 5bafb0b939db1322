using Dossier.Application.Access;
using Dossier.Application.Exchange;
using Dossier.Application.Protection;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;

namespace Dossier.Storage.Tests;

/// <summary>
/// An import that seals identities is one transaction (ADR 1825): the identities, their keys, the records and a
/// protected witness's sealed statements are written together or not at all — on both databases.
/// </summary>
public class SealingImportTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly Principal Investigator = new("seal-import@test", Role.Investigator);

    // The first identity has no id, so it takes its pseudonym's (w-001); a record of the same file already claims
    // that id. Nothing notices before the identities are sealed: the placeholders checked first only know given ids.
    private const string Colliding = """
        format: dossier-workspace
        version: 1
        records:
          - kind: person
            id: w-001
            synthetic: true
            names: [{ text: SYNTHETIC Taken Id, script: Latn }]
          - kind: interview
            id: i-b
            witnessId: wit-b
            classification: restricted
            consent: { sharedWith: [team], for: [prosecution] }
          - { kind: statement, id: s-b, interviewId: i-b, classification: restricted, text: Words only the witness's key may open. }
        protectedIdentities:
          - synthetic: true
            identity:
              names: [{ text: Vexmorin Oldratha, script: Latn, kind: full }]
          - id: wit-b
            synthetic: true
            identity:
              names: [{ text: Quillastre Brovanek, script: Latn, kind: full }]
        """;

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_failed_import_seals_no_identity_and_the_same_file_fixed_imports_whole(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var protection = new ProtectionService(test.Store, MasterKeyStore.AtPath(Path.Combine(test.Directory, "keys", "master.key")), new FixedTime());
        var service = new WorkspaceService(test.Store, new FixedTime(), protection: protection);
        var path = Path.Combine(test.Directory, "witnesses.yaml");
        await File.WriteAllTextAsync(path, Colliding);

        var errors = await WorkspaceExchange.ImportAsync(service, path, Investigator, "SYNTHETIC test import", None, protection);

        errors.ShouldNotBeEmpty();
        errors.ShouldContain(e => e.Field.StartsWith("w-001.id", StringComparison.Ordinal), string.Join("\n", errors));
        string.Join("\n", errors).ShouldNotContain("Vexmorin");
        (await test.Store.GetTreeHeadAsync(None)).Size.ShouldBe(0);
        (await test.Store.SealedIdentities.ListSubjectsAsync(None)).ShouldBeEmpty();
        (await test.Store.SealedIdentities.MasterKeyIdsAsync(None)).ShouldBeEmpty("no wrapped key may outlive the failed import");

        await File.WriteAllTextAsync(path, Colliding.Replace("id: w-001", "id: p-taken", StringComparison.Ordinal));
        var second = await WorkspaceExchange.ImportAsync(service, path, Investigator, "SYNTHETIC test import", None, protection);

        second.ShouldBeEmpty(string.Join("\n", second));
        var subjects = await test.Store.SealedIdentities.ListSubjectsAsync(None);
        subjects.Select(s => (s.SubjectId, s.Pseudonym)).ShouldBe([("w-001", "W-001"), ("wit-b", "W-002")], "the failed attempt burnt no pseudonym");
        (await test.Store.ReadTreeHeadsAsync(None)).Count.ShouldBe(1, "identities and records in one transaction");

        // The statement of a witness sealed in the same import is sealed under that witness's new key, and opens with it.
        var statement = (Statement)(await test.Store.GetAsync("s-b", None))!.Record;
        statement.Text.ShouldBeNull();
        statement.Sealed.ShouldNotBeNull();
        var (content, access) = await protection.OpenStatementAsync(statement, "wit-b", None);
        access.ShouldBe(StatementAccess.Opened);
        content!.Text.ShouldBe("Words only the witness's key may open.");
        (await protection.UnsealAsync("w-001", Investigator, "check the import", None)).Identity!.Names[0].Text.ShouldBe("Vexmorin Oldratha");
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Identities_sealed_in_one_batch_number_on_per_category_and_store_every_key(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var protection = new ProtectionService(test.Store, MasterKeyStore.AtPath(Path.Combine(test.Directory, "keys", "master.key")), new FixedTime());
        (await protection.SealAsync(Request("Ostravel Mirkane", SubjectCategory.Witness), Investigator, "first", None)).Pseudonym.ShouldBe("W-001");

        var (seals, results) = await protection.PrepareSealsAsync(
            [Request("Tandrevo Ulkasse", SubjectCategory.Witness), Request("Pemmerall Yostrine", SubjectCategory.Source), Request("Gavrinot Eskolla", SubjectCategory.Witness)],
            Investigator, "batch", None);
        using (seals)
        {
            results.Select(r => r.Pseudonym).ShouldBe(["W-002", "S-001", "W-003"]);
            seals.ShouldNotBeNull();
            (await test.Store.SealedIdentities.ListSubjectsAsync(None)).Count.ShouldBe(1, "preparing writes nothing");
            await test.Store.SealedIdentities.AppendSealedAsync(seals.Entries, seals.Keys, None);
        }

        foreach (var (id, name) in new[] { ("w-002", "Tandrevo Ulkasse"), ("s-001", "Pemmerall Yostrine"), ("w-003", "Gavrinot Eskolla") })
        {
            (await protection.UnsealAsync(id, Investigator, "check the batch", None)).Identity!.Names[0].Text.ShouldBe(name);
        }
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Two_seals_that_counted_to_the_same_pseudonym_leave_the_second_a_named_conflict_that_wrote_nothing(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var protection = new ProtectionService(test.Store, MasterKeyStore.AtPath(Path.Combine(test.Directory, "keys", "master.key")), new FixedTime());
        // Both prepared from the same state, as two investigators sealing at the same moment would: both count to W-001.
        var (first, firstResults) = await protection.PrepareSealsAsync([Request("Ostravel Mirkane", SubjectCategory.Witness) with { SubjectId = "wit-one" }], Investigator, "first", None);
        var (second, secondResults) = await protection.PrepareSealsAsync([Request("Tandrevo Ulkasse", SubjectCategory.Witness) with { SubjectId = "wit-two" }], Investigator, "second", None);
        using (first)
        using (second)
        {
            (firstResults[0].Pseudonym, secondResults[0].Pseudonym).ShouldBe(("W-001", "W-001"));
            await test.Store.SealedIdentities.AppendSealedAsync(first!.Entries, first.Keys, None);
            var head = await test.Store.GetTreeHeadAsync(None);

            var conflict = await Should.ThrowAsync<AppendConflictException>(() => test.Store.SealedIdentities.AppendSealedAsync(second!.Entries, second.Keys, None));

            conflict.Kind.ShouldBe(AppendConflictKind.PseudonymTaken);
            conflict.RecordId.ShouldBe("wit-two");
            WorkspaceService.ConflictError(conflict).Field.ShouldBe("pseudonym");
            conflict.Message.ShouldNotContain("Tandrevo");
            (await test.Store.GetTreeHeadAsync(None)).Size.ShouldBe(head.Size);
            (await test.Store.SealedIdentities.ListSubjectsAsync(None)).Select(s => s.SubjectId).ShouldBe(["wit-one"]);
            (await test.Store.SealedIdentities.GetKeyAsync("wit-two", None)).ShouldBeNull();
            (await test.Store.GetAsync("wit-two", None)).ShouldBeNull();
        }

        // Sealing again counts on from the stored one.
        (await protection.SealAsync(Request("Tandrevo Ulkasse", SubjectCategory.Witness) with { SubjectId = "wit-two" }, Investigator, "again", None)).Pseudonym.ShouldBe("W-002");
    }

    private static SealRequest Request(string name, SubjectCategory category) =>
        new(new SealedIdentity { Names = [new PersonName(name, "Latn", NameKind.Full)], Synthetic = true }, category) { Synthetic = true };
}
