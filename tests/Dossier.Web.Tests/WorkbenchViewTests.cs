using System.Net;
using System.Text.Json;
using Dossier.Application.Search;
using Dossier.Application.Workspace;
using Dossier.Domain;
using Dossier.Domain.Records;
using Dossier.Web.Visuals;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Dossier.Web.Tests;

/// <summary>The workbench's pure parts: basemap, highlighting, layouts, ticks and facets.</summary>
public class WorkbenchVisualsTests
{
    [Theory]
    [InlineData(51.39, 35.69, "Iran")]       // Tehran
    [InlineData(50.94, 35.83, "Iran")]       // Gohardasht, Karaj
    [InlineData(18.07, 59.33, "Sweden")]     // Stockholm
    [InlineData(19.45, 41.32, "Albania")]    // Durrës
    [InlineData(4.35, 50.85, "Belgium")]     // Brussels
    public void Basemap_should_put_each_city_inside_its_country_and_no_other(double lon, double lat, string country)
    {
        var containing = Basemap.Countries.Where(c => c.Contains(lon, lat)).Select(c => c.Name).ToList();

        containing.ShouldBe([country]);
    }

    [Fact]
    public void Basemap_should_hold_the_natural_earth_countries()
    {
        // Natural Earth 1:110m admin-0 has 177 countries in world-atlas 2.
        Basemap.Countries.Count.ShouldBe(177);
        var iran = Basemap.Countries.Single(c => c.Name == "Iran");
        iran.Bounds.MinLon.ShouldBeInRange(43.5, 44.5);
        iran.Bounds.MaxLon.ShouldBeInRange(63.0, 63.5);
    }

    [Theory]
    [InlineData("Nouri", "Hamid Noury", "Noury")]
    [InlineData("Nouri", "حمید نوری", "نوری")]
    [InlineData("نوری", "Hamid Noury", "Noury")]
    [InlineData("pour mohammadi", "Mostafa Pour-Mohammadi", "Pour-Mohammadi")]
    public void Highlighter_should_mark_the_matched_word_in_either_script(string query, string text, string marked)
    {
        var pieces = Highlighter.Mark(text, QueryWord.Parse(query));

        pieces.Where(p => p.Matched).Select(p => p.Text).ShouldBe([marked]);
        string.Concat(pieces.Select(p => p.Text)).ShouldBe(text);
    }

    [Fact]
    public void Network_layout_should_not_depend_on_the_order_nodes_arrive_in()
    {
        var nodes = Enumerable.Range(0, 30).Select(i => new NetworkNode($"n{i}", RecordKind.Person, $"Person {i}", false)).ToList();
        var edges = Enumerable.Range(1, 29).Select(i => new NetworkEdge($"n{i}", $"n{i / 2}", "r")).ToList();

        var first = NetworkGraph.Layout(nodes, edges);
        var second = NetworkGraph.Layout([.. Enumerable.Reverse(nodes)], [.. Enumerable.Reverse(edges)]);

        foreach (var node in nodes)
        {
            second[node.Id].X.ShouldBe(first[node.Id].X, 1e-9);
            second[node.Id].Y.ShouldBe(first[node.Id].Y, 1e-9);
        }
    }

    [Fact]
    public void Network_layout_should_place_linked_nodes_closer_than_unlinked_ones()
    {
        // Two stars of 8 leaves each: leaves sit nearer their own hub than the other.
        var nodes = Enumerable.Range(0, 18).Select(i => new NetworkNode($"n{i:D2}", RecordKind.Person, "x", false)).ToList();
        var edges = Enumerable.Range(1, 8).Select(i => new NetworkEdge($"n{i:D2}", "n00", "r"))
            .Concat(Enumerable.Range(10, 8).Select(i => new NetworkEdge($"n{i:D2}", "n09", "r"))).ToList();

        var layout = NetworkGraph.Layout(nodes, edges);
        double Distance(string a, string b) => Math.Sqrt(Math.Pow(layout[a].X - layout[b].X, 2) + Math.Pow(layout[a].Y - layout[b].Y, 2));

        foreach (var i in Enumerable.Range(1, 8))
        {
            Distance($"n{i:D2}", "n00").ShouldBeLessThan(Distance($"n{i:D2}", "n09"));
        }
    }

