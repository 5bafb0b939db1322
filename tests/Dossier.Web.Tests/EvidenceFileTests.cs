using System.Net;
using System.Security.Cryptography;
using System.Text;
using Dossier.Application.Access;
using Dossier.Application.Evidence;
using Dossier.Application.Ledger;
using Dossier.Domain.Records;
using Dossier.Testing;

namespace Dossier.Web.Tests;

/// <summary>
/// Evidence you can see (issue 18 §8): an item's file shown in its page when the browser can show it by itself, PDF
/// pages rendered on the server, the original downloaded byte for byte — and each download in the audit trail.
/// </summary>
public abstract class EvidenceFileTests(DemoWorkspaceFixture demo) : DemoAppTests(demo)
{
    private static readonly Principal Investigator = new("test-investigator", Role.Investigator);

    private async Task<EvidenceItem> AddAsync(byte[] content, string name, Classification classification = Classification.Internal)
    {
        var added = await EvidenceService.For(Demo.Store, new FixedClock()).AddAsync(new MemoryStream(content), name, new AcquisitionRequest
        {
            Collector = "Investigator A (synthetic)", CollectedAt = new DateTimeOffset(2021, 11, 12, 14, 5, 0, TimeSpan.Zero), Zone = "UTC",
            Method = "handed over (synthetic)", Tool = "test", ToolVersion = "1", Classification = classification,
        }, Investigator, "a file for the evidence view test", CancellationToken.None);
        added.Errors.ShouldBeEmpty();
        return added.Item!;
    }

    [Fact]
    public async Task A_photo_is_shown_in_its_page_and_downloaded_byte_for_byte_with_the_download_audited()
    {
        var photo = SyntheticJpeg.WithGps(variant: 7);
        var item = await AddAsync(photo, "syn-view-photo.jpg");
        var client = await Demo.ClientAsync(App, Role.Investigator);

        var page = await client.GetStringAsync($"/evidence/{item.Hash}");
        var shown = await client.GetAsync($"/api/v1/evidence/{item.Hash}/file");
        var size = (await Demo.Store.GetTreeHeadAsync(CancellationToken.None)).Size;
        var saved = await client.GetAsync($"/api/v1/evidence/{item.Hash}/file?download=true");

        page.ShouldContain($"<img class=\"evidence-view\" src=\"/api/v1/evidence/{item.Hash}/file\"");
        page.ShouldContain($"/api/v1/evidence/{item.Hash}/file?download=true");
        // Who made it (the camera's make) stands in the open; how it is encoded is folded away.
        var telling = page.IndexOf("<table class=\"metadata-telling\">", StringComparison.Ordinal);
        telling.ShouldBeGreaterThan(0);
        page.IndexOf("SyntheticCam (test data)", StringComparison.Ordinal).ShouldBeGreaterThan(telling);
        page.IndexOf("SyntheticCam (test data)", StringComparison.Ordinal).ShouldBeLessThan(page.IndexOf("<details class=\"metadata-technical\">", StringComparison.Ordinal));
        shown.StatusCode.ShouldBe(HttpStatusCode.OK);
        shown.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");
        shown.Content.Headers.ContentDisposition.ShouldBeNull();
        shown.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("sandbox");
        SHA256.HashData(await shown.Content.ReadAsByteArrayAsync()).ShouldBe(SHA256.HashData(photo));
        saved.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        saved.Content.Headers.ContentDisposition.FileName!.Trim('"').ShouldBe("syn-view-photo.jpg");
        Convert.ToHexStringLower(SHA256.HashData(await saved.Content.ReadAsByteArrayAsync())).ShouldBe(item.Hash);
        // The download is an export: one access.exported entry naming the item.
        (await Demo.Store.GetTreeHeadAsync(CancellationToken.None)).Size.ShouldBe(size + 1);
        var last = (await Demo.Store.RecentEntriesAsync(1, CancellationToken.None))[0];
        last.Type.ShouldBe(EntryTypes.Exported);
        last.Body.ToString().ShouldContain(item.Hash);
    }

