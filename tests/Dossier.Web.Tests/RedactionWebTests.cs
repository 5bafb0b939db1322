using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Dossier.Application.Access;
using Dossier.Application.Evidence;
using Dossier.Application.Ledger;
using Dossier.Domain.Records;
using Dossier.Testing;

namespace Dossier.Web.Tests;

/// <summary>
/// Redaction through the API, the pages and the browser (issue 18 §8, ADR 1814): a copy with the boxes burnt in becomes a
/// new item derived from the original, the original's custody chain gains a <c>redact</c> event naming the tool, the
/// reason and the copy; bad boxes answer 400 naming the field; a role that may not add evidence is refused and audited.
/// TIFF scans are shown page by page as PNG.
/// </summary>
public abstract class RedactionWebTests(DemoWorkspaceFixture demo) : DemoAppTests(demo)
{
    private static readonly Principal Investigator = new("test-investigator", Role.Investigator);

    private async Task<EvidenceItem> AddAsync(byte[] content, string name, Classification classification = Classification.Internal)
    {
        var added = await EvidenceService.For(Demo.Store, new FixedClock()).AddAsync(new MemoryStream(content), name, new AcquisitionRequest
        {
            Collector = "Investigator A (synthetic)", CollectedAt = new DateTimeOffset(2021, 11, 12, 14, 5, 0, TimeSpan.Zero), Zone = "UTC",
            Method = "handed over (synthetic)", Tool = "test", ToolVersion = "1", Classification = classification,
        }, Investigator, "a file for the redaction test", CancellationToken.None);
        added.Errors.ShouldBeEmpty();
        return added.Item!;
    }

    private static object Request(string reason, string? classification = null, params object[] regions) => new { regions, reason, classification };

    [Fact]
    public async Task The_api_makes_a_derived_copy_without_gps_and_records_a_redact_event_on_the_untouched_original()
    {
        var photo = SyntheticJpeg.WithGps(variant: 61);
        var original = await AddAsync(photo, "syn-redact-api.jpg", Classification.Restricted);
        var client = await Demo.ClientAsync(App, Role.Investigator);
        var size = (await Demo.Store.GetTreeHeadAsync(CancellationToken.None)).Size;

        var response = await client.PostAsJsonAsync($"/api/v1/evidence/{original.Hash}/redactions",
            Request("the witness's face (test)", null, new { page = 1, x = 2, y = 2, width = 4, height = 4 }));

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var item = created.GetProperty("item");
        var hash = item.GetProperty("hash").GetString()!;
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/evidence/{hash}");
        hash.ShouldNotBe(original.Hash);
        item.GetProperty("derivedFrom").GetString().ShouldBe(original.Hash);
        item.GetProperty("derivation").GetString().ShouldBe("redaction");
        item.GetProperty("mediaType").GetString().ShouldBe("image/jpeg");
        item.GetProperty("classification").GetString().ShouldBe("restricted");
        item.GetProperty("acquisition").GetProperty("collector").GetString().ShouldBe("test-investigator");
        item.GetProperty("acquisition").GetProperty("tool").GetString().ShouldBe("dossier-redact");
        // The copy says nothing of where the photo was taken or with what.
        var copyMetadata = item.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m.ToString() : string.Empty;
        copyMetadata.ShouldNotContain("gps");
        copyMetadata.ShouldNotContain("SyntheticCam");
        var copy = await client.GetByteArrayAsync($"/api/v1/evidence/{hash}/file");
        Convert.ToHexStringLower(SHA256.HashData(copy)).ShouldBe(hash);

        // Two entries, one after the other in one append: the copy's acquisition, then the redact event on the original.
        // (Reading the restricted copy back is audited as a read: those entries are not the redaction's.)
        var entries = (await Demo.Store.RecentEntriesAsync(10, CancellationToken.None)).Where(e => e.Sequence >= size && e.Type != EntryTypes.Read).OrderBy(e => e.Sequence).ToList();
        entries.Select(e => e.Type).ShouldBe([EntryTypes.EvidenceAcquired, Entries.EvidenceRedacted.Name], string.Join(", ", entries.Select(e => e.Type)));
        entries[1].Sequence.ShouldBe(entries[0].Sequence + 1);
        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/v1/evidence/{original.Hash}");
        detail.GetProperty("integrity").GetString().ShouldBe("intact");
        var redact = detail.GetProperty("custody").EnumerateArray().Last();
        redact.GetProperty("action").GetString().ShouldBe("redact");
        redact.GetProperty("reason").GetString().ShouldBe("the witness's face (test)");
        redact.GetProperty("actor").GetString().ShouldBe("test-investigator");
        redact.GetProperty("details").GetProperty("result").GetString().ShouldBe(hash);
        redact.GetProperty("details").GetProperty("tool").GetString()!.ShouldStartWith("dossier-redact ");
        redact.GetProperty("details").GetProperty("tool").GetString()!.ShouldContain("(1 region)");
        detail.GetProperty("derivatives").EnumerateArray().Select(d => d.GetProperty("hash").GetString()).ShouldContain(hash);
        Convert.ToHexStringLower(SHA256.HashData(await client.GetByteArrayAsync($"/api/v1/evidence/{original.Hash}/file"))).ShouldBe(original.Hash);

        // Each page names the other: the original lists its copy and the redact event's result, the copy its original.
        var originalPage = await client.GetStringAsync($"/evidence/{original.Hash}");
        originalPage.ShouldContain($"href=\"/evidence/{hash}\"");
        originalPage.ShouldContain($"href=\"/evidence/{original.Hash}/redact\"");
        (await client.GetStringAsync($"/evidence/{hash}")).ShouldContain($"href=\"/evidence/{original.Hash}\"");
    }

