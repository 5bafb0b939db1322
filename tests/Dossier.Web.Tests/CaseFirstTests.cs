using Dossier.Application.Access;
using Dossier.Domain;
using Dossier.Domain.Records;
using Dossier.Testing;
using Microsoft.Playwright;

namespace Dossier.Web.Tests;

/// <summary>
/// Issue 18 §1 in headless Chromium on the served demo: the case before the crowd. The massacre page shows its competing
/// death tolls near the top, its hundreds of synthetic acts fold into a labelled count, the dashboard puts the case before
/// the recent changes, and one switch (?synthetic=show) brings the invented records back, each still labelled.
/// </summary>
public abstract class CaseFirstTests(DemoWorkspaceFixture demo)
{
    /// <summary>The judged bound: the death-toll claims start within the first 2,000 px of the page.</summary>
    private const double JudgedTop = 2000;

    /// <summary>The group of the competing death tolls: how many were executed, by source.</summary>
    private const string DeathTolls = ".claims .claim-group.competing[data-property='executed-count']";

    [ChromiumFact]
    public async Task The_massacre_page_shows_the_competing_death_tolls_first_in_English_and_in_Persian()
    {
        await using var session = await BrowserSession.StartAsync(demo);
        var page = session.Page;

        await page.GotoAsync(session.Address + "/records/massacre-1988");
        var englishTop = await TopOfAsync(page, DeathTolls);
        englishTop.ShouldBeLessThan(JudgedTop);
        (await page.Locator(DeathTolls + " .claim .figure").CountAsync()).ShouldBeGreaterThanOrEqualTo(3);
        // The claims come before the people and acts that point at the event.
        englishTop.ShouldBeLessThan(await TopOfAsync(page, "section.related"));
        await session.StepAsync(page, "cf-01-massacre-english");

        await BrowserSession.SwitchToPersianAsync(page);
        page.Url.ShouldContain("/records/massacre-1988");
        var persianTop = await TopOfAsync(page, DeathTolls);
        persianTop.ShouldBeLessThan(JudgedTop);
        await session.StepAsync(page, "cf-02-massacre-persian");
        session.ShouldHaveStayedOnThisMachine();
    }

