using System.Net;
using Dossier.Application.Access;
using Dossier.Domain;
using Dossier.Domain.Records;
using Dossier.Testing;
using Microsoft.Playwright;

namespace Dossier.Web.Tests;

/// <summary>
/// Issue 18 §2: browse pages are tables with columns per kind, counts, filters, sort, paging and a CSV of the view.
/// Expected rows are computed from the demo's records here, not read from the page under test.
/// </summary>
public abstract class BrowseTableTests(DemoWorkspaceFixture demo)
{
    /// <summary>Live records of a kind an anonymous visitor may read.</summary>
    private async Task<List<T>> PublicAsync<T>(RecordKind kind, bool synthetic = false) where T : Dossier.Domain.Records.Record =>
        [.. (await demo.Store.ListAsync(kind, Classification.Public, 0, 100_000, CancellationToken.None))
            .Where(e => !e.Retracted && (synthetic || !e.Record.Synthetic)).Select(e => e.Record).OfType<T>()];

    [ChromiumFact]
    public async Task The_events_table_filters_by_type_and_date_and_sorts_by_date()
    {
        var events = await PublicAsync<Event>(RecordKind.Event);
        await using var session = await BrowserSession.StartAsync(demo);
        var page = session.Page;

        await page.GotoAsync(session.Address + "/browse/event");
        (await page.Locator("table.browse-table tbody tr").CountAsync()).ShouldBe(events.Count);
        var headers = await page.Locator("table.browse-table thead th").AllInnerTextsAsync();
        headers.ShouldContain("Type");
        headers.ShouldContain("Date");
        await session.StepAsync(page, "bt-01-events");

        var type = events.GroupBy(e => e.Type).OrderByDescending(g => g.Count()).First().Key!;
        await page.SelectOptionAsync("#bf-f-type", type);
        await page.ClickAsync("form.browse-filters button[type=submit]");
        await page.WaitForAddressAsync("**f.type=**");
        (await page.Locator("table.browse-table tbody tr").CountAsync()).ShouldBe(events.Count(e => e.Type == type));

        var year = new DateOnly(1988, 1, 1);
        var in1988 = events.Count(e => e.Date is { } d && d.Latest >= year && d.Earliest <= new DateOnly(1988, 12, 31));
        await page.GotoAsync(session.Address + "/browse/event?from=1988&to=1988");
        (await page.Locator("table.browse-table tbody tr").CountAsync()).ShouldBe(in1988);
        in1988.ShouldBeGreaterThan(0);

        await page.GotoAsync(session.Address + "/browse/event?sort=date&dir=desc");
        (await page.Locator("th[aria-sort=descending]").CountAsync()).ShouldBe(1);
        var days = (await page.Locator("table.browse-table tbody td time").EvaluateAllAsync<string[]>("ts => ts.map(t => t.getAttribute('datetime'))")).ToList();
        days.Count.ShouldBeGreaterThan(1);
        days.ShouldBe([.. days.OrderDescending(StringComparer.Ordinal)]);
        session.ShouldHaveStayedOnThisMachine();
    }

    [ChromiumFact]
    public async Task The_people_table_pages_through_everyone_when_synthetic_people_are_shown_and_reads_in_Persian()
    {
        var everyone = await PublicAsync<Person>(RecordKind.Person, synthetic: true);
        everyone.Count.ShouldBeGreaterThan(100);
        await using var session = await BrowserSession.StartAsync(demo);
        var page = session.Page;

        await page.GotoAsync(session.Address + "/browse/person?synthetic=show");
        var rows = page.Locator("table.browse-table tbody tr");
        (await rows.CountAsync()).ShouldBe(50);
        var first = await rows.First.Locator("a").First.GetAttributeAsync("href");
        (await page.Locator("p.result-count").InnerTextAsync()).ShouldContain(everyone.Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        await page.ClickAsync("nav.pager >> text=Next");
        await page.WaitForAddressAsync("**offset=50**");
        (await rows.CountAsync()).ShouldBe(50);
        (await rows.First.Locator("a").First.GetAttributeAsync("href")).ShouldNotBe(first);
        (await page.Locator("table.browse-table tbody .badge.synthetic").CountAsync()).ShouldBeGreaterThan(0);

        // An anonymous reader is offered only the classification they may read.
        (await page.Locator("#bf-classification option").AllInnerTextsAsync()).Count.ShouldBe(2);

        await BrowserSession.SwitchToPersianAsync(page);
        page.Url.ShouldContain("/browse/person");
        (await page.Locator("table.browse-table thead th").AllInnerTextsAsync()).ShouldContain("جنس");
        // Titled by the Persian name in Persian, a person's other name is the Latin one, not the title again.
        await page.GotoAsync(session.Address + "/browse/person?q=Noury");
        var noury = page.Locator("table.browse-table tbody tr", new() { HasText = "حمید نوری" });
        (await noury.Locator("td").AllInnerTextsAsync()).ShouldContain("Hamid Noury");
        await session.StepAsync(page, "bt-02-people-persian");
        session.ShouldHaveStayedOnThisMachine();
    }

    [Fact]
    public async Task The_CSV_holds_every_row_of_the_view_is_audited_and_needs_a_signed_in_reader()
    {
        await using var app = demo.TestApp();
        await app.StartAsync();
        var anonymous = await demo.ClientAsync(app, null);
        (await anonymous.GetAsync("/browse/person/csv")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var client = await demo.ClientAsync(app, Role.Analyst);
        var women = (await demo.Store.ListAsync(RecordKind.Person, AccessPolicy.HighestReadable(Role.Analyst), 0, 100_000, CancellationToken.None))
            .Where(e => !e.Retracted).Select(e => e.Record).OfType<Person>().Where(p => p.Sex == Sex.Female).ToList();
        women.Count.ShouldBeGreaterThan(1);
        var response = await client.GetAsync("/browse/person/csv?synthetic=show&f.sex=female");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("id,label,");
        lines.Skip(1).Select(l => l.Split(',')[0]).Order(StringComparer.Ordinal)
            .ShouldBe(women.Select(w => w.Id).Order(StringComparer.Ordinal));
        lines.Where(l => l.StartsWith("syn-", StringComparison.Ordinal)).ShouldAllBe(l => l.EndsWith(",SYNTHETIC", StringComparison.Ordinal));

        var audit = (await demo.Store.RecentEntriesAsync(200, CancellationToken.None))
            .Where(e => e.Type == "access.exported" && e.Reason == "browse CSV" && e.Actor == "test-analyst").ToList();
        audit.ShouldNotBeEmpty();
        audit[0].Body.GetProperty("target").GetString()!.ShouldContain($"{women.Count} rows");
    }

    [Fact]
    public async Task No_CSV_of_any_kind_holds_a_protected_identity_for_the_most_trusted_reader()
    {
        await using var app = demo.TestApp();
        await app.StartAsync();
        var client = await demo.ClientAsync(app, Role.Legal);
        foreach (var kind in RecordKinds.All)
        {
            var body = await client.GetStringAsync($"/browse/{RecordKinds.Name(kind)}/csv?synthetic=show");
            foreach (var secret in DemoSecrets.Strings)
            {
                body.ShouldNotContain(secret, Case.Sensitive, RecordKinds.Name(kind));
            }
        }
    }
}
