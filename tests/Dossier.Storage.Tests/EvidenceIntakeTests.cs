using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Dossier.Application.Access;
using Dossier.Application.Evidence;
using Dossier.Application.Ledger;
using Dossier.Application.Workspace;
using Dossier.Ledger.Checkpoints;
using Dossier.Testing;

namespace Dossier.Storage.Tests;

/// <summary>
/// Issue 13 on both databases: a hostile PNG is kept without metadata and the entry says why; an acquisition
/// that cannot be recorded leaves no file in the vault; a court bundle export is in the audit trail.
/// </summary>
public class EvidenceIntakeTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly Principal Investigator = new("investigator-a (synthetic)", Role.Investigator);
    private const string InvestigatorReason = "taking the file in";

    /// <summary>A 1×1 PNG whose second chunk declares 0x7fffffff bytes (2 GB) and holds four.</summary>
    internal static byte[] PngWithHugeChunk()
    {
        var png = new List<byte> { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };
        png.AddRange([0, 0, 0, 13, .. "IHDR"u8, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xDE]);
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, 0x7fffffff);
        png.AddRange([.. length, .. "tEXt"u8, 1, 2, 3, 4]);
        return [.. png];
    }

    private static string[] VaultFiles(TestStore test)
    {
        var blobs = Path.Combine(test.Directory, "blobs");
        return Directory.Exists(blobs)
            ? [.. Directory.EnumerateFiles(blobs, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".part", StringComparison.Ordinal) && !f.Contains("/.tmp/", StringComparison.Ordinal))]
            : [];
    }

    private static async Task<List<JsonElement>> EntriesAsync(TestStore test)
    {
        var entries = new List<JsonElement>();
        await foreach (var entry in test.Store.ReadEntriesAsync(None))
        {
            entries.Add(JsonDocument.Parse(entry.Bytes).RootElement.Clone());
        }

        return entries;
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_png_whose_chunk_declares_2_GB_is_kept_without_metadata_and_its_entry_says_why(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = EvidenceService.For(test.Store, new FixedTime());

        using var content = new MemoryStream(PngWithHugeChunk());
        var added = await service.AddAsync(content, "hostile.png", EvidenceStoreTests.Acquisition(), Investigator, InvestigatorReason, None);

        added.Status.ShouldBe(EvidenceStatus.Added);
        added.Note.ShouldBe("the file's own headers could not be read (OutOfMemoryException); no metadata was recorded");
        added.Item!.Metadata.ShouldBeNull();
        added.Item.MediaType.ShouldBe("image/png");
        var body = (await EntriesAsync(test)).Single().GetProperty("body");
        body.GetProperty("metadataNote").GetString().ShouldBe(added.Note);
        VaultFiles(test).Length.ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_file_whose_acquisition_cannot_be_recorded_leaves_the_vault_again(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = EvidenceService.For(test.Store, new FixedTime());
        using var kept = new MemoryStream("statement kept (synthetic)"u8.ToArray());
        (await service.AddAsync(kept, "kept.txt", EvidenceStoreTests.Acquisition(), Investigator, InvestigatorReason, None)).Status.ShouldBe(EvidenceStatus.Added);
        await RefuseLedgerWritesAsync(test, dialect);

        using var content = new MemoryStream("statement (synthetic)"u8.ToArray());
        await Should.ThrowAsync<Exception>(() => service.AddAsync(content, "statement.txt", EvidenceStoreTests.Acquisition(), Investigator, InvestigatorReason, None));

        VaultFiles(test).Length.ShouldBe(1);
        (await service.Evidence.CountItemsAsync(None)).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_court_bundle_export_is_recorded_as_access_exported_with_its_items(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = EvidenceService.For(test.Store, new FixedTime());
        using var content = new MemoryStream("statement (synthetic)"u8.ToArray());
        var added = await service.AddAsync(content, "statement.txt", EvidenceStoreTests.Acquisition(), Investigator, InvestigatorReason, None);
        using var signer = NoteSigner.Create("dossier.example/synthetic-export-test");
        var output = Path.Combine(test.Directory, "bundle.zip");

        var (export, errors) = await service.ExportBundleAsync([added.Item!.Hash], signer, null, output, new Principal("clerk (synthetic)", Role.Legal), None);

        errors.ShouldBeEmpty();
        export.ShouldNotBeNull();
        var exported = (await EntriesAsync(test)).Where(e => e.GetProperty("type").GetString() == EntryTypes.Exported).ShouldHaveSingleItem();
        exported.GetProperty("actor").GetString().ShouldBe("clerk (synthetic)");
        exported.GetProperty("reason").GetString().ShouldBe("court bundle");
        exported.GetProperty("body").GetProperty("target").GetString().ShouldBe($"bundle.zip: {added.Item.Hash} (checkpoint at 1 entries)");
    }

    // A trigger that fails every new ledger entry: the database refuses the append as a full disk or a lost
    // connection would, and the store's own code runs unchanged.
    internal static async Task RefuseLedgerWritesAsync(TestStore test, string dialect)
    {
        if (dialect == "postgres")
        {
            await using var connection = new Npgsql.NpgsqlConnection(test.Database);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                create function refuse_append() returns trigger language plpgsql as $$ begin raise exception 'test: ledger writes refused'; end $$;
                create trigger refuse_append before insert on ledger_entries for each row execute function refuse_append();
                """;
            await command.ExecuteNonQueryAsync();
        }
        else
        {
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(test.Directory, "dossier.db")}");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "create trigger refuse_append before insert on ledger_entries begin select raise(abort, 'test: ledger writes refused'); end;";
            await command.ExecuteNonQueryAsync();
        }
    }
}