    [Fact]
    public async Task A_file_the_browser_cannot_show_is_only_downloaded_and_a_restricted_item_is_hidden_from_a_viewer()
    {
        var text = Encoding.UTF8.GetBytes("<html><script>alert(1)</script>a synthetic note</html>");
        var note = await AddAsync(text, "syn-view-note.html");
        var secret = await AddAsync(SyntheticJpeg.WithGps(variant: 8), "syn-view-restricted.jpg", Classification.Restricted);
        var investigator = await Demo.ClientAsync(App, Role.Investigator);
        var viewer = await Demo.ClientAsync(App, Role.Viewer);

        (await investigator.GetAsync($"/api/v1/evidence/{note.Hash}/file")).StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        var saved = await investigator.GetAsync($"/api/v1/evidence/{note.Hash}/file?download=true");
        saved.StatusCode.ShouldBe(HttpStatusCode.OK);
        saved.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        (await saved.Content.ReadAsByteArrayAsync()).ShouldBe(text);
        (await investigator.GetStringAsync($"/evidence/{note.Hash}")).ShouldContain("is not shown in the browser");

        (await viewer.GetAsync($"/api/v1/evidence/{secret.Hash}/file")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await viewer.GetAsync($"/api/v1/evidence/{secret.Hash}/file?download=true")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await Demo.ClientAsync(App, null)).GetAsync($"/api/v1/evidence/{note.Hash}/file?download=true")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        // A look at a restricted item is a read of something sensitive: audited.
        (await investigator.GetAsync($"/api/v1/evidence/{secret.Hash}/file")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var last = (await Demo.Store.RecentEntriesAsync(1, CancellationToken.None))[0];
        last.Type.ShouldBe(EntryTypes.Read);
        last.Body.ToString().ShouldContain(secret.Hash);
    }

    [ChromiumFact]
    public async Task In_the_browser_the_photo_loads_in_its_page_under_the_file_policy_and_the_page_passes_axe()
    {
        var item = await AddAsync(SyntheticJpeg.WithGps(variant: 9), "syn-view-browser.jpg");
        await using var session = await BrowserSession.StartAsync(Demo, bearer: await Demo.TokenForAsync(Role.Investigator));
        var page = session.Page;

        await page.GotoAsync($"{session.Address}/evidence/{item.Hash}");

        var image = page.Locator("section.evidence-preview img.evidence-view");
        await image.EvaluateAsync("i => i.complete || new Promise(r => i.addEventListener('load', r, { once: true }))");
        (await image.EvaluateAsync<int>("i => i.naturalWidth")).ShouldBeGreaterThan(0);
        (await page.Locator("details.metadata-technical").GetAttributeAsync("open")).ShouldBeNull();
        await session.StepAsync(page, "22-evidence-photo");
        session.ShouldHaveStayedOnThisMachine();
    }

    [OcrFact]
    public async Task A_pdf_is_shown_page_by_page_as_images_rendered_on_the_server()
    {
        var item = await AddAsync(TwoPagePdf(), "syn-view-two-pages.pdf");
        var client = await Demo.ClientAsync(App, Role.Investigator);

        var page = await client.GetStringAsync($"/evidence/{item.Hash}?page=2");
        var png = await client.GetAsync($"/api/v1/evidence/{item.Hash}/pages/2.png");

        page.ShouldContain("Page 2 of 2");
        page.ShouldContain($"src=\"/api/v1/evidence/{item.Hash}/pages/2.png\"");
        png.StatusCode.ShouldBe(HttpStatusCode.OK);
        png.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        (await png.Content.ReadAsByteArrayAsync())[..4].ShouldBe(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' });
        (await client.GetAsync($"/api/v1/evidence/{item.Hash}/pages/3.png")).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    /// <summary>A valid two-page PDF written by hand (each page a filled square), with a correct cross-reference table.</summary>
    private static byte[] TwoPagePdf()
    {
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 5 0 R >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 5 0 R >>",
            "<< /Length 27 >>\nstream\n50 50 200 200 re 0 0 1 rg f\nendstream",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(pdf.ToString()));
            pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = Encoding.ASCII.GetByteCount(pdf.ToString());
        pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