    [ChromiumFact]
    public async Task Synthetic_acts_fold_into_a_labelled_count_and_one_switch_shows_them_labelled()
    {
        await using var session = await BrowserSession.StartAsync(demo);
        var page = session.Page;

        await page.GotoAsync(session.Address + "/records/massacre-1988");
        var note = page.Locator("section.related .synthetic-note");
        (await note.CountAsync()).ShouldBe(1);
        var hidden = int.Parse(System.Text.RegularExpressions.Regex.Match(await note.InnerTextAsync(), "[0-9][0-9,]*").Value.Replace(",", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        hidden.ShouldBeGreaterThan(100);
        // Nothing synthetic is listed among the related records by default.
        (await page.Locator("section.related li .badge.synthetic").CountAsync()).ShouldBe(0);
        // The acts' group still says how many acts point at the event.
        (await page.Locator("#related-act h3 .count").InnerTextAsync()).Replace(",", string.Empty, StringComparison.Ordinal).ShouldBe(hidden.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await note.Locator("a").ClickAsync();
        await page.WaitForAddressAsync("**/records/massacre-1988?synthetic=show");
        var listed = page.Locator("#related-act li");
        (await listed.CountAsync()).ShouldBe(hidden);
        (await page.Locator("#related-act li .badge.synthetic").CountAsync()).ShouldBe(hidden);
        // Shown, they are folded after the first rows: the claims stay near the top.
        (await TopOfAsync(page, DeathTolls)).ShouldBeLessThan(JudgedTop);
        await session.StepAsync(page, "cf-03-massacre-synthetic-shown");
        session.ShouldHaveStayedOnThisMachine();
    }

    [ChromiumFact]
    public async Task The_dashboard_shows_the_case_before_recent_changes_and_no_synthetic_rows_by_default()
    {
        await using var session = await BrowserSession.StartAsync(demo);
        var page = session.Page;

        await page.GotoAsync(session.Address + "/");
        var caseTop = await TopOfAsync(page, "#case-summary");
        caseTop.ShouldBeLessThan(await TopOfAsync(page, "section.recent"));
        (await page.Locator("#case-summary .disputed li a[href='/records/massacre-1988#claims-heading']").CountAsync()).ShouldBeGreaterThan(0);
        (await page.Locator("#case-summary a[href='/records/hamid-noury']").CountAsync()).ShouldBeGreaterThan(0);
        (await page.Locator("section.recent tbody .badge.synthetic").CountAsync()).ShouldBe(0);
        (await page.Locator("section.recent tbody tr").CountAsync()).ShouldBeGreaterThan(0);
        // The calendar choices sit on one line with their label (a form inside a paragraph used to break the line).
        var chosen = await page.Locator(".calendar-switch strong[aria-current='true']").BoundingBoxAsync();
        var other = await page.Locator(".calendar-switch form.choice button").BoundingBoxAsync();
        Math.Abs(chosen!.Y - other!.Y).ShouldBeLessThan(chosen.Height / 2);
        await session.StepAsync(page, "cf-04-dashboard");

        await BrowserSession.SwitchToPersianAsync(page);
        page.Url.ShouldBe(session.Address + "/");
        (await page.Locator("#case-summary h2").InnerTextAsync()).ShouldBe("پرونده");
        await session.StepAsync(page, "cf-05-dashboard-persian");
        session.ShouldHaveStayedOnThisMachine();
    }

    [ChromiumFact]
    public async Task Browse_network_and_timeline_leave_synthetic_people_out_until_the_switch_is_on()
    {
        await using var session = await BrowserSession.StartAsync(demo);
        var page = session.Page;

        await page.GotoAsync(session.Address + "/browse/person");
        (await page.Locator(".badge.synthetic").CountAsync()).ShouldBe(1, "only the note's own badge");
        (await page.Locator(".synthetic-note").CountAsync()).ShouldBe(1);
        (await page.Locator("a[href='/records/hamid-noury']").CountAsync()).ShouldBe(1);
        await session.StepAsync(page, "cf-06-browse-people");

        await page.GotoAsync(session.Address + "/browse/person?synthetic=show");
        (await page.Locator("a[href^='/records/syn-'] + .badge.synthetic").CountAsync()).ShouldBeGreaterThan(0);

        // The network with its centre cleared (every record; an anonymous visitor otherwise starts on the trial, where no invented person stands).
        foreach (var path in new[] { "/network?centre=", "/timeline" })
        {
            await page.GotoAsync(session.Address + path);
            (await page.Locator("a[href^='/records/syn-']").CountAsync()).ShouldBe(0, path);
            (await page.Locator(".synthetic-note").CountAsync()).ShouldBe(1, path);
            await page.GotoAsync(session.Address + path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "synthetic=show");
            (await page.Locator("a[href^='/records/syn-']").CountAsync()).ShouldBeGreaterThan(0, path);
        }

        session.ShouldHaveStayedOnThisMachine();
    }

    [Fact]
    public async Task An_accused_persons_page_leads_to_the_cases_and_allegations_naming_him_and_names_the_sources_of_his_posts()
    {
        // Expected from the store, as the legal role reads it: the cases and allegations that accuse Hamid Noury.
        var readable = AccessPolicy.HighestReadable(Role.Legal);
        var cases = (await demo.Store.ListAsync(RecordKind.Case, readable, 0, 1_000, CancellationToken.None))
            .Where(e => !e.Retracted).Select(e => e.Record).OfType<CaseFile>().Where(c => c.AccusedIds.Contains("hamid-noury")).ToList();
        var allegations = (await demo.Store.ListAsync(RecordKind.Allegation, readable, 0, 1_000, CancellationToken.None))
            .Where(e => !e.Retracted).Select(e => e.Record).OfType<Allegation>().Count(a => a.AccusedIds.Contains("hamid-noury"));
        cases.ShouldNotBeEmpty();
        allegations.ShouldBeGreaterThan(0);
        var posts = (await demo.Store.ListAsync(RecordKind.Position, Classification.Public, 0, 1_000, CancellationToken.None))
            .Select(e => e.Record).OfType<Dossier.Domain.Records.Position>().Where(p => p.PersonId == "hamid-noury").ToList();
        var postSources = posts.SelectMany(p => p.Sources).Distinct(StringComparer.Ordinal).ToList();
        postSources.ShouldNotBeEmpty();

        await using var app = demo.TestApp();
        await app.StartAsync();
        var html = await (await demo.ClientAsync(app, Role.Legal)).GetStringAsync("/records/hamid-noury");
        var section = System.Text.RegularExpressions.Regex.Match(html, "<section class=\"accused-in\".*?</section>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
        foreach (var caseFile in cases)
        {
            section.ShouldContain($"href=\"/cases/{caseFile.Id}\"");
        }

        section.ShouldContain("href=\"/testimony/accused/hamid-noury\"");
        section.ShouldContain($">{allegations.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} allegations against this person");

        // The posts' sources are links with their titles, not bare ids.
        var positions = System.Text.RegularExpressions.Regex.Match(html, "<section class=\"positions\">.*?</section>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
        foreach (var source in postSources)
        {
            positions.ShouldContain($"href=\"/records/{source}\"");
        }

        // An anonymous visitor reads no case or allegation, so the section is not there at all.
        (await (await demo.ClientAsync(app, null)).GetStringAsync("/records/hamid-noury")).ShouldNotContain("accused-in");
    }

    private static Task<double> TopOfAsync(IPage page, string selector) =>
        page.Locator(selector).First.EvaluateAsync<double>("e => e.getBoundingClientRect().top + window.scrollY");
}
