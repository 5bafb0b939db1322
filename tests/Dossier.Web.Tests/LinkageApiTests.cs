using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Dossier.Web.Tests;

public abstract class LinkageApiTests(DemoWorkspaceFixture demo) : IAsyncLifetime
{
    private WebApplication _app = default!;
    private HttpClient _client = default!;

    public async Task InitializeAsync()
    {
        _app = demo.TestApp();
        await _app.StartAsync();
        _client = await demo.ClientAsync(_app, Dossier.Application.Access.Role.Analyst);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Lists_need_an_account_and_decisions_need_a_role_that_reviews_linkage()
    {
        (await (await demo.ClientAsync(_app, null)).GetAsync("/api/v1/lists")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var viewer = await demo.ClientAsync(_app, Dossier.Application.Access.Role.Viewer);
        (await viewer.GetAsync("/api/v1/lists")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var queue = (await viewer.GetFromJsonAsync<JsonElement>("/api/v1/linkage/review")).EnumerateArray().First();

        var refused = await viewer.PostAsJsonAsync("/api/v1/linkage/decisions", new
        {
            a = queue.GetProperty("a").GetString(), b = queue.GetProperty("b").GetString(), decision = "accept", reason = "looks alike",
        });

        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // The page shows a viewer the queue without decision forms it could not submit; an analyst gets them.
        var page = await viewer.GetStringAsync("/lists/review");
        page.ShouldNotContain("class=\"decide\"");
        page.ShouldContain("not decide on pairs");
        (await _client.GetStringAsync("/lists/review")).ShouldContain("class=\"decide\"");
    }

    [Fact]
    public async Task The_demo_lists_are_three_synthetic_sources_with_their_rows()
    {
        var lists = (await _client.GetFromJsonAsync<JsonElement>("/api/v1/lists")).EnumerateArray().ToList();

        lists.Count.ShouldBe(3);
        lists.ShouldAllBe(l => l.GetProperty("synthetic").GetBoolean());
        var first = lists[0];
        var rows = (await _client.GetFromJsonAsync<JsonElement>($"/api/v1/lists/{first.GetProperty("listId").GetString()}/rows?limit=5")).EnumerateArray().ToList();
        rows.Count.ShouldBe(5);
        rows.ShouldAllBe(r => r.GetProperty("synthetic").GetBoolean());
        rows[0].GetProperty("values").GetProperty("synthetic").GetString().ShouldBe("SYNTHETIC");
    }

    [Fact]
    public async Task The_review_queue_shows_both_rows_and_every_comparisons_weight()
    {
        var queue = (await _client.GetFromJsonAsync<JsonElement>("/api/v1/linkage/review")).EnumerateArray().ToList();

        queue.ShouldNotBeEmpty();
        foreach (var pair in queue)
        {
            var p = pair.GetProperty("probability").GetDouble();
            p.ShouldBeInRange(0.1, 0.9);
            pair.GetProperty("rowA").GetProperty("key").GetString().ShouldBe(pair.GetProperty("a").GetString());
            pair.GetProperty("rowB").GetProperty("key").GetString().ShouldBe(pair.GetProperty("b").GetString());
            var comparisons = pair.GetProperty("explanation").GetProperty("comparisons").EnumerateArray().ToList();
            comparisons.Select(c => c.GetProperty("column").GetString()).ShouldContain("family-name");
            // The weights add up to the total the probability comes from.
            var total = pair.GetProperty("explanation").GetProperty("priorWeight").GetDouble()
                + comparisons.Sum(c => c.GetProperty("weight").GetDouble() + c.GetProperty("termFrequencyWeight").GetDouble());
            total.ShouldBe(pair.GetProperty("explanation").GetProperty("totalWeight").GetDouble(), 1e-6);
            (1 / (1 + Math.Pow(2, -total))).ShouldBe(p, 1e-4);
        }
    }

    [Fact]
    public async Task A_decision_without_a_reason_is_refused_naming_the_field()
    {
        var queue = (await _client.GetFromJsonAsync<JsonElement>("/api/v1/linkage/review")).EnumerateArray().ToList();
        var pair = queue[0];

        var response = await _client.PostAsJsonAsync("/api/v1/linkage/decisions", new { a = pair.GetProperty("a").GetString(), b = pair.GetProperty("b").GetString(), decision = "accept", reason = " " });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldContain("reason");
    }

    [Fact]
    public async Task A_decision_on_an_unknown_row_is_refused()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/linkage/decisions", new { a = "syn-list-ngo/no-such-row", b = "syn-list-ngo/ngo-0000001", decision = "reject", reason = "test" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("no-such-row");
    }

    [Fact]
    public async Task Accepting_joins_two_clusters_and_rejecting_splits_them_again()
    {
        var queue = (await _client.GetFromJsonAsync<JsonElement>("/api/v1/linkage/review")).EnumerateArray().ToList();
        var (a, b) = (string.Empty, string.Empty);
        foreach (var pair in queue)
        {
            var (x, y) = (pair.GetProperty("a").GetString()!, pair.GetProperty("b").GetString()!);
            if (await ClusterIdAsync(x) != await ClusterIdAsync(y))
            {
                (a, b) = (x, y);
                break;
            }
        }

        a.ShouldNotBeEmpty("the demo's queue should hold a pair the run left apart");
        var accepted = await _client.PostAsJsonAsync("/api/v1/linkage/decisions", new { a, b, decision = "accept", reason = "same person: variant spelling" });
        accepted.StatusCode.ShouldBe(HttpStatusCode.Created);
        var result = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        var rows = result.GetProperty("clusterOfA").GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("key").GetString()).ToList();
        rows.ShouldContain(a);
        rows.ShouldContain(b);
        (await ClusterIdAsync(a)).ShouldBe(await ClusterIdAsync(b));
        var open = (await _client.GetFromJsonAsync<JsonElement>("/api/v1/linkage/review")).EnumerateArray();
        open.ShouldNotContain(p => p.GetProperty("a").GetString() == RowOrder(a, b).A && p.GetProperty("b").GetString() == RowOrder(a, b).B);

        var rejected = await _client.PostAsJsonAsync("/api/v1/linkage/decisions", new { a, b, decision = "reject", reason = "second look: different fathers" });
        rejected.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await ClusterIdAsync(a)).ShouldNotBe(await ClusterIdAsync(b));
    }

