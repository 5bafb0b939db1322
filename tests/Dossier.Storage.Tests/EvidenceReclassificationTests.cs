using Dossier.Application.Access;
using Dossier.Application.Evidence;
using Dossier.Application.Ledger;
using Dossier.Domain.Records;

namespace Dossier.Storage.Tests;

/// <summary>
/// An item's classification changed after its acquisition (issue 13 item 4, ADR 1817): one <c>evidence.classified</c>
/// entry, the rules of a record's classification change, and every projection that filters by it following — the item,
/// its custody chain and the search inside its text — the same live and after a rebuild, on both databases.
/// </summary>
public class EvidenceReclassificationTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly Principal Investigator = new("ines (synthetic)", Role.Investigator);
    private static readonly Principal Analyst = new("ali (synthetic)", Role.Analyst);

    private static async Task<long> SizeAsync(TestStore test) => (await test.Store.GetTreeHeadAsync(None)).Size;

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Raising_an_original_hides_its_text_from_readers_below_at_once_and_a_rebuild_agrees(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var ingested = await DocumentSearchTests.IngestAsync(test, "letter.pdf", DocumentSearchTests.Letter, Classification.Internal);
        var original = ingested.Original!.Hash;
        (await DocumentSearchTests.SearchAsync(test, "Nouri", Classification.Internal)).ShouldHaveSingleItem();

        var service = EvidenceService.For(test.Store, new FixedTime());
        var redacted = (await service.AddAsync(new MemoryStream("the letter, names blacked out (synthetic)"u8.ToArray()), "letter-redacted.pdf",
            EvidenceStoreTests.Acquisition(original, Derivation.Redaction), Investigator, "redacted copy", None)).Item!;

        var raised = await service.ClassifyAsync(original, Classification.Restricted, Investigator, "the letter names a witness's family", None);

        raised.Status.ShouldBe(EvidenceStatus.Recorded, string.Join("; ", raised.Errors));
        raised.Item!.Classification.ShouldBe(Classification.Restricted);
        // The extracted text says what the letter says: raised with it, in its own entry. The redacted copy keeps its own, and is named.
        var text = (await test.Store.Evidence.GetItemAsync(ingested.Derivative!.Hash, None))!;
        text.Classification.ShouldBe(Classification.Restricted);
        (await test.Store.Evidence.CustodyAsync(text.Hash, None))[^1].Reason.ShouldBe($"with its original {original}: the letter names a witness's family");
        (await test.Store.Evidence.GetItemAsync(redacted.Hash, None))!.Classification.ShouldBe(Classification.Internal);
        raised.Note.ShouldNotBeNull().ShouldContain($"raised with it: {text.Hash}.");
        raised.Note.ShouldContain(redacted.Hash);
        var entry = (await test.Store.Evidence.CustodyAsync(original, None))[^1];
        entry.Sequence.ShouldBe(raised.Entry!.Value);
        entry.Reason.ShouldBe("the letter names a witness's family");
        Entries.EvidenceClassified.Read(entry).ShouldBe(new EvidenceClassifiedBody([original], Classification.Restricted, Classification.Internal), new BodyComparer());
        CustodyEvent.From(entry).Action.ShouldBe(CustodyNames.Classify);

        (await DocumentSearchTests.SearchAsync(test, "Nouri", Classification.Internal)).ShouldBeEmpty();
        (await DocumentSearchTests.SearchAsync(test, "Nouri", Classification.Restricted)).ShouldHaveSingleItem().Hash.ShouldBe(original);

        var live = await test.Store.DumpProjectionsAsync(None);
        (await test.Store.CompareWithReplayAsync(null, None)).ShouldBeNull();
        await test.Store.RebuildProjectionsAsync(null, None);
        (await test.Store.DumpProjectionsAsync(None)).ShouldBe(live);
        (await test.Store.Evidence.GetItemAsync(original, None))!.Classification.ShouldBe(Classification.Restricted);
        (await DocumentSearchTests.SearchAsync(test, "Nouri", Classification.Internal)).ShouldBeEmpty();
        (await DocumentSearchTests.SearchAsync(test, "Nouri", Classification.Restricted)).ShouldHaveSingleItem();
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_text_raised_to_protected_identity_leaves_the_index_and_lowered_again_is_found(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = EvidenceService.For(test.Store, new FixedTime());
        var ingested = await DocumentSearchTests.IngestAsync(test, "statement.pdf",
            ["Statement naming Zorbanexa Quillfeather (synthetic witness) about Hamid Noury."], Classification.Internal);
        var text = ingested.Derivative!.Hash;
        (await IndexedRowsAsync(test, "zorbanexa")).ShouldBe(1);

        (await service.ClassifyAsync(text, Classification.ProtectedIdentity, Investigator, "the text identifies a witness", None)).Status.ShouldBe(EvidenceStatus.Recorded);

        // Not even a reader of protected identities finds it: such texts are never in the index, and the page rows are gone.
        (await DocumentSearchTests.SearchAsync(test, "Zorbanexa", Classification.ProtectedIdentity)).ShouldBeEmpty();
        (await test.Store.DumpProjectionsAsync(None)).ShouldNotContain("Zorbanexa");
        (await IndexedRowsAsync(test, "zorbanexa")).ShouldBe(0);
        (await test.Store.CompareWithReplayAsync(null, None)).ShouldBeNull();

        (await service.ClassifyAsync(text, Classification.Internal, Investigator, "the witness consented to disclosure", None)).Status.ShouldBe(EvidenceStatus.Recorded);

        var hit = (await DocumentSearchTests.SearchAsync(test, "Zorbanexa", Classification.Internal)).ShouldHaveSingleItem();
        hit.TextHash.ShouldBe(text);
        (await IndexedRowsAsync(test, "zorbanexa")).ShouldBe(1);
        hit.Classification.ShouldBe(Classification.Internal);
        (await DocumentSearchTests.SearchAsync(test, "Zorbanexa", Classification.Public)).ShouldBeEmpty();
        var live = await test.Store.DumpProjectionsAsync(None);
        await test.Store.RebuildProjectionsAsync(null, None);
        (await test.Store.DumpProjectionsAsync(None)).ShouldBe(live);
        (await DocumentSearchTests.SearchAsync(test, "Zorbanexa", Classification.Internal)).ShouldHaveSingleItem();
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Reclassifying_needs_the_right_to_read_the_item_and_to_write_both_classifications_and_a_reason(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = EvidenceService.For(test.Store, new FixedTime());
        var photo = (await service.AddAsync(new MemoryStream("a photo (synthetic)"u8.ToArray()), "photo.jpg", EvidenceStoreTests.Acquisition(), Investigator, "intake", None)).Item!;
        var secret = (await service.AddAsync(new MemoryStream("a witness's statement (synthetic)"u8.ToArray()), "w.txt",
            EvidenceStoreTests.Acquisition() with { Classification = Classification.ProtectedIdentity }, Investigator, "intake", None)).Item!;
        var size = await SizeAsync(test);

        // The analyst may not write protected-identity: cannot raise an item to it...
        var raise = await service.ClassifyAsync(photo.Hash, Classification.ProtectedIdentity, Analyst, "identifies a witness", None);
        raise.Status.ShouldBe(EvidenceStatus.Refused);
        raise.Errors.ShouldHaveSingleItem().Field.ShouldBe("classification");
        // ...and cannot see a protected item at all: it does not exist for them.
        (await service.ClassifyAsync(secret.Hash, Classification.Internal, Analyst, "lower it", None)).Status.ShouldBe(EvidenceStatus.NotFound);
        // A viewer may change no evidence.
        (await service.ClassifyAsync(photo.Hash, Classification.Restricted, new Principal("vera (synthetic)", Role.Viewer), "raise", None)).Status.ShouldBe(EvidenceStatus.Refused);
        // A reason is required; an unknown hash is not found.
        (await service.ClassifyAsync(photo.Hash, Classification.Restricted, Investigator, "  ", None)).Errors.ShouldHaveSingleItem().Field.ShouldBe("reason");
        (await service.ClassifyAsync(new string('a', 64), Classification.Restricted, Investigator, "raise", None)).Status.ShouldBe(EvidenceStatus.NotFound);
        // Every refusal is audited; nothing else was written.
        (await test.Store.Audit.QueryAuditAsync(new AuditFilter(Type: EntryTypes.Denied), None)).Count.ShouldBe(3);
        (await SizeAsync(test)).ShouldBe(size + 3);

        // The same classification again records nothing: a reclassification is idempotent.
        var same = await service.ClassifyAsync(photo.Hash, Classification.Internal, Investigator, "again", None);
        same.Status.ShouldBe(EvidenceStatus.Unchanged);
        same.Ok.ShouldBeTrue();
        (await SizeAsync(test)).ShouldBe(size + 3);

        // The analyst may move an item between classifications they write; the investigator may lower a protected one.
        (await service.ClassifyAsync(photo.Hash, Classification.Restricted, Analyst, "names a bystander", None)).Status.ShouldBe(EvidenceStatus.Recorded);
        (await service.ClassifyAsync(secret.Hash, Classification.Restricted, Investigator, "pseudonymised for the trial", None)).Status.ShouldBe(EvidenceStatus.Recorded);
        (await test.Store.Evidence.GetItemAsync(photo.Hash, None))!.Classification.ShouldBe(Classification.Restricted);
        (await test.Store.Evidence.GetItemAsync(secret.Hash, None))!.Classification.ShouldBe(Classification.Restricted);
        (await SizeAsync(test)).ShouldBe(size + 5);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_court_bundle_carries_the_reclassification_in_the_item_s_chain_and_verifies(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = EvidenceService.For(test.Store, new FixedTime());
        var photo = (await service.AddAsync(new MemoryStream("a photo (synthetic)"u8.ToArray()), "photo.jpg", EvidenceStoreTests.Acquisition(), Investigator, "intake", None)).Item!;
        var raised = await service.ClassifyAsync(photo.Hash, Classification.Restricted, Investigator, "identifies a bystander", None);
        using var signer = Dossier.Ledger.Checkpoints.NoteSigner.Create("dossier.example/synthetic-classify-test");
        var output = Path.Combine(test.Directory, "bundle.zip");

        var (export, errors) = await service.ExportBundleAsync([photo.Hash], signer, null, output, new Principal("lea (synthetic)", Role.Legal), None);

        errors.ShouldBeEmpty();
        export.ShouldNotBeNull();
        await using var bundle = File.OpenRead(output);
        var report = Dossier.Ledger.Bundles.BundleVerifier.Verify(bundle, signer.Verifier.ToString());
        report.IsVerified.ShouldBeTrue(report.ToString());
        report.Items.ShouldHaveSingleItem().Problems.ShouldBeEmpty();
        (await service.GetAsync(photo.Hash, rehash: false, None))!.Custody.Select(c => c.Sequence).ShouldContain(raised.Entry!.Value);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_court_bundle_of_an_item_whose_metadata_was_erased_verifies(string dialect)
    {
        // The erasure entry names its item as body.hash, not body.items: bundles of such items failed to verify before.
        await using var test = await TestStore.OpenAsync(dialect);
        var service = EvidenceService.For(test.Store, new FixedTime());
        var photo = (await service.AddAsync(new MemoryStream(Dossier.Testing.SyntheticJpeg.WithGps(variant: 4)), "photo.jpg", EvidenceStoreTests.Acquisition(), Investigator, "intake", None)).Item!;
        (await service.EraseMetadataAsync(photo.Hash, Investigator, "the witness withdrew consent", None)).Status.ShouldBe(EvidenceStatus.Recorded);
        using var signer = Dossier.Ledger.Checkpoints.NoteSigner.Create("dossier.example/synthetic-erase-test");
        var output = Path.Combine(test.Directory, "bundle.zip");

        (await service.ExportBundleAsync([photo.Hash], signer, null, output, new Principal("lea (synthetic)", Role.Legal), None)).Errors.ShouldBeEmpty();

        await using var bundle = File.OpenRead(output);
        var report = Dossier.Ledger.Bundles.BundleVerifier.Verify(bundle, signer.Verifier.ToString());
        report.IsVerified.ShouldBeTrue(report.ToString());
    }

    /// <summary>
    /// Rows of the contentless FTS5 table that match <paramref name="key"/> on SQLite (a row deleted without its keys would
    /// linger there, unseen through the page rows); on PostgreSQL the page rows, which hold their keys.
    /// </summary>
    private static async Task<long> IndexedRowsAsync(TestStore test, string key)
    {
        await using System.Data.Common.DbConnection connection = test.Database is { } database
            ? new Npgsql.NpgsqlConnection(database)
            : new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(test.Directory, WorkspaceStores.SqliteFileName)}");
        await connection.OpenAsync(None);
        await using var command = connection.CreateCommand();
        command.CommandText = test.Database is null
            ? $"select count(*) from document_index where document_index match '\"{key}\"'"
            : $"select count(*) from document_pages where normalized like '%{key}%'";
        return Convert.ToInt64(await command.ExecuteScalarAsync(None), System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed class BodyComparer : IEqualityComparer<EvidenceClassifiedBody>
    {
        public bool Equals(EvidenceClassifiedBody? x, EvidenceClassifiedBody? y) =>
            x is not null && y is not null && x.Items.SequenceEqual(y.Items) && x.Classification == y.Classification && x.Previous == y.Previous;

        public int GetHashCode(EvidenceClassifiedBody obj) => obj.Classification.GetHashCode();
    }
}
