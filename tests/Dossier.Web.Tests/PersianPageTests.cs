using System.Text.RegularExpressions;
using Dossier.Domain.Records;
using Dossier.Testing;
using Microsoft.Playwright;

namespace Dossier.Web.Tests;

/// <summary>
/// Issue 18 §4 in headless Chromium on the served demo, read by assertions on text and element positions: titles in the
/// reader's script, translated values, Persian digits, Solar Hijri once, and Latin values isolated beside their labels.
/// </summary>
public abstract partial class PersianPageTests(DemoWorkspaceFixture demo)
{
    [ChromiumFact]
    public async Task Hamid_Nourys_page_is_titled_in_Persian_script_in_the_Persian_interface()
    {
        await using var session = await BrowserSession.StartAsync(demo);
        var page = session.Page;
        await page.GotoAsync(session.Address + "/records/hamid-noury");
        (await page.Locator("h1").InnerTextAsync()).ShouldStartWith("Hamid Noury");

        await ToPersianAsync(page);
        var title = await page.Locator("h1").InnerTextAsync();
        title.ShouldStartWith("حمید نوری");
        (await page.TitleAsync()).ShouldStartWith("حمید نوری");
        // The Latin name is not lost: it stands beneath the title.
        (await page.Locator("header.record-head .alt-title").InnerTextAsync()).ShouldBe("Hamid Noury");
        await session.StepAsync(page, "fa-01-hamid-noury");
        session.ShouldHaveStayedOnThisMachine();
    }

    [ChromiumFact]
    public async Task The_massacre_page_in_Persian_translates_its_values_and_writes_figures_in_Persian_digits()
    {
        await using var session = await BrowserSession.StartAsync(demo);
        var page = session.Page;
        await page.GotoAsync(session.Address + "/records/massacre-1988");
        await ToPersianAsync(page);

        var headings = await page.Locator(".claims .claim-group h3").AllInnerTextsAsync();
        headings.ShouldNotBeEmpty();
        // No group is headed by a raw key such as "executed-count".
        headings.ShouldAllBe(h => !RawKey().IsMatch(h.Trim()));
        headings.ShouldContain(h => h.Contains("شمار اعدام‌شدگان", StringComparison.Ordinal));
        var figures = await page.Locator(".claims .figure").AllInnerTextsAsync();
        figures.ShouldNotBeEmpty();
        // Every figure in Persian digits; a vague figure ("thousands") is the source's own words, in Persian quotation marks.
        figures.ShouldAllBe(f => !LatinDigit().IsMatch(f) && (PersianDigit().IsMatch(f) || f.StartsWith('«')));
        figures.ShouldContain(f => f.Contains("نفر", StringComparison.Ordinal));
        (await page.Locator("dl.facts").First.InnerTextAsync()).ShouldContain("اعدام جمعی");
        await session.StepAsync(page, "fa-02-massacre-values");
        session.ShouldHaveStayedOnThisMachine();
    }

    [ChromiumFact]
    public async Task A_date_written_in_Solar_Hijri_is_shown_once_in_Persian()
    {
        var person = (await demo.Store.ListAsync(RecordKind.Person, 0, 5000, CancellationToken.None))
            .Select(e => e.Record).OfType<Person>().First(p => p.Died is { } d && d.ToString().EndsWith(" SH", StringComparison.Ordinal));
        var written = person.Died!.Value.ToString();
        var year = person.Died.Value.ToSolarHijriString();
        await using var session = await BrowserSession.StartAsync(demo);
        var page = session.Page;
        await page.GotoAsync(session.Address + "/records/" + Uri.EscapeDataString(person.Id));
        await ToPersianAsync(page);

        // The date as written ("1367 SH") is the tooltip; the cell shows the Solar Hijri year once, in Persian digits.
        var died = await page.Locator($"dl.facts dd:has(time[title='{written}'])").InnerTextAsync();
        died.ShouldNotContain("SH");
        died.ShouldNotContain(year);
        var persianYear = string.Concat(year.Select(c => char.IsAsciiDigit(c) ? (char)('۰' + (c - '0')) : c));
        Regex.Count(died, Regex.Escape(persianYear)).ShouldBe(1, died);
        await session.StepAsync(page, "fa-03-solar-hijri-once");
    }

    [ChromiumFact]
    public async Task A_Latin_docket_stays_beside_its_label_in_a_right_to_left_page()
    {
        await using var session = await BrowserSession.StartAsync(demo);
        var page = session.Page;
        await page.GotoAsync(session.Address + "/records/noury-trial");
        await ToPersianAsync(page);

        var docket = page.Locator("dd:has(bdi:text('B 15255-19'))");
        (await docket.CountAsync()).ShouldBe(1);
        (await docket.EvaluateAsync<string>("d => getComputedStyle(d).direction")).ShouldBe("rtl");
        // In a right-to-left list the value starts at the right edge of its cell, next to the label, not at the far left.
        var gap = await docket.EvaluateAsync<double>("d => d.getBoundingClientRect().right - d.querySelector('bdi').getBoundingClientRect().right");
        gap.ShouldBeLessThan(2);
        await session.StepAsync(page, "fa-04-docket");
    }

    /// <summary>Switches to Persian; the page it returns to is the one the reader was on.</summary>
    private static async Task ToPersianAsync(IPage page)
    {
        var before = page.Url;
        await BrowserSession.SwitchToPersianAsync(page);
        page.Url.ShouldBe(before);
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)+$")]
    private static partial Regex RawKey();

    [GeneratedRegex("[0-9]")]
    private static partial Regex LatinDigit();

    [GeneratedRegex("[۰-۹]")]
    private static partial Regex PersianDigit();
}