    [Fact]
    public void Network_neighbourhood_should_stop_at_the_depth_asked()
    {
        var edges = new[] { new NetworkEdge("a", "b", "r"), new NetworkEdge("c", "b", "r"), new NetworkEdge("c", "d", "r") };

        NetworkGraph.Around("a", 1, edges).Order(StringComparer.Ordinal).ShouldBe(["a", "b"]);
        NetworkGraph.Around("a", 2, edges).Order(StringComparer.Ordinal).ShouldBe(["a", "b", "c"]);
    }

    [Fact]
    public void Solar_Hijri_year_ticks_should_fall_on_Nowruz()
    {
        // Nowruz of 1367 SH was 21 March 1988; of 1368 SH, 21 March 1989 (Iranian calendar tables).
        var ticks = TimelineChart.Ticks(new DateOnly(1985, 1, 1), new DateOnly(1992, 1, 1), solarHijri: true);

        ticks.ShouldContain((new DateOnly(1988, 3, 21), "1367"));
        ticks.ShouldContain((new DateOnly(1989, 3, 21), "1368"));
    }

    [Fact]
    public void Timeline_should_draw_a_fuzzy_date_as_the_whole_span()
    {
        var summer = FuzzyDate.Parse("summer 1988");
        var day = FuzzyDate.Parse("1988-07-30");
        var items = new[] { new TimelineItem("a", RecordKind.Event, "Summer", summer), new TimelineItem("b", RecordKind.Event, "Day", day) };

        var model = TimelineChart.Build(items, new DateOnly(1988, 1, 1), new DateOnly(1988, 12, 31), solarHijri: false, "t", k => k.ToString());

        var widths = System.Text.RegularExpressions.Regex.Matches(model.Svg, "<rect x=\"[^\"]+\" y=\"[^\"]+\" width=\"([^\"]+)\"")
            .Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        widths.Count.ShouldBe(2);
        // A season is about a quarter of the year: 928 px of axis / 4.
        widths.Max().ShouldBeInRange(220, 250);
        widths.Min().ShouldBeLessThan(8);
        model.Svg.ShouldContain("bar event fuzzy");
    }

