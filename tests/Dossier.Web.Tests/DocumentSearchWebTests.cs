using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dossier.Application.Access;
using Dossier.Application.Evidence;
using Dossier.Application.Ledger;
using Dossier.Domain.Records;
using Dossier.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace Dossier.Web.Tests;

/// <summary>
/// Search inside documents through the API and the search page (issue 16 item 2, ADR 1602): a page of an ingested
/// document's text is found by a Latin spelling of a Persian name, with its page and the name marked, only by readers
/// of its classification; the page is readable in English and Persian and passes axe.
/// </summary>
public abstract class DocumentSearchWebTests(DemoWorkspaceFixture demo)
{
    private static readonly Lazy<string> Axe = new(() => File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "tests", "Dossier.Web.Tests", "Vendor", "axe.min.js")));

    /// <summary>Ingests a two-page document into the demo (the extracted text made by hand, as docs/formats/extracted-text.md describes it).</summary>
    private async Task<string> IngestAsync(string name, string marker, Classification classification) => (await IngestWithSuggestionsAsync(name, marker, classification)).Hash;

    /// <summary>As <see cref="IngestAsync"/>, with the suggestions an ingest of that text makes (Hamid Noury and 8 Mordad 1367, on page 2): the item's hash and the suggestions' ids.</summary>
    private async Task<(string Hash, string Person, string Date)> IngestWithSuggestionsAsync(string name, string marker, Classification classification)
    {
        string[] pages =
        [
            $"Cover page (synthetic test document {marker})",
            $"حمید نوری در ۸ مرداد ۱۳۶۷ در زندان گوهردشت بود. {marker}",
        ];
        var service = EvidenceService.For(demo.Store, TimeProvider.System);
        var request = new AcquisitionRequest
        {
            Collector = "Investigator A (synthetic)", CollectedAt = new DateTimeOffset(2021, 11, 12, 14, 5, 0, TimeSpan.Zero), Zone = "UTC",
            Method = "handed over (synthetic)", Tool = "test", ToolVersion = "1", Classification = classification,
        };
        var ingested = await service.IngestAsync(new MemoryStream(Encoding.UTF8.GetBytes($"%PDF-1.7 {marker}")), name, request,
            (stored, _) => Task.FromResult(new AnalysisOutput(JsonSerializer.SerializeToUtf8Bytes(new
            {
                format = "dossier.extracted-text",
                version = 1,
                original = new { hash = stored.Hash, name, mediaType = "application/pdf" },
                status = "ok",
                pages = pages.Select((text, i) => new { page = i + 1, method = "text-layer", text }).ToArray(),
            }), name + ".text.json", request with { Tool = "dossier ingest" }, "dossier ingest test", null)
            {
                Suggestions =
                [
                    new SuggestedItem("person", "hamid-noury", "Hamid Noury", [2], 1),
                    new SuggestedItem("date", "1988-07-30", "1367/05/08 SH = 1988-07-30", [2], 1),
                ],
            }),
            new Principal("test-investigator", Role.Investigator), "ingest for the search test", CancellationToken.None);
        ingested.Status.ShouldBe(EvidenceStatus.Added, string.Join("; ", ingested.Errors));
        var entry = ingested.SuggestionEntry!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return (ingested.Original!.Hash, entry + ".1", entry + ".2");
    }

    [Fact]
    public async Task The_api_lists_suggestions_by_classification_and_a_decision_makes_a_link_or_a_claim_once()
    {
        var (hash, person, date) = await IngestWithSuggestionsAsync("queue-letter.pdf", "Vashtemor", Classification.Restricted);
        await using var app = demo.TestApp();
        await app.StartAsync();
        var investigator = await demo.ClientAsync(app, Role.Investigator);
        var viewer = await demo.ClientAsync(app, Role.Viewer);

        var open = (await investigator.GetFromJsonAsync<JsonElement>($"/api/v1/suggestions?item={hash}")).EnumerateArray().ToList();
        open.Select(s => (s.GetProperty("id").GetString(), s.GetProperty("kind").GetString(), s.GetProperty("target").GetString(), s.GetProperty("status").GetString()))
            .ShouldBe([(person, "person", "hamid-noury", "open"), (date, "date", "1988-07-30", "open")]);
        (await viewer.GetFromJsonAsync<JsonElement>($"/api/v1/suggestions?item={hash}")).GetArrayLength().ShouldBe(0);
        var refused = await viewer.PostAsJsonAsync($"/api/v1/suggestions/{person}/decision", new { decision = "accept", reason = "names him" });
        refused.StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);

        var linked = await investigator.PostAsJsonAsync($"/api/v1/suggestions/{person}/decision", new { decision = "accept", reason = "the letter names him" });
        linked.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, await linked.Content.ReadAsStringAsync());
        (await linked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result").GetString().ShouldBe("link");
        var again = await investigator.PostAsJsonAsync($"/api/v1/suggestions/{person}/decision", new { decision = "reject", reason = "second thoughts" });
        again.StatusCode.ShouldBe(System.Net.HttpStatusCode.Conflict);
        var noSource = await investigator.PostAsJsonAsync($"/api/v1/suggestions/{date}/decision", new { decision = "accept", reason = "the date" });
        noSource.StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
        var claimed = await investigator.PostAsJsonAsync($"/api/v1/suggestions/{date}/decision",
            new { decision = "accept", reason = "the date", source = "s1-stockholm-brussels-blows", subjects = new[] { "hamid-noury" } });
        claimed.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, await claimed.Content.ReadAsStringAsync());
        var claimId = (await claimed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result").GetString()!["claim:".Length..];

        var link = (await demo.Store.EvidenceLinks.LinksFromAsync(hash, CancellationToken.None)).ShouldHaveSingleItem();
        (link.TargetId, link.Relation, link.Locator.PageFrom).ShouldBe(("hamid-noury", EvidenceRelation.Mentions, (int?)2));
        var claim = (Claim)(await demo.Store.GetAsync(claimId, CancellationToken.None))!.Record;
        (claim.SourceId, claim.Locator, claim.Classification).ShouldBe(("s1-stockholm-brussels-blows", $"evidence {hash}, p. 2", Classification.Restricted));
        (await investigator.GetFromJsonAsync<JsonElement>($"/api/v1/suggestions?item={hash}")).GetArrayLength().ShouldBe(0);
    }

    [ChromiumFact]
    public async Task The_review_page_accepts_a_name_through_its_form_and_reads_in_persian()
    {
        var (hash, person, _) = await IngestWithSuggestionsAsync("form-letter.pdf", "Drelquomin", Classification.Internal);
        await using var session = await BrowserSession.StartAsync(demo, bearer: await demo.TokenForAsync(Role.Investigator));
        var (address, page) = (session.Address, session.Page);

        await page.GotoAsync(address + "/suggestions?item=" + hash);
        await EnglishAsync(page);
        (await page.Locator("section.suggestions h2").InnerTextAsync()).ShouldBe("form-letter.pdf");
        await AxeAsync(page, "suggestions-en");
        var row = page.Locator("#s-" + person.Replace('.', '-'));
        await row.Locator("input[name=reason]").FillAsync("the letter names him (test)");
        await row.Locator("button[value=accept]").ClickAsync();
        await page.WaitForAddressAsync("**/suggestions?decided=*");

        (await page.Locator("p.notice").InnerTextAsync()).ShouldBe($"Suggestion {person} recorded.");
        (await demo.Store.EvidenceLinks.LinksFromAsync(hash, CancellationToken.None)).ShouldHaveSingleItem().Reason.ShouldBe("the letter names him (test)");
        await page.GotoAsync(address + "/suggestions?item=" + hash);
        (await page.Locator("li.suggestion").CountAsync()).ShouldBe(1); // the date is still open
        await BrowserSession.SwitchToPersianAsync(page);
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("پیشنهادها");
        (await page.Locator("li.suggestion .kind").InnerTextAsync()).ShouldBe("تاریخ");
        await AxeAsync(page, "suggestions-fa");
        session.ShouldHaveStayedOnThisMachine();
    }

    [Fact]
    public async Task The_api_returns_a_document_page_beside_the_records_only_to_readers_of_its_classification()
    {
        var hash = await IngestAsync("api-letter.pdf", "Qelvarost", Classification.Restricted);
        await using var app = demo.TestApp();
        await app.StartAsync();
        var investigator = await demo.ClientAsync(app, Role.Investigator);
        var viewer = await demo.ClientAsync(app, Role.Viewer);

        var hits = (await investigator.GetFromJsonAsync<JsonElement>("/api/v1/search?q=Nouri+Qelvarost")).EnumerateArray().ToList();
        var document = hits.ShouldHaveSingleItem();
        document.GetProperty("kind").GetString().ShouldBe("document");
        document.GetProperty("id").GetString().ShouldBe(hash);
        document.GetProperty("label").GetString().ShouldBe("api-letter.pdf");
        document.GetProperty("page").GetInt32().ShouldBe(2);
        document.GetProperty("snippet").EnumerateArray().Where(p => p.GetProperty("matched").GetBoolean()).Select(p => p.GetProperty("text").GetString())
            .ShouldBe(["نوری", "Qelvarost"]);

        // Records come first and are unchanged: Hamid Noury is still found, with no page or snippet members.
        var all = (await investigator.GetFromJsonAsync<JsonElement>("/api/v1/search?q=Nouri")).EnumerateArray().ToList();
        all[0].GetProperty("kind").GetString().ShouldNotBe("document");
        all[0].TryGetProperty("snippet", out _).ShouldBeFalse();
        all.ShouldContain(h => h.GetProperty("id").GetString() == hash);
        (await investigator.GetFromJsonAsync<JsonElement>("/api/v1/search?q=Qelvarost&kind=person")).GetArrayLength().ShouldBe(0);
        (await investigator.GetFromJsonAsync<JsonElement>("/api/v1/search?q=Qelvarost&kind=document")).GetArrayLength().ShouldBe(2); // the marker is on both pages

        // A viewer reads public and internal only: the restricted page does not exist for them, not even its name.
        var seen = await viewer.GetStringAsync("/api/v1/search?q=Qelvarost");
        seen.ShouldBe("[]");
    }

    [ChromiumFact]
    public async Task The_search_page_shows_the_document_page_with_the_name_marked_in_english_and_persian()
    {
        var hash = await IngestAsync("page-letter.pdf", "Tormivask", Classification.Internal);
        await using var session = await BrowserSession.StartAsync(demo, bearer: await demo.TokenForAsync(Role.Analyst));
        var (address, page) = (session.Address, session.Page);

        await page.GotoAsync(address + "/search?q=" + Uri.EscapeDataString("Nouri Tormivask"));
        await EnglishAsync(page);
        var section = page.Locator("section.documents");
        (await section.Locator("h2").InnerTextAsync()).ShouldBe("In documents");
        var item = section.Locator("li").First;
        (await item.Locator("a").GetAttributeAsync("href")).ShouldBe($"/evidence/{hash}");
        (await item.Locator(".page").InnerTextAsync()).ShouldBe("page 2");
        (await item.Locator("mark").AllInnerTextsAsync()).ShouldBe(["نوری", "Tormivask"]);
        await AxeAsync(page, "doc-search-en");

        await BrowserSession.SwitchToPersianAsync(page);
        (await page.Locator("section.documents h2").InnerTextAsync()).ShouldBe("در اسناد");
        (await page.Locator("section.documents .page").First.InnerTextAsync()).ShouldBe("صفحهٔ 2");
        await AxeAsync(page, "doc-search-fa");
        session.ShouldHaveStayedOnThisMachine();
    }

    private static MultipartFormDataContent IngestForm(string html, string name, params (string Field, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (field, value) in fields)
        {
            form.Add(new StringContent(value), field);
        }

        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(html));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/html");
        form.Add(file, "file", name);
        return form;
    }

    [Fact]
    public async Task Ingest_through_the_api_stores_the_file_reads_its_text_records_suggestions_and_makes_it_searchable()
    {
        await using var app = demo.TestApp();
        await app.StartAsync();
        var investigator = await demo.ClientAsync(app, Role.Investigator);
        var html = "<html><body><p>Letter (synthetic, Plovendrix).</p><p>حمید نوری در ۸ مرداد ۱۳۶۷ در زندان گوهردشت بود.</p></body></html>";
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(html)));
        var size = (await demo.Store.GetTreeHeadAsync(CancellationToken.None)).Size;

        var missing = await investigator.PostAsync("/api/v1/evidence/ingest", IngestForm(html, "letter.html", ("collectedAt", "2021-11-12T14:05:00+01:00"), ("method", "handed over (synthetic)")));
        var derivative = await investigator.PostAsync("/api/v1/evidence/ingest", IngestForm(html, "letter.html", ("derivedFrom", hash)));
        missing.StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
        (await missing.Content.ReadAsStringAsync()).ShouldContain("collector");
        derivative.StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
        (await derivative.Content.ReadAsStringAsync()).ShouldContain("unknown field");
        (await demo.Store.GetTreeHeadAsync(CancellationToken.None)).Size.ShouldBe(size);

        var response = await investigator.PostAsync("/api/v1/evidence/ingest", IngestForm(html, "letter.html",
            ("collector", "Investigator A (synthetic)"), ("collectedAt", "2021-11-12T14:05:00+01:00"), ("zone", "Europe/Stockholm"), ("method", "handed over (synthetic)"), ("classification", "internal")));

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("item").GetProperty("item").GetProperty("hash").GetString().ShouldBe(hash);
        body.GetProperty("item").GetProperty("item").GetProperty("classification").GetString().ShouldBe("internal");
        body.GetProperty("status").GetString().ShouldBe("ok");
        body.GetProperty("pages").GetInt32().ShouldBe(1);
        var suggested = body.GetProperty("suggestions").EnumerateArray().Select(x => (x.GetProperty("kind").GetString(), x.GetProperty("target").GetString())).ToList();
        suggested.ShouldContain(("person", "hamid-noury"));
        suggested.ShouldContain(("date", "1988-07-30"));
        var hits = (await investigator.GetFromJsonAsync<JsonElement>("/api/v1/search?q=Nouri+Plovendrix")).EnumerateArray().ToList();
        hits.ShouldHaveSingleItem().GetProperty("id").GetString().ShouldBe(hash);

        var again = await investigator.PostAsync("/api/v1/evidence/ingest", IngestForm(html, "letter.html",
            ("collector", "Investigator A (synthetic)"), ("collectedAt", "2021-11-12T14:05:00+01:00"), ("method", "handed over (synthetic)"), ("classification", "internal")));
        again.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
    }

    [ChromiumFact]
    public async Task The_upload_form_ingests_a_file_and_opens_its_suggestions()
    {
        await using var session = await BrowserSession.StartAsync(demo, bearer: await demo.TokenForAsync(Role.Investigator));
        var (address, page) = (session.Address, session.Page);
        var letter = Path.Combine(demo.Directory, "upload-letter-synthetic.html");
        await File.WriteAllTextAsync(letter, "<html><body><p>Letter (synthetic, Quarnestel).</p><p>حمید نوری در ۸ مرداد ۱۳۶۷ در زندان گوهردشت بود.</p></body></html>");

        await page.GotoAsync(address + "/evidence/add");
        await EnglishAsync(page);
        await page.SetInputFilesAsync("#file", letter);
        await page.FillAsync("#collector", "Investigator A (synthetic)");
        await page.FillAsync("#collectedAt", "2021-11-12T14:05:00+01:00");
        await page.FillAsync("#method", "handed over (synthetic)");
        await page.CheckAsync("#extract");
        await AxeAsync(page, "ingest-form-en");
        await page.ClickAsync("form.evidence-form button[type=submit]");
        await page.WaitForAddressAsync("**/suggestions?item=*");

        (await page.Locator("section.suggestions h2").InnerTextAsync()).ShouldBe("upload-letter-synthetic.html");
        var kinds = await page.Locator("li.suggestion .kind").AllInnerTextsAsync();
        kinds.ShouldContain("person");
        kinds.ShouldContain("date");
        (await page.Locator("li.suggestion a[href='/records/hamid-noury']").CountAsync()).ShouldBe(1);
        session.ShouldHaveStayedOnThisMachine();
    }

    /// <summary>The page in English: a test that switched to Persian before saved the choice on the shared test account.</summary>
    private static async Task EnglishAsync(IPage page)
    {
        if (await page.Locator("html").GetAttributeAsync("lang") == "fa")
        {
            await page.ClickAsync("text=English");
            await page.WaitForSelectorAsync("html[lang=en]");
        }
    }

    private async Task AxeAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.Screenshots, demo is PostgresDemo ? "postgres" : string.Empty, name + ".png") });
        await page.EvaluateAsync(Axe.Value);
        var violations = await page.EvaluateAsync<JsonElement>(
            """
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
            }
            """);
        violations.EnumerateArray().Select(v => v.GetString()).ShouldBeEmpty($"axe on {name} ({page.Url})");
    }
}