    [Fact]
    public async Task The_recorded_demo_estimate_is_listed_with_its_figures_as_svg()
    {
        var estimates = (await _client.GetFromJsonAsync<JsonElement>("/api/v1/estimates")).EnumerateArray().ToList();
        var fromLists = estimates.Single(e => e.GetProperty("fromWorkspace").GetBoolean());
        fromLists.GetProperty("synthetic").GetBoolean().ShouldBeTrue();

        var detail = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/estimates/{fromLists.GetProperty("sequence").GetInt64()}");
        detail.GetProperty("input").GetProperty("workspace").GetProperty("lists").GetArrayLength().ShouldBe(3);
        detail.GetProperty("caveats").EnumerateArray().First().GetString()!.ShouldContain("SYNTHETIC");
        // Both figures, plug-in and with linkage uncertainty, and which is used (issue 17 item 1).
        detail.GetProperty("figuresUsed").GetString().ShouldBe("propagated");
        var linkage = detail.GetProperty("linkageUncertainty");
        linkage.GetProperty("samples").GetInt32().ShouldBe(Dossier.Demo.DemoLists.LinkageSamples);
        linkage.GetProperty("plugInPeople").GetInt64().ShouldBe(detail.GetProperty("input").GetProperty("workspace").GetProperty("people").GetInt64());
        var propagated = linkage.GetProperty("logLinear");
        propagated.GetProperty("lower").GetDouble().ShouldBeLessThanOrEqualTo(propagated.GetProperty("estimate").GetDouble());
        propagated.GetProperty("plugInEstimate").GetDouble().ShouldBeGreaterThan(0);
        detail.GetProperty("parameters").GetProperty("linkage").GetProperty("samples").GetInt32().ShouldBe(Dossier.Demo.DemoLists.LinkageSamples);
        var figures = detail.GetProperty("figures").EnumerateArray().Select(f => f.GetString()!).ToList();
        figures.Count.ShouldBe(2);
        foreach (var figure in figures)
        {
            var response = await _client.GetAsync(figure);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("image/svg+xml");
            (await response.Content.ReadAsStringAsync()).ShouldStartWith("<svg");
        }
    }

    [Fact]
    public async Task A_row_on_no_linked_list_has_no_cluster()
    {
        var response = await _client.GetAsync("/api/v1/linkage/clusters/no-list/no-row");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task A_cluster_becomes_one_synthetic_person_once_and_the_person_page_lists_its_rows()
    {
        // The demo made every settled cluster a person; a cluster with a pair in the review queue is still free. A pair
        // the run joined is taken, so the test that accepts a pair the run left apart never shares it.
        var queue = (await _client.GetFromJsonAsync<JsonElement>("/api/v1/linkage/review")).EnumerateArray().ToList();
        var key = queue[^1].GetProperty("a").GetString()!;
        foreach (var pair in queue)
        {
            if (await ClusterIdAsync(pair.GetProperty("a").GetString()!) == await ClusterIdAsync(pair.GetProperty("b").GetString()!))
            {
                key = pair.GetProperty("a").GetString()!;
            }
        }

        var (list, id) = (key[..key.IndexOf('/', StringComparison.Ordinal)], key[(key.IndexOf('/', StringComparison.Ordinal) + 1)..]);
        var cluster = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/linkage/clusters/{list}/{id}");
        var path = $"/api/v1/linkage/clusters/{list}/{id}/person";
        var viewer = await demo.ClientAsync(_app, Dossier.Application.Access.Role.Viewer);
        (await viewer.PostAsJsonAsync(path, new { reason = "not a viewer's to do" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _client.PostAsJsonAsync(path, new { reason = "test", classification = "secret" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var created = await _client.PostAsJsonAsync(path, new { reason = "one victim on the lists", classification = "public" });

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var personId = body.GetProperty("personId").GetString()!;
        personId.ShouldStartWith("syn-victim-");
        body.GetProperty("synthetic").GetBoolean().ShouldBeTrue();
        body.GetProperty("rows").EnumerateArray().Select(r => r.GetString()).Order(StringComparer.Ordinal)
            .ShouldBe(cluster.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("key").GetString()).Order(StringComparer.Ordinal));
        var again = await _client.PostAsJsonAsync(path, new { reason = "twice?" });
        again.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await again.Content.ReadAsStringAsync()).ShouldContain($"already the person '{personId}'");

        var page = await _client.GetStringAsync($"/records/{personId}");
        page.ShouldContain("class=\"list-rows\"");
        page.ShouldContain(id);
        // The record is public, the lists internal: an anonymous reader sees the person but never the rows.
        var anonymous = await (await demo.ClientAsync(_app, null)).GetStringAsync($"/records/{personId}");
        anonymous.ShouldContain(personId);
        anonymous.ShouldNotContain("class=\"list-rows\"");
    }

    private async Task<string> ClusterIdAsync(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var cluster = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/linkage/clusters/{key[..slash]}/{key[(slash + 1)..]}");
        return cluster.GetProperty("clusterId").GetString()!;
    }

    private static (string A, string B) RowOrder(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);
}