    [Fact]
    public void Timeline_drawn_right_to_left_should_be_the_mirror_of_the_left_to_right_drawing()
    {
        var items = new[]
        {
            new TimelineItem("a", RecordKind.Event, "Early", FuzzyDate.Parse("1988-02-01")),
            new TimelineItem("b", RecordKind.Event, "Summer", FuzzyDate.Parse("summer 1988")),
            new TimelineItem("c", RecordKind.Ruling, "Late", FuzzyDate.Parse("1988-11-20")),
        };
        double[] Bars(string svg) => [.. System.Text.RegularExpressions.Regex.Matches(svg, "<rect x=\"([^\"]+)\" y=\"[^\"]+\" width=\"([^\"]+)\"")
            .Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + (double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) / 2))];
        double[] Ticks(string svg) => [.. System.Text.RegularExpressions.Regex.Matches(svg, "<line class=\"tick\" x1=\"([^\"]+)\"")
            .Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];

        var ltr = TimelineChart.Build(items, new DateOnly(1988, 1, 1), new DateOnly(1988, 12, 31), solarHijri: false, "t", k => k.ToString());
        var rtl = TimelineChart.Build(items, new DateOnly(1988, 1, 1), new DateOnly(1988, 12, 31), solarHijri: false, "t", k => k.ToString(), rightToLeft: true);

        // Every bar's and tick's middle is mirrored about the middle of the 960-wide chart.
        Bars(rtl.Svg).Length.ShouldBe(3);
        Bars(rtl.Svg).Zip(Bars(ltr.Svg)).ShouldAllBe(p => Math.Abs(p.First - (TimelineChart.Width - p.Second)) < 0.2);
        Ticks(rtl.Svg).Zip(Ticks(ltr.Svg)).ShouldAllBe(p => Math.Abs(p.First - (TimelineChart.Width - p.Second)) < 0.2);
        Bars(rtl.Svg)[0].ShouldBeGreaterThan(Bars(rtl.Svg)[1]);
        rtl.Svg.ShouldContain("data-direction=\"rtl\"");
        ltr.Svg.ShouldContain("data-direction=\"ltr\"");
    }

    [Fact]
    public void Map_views_should_stay_on_the_globe_when_panned_and_zoomed()
    {
        var random = new Random(1367);
        for (var trial = 0; trial < 2000; trial++)
        {
            var view = MapView.Iran;
            for (var step = 0; step < 5; step++)
            {
                view = random.Next(2) == 0 ? view.Pan((random.NextDouble() * 80) - 40, (random.NextDouble() * 80) - 40) : view.Zoom(Math.Pow(2, random.Next(-6, 7)));
            }

            view.MinLon.ShouldBeGreaterThanOrEqualTo(-180);
            view.MaxLon.ShouldBeLessThanOrEqualTo(180);
            view.MinLat.ShouldBeGreaterThanOrEqualTo(-85);
            view.MaxLat.ShouldBeLessThanOrEqualTo(85);
            view.MaxLon.ShouldBeGreaterThan(view.MinLon);
            view.MaxLat.ShouldBeGreaterThan(view.MinLat);
        }
    }

    [Fact]
    public void Svg_labels_in_Persian_should_carry_their_own_direction()
    {
        var svg = new System.Text.StringBuilder();
        Svg.Label(svg, 10, 10, "زندان گوهردشت", "x");
        Svg.Label(svg, 10, 10, "Gohardasht <prison>", "x");

        svg.ToString().ShouldContain("text-anchor=\"end\" direction=\"rtl\" xml:lang=\"fa\">زندان گوهردشت</text>");
        svg.ToString().ShouldContain("text-anchor=\"start\" direction=\"ltr\">Gohardasht &lt;prison&gt;</text>");
    }

    [Fact]
    public void A_date_range_facet_should_keep_records_whose_span_overlaps_it()
    {
        var ev = new Event { Id = "e", Title = "t", Date = FuzzyDate.Parse("2019-11-09..2024-06-15") };

        SearchFacets.Matches(ev, new SearchQuery("x") { DateFrom = new DateOnly(2022, 1, 1), DateTo = new DateOnly(2022, 12, 31) }).ShouldBeTrue();
        SearchFacets.Matches(ev, new SearchQuery("x") { DateFrom = new DateOnly(2025, 1, 1) }).ShouldBeFalse();
        SearchFacets.Matches(new Event { Id = "u", Title = "undated" }, new SearchQuery("x") { DateTo = new DateOnly(2025, 1, 1) }).ShouldBeFalse();
    }
}

/// <summary>The workbench pages rendered by the real app on an in-memory server over the demo workspace.</summary>
public abstract class WorkbenchPageTests(DemoWorkspaceFixture demo) : IAsyncLifetime
{
    private WebApplication _app = default!;
    private HttpClient _client = default!;

    public async Task InitializeAsync()
    {
        _app = demo.TestApp();
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("Nouri")]
    [InlineData("نوری")]
    public async Task Search_should_show_facets_and_mark_the_name_in_both_scripts(string query)
    {
        var html = await _client.GetStringAsync("/search?q=" + Uri.EscapeDataString(query));

        html.ShouldContain("<mark>Noury</mark>");
        html.ShouldContain("<mark>نوری</mark>");
        html.ShouldContain("id=\"facet-kind\"");
        html.ShouldContain("id=\"facet-source\"");
    }

