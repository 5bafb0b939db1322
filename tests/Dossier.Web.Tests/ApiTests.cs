using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Dossier.Web.Tests;

public abstract class ApiTests(DemoWorkspaceFixture demo) : IAsyncLifetime
{
    private WebApplication _app = default!;
    private HttpClient _client = default!;

    public async Task InitializeAsync()
    {
        _app = demo.TestApp();
        await _app.StartAsync();
        _client = await demo.ClientAsync(_app, Dossier.Application.Access.Role.Investigator);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("Nouri")]
    [InlineData("نوری")]
    [InlineData("Noury")]
    public async Task Search_finds_Hamid_Noury_in_either_script(string query)
    {
        var hits = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/search?q={Uri.EscapeDataString(query)}&kind=person");

        hits.EnumerateArray().Select(h => h.GetProperty("id").GetString()).ShouldContain("hamid-noury");
    }

    [Fact]
    public async Task A_record_comes_with_its_claims_and_their_sources()
    {
        var detail = await _client.GetFromJsonAsync<JsonElement>("/api/v1/records/massacre-1988");

        var claims = detail.GetProperty("claims").EnumerateArray().ToList();
        var tolls = claims.Where(c => c.GetProperty("record").TryGetProperty("property", out var p) && p.GetString() == "executed-count").ToList();
        tolls.Select(c => c.GetProperty("record").GetProperty("sourceId").GetString()).Distinct().Count().ShouldBeGreaterThanOrEqualTo(3);
        var sourceIds = detail.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToHashSet();
        tolls.ShouldAllBe(c => sourceIds.Contains(c.GetProperty("record").GetProperty("sourceId").GetString()));
    }

