using System.Text.Json;
using Dossier.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace Dossier.Web.Tests;

/// <summary>
/// The investigator's journey of issue 5 in headless Chromium against the real server on 127.0.0.1:
/// search in both scripts, the Noury page, Persian, timeline, map and network — a screenshot at each
/// step, axe-core (vendored into the tests only) on each page, and no request leaving the machine.
/// </summary>
public abstract class WorkbenchJourneyTests(DemoWorkspaceFixture demo)
{
    private static readonly Lazy<string> Axe = new(() => File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "tests", "Dossier.Web.Tests", "Vendor", "axe.min.js")));

    [ChromiumFact]
    public async Task An_investigator_walks_search_record_Persian_timeline_map_and_network()
    {
        await using var session = await BrowserSession.StartAsync(demo);
        var page = session.Page;

        await page.GotoAsync(session.Address + "/");
        await Step(page, "wb-01-dashboard");

        await page.FillAsync("#top-q", "Nouri");
        await page.PressAsync("#top-q", "Enter");
        await page.WaitForAddressAsync("**/search?**");
        (await page.Locator(".facets .facet").CountAsync()).ShouldBeGreaterThanOrEqualTo(3);
        (await page.Locator("mark", new PageLocatorOptions { HasTextString = "Noury" }).CountAsync()).ShouldBeGreaterThan(0);
        (await page.Locator("mark", new PageLocatorOptions { HasTextString = "نوری" }).CountAsync()).ShouldBeGreaterThan(0);
        await Step(page, "wb-02-search-nouri");

        await page.FillAsync("#q", "نوری");
        await page.PressAsync("#q", "Enter");
        await page.WaitForAddressAsync("**/search?q=%D9%86**");
        (await page.Locator("mark", new PageLocatorOptions { HasTextString = "نوری" }).CountAsync()).ShouldBeGreaterThan(0);
        (await page.Locator("mark", new PageLocatorOptions { HasTextString = "Noury" }).CountAsync()).ShouldBeGreaterThan(0);
        await Step(page, "wb-03-search-persian");

        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Hamid Noury", Exact = true }).First.ClickAsync();
        await page.WaitForAddressAsync("**/records/hamid-noury");
        var positions = await page.Locator("section.positions").InnerTextAsync();
        positions.ShouldContain("assistant to the deputy prosecutor");
        positions.ShouldContain("Gohardasht");
        await Step(page, "wb-04-hamid-noury");

        // The competing death tolls: from Noury's page to the massacre his prison's executions were part of.
        await page.GotoAsync(session.Address + "/records/massacre-1988");
        (await page.Locator(".competing .claim").CountAsync()).ShouldBeGreaterThanOrEqualTo(3);
        await Step(page, "wb-05-competing-tolls");

        await BrowserSession.SwitchToPersianAsync(page);
        page.Url.ShouldContain("/records/massacre-1988");
        (await page.EvaluateAsync<string>("() => getComputedStyle(document.body).direction")).ShouldBe("rtl");
        await Step(page, "wb-06-persian");

        await page.GotoAsync(session.Address + "/");
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "خط زمانی", Exact = true }).ClickAsync();
        await page.WaitForAddressAsync("**/timeline");
        (await page.Locator("svg.timeline a").CountAsync()).ShouldBeGreaterThanOrEqualTo(8);
        // Persian titles in the chart carry their own direction.
        (await page.Locator("svg.timeline text[direction=rtl]").CountAsync()).ShouldBeGreaterThan(0);
        await Step(page, "wb-07-timeline-persian");

        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "هجری شمسی", Exact = true }).ClickAsync();
        await page.WaitForAddressAsync("**/timeline");
        (await page.Locator("table.chart-table time[title]").CountAsync()).ShouldBeGreaterThan(0);
        await Step(page, "wb-08-timeline-solar-hijri");

        await page.GotoAsync(session.Address + "/map");
        (await page.Locator("svg.map a[href='/records/gohardasht-prison-site']").CountAsync()).ShouldBe(1);
        await Step(page, "wb-09-map");

        await page.GotoAsync(session.Address + "/map?synthetic=show");
        (await page.Locator("table.chart-table td.victims").CountAsync()).ShouldBeGreaterThan(0);
        await Step(page, "wb-09b-map-victims");

        // Opened plainly, the network is the case: its accused, their posts, and what each line means.
        await page.GotoAsync(session.Address + "/network");
        (await page.Locator("svg.network line.type-held-post").CountAsync()).ShouldBeGreaterThanOrEqualTo(1);
        (await page.Locator("svg.network line.type-accused-in").CountAsync()).ShouldBeGreaterThanOrEqualTo(1);
        await Step(page, "wb-10a-network-case");

        await page.GotoAsync(session.Address + "/network?centre=hamid-noury&depth=2");
        (await page.Locator("svg.network a[href='/records/pos-noury-gohardasht-1988']").CountAsync()).ShouldBe(1);
        await Step(page, "wb-10-network");

        await page.ClickAsync("header.top .lang button");
        await page.WaitForAddressAsync("**/network?centre=hamid-noury&depth=2");
        (await page.EvaluateAsync<string>("() => document.documentElement.lang")).ShouldBe("en");
        await Step(page, "wb-11-network-english");

        session.Requests.ShouldNotBeEmpty();
        session.Requests.ShouldAllBe(url => url.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
    }

    [ChromiumFact]
    public async Task Keyboard_users_reach_the_content_and_the_chart_links_with_a_visible_focus()
    {
        await using var session = await BrowserSession.StartAsync(demo);
        var page = session.Page;
        await page.GotoAsync(session.Address + "/timeline");

        await page.Keyboard.PressAsync("Tab");
        (await page.EvaluateAsync<string>("() => document.activeElement.className")).ShouldBe("skip");
        (await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle")).ShouldNotBe("none");
        await page.Keyboard.PressAsync("Enter");
        // The browser follows the skip link after the key press returns: wait for the fragment, not for time.
        await page.WaitForFunctionAsync("() => location.hash === '#main'");
        page.Url.ShouldEndWith("#main");

        // Tab on until focus reaches a record link inside the chart.
        string? focused = null;
        for (var i = 0; i < 60 && focused is null; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            focused = await page.EvaluateAsync<string?>("() => document.activeElement.closest('svg') ? document.activeElement.getAttribute('href') : null");
        }

        focused.ShouldNotBeNull();
        focused.ShouldStartWith("/records/");
        await session.ScreenshotAsync("wb-12-keyboard-focus.png", fullPage: false);
    }

    /// <summary>A screenshot, then axe-core on the page: no serious or critical violation.</summary>
    private async Task Step(IPage page, string name)
    {
        // The viewport, where the charts are; the text alternative below them is checked by axe, not by eye.
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
