using System.Data.Common;
using Dossier.Application.Access;
using Dossier.Application.Evidence;
using Dossier.Application.Ledger;
using Dossier.Domain.Records;
using Dossier.Ledger.Blobs;
using Dossier.Testing;

namespace Dossier.Storage.Tests;

/// <summary>
/// Evidence items have a classification like records, and what a file's own metadata says (names, GPS) stays out
/// of the append-only acquisition entry: it is kept beside the ledger under the entry's SHA-256, so an erasure
/// can reach it and `verify` can tell when it was altered (issue 13 item 4).
/// </summary>
public class EvidenceClassificationTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly Principal Investigator = new("ines (synthetic)", Role.Investigator);

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_photo_s_gps_stays_out_of_the_entry_is_kept_beside_it_and_verify_catches_a_change(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = EvidenceService.For(test.Store, new FixedTime());
        var request = EvidenceStoreTests.Acquisition() with { Classification = Classification.Restricted };
        var added = await service.AddAsync(new MemoryStream(SyntheticJpeg.WithGps(latitude: (36, 12, 30), longitude: (50, 58, 45))), "photo.jpg", request, Investigator, "a witness's photo", None);
        added.Status.ShouldBe(EvidenceStatus.Added);

        var entry = (await test.Store.Evidence.CustodyAsync(added.Item!.Hash, None))[0];
        entry.SchemaVersion.ShouldBe(2);
        entry.Body.TryGetProperty("metadata", out _).ShouldBeFalse();
        entry.Body.GetRawText().ShouldNotContain("SyntheticCam");
        var body = Entries.EvidenceAcquired.Read(entry);
        body.Classification.ShouldBe(Classification.Restricted);
        var kept = (await test.Store.Evidence.StoredMetadataAsync(added.Item.Hash, None))!;
        EvidenceService.MetadataDigest(kept).ShouldBe(body.MetadataSha256);

        // Shown to whoever may read the item, from beside the ledger; kept through a rebuild (it is not a projection).
        var item = (await test.Store.Evidence.GetItemAsync(added.Item.Hash, None))!;
        item.Classification.ShouldBe(Classification.Restricted);
        item.Metadata!.Value.GetProperty("gps").GetProperty("latitude").GetDouble().ShouldBe(36.208, 0.001);
        await test.Store.RebuildProjectionsAsync(null, None);
        (await test.Store.Evidence.GetItemAsync(added.Item.Hash, None))!.Classification.ShouldBe(Classification.Restricted);
        (await Verify(test)).ShouldBeEmpty();

        await ExecuteAsync(test, "update evidence_metadata set json = replace(json, 'SyntheticCam', 'OtherCam')");
        (await Verify(test)).ShouldContain(p => p.Contains(added.Item.Hash, StringComparison.Ordinal) && p.Contains("metadata was altered", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Adding_evidence_needs_the_right_to_write_its_classification(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = EvidenceService.For(test.Store, new FixedTime());
        var analyst = new Principal("ali (synthetic)", Role.Analyst);
        var secret = EvidenceStoreTests.Acquisition() with { Classification = Classification.ProtectedIdentity };

        var refused = await service.AddAsync(new MemoryStream("a witness's statement (synthetic)"u8.ToArray()), "w.txt", secret, analyst, "try", None);
        var allowed = await service.AddAsync(new MemoryStream("a witness's statement (synthetic)"u8.ToArray()), "w.txt", secret, Investigator, "intake", None);

        refused.Status.ShouldBe(EvidenceStatus.Refused);
        allowed.Status.ShouldBe(EvidenceStatus.Added);
        allowed.Item!.Classification.ShouldBe(Classification.ProtectedIdentity);
        (await test.Store.Audit.QueryAuditAsync(new AuditFilter(Type: EntryTypes.Denied), None)).Single().Actor.ShouldBe("ali (synthetic)");
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task An_erasure_destroys_the_metadata_keeps_the_item_and_still_verifies(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = EvidenceService.For(test.Store, new FixedTime());
        var added = (await service.AddAsync(new MemoryStream(SyntheticJpeg.WithGps(variant: 3)), "photo.jpg", EvidenceStoreTests.Acquisition(), Investigator, "intake", None)).Item!;

        var analyst = await service.EraseMetadataAsync(added.Hash, new Principal("ali (synthetic)", Role.Analyst), "try", None);
        var noReason = await service.EraseMetadataAsync(added.Hash, Investigator, " ", None);
        var erased = await service.EraseMetadataAsync(added.Hash, Investigator, "the witness withdrew consent", None);
        var again = await service.EraseMetadataAsync(added.Hash, Investigator, "twice", None);

        analyst.Status.ShouldBe(EvidenceStatus.Refused);
        noReason.Status.ShouldBe(EvidenceStatus.Invalid);
        erased.Status.ShouldBe(EvidenceStatus.Recorded);
        again.Status.ShouldBe(EvidenceStatus.Invalid);
        (await test.Store.Evidence.StoredMetadataAsync(added.Hash, None)).ShouldBeNull();
        var item = (await test.Store.Evidence.GetItemAsync(added.Hash, None))!;
        item.Metadata.ShouldBeNull();
        (await service.GetAsync(added.Hash, rehash: true, None))!.Custody.Select(c => c.Action).ShouldBe([CustodyNames.Acquire, CustodyNames.EraseMetadata]);
        (await Verify(test)).ShouldBeEmpty();
        await test.Store.RebuildProjectionsAsync(null, None);
        (await test.Store.CompareWithReplayAsync(null, None)).ShouldBeNull();
    }

    private static async Task<IReadOnlyList<string>> Verify(TestStore test) =>
        (await WorkspaceVerifier.VerifyAsync(test.Store, new BlobStore(test.Directory), null, projections: true, null, None)).Problems;

    private static async Task ExecuteAsync(TestStore test, string sql)
    {
        await using DbConnection connection = test.Database is { } database
            ? new Npgsql.NpgsqlConnection(database)
            : new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(test.Directory, WorkspaceStores.SqliteFileName)}");
        await connection.OpenAsync(None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(None);
    }
}
