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
}
