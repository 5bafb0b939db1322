using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dossier.Application.Access;
using Dossier.Testing;

namespace Dossier.Web.Tests;

/// <summary>
/// Every settled cluster made a person at once (ADR 1821): the demo leaves the clusters with an open pair for review;
/// once the pairs are decided, the lists page counts them as settled and one request makes them people, in one append.
/// </summary>
public abstract class SettledPeopleTests(DemoWorkspaceFixture demo) : DemoAppTests(demo)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Deciding_the_open_pairs_settles_their_clusters_and_one_request_makes_them_people()
    {
        var analyst = await Demo.ClientAsync(App, Role.Analyst);
        var before = await analyst.GetStringAsync("/lists");
        // The demo made every settled cluster a person, so only the clusters waiting for review are left.
        Count(before, "settled-count").ShouldBe(0);
        Count(before, "waiting-count").ShouldBeGreaterThan(0);
        before.ShouldNotContain("class=\"identify-settled\"");

        var queue = (await analyst.GetFromJsonAsync<JsonElement>("/api/v1/linkage/review")).EnumerateArray().ToList();
        foreach (var pair in queue)
        {
            var decided = await analyst.PostAsJsonAsync("/api/v1/linkage/decisions",
                new { a = pair.GetProperty("a").GetString(), b = pair.GetProperty("b").GetString(), decision = "reject", reason = "second look: different people" });
            decided.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        // The oracle: the clusters of the rows that were in the queue, as the cluster API sees them after the decisions.
        var clusters = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in queue.SelectMany(p => new[] { p.GetProperty("a").GetString()!, p.GetProperty("b").GetString()! }).Distinct(StringComparer.Ordinal))
        {
            var slash = key.IndexOf('/', StringComparison.Ordinal);
            var cluster = await analyst.GetFromJsonAsync<JsonElement>($"/api/v1/linkage/clusters/{key[..slash]}/{key[(slash + 1)..]}");
            clusters.Add(cluster.GetProperty("clusterId").GetString()!);
        }

        var settled = await analyst.GetStringAsync("/lists");
        Count(settled, "settled-count").ShouldBe(clusters.Count);
        Count(settled, "waiting-count").ShouldBe(0);
        settled.ShouldContain("class=\"identify-settled\"");

        var viewer = await Demo.ClientAsync(App, Role.Viewer);
        (await viewer.PostAsJsonAsync("/api/v1/linkage/people", new { reason = "not a viewer's to do" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await analyst.PostAsJsonAsync("/api/v1/linkage/people", new { reason = "test", classification = "secret" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var size = (await Demo.Store.GetTreeHeadAsync(None)).Size;

        var made = await analyst.PostAsJsonAsync("/api/v1/linkage/people", new { classification = "internal", reason = "the open pairs were decided" });

        made.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await made.Content.ReadFromJsonAsync<JsonElement>();
        var people = body.GetProperty("made").EnumerateArray().ToList();
        people.Count.ShouldBe(clusters.Count);
        body.GetProperty("leftUncertain").GetInt32().ShouldBe(0);
        (await Demo.Store.GetTreeHeadAsync(None)).Size.ShouldBe(size + (2 * clusters.Count));
        var first = people[0].GetProperty("personId").GetString()!;
        first.ShouldStartWith("syn-victim-");
        var page = await analyst.GetStringAsync($"/records/{first}");
        page.ShouldContain("class=\"list-rows\"");
        page.ShouldContain("SYNTHETIC");
        Count(await analyst.GetStringAsync("/lists"), "settled-count").ShouldBe(0);
    }

    private static int Count(string html, string cls)
    {
        var match = Regex.Match(html, $"class=\"{cls}\">([^<]*)<");
        match.Success.ShouldBeTrue($"the lists page should show .{cls}");
        return int.Parse(match.Groups[1].Value.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
    }
}

/// <summary>The same in Chromium, in Persian: the lists page's form passes axe and makes the settled clusters people (a fixture of its own: it writes).</summary>
public abstract class SettledPeopleBrowserTests(DemoWorkspaceFixture demo)
{
    [ChromiumFact]
    public async Task The_persian_lists_page_offers_the_settled_clusters_and_its_form_makes_them_people()
    {
        var reviewer = await demo.TokenForAsync(Role.Analyst);
        await using var session = await BrowserSession.StartAsync(demo, bearer: reviewer);
        var page = session.Page;
        // Decide every open pair (as the review queue would), so their clusters are settled.
        using var api = new HttpClient { BaseAddress = new Uri(session.Address) };
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", reviewer);
        var pairs = (await api.GetFromJsonAsync<JsonElement>("/api/v1/linkage/review")).EnumerateArray().ToList();
        pairs.ShouldNotBeEmpty();
        foreach (var pair in pairs)
        {
            var decided = await api.PostAsJsonAsync("/api/v1/linkage/decisions",
                new { a = pair.GetProperty("a").GetString(), b = pair.GetProperty("b").GetString(), decision = "reject", reason = "different people" });
            decided.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        await page.GotoAsync(session.Address + "/lists?lang=fa");
        // In Persian digits, as every number a Persian reader reads.
        var shown = await page.Locator(".settled-count").InnerTextAsync();
        shown.ShouldAllBe(c => c >= '۰' && c <= '۹');
        var offered = int.Parse(new string([.. shown.Select(c => (char)('0' + (c - '۰')))]), CultureInfo.InvariantCulture);
        offered.ShouldBeGreaterThan(0);
        await session.StepAsync(page, "60-lists-settled-fa");
        var size = (await demo.Store.GetTreeHeadAsync(CancellationToken.None)).Size;
        await page.Locator("form.identify-settled textarea[name=reason]").FillAsync("همهٔ جفت‌های باز بررسی شد");
        await page.Locator("form.identify-settled button[type=submit]").ClickAsync();
        await page.WaitForAddressAsync("**/lists?identified=*");
        // The language came from the address, not from a cookie or the account: ask for it again.
        await page.GotoAsync(page.Url + "&lang=fa");

        (await page.Locator("[role=status]").InnerTextAsync()).ShouldContain("رکوردهای فردی ساخته‌شده");
        (await demo.Store.GetTreeHeadAsync(CancellationToken.None)).Size.ShouldBe(size + (2 * offered));
        (await page.Locator("form.identify-settled").CountAsync()).ShouldBe(0);
        await session.StepAsync(page, "61-lists-settled-made-fa");
    }
}
