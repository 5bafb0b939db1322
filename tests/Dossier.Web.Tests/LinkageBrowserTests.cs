using System.Globalization;
using Dossier.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace Dossier.Web.Tests;

/// <summary>
/// The analyst's walk through the demo in headless Chromium: lists → review queue → accept a pair with a
/// reason → the cluster shown as one person → the estimates page with its SVG figures. Screenshots go to
/// artifacts/screenshots; every request stays on this machine. A fixture of its own: the test writes a decision.
/// </summary>
public abstract class LinkageBrowserTests
{
    private readonly DemoWorkspaceFixture _demo;

    protected LinkageBrowserTests(DemoWorkspaceFixture demo) => _demo = demo;

    [ChromiumFact]
    public async Task An_analyst_accepts_an_uncertain_pair_and_sees_one_person_then_the_estimate_figures()
    {
        // Signed in through an API token (the sign-in journey has its own browser test).
        await using var session = await BrowserSession.StartAsync(_demo, bearer: await _demo.TokenForAsync(Dossier.Application.Access.Role.Analyst));
        var (address, page) = (session.Address, session.Page);

        await page.GotoAsync(address + "/lists");
        await session.ScreenshotAsync("10-lists.png");
        (await page.Locator("table.lists tbody tr").CountAsync()).ShouldBe(3);
        (await page.Locator("table.lists .badge.synthetic").CountAsync()).ShouldBe(3);

        await page.ClickAsync("#review-link");
        await page.WaitForAddressAsync("**/lists/review");
        var pairs = page.Locator("article.review-pair");
        var before = await pairs.CountAsync();
        before.ShouldBeGreaterThan(0);
        var first = pairs.First;
        var a = await first.Locator("input[name=a]").GetAttributeAsync("value");
        var b = await first.Locator("input[name=b]").GetAttributeAsync("value");
        (await first.Locator("table.explanation tbody tr").CountAsync()).ShouldBeGreaterThan(3);
        await session.ScreenshotAsync("11-review-queue.png", fullPage: false);

        // The reason is required: the browser will not send the form without it.
        await first.Locator("input[value=accept]").CheckAsync();
        (await first.Locator("textarea[name=reason]").EvaluateAsync<bool>("t => t.checkValidity()")).ShouldBeFalse();
        await first.Locator("textarea[name=reason]").FillAsync("same father's name and prison; the family name is a romanisation variant");
        await first.Locator("button[type=submit]").ClickAsync();
        await page.WaitForAddressAsync("**/lists/cluster/**");
        // The cluster page with its identification forms passes axe as every page does.
        await session.StepAsync(page, "12-cluster-one-person");

        (await page.Locator("[role=status]").InnerTextAsync()).ShouldContain("Decision recorded");
        var shownRows = await page.Locator("table.cluster-rows tbody tr").AllInnerTextsAsync();
        shownRows.Count.ShouldBeGreaterThanOrEqualTo(2);
        var cells = string.Join("\n", shownRows);
        cells.ShouldContain(a!.Split('/')[1]);
        cells.ShouldContain(b!.Split('/')[1]);
        (await page.Locator("h1 .badge.synthetic").CountAsync()).ShouldBe(1);

        // The cluster becomes one (SYNTHETIC) person record, and the person's page shows every list row (issue 18 §6).
        var form = page.Locator("form.identify-new");
        (await form.Locator("select[name=classification]").InputValueAsync()).ShouldBe("internal");
        await form.Locator("textarea[name=reason]").FillAsync("one victim on several lists");
        await form.Locator("button[type=submit]").ClickAsync();
        await page.WaitForAddressAsync("**identified=*");
        (await page.Locator("[role=status]").InnerTextAsync()).ShouldContain("one person");
        (await page.Locator("form.identify-new").CountAsync()).ShouldBe(0);
        var personLink = page.Locator("section.cluster-person a");
        var personId = (await personLink.InnerTextAsync()).Trim();
        personId.ShouldStartWith("syn-victim-");
        await personLink.ClickAsync();
        await page.WaitForAddressAsync($"**/records/{personId}");
        await session.StepAsync(page, "12b-person-from-lists");
        (await page.Locator("h1 .badge.synthetic").CountAsync()).ShouldBe(1);
        (await page.Locator("section.list-rows tbody tr").CountAsync()).ShouldBe(shownRows.Count);
        var onLists = await page.Locator("section.list-rows tbody").InnerTextAsync();
        onLists.ShouldContain(a!.Split('/')[1]);
        onLists.ShouldContain(b!.Split('/')[1]);

        await page.GotoAsync(address + "/lists/review");
        (await page.Locator("article.review-pair").CountAsync()).ShouldBe(before - 1);

        await page.GotoAsync(address + "/estimates");
        await session.ScreenshotAsync("13-estimates.png");
        await page.Locator("table.estimates a").First.ClickAsync();
        await page.WaitForAddressAsync("**/estimates/*");
        await session.ScreenshotAsync("14-estimate-figures.png");

        (await page.Locator("figure.estimate-figure svg").CountAsync()).ShouldBe(2);
        (await page.Locator("#figure-posterior figcaption").InnerTextAsync()).ShouldContain("SYNTHETIC");
        (await page.Locator("#figure-models figcaption li").CountAsync()).ShouldBeGreaterThan(1);
        (await page.Locator("table.models").CountAsync()).ShouldBeGreaterThanOrEqualTo(1);
        // The demo asked for Mt and "Mh Chao" by name: each has its own row with a profile-likelihood interval around N̂, and a place on the chart.
        var named = page.Locator("section.stratum").First.Locator("table.named-models tbody tr");
        (await named.CountAsync()).ShouldBe(2);
        (await named.Nth(0).GetAttributeAsync("data-model")).ShouldBe("Mt");
        (await named.Nth(1).Locator("th code").InnerTextAsync()).ShouldBe("Mh Chao");
        var namedCells = await named.Nth(0).Locator("td").AllInnerTextsAsync();
        var estimate = double.Parse(namedCells[1], NumberStyles.Number, CultureInfo.InvariantCulture);
        var ends = namedCells[2].Split('–').Select(e => double.Parse(e, NumberStyles.Number, CultureInfo.InvariantCulture)).ToArray();
        ends[0].ShouldBeLessThan(estimate);
        ends[1].ShouldBeGreaterThan(estimate);
        (await page.Locator("#figure-models svg").TextContentAsync() ?? string.Empty).ShouldContain("Mt (asked for)");
        // Plug-in and with linkage uncertainty side by side, and which is used.
        (await page.Locator("#linkage-uncertainty .used").GetAttributeAsync("data-used")).ShouldBe("propagated");
        (await page.Locator("#linkage-uncertainty table.linkage-figures tbody tr").CountAsync()).ShouldBe(3);
        (await page.Locator("#linkage-uncertainty tr[data-kind=people] td").First.InnerTextAsync()).ShouldNotBeNullOrWhiteSpace();
        (await page.Locator("#linkage-uncertainty thead").InnerTextAsync()).ShouldContain("With linkage uncertainty (used)");

        // In Persian every label of both figures is inside its figure (issue 18 §4 found them clipped), in Persian digits.
        await page.GotoAsync(page.Url.Split('?')[0] + "?lang=fa");
        await page.WaitForSelectorAsync("html[lang=fa][dir=rtl]");
        var outside = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('figure.estimate-figure svg')].flatMap(svg => {
              const box = svg.getBoundingClientRect();
              return [...svg.querySelectorAll('text')].filter(t => {
                const r = t.getBoundingClientRect();
                return r.width > 0 && (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5);
              }).map(t => t.textContent);
            })
            """);
        outside.ShouldBeEmpty();
        // Figures are in Persian digits; model names such as [12,3] are notation and stay as written.
        var axisLabels = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('figure.estimate-figure svg text[text-anchor=middle]')].map(t => t.textContent)");
        axisLabels.Length.ShouldBeGreaterThanOrEqualTo(10);
        axisLabels.ShouldAllBe(l => l.Any(char.IsDigit) && !l.Any(char.IsAsciiDigit));
        (await page.Locator("#figure-posterior svg").TextContentAsync() ?? string.Empty).ShouldContain("بازهٔ باورپذیری ۹۵٪");
        await session.StepAsync(page, "14b-estimate-figures-persian");
        session.ShouldHaveStayedOnThisMachine();
    }
}
