using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dossier.Application.Access;
using Dossier.Application.Evidence;
using Dossier.Application.Ledger;
using Dossier.Domain.Records;
using Dossier.Testing;

namespace Dossier.Web.Tests;

/// <summary>
/// Reclassification and metadata erasure from the web (issue 13 item 4, ADR 1817): the API answers 200, 400 naming the
/// field, 403 (audited) and 404; a raised item disappears for readers below it from the list, its page, its file and the
/// search in its text, at once; the item page offers the forms only to roles that may use them, the erasure only after a
/// confirmation, and passes axe in English and Persian.
/// </summary>
public abstract class EvidenceClassificationWebTests(DemoWorkspaceFixture demo) : DemoAppTests(demo)
{
    private static readonly Principal Investigator = new("test-investigator", Role.Investigator);

    private static AcquisitionRequest Request(Classification classification = Classification.Internal) => new()
    {
        Collector = "Investigator A (synthetic)", CollectedAt = new DateTimeOffset(2021, 11, 12, 14, 5, 0, TimeSpan.Zero), Zone = "UTC",
        Method = "handed over (synthetic)", Tool = "test", ToolVersion = "1", Classification = classification,
    };

    private async Task<EvidenceItem> AddAsync(byte[] content, string name)
    {
        var added = await EvidenceService.For(Demo.Store, new FixedClock()).AddAsync(new MemoryStream(content), name, Request(), Investigator, "a file for the classification test", CancellationToken.None);
        added.Errors.ShouldBeEmpty();
        return added.Item!;
    }

    /// <summary>An ingested document whose extracted text (made by hand, docs/formats/extracted-text.md) holds <paramref name="marker"/>.</summary>
    private async Task<(string Original, string Text)> IngestAsync(string name, string marker)
    {
        var ingested = await EvidenceService.For(Demo.Store, new FixedClock()).IngestAsync(new MemoryStream(Encoding.UTF8.GetBytes($"%PDF-1.7 {marker}")), name, Request(),
            (stored, _) => Task.FromResult(new AnalysisOutput(JsonSerializer.SerializeToUtf8Bytes(new
            {
                format = "dossier.extracted-text",
                version = 1,
                original = new { hash = stored.Hash, name, mediaType = "application/pdf" },
                status = "ok",
                pages = new[] { new { page = 1, method = "text-layer", text = $"A letter (synthetic) that names {marker}." } },
            }), name + ".text.json", Request() with { Tool = "dossier ingest" }, "dossier ingest test", null)),
            Investigator, "ingest for the classification test", CancellationToken.None);
        ingested.Status.ShouldBe(EvidenceStatus.Added, string.Join("; ", ingested.Errors));
        return (ingested.Original!.Hash, ingested.Derivative!.Hash);
    }