    [Fact]
    public async Task An_unknown_record_is_a_404_problem()
    {
        var response = await _client.GetAsync("/api/v1/records/no-such-record");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Invalid_input_is_a_validation_problem_naming_the_field()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/records", new
        {
            kind = "claim",
            reason = "test",
            record = new { id = "c-bad", sourceId = "no-source", statement = "x", credibility = 9 },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        fields.ShouldContain("record.sourceId");
        fields.ShouldContain("record.credibility");
    }

    [Fact]
    public async Task A_bad_date_in_a_record_names_its_field()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/records", new
        {
            kind = "person",
            reason = "test",
            record = new { id = "p-bad-date", names = new[] { new { text = "X", script = "Latn", kind = "full" } }, born = "1367/13/01" },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("record.born");
    }

    [Fact]
    public async Task A_day_written_in_Solar_Hijri_keeps_its_calendar_with_the_Gregorian_day_beside_it()
    {
        // A release form dated ۱۳۶۷/۰۵/۱۰ (10 Mordad 1367 = 1 August 1988): the record keeps the date as the source wrote it.
        var id = "p-sh-" + Guid.NewGuid().ToString("N")[..8];
        var created = await _client.PostAsJsonAsync("/api/v1/records", new
        {
            kind = "person",
            reason = "test",
            record = new { id, names = new[] { new { text = "Test Person SYNTHETIC", script = "Latn", kind = "full" } }, died = "۱۳۶۷/۰۵/۱۰", synthetic = true },
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

        var record = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/records/{id}");
        record.GetProperty("record").GetProperty("record").GetProperty("died").GetString().ShouldBe("1367/05/10", record.ToString());
        var page = WebUtility.HtmlDecode(await _client.GetStringAsync($"/records/{id}"));
        page.ShouldContain(">1367/05/10</time>");
        page.ShouldContain("<span class=\"gregorian\"> (<bdi dir=\"ltr\">1988-08-01</bdi>)</span>");
    }

    [Fact]
    public async Task A_change_without_a_reason_is_refused()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/records", new
        {
            kind = "source",
            record = new { id = "s-no-reason", title = "t", type = "ngo-report", provenance = "p" },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("reason");
    }

    [Fact]
    public async Task Create_revise_and_history_go_through_the_ledger_with_version_checks()
    {
        var created = await _client.PostAsJsonAsync("/api/v1/records", new
        {
            kind = "claim",
            reason = "added in test",
            record = new { id = "c-api-test", sourceId = "s8-wire-reports", statement = "A test claim", subjects = new[] { "hamid-noury" }, credibility = 3 },
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);

        var stale = await _client.PutAsJsonAsync("/api/v1/records/c-api-test", new
        {
            reason = "stale",
            expectedVersion = 5,
            record = new { id = "c-api-test", sourceId = "s8-wire-reports", statement = "Changed", credibility = 3 },
        });
        stale.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);

        var revised = await _client.PutAsJsonAsync("/api/v1/records/c-api-test", new
        {
            reason = "corrected wording",
            expectedVersion = 1,
            record = new { id = "c-api-test", sourceId = "s8-wire-reports", statement = "Changed", subjects = new[] { "hamid-noury" }, credibility = 2 },
        });
        revised.StatusCode.ShouldBe(HttpStatusCode.OK);

        var history = await _client.GetFromJsonAsync<JsonElement>("/api/v1/records/c-api-test/history");
        history.EnumerateArray().Select(e => e.GetProperty("reason").GetString()).ShouldBe(["added in test", "corrected wording"]);
        history.EnumerateArray().ShouldAllBe(e => e.GetProperty("actor").GetString() == "test-investigator");

        var duplicate = await _client.PostAsJsonAsync("/api/v1/records", new
        {
            kind = "claim",
            reason = "again",
            record = new { id = "c-api-test", sourceId = "s8-wire-reports", statement = "x" },
        });
        duplicate.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_api()
    {
        var document = await _client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.ShouldContain("/api/v1/records/{id}");
        paths.ShouldContain("/api/v1/search");
    }

    [Fact]
    public async Task Pages_carry_a_content_security_policy_that_allows_only_this_origin()
    {
        var response = await _client.GetAsync("/");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldStartWith("default-src 'self'");
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
    }

    [Fact]
    public async Task The_person_page_shows_names_in_both_scripts_and_the_position_at_Gohardasht()
    {
        var html = await _client.GetStringAsync("/records/hamid-noury");

        html.ShouldContain("حمید نوری");
        html.ShouldContain("Gohardasht");
        html.ShouldContain("History");
    }

    [Fact]
    public async Task The_massacre_page_shows_the_competing_death_tolls_side_by_side()
    {
        var html = await _client.GetStringAsync("/records/massacre-1988");

        html.ShouldContain("competing claims");
        html.ShouldContain("30,000");
        html.ShouldContain("2,800–3,800");
        html.ShouldContain("thousands");
    }

    [Fact]
    public async Task The_persian_interface_is_right_to_left()
    {
        var html = await _client.GetStringAsync("/records/hamid-noury?lang=fa");

        html.ShouldContain("dir=\"rtl\"");
        html.ShouldContain("تاریخچه");
    }

    [Fact]
    public async Task In_Persian_versions_and_gregorian_forms_use_persian_digits_and_no_two_dashboard_tiles_share_a_label()
    {
        var record = WebUtility.HtmlDecode(await _client.GetStringAsync("/records/hamid-noury?lang=fa"));
        var head = System.Text.RegularExpressions.Regex.Match(record, "<p class=\"kind\">(.*?)</p>").Groups[1].Value;
        head.ShouldContain("۱");
        head.ShouldNotMatch("[0-9]");
        var gregorian = System.Text.RegularExpressions.Regex.Matches(record, "<span class=\"gregorian\"> \\(<bdi dir=\"ltr\">([^<]*)</bdi>\\)</span>").Select(m => m.Groups[1].Value).ToList();
        gregorian.ShouldNotBeEmpty();
        gregorian.ShouldAllBe(g => !System.Text.RegularExpressions.Regex.IsMatch(g, "[0-9]"));

        var home = WebUtility.HtmlDecode(await _client.GetStringAsync("/?lang=fa"));
        var tiles = System.Text.RegularExpressions.Regex.Matches(home, "<span class=\"what\">([^<]*)</span>").Select(m => m.Groups[1].Value).ToList();
        tiles.Count.ShouldBeGreaterThan(10);
        tiles.ShouldBeUnique();
    }

    [Fact]
    public async Task A_proceeding_and_its_hearings_read_in_Persian_where_they_have_Persian_titles_and_are_found_by_them()
    {
        var trial = (Dossier.Domain.Records.Proceeding)(await demo.Store.GetAsync("noury-trial", CancellationToken.None))!.Record;
        trial.TitleFa.ShouldNotBeNull();

        var page = WebUtility.HtmlDecode(await _client.GetStringAsync("/records/noury-trial?lang=fa"));
        System.Text.RegularExpressions.Regex.Match(page, "<h1[^>]*>(?<title>.*?)</h1>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups["title"].Value.ShouldContain(trial.TitleFa);
        WebUtility.HtmlDecode(await _client.GetStringAsync("/?lang=fa")).ShouldContain(">" + trial.TitleFa + "</a>");
        WebUtility.HtmlDecode(await _client.GetStringAsync("/records/noury-trial?lang=en")).ShouldContain(">" + trial.Title + "</h1>");

        // Search finds the proceeding by a word of its Persian title.
        var hits = await _client.GetFromJsonAsync<JsonElement>("/api/v1/search?q=" + Uri.EscapeDataString(trial.TitleFa.Split(' ')[0]));
        hits.EnumerateArray().Select(h => h.GetProperty("id").GetString()).ShouldContain("noury-trial");
    }

    [Fact]
    public async Task Assets_are_served_locally_and_unknown_ones_are_not_found()
    {
        (await _client.GetAsync("/assets/site.css")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _client.GetAsync("/assets/..%2Fdossier.db")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
