using Dossier.Application.Access;
using Dossier.Application.Search;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;

namespace Dossier.Storage.Tests;

/// <summary>Issue 13, item 17, on both databases: the caps on names refuse a flood of aliases, and a person at the caps stays findable by a query of any length.</summary>
public class SearchBoundsTests
{
    private static readonly Principal Writer = new("tester@test", Role.Investigator);
    private const string WriterReason = "search bounds";

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_person_with_60000_aliases_is_refused_and_nothing_is_written(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var person = new Person { Id = "flood", Names = [new PersonName("Hamid Noury", "Latn", NameKind.Full)], Aliases = [.. Enumerable.Range(0, 60_000).Select(i => $"Abbasi{i}")] };

        var errors = await test.Service().CreateManyAsync([person], Writer, WriterReason, CancellationToken.None);

        errors.ShouldHaveSingleItem().Code.ShouldBe("too-many-names");
        (await test.Store.GetTreeHeadAsync(CancellationToken.None)).Size.ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(Dialects.All), MemberType = typeof(Dialects))]
    public async Task A_person_at_the_caps_is_found_by_a_query_of_thousands_of_words(string dialect)
    {
        await using var test = await TestStore.OpenAsync(dialect);
        var person = new Person
        {
            Id = "hamid-noury",
            Names = [new PersonName("Hamid Noury", "Latn", NameKind.Full), .. Enumerable.Range(1, RecordValidator.MaxNames - 1).Select(i => new PersonName(Long("Nouri", i), "Latn", NameKind.Alias))],
            Aliases = [.. Enumerable.Range(0, RecordValidator.MaxNames).Select(i => Long("Abbasi", i))],
        };
        (await test.Service().CreateManyAsync([person], Writer, WriterReason, CancellationToken.None)).ShouldBeEmpty();

        var hits = await test.Store.SearchAsync(new SearchQuery(string.Join(' ', Enumerable.Repeat("Hamid Noury", 5_000))), CancellationToken.None);

        hits.ShouldHaveSingleItem().Id.ShouldBe("hamid-noury");
        QueryWord.Parse(string.Join(' ', Enumerable.Repeat("Hamid Noury", 5_000))).Count.ShouldBe(QueryWord.MaxWords);
    }

    private static string Long(string stem, int i) => (stem + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + new string('q', RecordValidator.MaxNameLength))[..RecordValidator.MaxNameLength];
}