    [Fact]
    public async Task A_raised_item_leaves_the_viewer_s_list_page_file_and_document_search_at_once_and_an_analyst_still_finds_it()
    {
        var (hash, text) = await IngestAsync("syn-classify-letter.pdf", "Travomelik");
        var investigator = await Demo.ClientAsync(App, Role.Investigator);
        var viewer = await Demo.ClientAsync(App, Role.Viewer);
        var analyst = await Demo.ClientAsync(App, Role.Analyst);
        (await viewer.GetStringAsync("/api/v1/search?q=Travomelik&kind=document")).ShouldContain(hash);
        (await viewer.GetAsync($"/api/v1/evidence/{hash}/file?download=true")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var raised = await investigator.PostAsJsonAsync($"/api/v1/evidence/{hash}/classification", new { classification = "restricted", reason = "the letter names a witness's family (test)" });

        raised.StatusCode.ShouldBe(HttpStatusCode.OK, await raised.Content.ReadAsStringAsync());
        var detail = await raised.Content.ReadFromJsonAsync<JsonElement>();
        detail.GetProperty("item").GetProperty("classification").GetString().ShouldBe("restricted");
        var step = detail.GetProperty("custody").EnumerateArray().Last();
        step.GetProperty("action").GetString().ShouldBe("classify");
        step.GetProperty("details").GetProperty("previous").GetString().ShouldBe("internal");
        (await viewer.GetStringAsync("/api/v1/search?q=Travomelik")).ShouldNotContain(hash);
        (await viewer.GetAsync($"/api/v1/evidence/{hash}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await viewer.GetAsync($"/api/v1/evidence/{hash}/file?download=true")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await viewer.GetAsync($"/evidence/{hash}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var listed = (await viewer.GetFromJsonAsync<JsonElement>("/api/v1/evidence?limit=1000")).EnumerateArray().ToList();
        listed.Select(i => i.GetProperty("hash").GetString()).ShouldNotContain(hash);
        // Its extracted text says what it says: raised with it (a transcript follows its original up).
        listed.Where(i => i.TryGetProperty("derivedFrom", out var from) && from.GetString() == hash).ShouldBeEmpty();
        (await analyst.GetStringAsync("/api/v1/search?q=Travomelik&kind=document")).ShouldContain(hash);
        (await analyst.GetAsync($"/api/v1/evidence/{hash}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Lowered again for a disclosure: a lowering moves the named item only, so its text stays out of the viewer's search until it is lowered too.
        var lowered = await investigator.PostAsJsonAsync($"/api/v1/evidence/{hash}/classification", new { classification = "internal", reason = "disclosed to the families (test)" });
        lowered.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await viewer.GetStringAsync("/api/v1/search?q=Travomelik&kind=document")).ShouldNotContain(hash);
        (await investigator.PostAsJsonAsync($"/api/v1/evidence/{text}/classification", new { classification = "internal", reason = "disclosed with the letter (test)" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await viewer.GetStringAsync("/api/v1/search?q=Travomelik&kind=document")).ShouldContain(hash);
    }

    [Fact]
    public async Task The_api_answers_400_naming_the_field_403_audited_404_and_records_nothing_for_the_same_classification()
    {
        var item = await AddAsync(SyntheticJpeg.WithGps(variant: 71), "syn-classify-api.jpg");
        var investigator = await Demo.ClientAsync(App, Role.Investigator);
        var viewer = await Demo.ClientAsync(App, Role.Viewer);
        var analyst = await Demo.ClientAsync(App, Role.Analyst);
        var url = $"/api/v1/evidence/{item.Hash}/classification";

        var unknown = await investigator.PostAsJsonAsync(url, new { classification = "secret", reason = "r" });
        var noReason = await investigator.PostAsJsonAsync(url, new { classification = "restricted" });
        var byViewer = await viewer.PostAsJsonAsync(url, new { classification = "restricted", reason = "r" });
        var analystProtected = await analyst.PostAsJsonAsync(url, new { classification = "protected-identity", reason = "r" });
        var missing = await investigator.PostAsJsonAsync($"/api/v1/evidence/{new string('b', 64)}/classification", new { classification = "restricted", reason = "r" });
        var size = (await Demo.Store.GetTreeHeadAsync(CancellationToken.None)).Size;
        var same = await investigator.PostAsJsonAsync(url, new { classification = "internal", reason = "again" });

        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("classification", out _).ShouldBeTrue();
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noReason.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("reason", out _).ShouldBeTrue();
        byViewer.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        analystProtected.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        same.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Demo.Store.GetTreeHeadAsync(CancellationToken.None)).Size.ShouldBe(size);
        (await Demo.Store.Evidence.GetItemAsync(item.Hash, CancellationToken.None))!.Classification.ShouldBe(Classification.Internal);
        (await Demo.Store.Audit.QueryAuditAsync(new AuditFilter(Actor: "test-viewer", Type: EntryTypes.Denied, Target: item.Hash), CancellationToken.None)).ShouldNotBeEmpty();
        (await Demo.Store.Audit.QueryAuditAsync(new AuditFilter(Actor: "test-analyst", Type: EntryTypes.Denied, Target: item.Hash), CancellationToken.None)).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_link_from_a_raised_item_leaves_the_viewer_s_record_and_item_link_lists()
    {
        var item = await AddAsync(SyntheticJpeg.WithGps(variant: 75), "syn-classify-linked.jpg");
        var investigator = await Demo.ClientAsync(App, Role.Investigator);
        var viewer = await Demo.ClientAsync(App, Role.Viewer);
        (await investigator.PostAsJsonAsync($"/api/v1/evidence/{item.Hash}/links", new { target = "hamid-noury", relation = "supports", reason = "places him there (test)" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await viewer.GetStringAsync("/api/v1/records/hamid-noury/evidence")).ShouldContain(item.Hash);
        (await viewer.GetAsync($"/api/v1/evidence/{item.Hash}/links")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await investigator.PostAsJsonAsync($"/api/v1/evidence/{item.Hash}/classification", new { classification = "restricted", reason = "a bystander's face (test)" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        (await viewer.GetStringAsync("/api/v1/records/hamid-noury/evidence")).ShouldNotContain(item.Hash);
        (await viewer.GetAsync($"/api/v1/evidence/{item.Hash}/links")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await viewer.GetStringAsync("/records/hamid-noury")).ShouldNotContain(item.Hash);
        (await investigator.GetStringAsync("/api/v1/records/hamid-noury/evidence")).ShouldContain(item.Hash);
    }

    [Fact]
    public async Task An_analyst_cannot_record_custody_on_an_item_raised_above_them_nor_see_it_in_the_answer()
    {
        var item = await AddAsync(SyntheticJpeg.WithGps(variant: 76), "syn-classify-custody.jpg");
        var investigator = await Demo.ClientAsync(App, Role.Investigator);
        var analyst = await Demo.ClientAsync(App, Role.Analyst);
        (await investigator.PostAsJsonAsync($"/api/v1/evidence/{item.Hash}/classification", new { classification = "protected-identity", reason = "identifies a witness (test)" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var size = (await Demo.Store.GetTreeHeadAsync(CancellationToken.None)).Size;

        var custody = await analyst.PostAsJsonAsync($"/api/v1/evidence/{item.Hash}/custody", new { action = "transfer", to = "Prosecutor (synthetic)", reason = "test" });

        custody.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await custody.Content.ReadAsStringAsync()).ShouldNotContain("35.83");
        (await Demo.Store.GetTreeHeadAsync(CancellationToken.None)).Size.ShouldBe(size);
        // Named beside an item they may read, it is still not found, and nothing is recorded.
        var other = await AddAsync(SyntheticJpeg.WithGps(variant: 77), "syn-classify-custody-other.jpg");
        var both = await analyst.PostAsJsonAsync($"/api/v1/evidence/{other.Hash}/custody", new { action = "transfer", items = new[] { item.Hash }, to = "Prosecutor (synthetic)", reason = "test" });
        both.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Demo.Store.Evidence.CustodyAsync(item.Hash, CancellationToken.None)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task The_metadata_erasure_api_destroys_the_metadata_and_refuses_an_analyst()
    {
        var item = await AddAsync(SyntheticJpeg.WithGps(variant: 72), "syn-erase-api.jpg");
        item.Metadata.ShouldNotBeNull();
        var investigator = await Demo.ClientAsync(App, Role.Investigator);
        var analyst = await Demo.ClientAsync(App, Role.Analyst);
        var url = $"/api/v1/evidence/{item.Hash}/metadata-erasure";

        var refused = await analyst.PostAsJsonAsync(url, new { reason = "r" });
        var noReason = await investigator.PostAsJsonAsync(url, new { reason = " " });
        var erased = await investigator.PostAsJsonAsync(url, new { reason = "the photo places a witness (test)" });
        var again = await investigator.PostAsJsonAsync(url, new { reason = "again" });

        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noReason.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("reason", out _).ShouldBeTrue();
        erased.StatusCode.ShouldBe(HttpStatusCode.OK, await erased.Content.ReadAsStringAsync());
        var detail = await erased.Content.ReadFromJsonAsync<JsonElement>();
        (detail.GetProperty("item").TryGetProperty("metadata", out var metadata) ? metadata.ValueKind : JsonValueKind.Undefined).ShouldBeOneOf(JsonValueKind.Null, JsonValueKind.Undefined);
        detail.GetProperty("custody").EnumerateArray().Last().GetProperty("action").GetString().ShouldBe("erase-metadata");
        (await Demo.Store.Evidence.StoredMetadataAsync(item.Hash, CancellationToken.None)).ShouldBeNull();
        again.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("metadata", out _).ShouldBeTrue();
        (await Demo.Store.Audit.QueryAuditAsync(new AuditFilter(Actor: "test-analyst", Type: EntryTypes.Denied), CancellationToken.None)).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task The_page_offers_the_forms_only_to_roles_that_may_use_them()
    {
        var item = await AddAsync(SyntheticJpeg.WithGps(variant: 73), "syn-forms-by-role.jpg");

        var viewer = await (await Demo.ClientAsync(App, Role.Viewer)).GetStringAsync($"/evidence/{item.Hash}");
        var analyst = await (await Demo.ClientAsync(App, Role.Analyst)).GetStringAsync($"/evidence/{item.Hash}");
        var legal = await (await Demo.ClientAsync(App, Role.Legal)).GetStringAsync($"/evidence/{item.Hash}");

        viewer.ShouldNotContain("class=\"classify-form\"");
        viewer.ShouldNotContain("class=\"erase-form\"");
        // The analyst may move it among what they write (not protected-identity), and may not erase.
        analyst.ShouldContain("class=\"classify-form\"");
        analyst.ShouldNotContain("value=\"protected-identity\"");
        analyst.ShouldNotContain("class=\"erase-form\"");
        legal.ShouldContain("class=\"classify-form\"");
        legal.ShouldContain("value=\"protected-identity\"");
        legal.ShouldContain("class=\"erase-form\"");
    }

    [ChromiumFact]
    public async Task In_the_browser_an_investigator_raises_an_item_and_erases_its_metadata_after_confirming_and_the_page_passes_axe_in_both_languages()
    {
        var item = await AddAsync(SyntheticJpeg.WithGps(variant: 74), "syn-classify-browser.jpg");
        await using var session = await BrowserSession.StartAsync(Demo, bearer: await Demo.TokenForAsync(Role.Investigator));
        var page = session.Page;
        await page.GotoAsync($"{session.Address}/evidence/{item.Hash}");
        await session.StepAsync(page, "51-evidence-classify");

        await page.SelectOptionAsync("form.classify-form #classification", "protected-identity");
        await page.FillAsync("form.classify-form #classify-reason", "the photo identifies a witness (test)");
        await page.ClickAsync("form.classify-form button[type=submit]");
        await page.Locator("tr.custody-classify").WaitForAsync();
        (await page.Locator("dd.classification").InnerTextAsync()).ShouldBe("Protected identity");
        (await Demo.Store.Evidence.GetItemAsync(item.Hash, CancellationToken.None))!.Classification.ShouldBe(Classification.ProtectedIdentity);

        // Both forms in Persian, before the erasure takes the erasure form away.
        await page.GotoAsync($"{session.Address}/evidence/{item.Hash}?lang=fa");
        await page.WaitForSelectorAsync("html[lang=fa][dir=rtl]");
        (await page.Locator("form.classify-form button[type=submit]").InnerTextAsync()).ShouldBe("تغییر طبقه‌بندی");
        (await page.Locator("tr.custody-classify td").Nth(4).InnerTextAsync()).ShouldBe("هویت محافظت‌شده");
        (await page.Locator("form.erase-form").CountAsync()).ShouldBe(1);
        await session.StepAsync(page, "52-evidence-classify-persian");
        await page.GotoAsync($"{session.Address}/evidence/{item.Hash}?lang=en");
        await page.WaitForSelectorAsync("html[lang=en]");

        await page.FillAsync("form.erase-form #erase-reason", "the photo places a witness (test)");
        await page.ClickAsync("form.erase-form button[type=submit]");
        await page.Locator("form.erase-confirm-form").WaitForAsync();
        // Nothing is erased before the confirmation.
        (await Demo.Store.Evidence.StoredMetadataAsync(item.Hash, CancellationToken.None)).ShouldNotBeNull();
        await session.StepAsync(page, "53-evidence-erase-confirm");
        await page.ClickAsync("form.erase-confirm-form button[type=submit]");
        await page.Locator("tr.custody-erase-metadata").WaitForAsync();
        (await Demo.Store.Evidence.StoredMetadataAsync(item.Hash, CancellationToken.None)).ShouldBeNull();
        (await page.Locator("form.erase-form").CountAsync()).ShouldBe(0);
        session.ShouldHaveStayedOnThisMachine();
    }
}