    [Fact]
    public async Task Bad_boxes_answer_400_naming_each_field_and_write_nothing()
    {
        var original = await AddAsync(SyntheticJpeg.WithGps(variant: 62), "syn-redact-invalid.jpg");
        var client = await Demo.ClientAsync(App, Role.Investigator);
        var size = (await Demo.Store.GetTreeHeadAsync(CancellationToken.None)).Size;
        var items = await Demo.Store.Evidence.CountItemsAsync(CancellationToken.None);

        var outside = await client.PostAsJsonAsync($"/api/v1/evidence/{original.Hash}/redactions",
            Request("test", null, new { page = 1, x = 9, y = 0, width = 2, height = 2 }, new { page = 2, x = 0, y = 0, width = 2, height = 2 }, new { x = 1, y = 1, width = 0, height = 3 }));
        var none = await client.PostAsJsonAsync($"/api/v1/evidence/{original.Hash}/redactions", Request("test"));
        var noReason = await client.PostAsJsonAsync($"/api/v1/evidence/{original.Hash}/redactions", Request(string.Empty, null, new { x = 1, y = 1, width = 2, height = 2 }));
        var badLevel = await client.PostAsJsonAsync($"/api/v1/evidence/{original.Hash}/redactions", Request("test", "secret", new { x = 1, y = 1, width = 2, height = 2 }));
        var missing = await client.PostAsJsonAsync($"/api/v1/evidence/{new string('a', 64)}/redactions", Request("test", null, new { x = 1, y = 1, width = 2, height = 2 }));

        outside.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await outside.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).ShouldBe(["regions[0].x", "regions[1].page", "regions[2].width"], ignoreOrder: true);
        errors.GetProperty("regions[0].x").ToString().ShouldContain("8 × 8 pixels");
        none.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await none.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("regions", out _).ShouldBeTrue();
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noReason.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("reason", out _).ShouldBeTrue();
        badLevel.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badLevel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("classification", out _).ShouldBeTrue();
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Demo.Store.GetTreeHeadAsync(CancellationToken.None)).Size.ShouldBe(size);
        (await Demo.Store.Evidence.CountItemsAsync(CancellationToken.None)).ShouldBe(items);
    }

    [Fact]
    public async Task A_viewer_is_refused_by_the_api_and_the_page_and_the_refusal_is_audited()
    {
        var original = await AddAsync(SyntheticJpeg.WithGps(variant: 63), "syn-redact-refused.jpg");
        var viewer = await Demo.ClientAsync(App, Role.Viewer);
        var items = await Demo.Store.Evidence.CountItemsAsync(CancellationToken.None);

        var refused = await viewer.PostAsJsonAsync($"/api/v1/evidence/{original.Hash}/redactions", Request("test", null, new { x = 1, y = 1, width = 2, height = 2 }));
        var page = await viewer.GetAsync($"/evidence/{original.Hash}/redact");

        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        page.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldNotContain("redact-form");
        html.ShouldContain("may not make a redacted copy");
        (await viewer.GetStringAsync($"/evidence/{original.Hash}")).ShouldNotContain("/redact\"");
        (await Demo.Store.Evidence.CountItemsAsync(CancellationToken.None)).ShouldBe(items);
        (await Demo.Store.Audit.QueryAuditAsync(new AuditFilter(Actor: "test-viewer", Type: EntryTypes.Denied, Target: original.Hash), CancellationToken.None)).ShouldNotBeEmpty();

        // An analyst may add evidence but not write protected identities: a copy at that level is refused too.
        var analyst = await Demo.ClientAsync(App, Role.Analyst);
        (await analyst.PostAsJsonAsync($"/api/v1/evidence/{original.Hash}/redactions", Request("test", "protected-identity", new { x = 1, y = 1, width = 2, height = 2 })))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_tiff_scan_is_shown_page_by_page_as_png_and_offered_for_redaction()
    {
        var scan = await AddAsync(SyntheticTiff.Pages(40, 30, (200, 10, 10), (10, 200, 10)), "syn-redact-scan.tif");
        var client = await Demo.ClientAsync(App, Role.Investigator);

        var page = await client.GetStringAsync($"/evidence/{scan.Hash}?page=2");
        var png = await client.GetAsync($"/api/v1/evidence/{scan.Hash}/pages/2.png");
        var form = await client.GetStringAsync($"/evidence/{scan.Hash}/redact");

        scan.MediaType.ShouldBe("image/tiff");
        page.ShouldContain("Page 2 of 2");
        page.ShouldContain($"src=\"/api/v1/evidence/{scan.Hash}/pages/2.png\"");
        page.ShouldNotContain($"src=\"/api/v1/evidence/{scan.Hash}/file\"");
        png.StatusCode.ShouldBe(HttpStatusCode.OK);
        png.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        png.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("sandbox");
        (await png.Content.ReadAsByteArrayAsync())[..4].ShouldBe(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' });
        (await client.GetAsync($"/api/v1/evidence/{scan.Hash}/pages/3.png")).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        form.ShouldContain($"src=\"/api/v1/evidence/{scan.Hash}/pages/1.png\"");
        form.ShouldContain($"src=\"/api/v1/evidence/{scan.Hash}/pages/2.png\"");
        form.ShouldContain("<textarea id=\"regions\"");
    }

    [OcrFact]
    public async Task A_pdf_is_redacted_through_the_api_into_an_image_only_pdf_with_its_pages_and_no_text()
    {
        var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        var font = builder.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
        builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4).AddText("Cover page (synthetic)", 14, new UglyToad.PdfPig.Core.PdfPoint(60, 760), font);
        builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4).AddText("Witness: Zarvandi Kelmorat (synthetic)", 14, new UglyToad.PdfPig.Core.PdfPoint(60, 760), font);
        var original = await AddAsync(builder.Build(), "syn-redact-statement.pdf");
        var client = await Demo.ClientAsync(App, Role.Investigator);

        // On page 2, a box over the line (PDF y 760 from the bottom of an 842-point page is about 91 preview pixels from the top).
        var response = await client.PostAsJsonAsync($"/api/v1/evidence/{original.Hash}/redactions",
            Request("the witness's name (test)", "internal", new { page = 2, x = 60, y = 70, width = 420, height = 30 }));

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var hash = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("item").GetProperty("hash").GetString()!;
        var copy = await client.GetByteArrayAsync($"/api/v1/evidence/{hash}/file?download=true");
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(copy);
        pdf.NumberOfPages.ShouldBe(2);
        pdf.GetPages().ShouldAllBe(p => p.Letters.Count == 0);
        System.Text.Encoding.Latin1.GetString(copy).ShouldNotContain("Zarvandi");
        (await client.GetAsync($"/api/v1/evidence/{hash}/pages/2.png")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetStringAsync($"/evidence/{hash}")).ShouldContain("Page 1 of 2");
    }

    [ChromiumFact]
    public async Task In_the_browser_a_box_drawn_with_the_mouse_becomes_a_derived_copy_and_the_pages_pass_axe_in_both_languages()
    {
        var original = await AddAsync(SyntheticTiff.Pages(320, 200, (230, 230, 230), (30, 120, 220)), "syn-redact-browser.tif");
        await using var session = await BrowserSession.StartAsync(Demo, bearer: await Demo.TokenForAsync(Role.Investigator));
        var page = session.Page;

        await page.GotoAsync($"{session.Address}/evidence/{original.Hash}");
        await page.ClickAsync("p.redact-link a");
        await page.WaitForAddressAsync($"**/evidence/{original.Hash}/redact");
        var picture = page.Locator("figure.redact-page[data-page='1'] img");
        await picture.EvaluateAsync("i => i.complete && i.naturalWidth > 0 || new Promise(r => i.addEventListener('load', r, { once: true }))");
        var box = (await picture.BoundingBoxAsync())!;
        // From a quarter to the middle of the picture, in two moves, as a hand draws.
        await page.Mouse.MoveAsync(box.X + (box.Width / 4), box.Y + (box.Height / 4));
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + (box.Width / 3), box.Y + (box.Height / 3));
        await page.Mouse.MoveAsync(box.X + (box.Width / 2), box.Y + (box.Height / 2));
        await page.Mouse.UpAsync();

        var line = (await page.InputValueAsync("#regions")).Trim();
        var region = Dossier.Documents.RedactionRegion.Parse(line).ShouldNotBeNull($"the drawn box is written as a line: '{line}'");
        region.Page.ShouldBe(1);
        region.X.ShouldBeInRange(75, 85);
        region.Y.ShouldBeInRange(45, 55);
        region.Width.ShouldBeInRange(75, 85);
        region.Height.ShouldBeInRange(45, 55);
        (await page.Locator("figure.redact-page[data-page='1'] .redact-box").CountAsync()).ShouldBe(1);
        await page.FillAsync("form.redact-form #reason", "the name on the cover (test)");
        await session.StepAsync(page, "40-evidence-redact");
        await page.ClickAsync("form.redact-form button[type=submit]");
        await page.WaitForLoadedAsync("hash => location.pathname.startsWith('/evidence/') && !location.pathname.includes(hash)", original.Hash);

        var hash = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        var copy = (await Demo.Store.Evidence.GetItemAsync(hash, CancellationToken.None)).ShouldNotBeNull();
        copy.DerivedFrom.ShouldBe(original.Hash);
        copy.Derivation.ShouldBe("redaction");
        copy.MediaType.ShouldBe("application/pdf");
        (await page.Locator("h1 .badge").InnerTextAsync()).ShouldBe("redacted copy");
        var custody = await Demo.Store.Evidence.CustodyAsync(original.Hash, CancellationToken.None);
        var redacted = Entries.EvidenceRedacted.Read(custody[^1]);
        redacted.Result.ShouldBe(hash);
        custody[^1].Reason.ShouldBe("the name on the cover (test)");
        await session.StepAsync(page, "41-evidence-redacted-copy");

        await page.GotoAsync($"{session.Address}/evidence/{original.Hash}/redact?lang=fa");
        await page.WaitForSelectorAsync("html[lang=fa][dir=rtl]");
        (await page.Locator("form.redact-form button[type=submit]").InnerTextAsync()).ShouldBe("ساختن نسخهٔ پوشانده");
        await session.StepAsync(page, "42-evidence-redact-persian");
        await page.GotoAsync($"{session.Address}/evidence/{original.Hash}?lang=fa");
        (await page.Locator("tr.custody-redact").CountAsync()).ShouldBe(1);
        await session.StepAsync(page, "43-evidence-redacted-original-persian");
        session.ShouldHaveStayedOnThisMachine();
    }
}
