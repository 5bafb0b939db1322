using System.Net;
using Dossier.Application.Access;
using Dossier.Application.Evidence;
using Dossier.Domain.Records;
using Dossier.Testing;

namespace Dossier.Web.Tests;

/// <summary>
/// Issue 18 §3 on the served demo: the network opens on the case with typed connections (held post, accused in, …),
/// and the map counts victims and evidence per place and draws evidence where its own GPS says it was made.
/// </summary>
public abstract class NetworkMapTests(DemoWorkspaceFixture demo) : DemoAppTests(demo)
{
    [Fact]
    public async Task The_network_opens_on_the_first_case_with_its_accused_their_posts_and_typed_connections()
    {
        var client = await Demo.ClientAsync(App, Role.Analyst);

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/network"));

        html.ShouldContain("Centred on the case");
        html.ShouldContain("value=\"case-noury\"");
        // The case's accused (demo/noury-cases.yaml), Noury's post and the prison it was at, three steps out.
        html.ShouldContain("href=\"/records/hamid-noury\"");
        html.ShouldContain("href=\"/records/pos-noury-gohardasht-1988\"");
        html.ShouldContain("href=\"/records/gohardasht-prison\"");
        html.ShouldContain("class=\"edge type-accused-in\"");
        html.ShouldContain("class=\"edge type-held-post\"");
        html.ShouldContain("class=\"edge type-post-in\"");
        html.ShouldContain("<span class=\"edge-key type-held-post\">held post</span>");
        html.ShouldContain("(held post)");
        html.ShouldNotContain("SYNTHETIC victim");
        // Cleared by the reader, the centre stays cleared: every record of the chosen kinds, no case note.
        (await client.GetStringAsync("/network?centre=&kind=person&kind=position")).ShouldNotContain("Centred on the case");

        var persian = WebUtility.HtmlDecode(await client.GetStringAsync("/network?lang=fa"));
        persian.ShouldContain("<span class=\"edge-key type-held-post\">سِمَت داشت</span>");
    }

    [Fact]
    public async Task An_anonymous_visitor_who_may_see_no_case_gets_the_network_of_the_trial_not_every_record()
    {
        var anonymous = await Demo.ClientAsync(App, null);
        (await anonymous.GetAsync("/records/case-noury")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "cases are internal: the visitor cannot open one");

        var html = WebUtility.HtmlDecode(await anonymous.GetStringAsync("/network"));

        html.ShouldContain("Centred on the proceeding");
        html.ShouldContain("value=\"noury-trial\"");
        // The trial's accused, his post and the prison it was at.
        html.ShouldContain("href=\"/records/hamid-noury\"");
        html.ShouldContain("href=\"/records/pos-noury-gohardasht-1988\"");
        html.ShouldContain("href=\"/records/gohardasht-prison\"");
        html.ShouldNotContain("case-noury");
        html.ShouldNotContain("SYNTHETIC victim");
    }

    [Fact]
    public async Task The_map_counts_the_victims_at_each_place_and_draws_evidence_at_its_own_gps_position()
    {
        var client = await Demo.ClientAsync(App, Role.Investigator);
        // The oracle: the demo's invented list rows (not the page, not the acts) — the people made from the lists whose
        // every row that names a prison writes it as Evin.
        var store = Demo.Store;
        var rows = await store.Lists.RowsOfAsync([.. (await store.Lists.ListsAsync(CancellationToken.None)).Select(l => l.ListId)], CancellationToken.None);
        var people = await store.Lists.PeopleOfRowsAsync([.. rows.Select(r => r.Key)], CancellationToken.None);
        static bool Evin(string p) => p.Contains("Evin", StringComparison.OrdinalIgnoreCase) || p.Contains("اوین", StringComparison.Ordinal);
        var evinPeople = rows.Where(r => people.ContainsKey(r.Key)).GroupBy(r => people[r.Key], StringComparer.Ordinal)
            .Select(g => g.Select(r => r.Values.GetValueOrDefault("prison")?.Trim() ?? string.Empty).Where(p => p.Length > 0).ToList())
            .Count(prisons => prisons.Count > 0 && prisons.All(Evin));
        evinPeople.ShouldBeGreaterThan(0);
        var photo = SyntheticJpeg.WithGps(latitude: (35, 48, 36), longitude: (50, 59, 24));
        var added = await EvidenceService.For(store, new FixedClock()).AddAsync(new MemoryStream(photo), "syn-photo-with-gps.jpg", new AcquisitionRequest
        {
            Collector = "test (synthetic)", CollectedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), Zone = "UTC", Method = "test photo (SYNTHETIC)", Tool = "test", ToolVersion = "1",
        }, new Principal("test", Role.Investigator), "a photo with GPS for the map test", CancellationToken.None);
        added.Errors.ShouldBeEmpty();

        var shown = WebUtility.HtmlDecode(await client.GetStringAsync("/map?synthetic=show"));
        var folded = WebUtility.HtmlDecode(await client.GetStringAsync("/map"));
        var anonymous = WebUtility.HtmlDecode(await (await Demo.ClientAsync(App, null)).GetStringAsync("/map"));

        // One act per person, so each of them is one invented victim there; folded, none (the demo has no real victim at Evin).
        VictimsAt(shown, "evin-prison-site").ShouldBe(evinPeople);
        VictimsAt(folded, "evin-prison-site").ShouldBe(0);
        shown.ShouldContain($"href=\"/evidence/{added.Item!.Hash}\"");
        shown.ShouldContain("class=\"evidence-mark\"");
        shown.ShouldContain("35.8100, 50.9900");
        // Evidence is internal: a reader who is not signed in sees the places and counts, never the items.
        anonymous.ShouldNotContain("class=\"evidence-mark\"");
        anonymous.ShouldNotContain(added.Item.Hash);
    }

    // The place's row in the map's table: its victims cell.
    private static int VictimsAt(string html, string placeId)
    {
        var table = html[html.IndexOf("<table class=\"chart-table\"", StringComparison.Ordinal)..];
        var row = table[table.IndexOf($"href=\"/records/{placeId}\"", StringComparison.Ordinal)..];
        var cell = row[(row.IndexOf("class=\"num victims\">", StringComparison.Ordinal) + "class=\"num victims\">".Length)..];
        return int.Parse(cell[..cell.IndexOf('<', StringComparison.Ordinal)].Replace(",", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
    }
}