    [Fact]
    public async Task A_facet_link_should_narrow_the_results_to_its_count()
    {
        var html = await _client.GetStringAsync("/search?q=Noury");
        var link = System.Text.RegularExpressions.Regex.Match(html, "href=\"(/search\\?[^\"]*kind=proceeding[^\"]*)\"[^>]*>[^<]*<span class=\"facet-count\">(\\d+)</span>");
        link.Success.ShouldBeTrue();

        var narrowed = await _client.GetStringAsync(WebUtility.HtmlDecode(link.Groups[1].Value));

        var items = System.Text.RegularExpressions.Regex.Count(narrowed, "<li><span class=\"kind\">");
        items.ShouldBe(int.Parse(link.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        items.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task The_store_should_apply_facet_filters_to_a_search()
    {
        var all = await demo.Store.SearchAsync(new SearchQuery("Noury", Limit: 50), CancellationToken.None);
        var fromJudgment = await demo.Store.SearchAsync(new SearchQuery("Noury", Limit: 50) { SourceId = "s9-stockholm-judgment" }, CancellationToken.None);
        var records = await demo.Store.GetManyAsync([.. all.Select(h => h.Id)], CancellationToken.None);

        var expected = all.Where(h => SearchFacets.SourcesOf(records[h.Id].Record).Contains("s9-stockholm-judgment")).Select(h => h.Id).ToList();
        expected.ShouldNotBeEmpty();
        fromJudgment.Select(h => h.Id).ShouldBe(expected);
    }

    [Fact]
    public async Task Timeline_should_link_every_hearing_and_zoom_by_query()
    {
        var html = await _client.GetStringAsync("/timeline");
        html.ShouldContain("href=\"/records/noury-hearing-opening\"");
        html.ShouldContain("href=\"/records/noury-hearing-durres\"");
        html.ShouldContain("<svg");

        var zoomed = await _client.GetStringAsync("/timeline?from=1988&to=1988");
        zoomed.ShouldContain("href=\"/records/gohardasht-executions-1988\"");
        zoomed.ShouldNotContain("href=\"/records/noury-hearing-opening\"");
    }

    [Fact]
    public async Task Timeline_in_Persian_should_name_rulings_in_Persian_and_count_in_Persian_digits()
    {
        var english = await _client.GetStringAsync("/timeline?from=2020&to=2025");
        english.ShouldContain("leave to appeal refused");

        var html = await _client.GetStringAsync("/timeline?from=2020&to=2025&lang=fa");

        // The ruling types of issue 18 §4 ("verdict", "appeal-judgment") are words of the reader's language, not keys.
        html.ShouldContain("حکم دادگاه تجدیدنظر");
        html.ShouldContain("رد درخواست تجدیدنظر");
        html.ShouldNotContain(">appeal-judgment<");
        html.ShouldNotContain(">leave-refused<");
        var caption = System.Text.RegularExpressions.Regex.Match(html, "<caption id=\"timeline-table-caption\">([^<]*)</caption>").Groups[1].Value;
        caption.ShouldNotBeEmpty();
        caption.ShouldNotContain(c => char.IsAsciiDigit(c));
        // A range reads with a dash, never the date grammar's "..".
        html.ShouldNotContain("\">۲۰۲۱-۱۱-۱۰..۲۰۲۱-۱۱-۱۸<");
        html.ShouldContain("۲۰۲۱-۱۱-۱۰ – ۲۰۲۱-۱۱-۱۸");
    }

    [Fact]
    public async Task Estimate_tables_in_Persian_should_write_their_figures_in_Persian_digits()
    {
        // The demo's estimate comes from its SYNTHETIC lists, which a signed-in analyst reads.
        var analyst = await demo.ClientAsync(_app, Dossier.Application.Access.Role.Analyst);
        var list = await analyst.GetStringAsync("/estimates");
        var href = System.Text.RegularExpressions.Regex.Match(list, "href=\"(/estimates/[0-9]+)\"").Groups[1].Value;
        href.ShouldNotBeEmpty();

        var english = await analyst.GetStringAsync(href);
        var persian = await analyst.GetStringAsync(href + "?lang=fa");

        static List<string> Figures(string html) =>
            [.. System.Text.RegularExpressions.Regex.Matches(html, "<td class=\"num[^\"]*\"><bdi dir=\"ltr\">([^<]*)</bdi>").Select(m => m.Groups[1].Value)];
        var latin = Figures(english);
        latin.ShouldContain(f => f.Any(char.IsAsciiDigit));
        var local = Figures(persian);
        local.Count.ShouldBe(latin.Count);
        local.ShouldAllBe(f => !f.Any(char.IsAsciiDigit));
        local.ShouldContain(f => f.Any(c => c >= '۰' && c <= '۹'));
        // The summaries beneath read in Persian too: the latent-class line names its credible interval in Persian.
        english.ShouldContain("95% credible interval");
        persian.ShouldContain("بازهٔ باورپذیری ۹۵٪");
        persian.ShouldNotContain("95% credible interval");
        persian.ShouldNotContain("chains, seed");
    }

    [Fact]
    public async Task Solar_Hijri_choice_should_show_Hijri_dates_with_the_Gregorian_in_a_tooltip()
    {
        var choose = await _client.PostAsync("/calendar/solar-hijri", new FormUrlEncodedContent([new("returnUrl", "/timeline")]));
        choose.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var cookie = choose.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        using var request = new HttpRequestMessage(HttpMethod.Get, "/timeline?from=1988&to=1988");
        request.Headers.Add("Cookie", cookie);

        var html = await (await _client.SendAsync(request)).Content.ReadAsStringAsync();

        // 1988-07-30 is 8 Mordad 1367; the Gregorian day stays in the title.
        html.ShouldContain("title=\"1988-07-30..1988-08-16\" dir=\"ltr\">1367/05/08 – 1367/05/25</time>");
        html.ShouldContain(">1367/01</text>");
    }

    [Fact]
    public async Task Calendar_choice_should_not_redirect_off_the_machine()
    {
        var response = await _client.PostAsync("/calendar/gregorian", new FormUrlEncodedContent([new("returnUrl", "//evil.example/")]));

        response.Headers.Location!.ToString().ShouldBe("/");
    }

    [Theory]
    [InlineData("/calendar/solar-hijri")]
    [InlineData("/lang/fa")]
    public async Task Choosing_a_calendar_or_language_is_a_post_and_a_get_changes_nothing(string path)
    {
        var get = await _client.GetAsync(path + "?returnUrl=%2F");

        get.StatusCode.ShouldNotBe(HttpStatusCode.Redirect);
        get.Headers.Contains("Set-Cookie").ShouldBeFalse();
    }

    [Fact]
    public async Task Map_should_draw_the_case_places_in_Iran_by_default_with_links()
    {
        var html = await _client.GetStringAsync("/map");

        html.ShouldContain("href=\"/records/gohardasht-prison-site\"");
        html.ShouldContain("href=\"/records/gohardasht-executions-1988\"");
        html.ShouldContain("class=\"country case\"");
        // Stockholm is listed in the table but is outside the Iran view.
        System.Text.RegularExpressions.Regex.IsMatch(html, "<a href=\"/records/stockholm\" aria-label").ShouldBeFalse();
        html.ShouldContain("href=\"/records/stockholm\" dir=\"auto\"");
    }

    [Fact]
    public async Task Network_centred_on_Noury_should_reach_his_post_and_prison()
    {
        var html = await _client.GetStringAsync("/network?centre=hamid-noury&depth=2");

        html.ShouldContain("href=\"/records/pos-noury-gohardasht-1988\"><title>");
        html.ShouldContain("href=\"/records/gohardasht-prison\"><title>");
        html.ShouldNotContain("href=\"/records/pos-raisi-tehran-commission-1988\"><title>");
    }

    [Fact]
    public async Task Network_layout_should_be_the_same_on_every_request()
    {
        var first = await _client.GetStringAsync("/network");
        var second = await _client.GetStringAsync("/network");

        second.ShouldBe(first);
    }

    [Fact]
    public async Task Dashboard_should_show_recent_changes_and_the_last_hearing()
    {
        var html = await _client.GetStringAsync("/");

        html.ShouldContain("id=\"recent-heading\"");
        html.ShouldContain("href=\"/records/noury-hearing-");
        html.ShouldContain("href=\"/timeline\"");
        html.ShouldContain("href=\"/map\"");
        html.ShouldContain("href=\"/network\"");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/search?q=Nouri")]
    [InlineData("/timeline")]
    [InlineData("/map")]
    [InlineData("/network")]
    public async Task Every_workbench_page_should_be_translated_into_Persian(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "lang=fa");
        var html = await (await _client.SendAsync(request)).Content.ReadAsStringAsync();

        html.ShouldContain("dir=\"rtl\"");
        // The page's own headings and controls are Persian: none of the English strings of the workbench remain.
        foreach (var english in new[] { ">Timeline<", ">Map<", ">Network<", ">Refine results<", ">Recent changes<", ">Zoom in<", ">Dates:", ">People<", ">Events<" })
        {
            html.ShouldNotContain(english);
        }
    }
}
