using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dossier.Demo;
using Dossier.Testing;
using Microsoft.AspNetCore.Builder;

namespace Dossier.Web.Tests;

/// <summary>
/// One event's toll shown whole (issue 17 item 5), on the demo: the documented count on the linked SYNTHETIC lists with
/// its range, the estimate with its assumptions and warnings, and the sources' competing figures with their grades —
/// as JSON and as a page, in English and in Persian (right to left), in headless Chromium.
/// </summary>
public abstract class EventCountTests(DemoWorkspaceFixture demo) : IAsyncLifetime
{
    private WebApplication _app = default!;
    private HttpClient _client = default!;

    public async Task InitializeAsync()
    {
        _app = demo.TestApp();
        await _app.StartAsync();
        // Legal: the count page's first readers; and no other test changes this account's language (AccountPreferenceTests
        // sets the viewer's to Persian on the shared fixture).
        _client = await demo.ClientAsync(_app, Dossier.Application.Access.Role.Legal);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_count_answer_gives_every_figure_with_its_basis()
    {
        var count = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/events/{DemoWorkspace.MassacreEventId}/count");

        count.GetProperty("event").GetProperty("id").GetString().ShouldBe(DemoWorkspace.MassacreEventId);

        // The documented count: people on the linked lists, with the range of the sampled clusterings; SYNTHETIC lists.
        var documented = count.GetProperty("documented");
        documented.GetProperty("synthetic").GetBoolean().ShouldBeTrue();
        documented.GetProperty("lists").GetArrayLength().ShouldBe(3);
        var people = documented.GetProperty("people").GetInt64();
        documented.GetProperty("samples").GetInt32().ShouldBe(DemoLists.LinkageSamples);
        documented.GetProperty("lower").GetDouble().ShouldBeLessThanOrEqualTo(documented.GetProperty("upper").GetDouble());
        Math.Abs(documented.GetProperty("median").GetDouble() - people).ShouldBeLessThan(people * 0.05);

        // The estimate: both methods with their intervals and basis, the assumptions, the warnings (SYNTHETIC first).
        var estimate = count.GetProperty("estimate");
        estimate.GetProperty("figuresUsed").GetString().ShouldBe("propagated");
        var figures = estimate.GetProperty("figures").EnumerateArray().ToList();
        figures.Select(f => f.GetProperty("kind").GetString()).ShouldBe(["loglinear", "latent"]);
        foreach (var f in figures)
        {
            f.GetProperty("basis").GetString().ShouldBe("with linkage uncertainty");
            f.GetProperty("lower").GetDouble().ShouldBeLessThanOrEqualTo(f.GetProperty("estimate").GetDouble());
            f.GetProperty("estimate").GetDouble().ShouldBeGreaterThanOrEqualTo(people);
        }

        estimate.GetProperty("assumptions").GetArrayLength().ShouldBe(4);
        estimate.GetProperty("warnings").EnumerateArray().First().GetString()!.ShouldContain("SYNTHETIC");
        var detail = await _client.GetFromJsonAsync<JsonElement>(estimate.GetProperty("href").GetString()!);
        detail.GetProperty("input").GetProperty("workspace").GetProperty("people").GetInt64().ShouldBe(people);

        // The sources' figures side by side: over 30,000, 2,800–3,800, "thousands", each with its source and grades.
        var claims = count.GetProperty("claims").EnumerateArray().Where(c => c.GetProperty("property").GetString() == "executed-count").ToList();
        claims.Select(c => c.GetProperty("sourceId").GetString()).Distinct().Count().ShouldBeGreaterThanOrEqualTo(4);
        claims.ShouldContain(c => c.GetProperty("lower").ValueKind == JsonValueKind.Number && c.GetProperty("lower").GetDouble() == 2800 && c.GetProperty("upper").GetDouble() == 3800);
        claims.ShouldContain(c => c.GetProperty("value").ValueKind == JsonValueKind.Number && c.GetProperty("value").GetDouble() == 30000);
        claims.ShouldContain(c => c.GetProperty("qualifier").GetString() == "Vague" && c.GetProperty("text").GetString()!.Contains("thousands", StringComparison.OrdinalIgnoreCase));
        claims.ShouldAllBe(c => c.GetProperty("sourceTitle").GetString()!.Length > 0 && c.GetProperty("reliability").GetString()!.Length == 1
            && c.GetProperty("credibility").GetInt32() >= 1 && c.GetProperty("credibility").GetInt32() <= 6);
    }

    [Fact]
    public async Task An_event_no_estimate_counts_shows_its_sources_figures_and_says_there_is_no_count()
    {
        var count = await _client.GetFromJsonAsync<JsonElement>("/api/v1/events/crackdown-nov-2019/count");

        count.GetProperty("documented").ValueKind.ShouldBe(JsonValueKind.Null);
        count.GetProperty("estimate").ValueKind.ShouldBe(JsonValueKind.Null);
        count.GetProperty("claims").EnumerateArray().ShouldContain(c => c.GetProperty("value").ValueKind == JsonValueKind.Number && c.GetProperty("value").GetDouble() == 1500);
        var page = await _client.GetStringAsync("/events/crackdown-nov-2019/count");
        page.ShouldContain("class=\"no-estimate\"");
        page.ShouldContain("dossier estimate --event crackdown-nov-2019");
    }

    [Fact]
    public async Task Only_events_have_a_count_and_only_for_signed_in_people()
    {
        (await _client.GetAsync("/api/v1/events/hamid-noury/count")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _client.GetAsync("/api/v1/events/no-such-event/count")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await demo.ClientAsync(_app, null)).GetAsync($"/api/v1/events/{DemoWorkspace.MassacreEventId}/count")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [ChromiumFact]
    public async Task The_count_page_shows_the_three_answers_side_by_side_in_english_and_in_persian()
    {
        await using var session = await BrowserSession.StartAsync(demo, bearer: await demo.TokenForAsync(Dossier.Application.Access.Role.Legal));
        var (address, page) = (session.Address, session.Page);

        await page.GotoAsync($"{address}/records/{DemoWorkspace.MassacreEventId}");
        await page.ClickAsync("#event-count-link");
        await page.WaitForAddressAsync("**/events/*/count");
        await session.ScreenshotAsync("20-event-count.png");

        (await page.Locator("#documented .figure").InnerTextAsync()).ShouldContain("people");
        (await page.Locator("#documented .synthetic-warning").CountAsync()).ShouldBe(1);
        (await page.Locator("#estimate table.count-figures tbody tr").CountAsync()).ShouldBe(2);
        (await page.Locator("#estimate ul.assumptions li").CountAsync()).ShouldBe(4);
        (await page.Locator("#estimate ul.warnings li").First.InnerTextAsync()).ShouldContain("SYNTHETIC");
        var figures = string.Join(" | ", await page.Locator("#claims article.claim .figure").AllInnerTextsAsync());
        figures.ShouldContain("30,000");
        figures.ShouldContain("2,800–3,800");
        figures.ShouldContain("thousands");
        (await page.Locator("#claims article.claim .grade.reliability").CountAsync()).ShouldBe(await page.Locator("#claims article.claim").CountAsync());

        await BrowserSession.SwitchToPersianAsync(page);
        await session.ScreenshotAsync("21-event-count-persian.png");
        (await page.EvaluateAsync<string>("() => getComputedStyle(document.body).direction")).ShouldBe("rtl");
        (await page.Locator("#documented h2").InnerTextAsync()).ShouldBe("قربانیان مستند در فهرست‌های پیوندخورده");
        (await page.Locator("#estimate ul.assumptions li").First.InnerTextAsync()).ShouldStartWith("جمعیت بسته");
        (await page.Locator("#estimate table.count-figures tbody td").Nth(2).InnerTextAsync()).ShouldBe("با عدم قطعیت پیوند");
        (await page.Locator("#claims article.claim").CountAsync()).ShouldBeGreaterThanOrEqualTo(4);
        // The sources' figures in Persian digits with the unit in Persian.
        var persianFigures = string.Join(" | ", await page.Locator("#claims article.claim .figure").AllInnerTextsAsync());
        persianFigures.ShouldContain("۳۰");
        persianFigures.ShouldNotContain("people");
        persianFigures.ShouldNotContain("30,000");
        session.ShouldHaveStayedOnThisMachine();
    }
}
