using Dossier.Application.Access;
using Dossier.Application.Search;
using Dossier.Application.Workspace;
using Dossier.Domain;
using Dossier.Domain.Records;

namespace Dossier.Storage.Tests;

/// <summary>What the workbench views need from either database: batch reads, the newest entries, faceted search.</summary>
public class WorkbenchStoreTests
{
    private static readonly Principal Analyst = new("analyst@test", Role.Investigator);
    private const string AnalystReason = "test data";
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task GetMany_returns_exactly_the_records_that_exist(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = test.Service();
        await service.CreateAsync(StoreSuiteTests.Source(), Analyst, AnalystReason, None);
        // More ids than one chunk of bound parameters.
        for (var i = 0; i < 520; i += 40)
        {
            foreach (var k in Enumerable.Range(i, 40))
            {
                await service.CreateAsync(StoreSuiteTests.Person($"p{k}", $"Person {k}", "نام"), Analyst, AnalystReason, None);
            }
        }

        var asked = Enumerable.Range(0, 520).Select(k => $"p{k}").Append("missing").Append("s1").ToList();
        var found = await test.Store.GetManyAsync(asked, None);

        found.Count.ShouldBe(521);
        found.ContainsKey("missing").ShouldBeFalse();
        found["p519"].Record.ShouldBeOfType<Person>().Label.ShouldBe("Person 519");
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Recent_entries_are_the_newest_first(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = test.Service();
        await service.CreateAsync(StoreSuiteTests.Source(), Analyst, AnalystReason, None);
        await service.CreateAsync(StoreSuiteTests.Person("p1", "A", "ا"), Analyst, AnalystReason, None);
        await service.CreateAsync(StoreSuiteTests.Person("p2", "B", "ب"), Analyst, AnalystReason, None);

        var recent = await test.Store.RecentEntriesAsync(2, None);

        var all = new List<long>();
        await foreach (var entry in test.Store.ReadEntriesAsync(None))
        {
            all.Add(entry.Sequence);
        }

        recent.Select(e => e.Sequence).ShouldBe([all[^1], all[^2]]);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Search_applies_the_facet_filters(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = test.Service();
        await service.CreateAsync(StoreSuiteTests.Source(), Analyst, AnalystReason, None);
        await service.CreateAsync(StoreSuiteTests.Source("s2"), Analyst, AnalystReason, None);
        await service.CreateAsync(new Place { Id = "gohardasht", Names = [new LocalizedName("Gohardasht")] }, Analyst, AnalystReason, None);
        await service.CreateAsync(new Event { Id = "e1", Title = "Noury arrested", Date = FuzzyDate.Parse("2019-11-09"), PlaceId = "gohardasht", Sources = ["s1"] }, Analyst, AnalystReason, None);
        await service.CreateAsync(new Event { Id = "e2", Title = "Noury tried", Date = FuzzyDate.Parse("2021-08-10"), Sources = ["s2"], Classification = Classification.Internal }, Analyst, AnalystReason, None);
        await service.CreateAsync(StoreSuiteTests.Person("p1", "Hamid Noury", "حمید نوری"), Analyst, AnalystReason, None);

        async Task<IEnumerable<string>> Ids(SearchQuery query) => (await test.Store.SearchAsync(query, None)).Select(h => h.Id).Order(StringComparer.Ordinal);

        (await Ids(new SearchQuery("Nouri"))).ShouldBe(["e1", "e2", "p1"]);
        (await Ids(new SearchQuery("Nouri") { PlaceId = "gohardasht" })).ShouldBe(["e1"]);
        (await Ids(new SearchQuery("Nouri") { SourceId = "s2" })).ShouldBe(["e2"]);
        (await Ids(new SearchQuery("Nouri") { Classification = Classification.Internal })).ShouldBe(["e2"]);
        (await Ids(new SearchQuery("Nouri") { DateFrom = new DateOnly(2020, 1, 1) })).ShouldBe(["e2"]);
        (await Ids(new SearchQuery("نوری", RecordKind.Event) { DateTo = new DateOnly(2020, 1, 1) })).ShouldBe(["e1"]);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task Browse_filters_counts_synthetic_records_apart_sorts_and_pages_without_overlap(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var service = test.Service();
        await service.CreateAsync(StoreSuiteTests.Source(), Analyst, AnalystReason, None);
        for (var i = 0; i < 30; i++)
        {
            await service.CreateAsync(new Event
            {
                Id = $"e{i:D2}",
                Title = i == 7 ? "100% of_it" : $"Event {i:D2}",
                Type = i % 3 == 0 ? "mass-execution" : "arrest",
                Date = FuzzyDate.Parse((1980 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Synthetic = i % 5 == 0,
                Classification = i % 10 == 9 ? Classification.Restricted : Classification.Public,
                Sources = ["s1"],
            }, Analyst, AnalystReason, None);
        }

        async Task<Dossier.Application.Browse.BrowsePage> Page(Dossier.Application.Browse.BrowseQuery q) => await test.Store.BrowseAsync(q, None);
        var all = new Dossier.Application.Browse.BrowseQuery(RecordKind.Event);

        // 30 events: 6 synthetic (0, 5, …, 25), 3 restricted (9, 19, 29).
        var real = await Page(all with { Limit = 1000 });
        real.Total.ShouldBe(24);
        real.SyntheticHidden.ShouldBe(6);
        real.Records.ShouldAllBe(r => !r.Record.Synthetic);
        (await Page(all with { Synthetic = true, Limit = 1000 })).Total.ShouldBe(30);
        (await Page(all with { Ceiling = Classification.Public, Limit = 1000 })).Total.ShouldBe(21);
        (await Page(all with { Classification = Classification.Restricted, Synthetic = true })).Records.Select(r => r.Id).ShouldBe(["e09", "e19", "e29"]);

        // Label text is matched literally: % and _ are not wildcards.
        (await Page(all with { Text = "100% OF_" })).Records.Select(r => r.Id).ShouldBe(["e07"]);
        (await Page(all with { Text = "%" })).Records.Select(r => r.Id).ShouldBe(["e07"]);

        // Record fields: a type and a date range (a year overlaps the range), in memory, with the same counts.
        var executions = await Page(all with { Fields = new Dictionary<string, string> { ["type"] = "MASS-EXECUTION" }, Synthetic = true, Limit = 1000 });
        executions.Records.Select(r => r.Id).ShouldBe(["e00", "e03", "e06", "e09", "e12", "e15", "e18", "e21", "e24", "e27"]);
        var eighties = await Page(all with { DateFrom = new DateOnly(1985, 6, 1), DateTo = new DateOnly(1989, 12, 31), Limit = 1000 });
        eighties.Records.Select(r => r.Id).Order(StringComparer.Ordinal).ShouldBe(["e06", "e07", "e08", "e09"]);
        eighties.SyntheticHidden.ShouldBe(1);

        // Newest date first; pages of 7 cover every record once.
        var byDate = await Page(all with { Sort = Dossier.Application.Browse.BrowseSort.Date, Descending = true, Synthetic = true, Limit = 1000 });
        byDate.Records[0].Id.ShouldBe("e29");
        var paged = new List<string>();
        for (var offset = 0; offset < 30; offset += 7)
        {
            paged.AddRange((await Page(all with { Synthetic = true, Offset = offset, Limit = 7 })).Records.Select(r => r.Id));
        }

        paged.Count.ShouldBe(30);
        paged.Distinct(StringComparer.Ordinal).Count().ShouldBe(30);
        var newest = await Page(all with { Sort = Dossier.Application.Browse.BrowseSort.Created, Descending = true, Limit = 1 });
        newest.Records.Single().Id.ShouldBe("e29");
    }
}
