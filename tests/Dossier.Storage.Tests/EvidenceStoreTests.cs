using Dossier.Application.Access;
using System.Security.Cryptography;
using System.Text;
using Dossier.Application.Evidence;
using Dossier.Application.Ledger;
using Dossier.Application.Workspace;
using Dossier.Testing;

namespace Dossier.Storage.Tests;

/// <summary>The evidence vault on both databases: acquisitions, derivatives, custody, projection and rebuild.</summary>
public class EvidenceStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly Principal Investigator = new("investigator-a (synthetic)", Role.Investigator);
    private const string InvestigatorReason = "taking the file in";

    internal static AcquisitionRequest Acquisition(string? derivedFrom = null, Derivation? derivation = null) => new()
    {
        Collector = "Investigator A (synthetic)",
        CollectedAt = new DateTimeOffset(2021, 11, 12, 14, 5, 0, TimeSpan.FromHours(1)),
        Zone = "Europe/Tirane",
        Location = "Durrës (synthetic)",
        Method = "handed over on USB by the witness",
        Tool = "dossier evidence add",
        ToolVersion = "test",
        DerivedFrom = derivedFrom,
        Derivation = derivation,
    };

    private static EvidenceService Service(TestStore test) => EvidenceService.For(test.Store, new FixedTime());

    private static async Task<EvidenceResult> AddAsync(EvidenceService service, byte[] content, string name, AcquisitionRequest? request = null)
    {
        using var stream = new MemoryStream(content);
        return await service.AddAsync(stream, name, request ?? Acquisition(), Investigator, InvestigatorReason, None);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task An_acquired_photo_is_stored_under_its_hash_with_its_GPS_and_camera_beside_the_entry(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = Service(test);
        var photo = SyntheticJpeg.WithGps();

        var added = await AddAsync(service, photo, "site-photo.jpg");

        added.Status.ShouldBe(EvidenceStatus.Added);
        var item = added.Item!;
        item.Hash.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(photo)));
        item.Size.ShouldBe(photo.Length);
        item.MediaType.ShouldBe("image/jpeg");
        item.Acquisition.CollectedAtUtc.ShouldBe("2021-11-12T13:05:00Z");
        item.Holder.ShouldBe("Investigator A (synthetic)");
        var gps = item.Metadata!.Value.GetProperty("gps");
        gps.GetProperty("latitude").GetDouble().ShouldBe(35 + (49 / 60.0) + (48 / 3600.0), 1e-6);
        gps.GetProperty("longitude").GetDouble().ShouldBe(50 + (56 / 60.0) + (24 / 3600.0), 1e-6);
        item.Metadata.Value.GetProperty("directories").GetProperty("Exif IFD0").GetProperty("Make").GetString().ShouldBe("SyntheticCam (test data)");
        var entry = (await test.Store.HistoryOfEvidenceAsync(item.Hash)).Single();
        entry.Type.ShouldBe(EntryTypes.EvidenceAcquired);
        // The entry names the metadata by its SHA-256; the metadata itself is kept beside the ledger (issue 13 item 4).
        Encoding.UTF8.GetString(entry.Bytes).ShouldNotContain("latitude");
        Encoding.UTF8.GetString(entry.Bytes).ShouldContain("\"metadataSha256\":\"" + EvidenceService.MetadataDigest((await test.Store.Evidence.StoredMetadataAsync(item.Hash, None))!));
        File.ReadAllBytes(service.Vault.PathOf(item.Hash)).ShouldBe(photo);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_file_added_twice_is_one_item_with_one_acquisition(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = Service(test);
        var first = await AddAsync(service, "statement (synthetic)"u8.ToArray(), "a.txt");

        var second = await AddAsync(service, "statement (synthetic)"u8.ToArray(), "copy-of-a.txt");

        second.Status.ShouldBe(EvidenceStatus.AlreadyStored);
        second.Entry.ShouldBe(first.Entry);
        (await service.Evidence.CountItemsAsync(None)).ShouldBe(1);
        (await test.Store.GetTreeHeadAsync(None)).Size.ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_redacted_copy_is_a_new_item_linked_to_its_unaltered_original(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = Service(test);
        var original = (await AddAsync(service, "names: A, B (synthetic)"u8.ToArray(), "statement.txt")).Item!;

        var redacted = await AddAsync(service, "names: ██, B (synthetic)"u8.ToArray(), "statement-redacted.txt", Acquisition(original.Hash, Derivation.Redaction));

        redacted.Status.ShouldBe(EvidenceStatus.Added);
        redacted.Item!.DerivedFrom.ShouldBe(original.Hash);
        redacted.Item.Derivation.ShouldBe("redaction");
        (await service.Evidence.DerivativesAsync(original.Hash, None)).Select(d => d.Hash).ShouldBe([redacted.Item.Hash]);
        service.Vault.Verify(original.Hash).IsIntact.ShouldBeTrue();
        (await service.GetAsync(original.Hash, rehash: true, None))!.Integrity.ShouldBe(IntegrityStatus.Intact);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Custody_events_form_the_items_chain_and_move_the_holder(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = Service(test);
        var a = (await AddAsync(service, "exhibit A (synthetic)"u8.ToArray(), "a.txt")).Item!;
        var b = (await AddAsync(service, "exhibit B (synthetic)"u8.ToArray(), "b.txt")).Item!;
        var why = new Principal("custodian (synthetic)", Role.Investigator);
        var whyReason = "trial preparation";

        (await service.RecordCustodyAsync(new CustodyRequest { Action = CustodyAction.Transfer, Items = [a.Hash, b.Hash], To = "Prosecutor B (synthetic)" }, why, whyReason, None)).Status.ShouldBe(EvidenceStatus.Recorded);
        (await service.RecordCustodyAsync(new CustodyRequest { Action = CustodyAction.Analyse, Items = [a.Hash], Tool = "exiftool 12.76" }, why, whyReason, None)).Status.ShouldBe(EvidenceStatus.Recorded);
        (await service.RecordCustodyAsync(new CustodyRequest { Action = CustodyAction.Disclose, Items = [a.Hash], To = "Defence counsel (synthetic)", Authority = "Stockholm District Court order B 15255-19 (synthetic)" }, why, whyReason, None)).Status.ShouldBe(EvidenceStatus.Recorded);

        var detail = (await service.GetAsync(a.Hash, rehash: true, None))!;
        detail.Custody.Select(c => c.Action).ShouldBe(["acquire", "transfer", "analyse", "disclose"]);
        detail.Custody[3].Details!.Authority.ShouldBe("Stockholm District Court order B 15255-19 (synthetic)");
        detail.Custody[1].Details!.From.ShouldBe("Investigator A (synthetic)");
        detail.Item.Holder.ShouldBe("Prosecutor B (synthetic)");
        (await service.GetAsync(b.Hash, false, None))!.Custody.Select(c => c.Action).ShouldBe(["acquire", "transfer"]);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Incomplete_custody_events_are_refused_and_nothing_is_written(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = Service(test);
        var a = (await AddAsync(service, "exhibit (synthetic)"u8.ToArray(), "a.txt")).Item!;
        var why = new Principal("custodian", Role.Investigator);
        var whyReason = "test";
        var unknown = new string('a', 64);

        var cases = new (CustodyRequest Request, Principal By, string? Reason, string Field)[]
        {
            (new CustodyRequest { Action = CustodyAction.Transfer, Items = [unknown], To = "B" }, why, whyReason, "items"),
            (new CustodyRequest { Action = CustodyAction.Transfer, Items = ["../../etc/passwd"], To = "B" }, why, whyReason, "items"),
            (new CustodyRequest { Action = CustodyAction.Transfer, Items = [], To = "B" }, why, whyReason, "items"),
            (new CustodyRequest { Action = CustodyAction.Transfer, Items = [a.Hash] }, why, whyReason, "to"),
            (new CustodyRequest { Action = CustodyAction.Disclose, Items = [a.Hash], To = "Defence" }, why, whyReason, "authority"),
            (new CustodyRequest { Action = CustodyAction.Disclose, Items = [a.Hash], Authority = "order 1" }, why, whyReason, "to"),
            (new CustodyRequest { Action = CustodyAction.Redact, Items = [a.Hash], Result = unknown }, why, whyReason, "result"),
            (new CustodyRequest { Action = CustodyAction.Copy, Items = [a.Hash], To = "lab" }, why, " ", "reason"),
        };
        foreach (var (request, by, reason, field) in cases)
        {
            var result = await service.RecordCustodyAsync(request, by, reason, None);
            result.Status.ShouldBe(EvidenceStatus.Invalid, field);
            result.Errors.Select(e => e.Field).ShouldContain(field);
        }

        (await test.Store.GetTreeHeadAsync(None)).Size.ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Bad_acquisition_fields_are_refused_before_the_file_is_stored(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = Service(test);
        var content = "never stored (synthetic)"u8.ToArray();

        var badZone = await AddAsync(service, content, "x.txt", Acquisition() with { Zone = "Mars/Olympus" });
        var future = await AddAsync(service, content, "x.txt", Acquisition() with { CollectedAt = new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero) });
        var orphanDerivative = await AddAsync(service, content, "x.txt", Acquisition(new string('b', 64), Derivation.Transcript));
        var halfDerivative = await AddAsync(service, content, "x.txt", Acquisition(new string('b', 64)));
        var badUrl = await AddAsync(service, content, "x.txt", Acquisition() with { SourceUrl = "not a url" });

        badZone.Errors.Single().Field.ShouldBe("zone");
        future.Errors.Single().Field.ShouldBe("collectedAt");
        orphanDerivative.Errors.Single().Field.ShouldBe("derivedFrom");
        halfDerivative.Errors.Single().Field.ShouldBe("derivation");
        badUrl.Errors.Single().Field.ShouldBe("sourceUrl");
        service.Vault.EnumerateHashes().ShouldBeEmpty();
        (await test.Store.GetTreeHeadAsync(None)).Size.ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_file_that_fails_mid_read_leaves_no_file_and_no_entry(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = Service(test);

        await Should.ThrowAsync<IOException>(() => service.AddAsync(new VanishingStream(300_000), "vanishing.bin", Acquisition(), Investigator, InvestigatorReason, None));

        service.Vault.EnumerateHashes().ShouldBeEmpty();
        Directory.EnumerateFiles(Path.Combine(test.Directory, "blobs"), "*", SearchOption.AllDirectories).ShouldBeEmpty();
        (await test.Store.GetTreeHeadAsync(None)).Size.ShouldBe(0);
        (await service.Evidence.CountItemsAsync(None)).ShouldBe(0);
    }

    /// <summary>A file that disappears (network share gone, USB pulled) after some bytes.</summary>
    private sealed class VanishingStream(int failAfter) : Stream
    {
        private int _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_read >= failAfter)
            {
                throw new IOException("the file vanished mid-read (simulated)");
            }

            var n = Math.Min(count, Math.Min(65_536, failAfter - _read));
            buffer.AsSpan(offset, n).Fill(0x5A);
            _read += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Rebuilding_gives_an_identical_evidence_projection(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = Service(test);
        var photo = (await AddAsync(service, SyntheticJpeg.WithGps(), "photo.jpg")).Item!;
        var text = (await AddAsync(service, "transcript (synthetic)"u8.ToArray(), "t.txt", Acquisition(photo.Hash, Derivation.Transcript))).Item!;
        var why = new Principal("custodian", Role.Investigator);
        var whyReason = "test";
        await service.RecordCustodyAsync(new CustodyRequest { Action = CustodyAction.Transfer, Items = [photo.Hash, text.Hash], To = "Lab (synthetic)" }, why, whyReason, None);
        await service.RecordCustodyAsync(new CustodyRequest { Action = CustodyAction.Return, Items = [photo.Hash], To = "Investigator A (synthetic)" }, why, whyReason, None);
        var before = await test.Store.DumpProjectionsAsync(None);

        var replayed = await test.Store.RebuildProjectionsAsync(null, None);

        replayed.ShouldBe(4);
        (await test.Store.DumpProjectionsAsync(None)).ShouldBe(before);
        before.ShouldContain(photo.Hash + "\t" + text.Hash + "\ttranscript");
        (await test.Store.Evidence.GetItemAsync(photo.Hash, None))!.Metadata!.Value.GetProperty("gps").GetProperty("latitude").GetDouble().ShouldBe(35.83, 0.01);
        (await service.Evidence.GetItemAsync(photo.Hash, None))!.Holder.ShouldBe("Investigator A (synthetic)");
        (await service.Evidence.GetItemAsync(text.Hash, None))!.Holder.ShouldBe("Lab (synthetic)");
    }
}

internal static class EvidenceStoreExtensions
{
    public static async Task<IReadOnlyList<LedgerEntry>> HistoryOfEvidenceAsync(this IWorkspaceStore store, string hash) =>
        await store.Evidence.CustodyAsync(hash, CancellationToken.None);
}
