using Dossier.Application.Search;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;

namespace Dossier.Application.Tests;

/// <summary>
/// Issue 13, item 17: a person with 60,000 aliases made an anonymous search take 84 s. Records may hold at
/// most 100 names and 100 aliases of at most 200 characters, and one query does bounded work.
/// </summary>
public class NameAndQueryCapTests
{
    private static readonly Func<string, RecordKind?> NothingElse = _ => null;

    private static Person Person(int names, int aliases, int length = 10) => new()
    {
        Id = "p1",
        Names = [.. Enumerable.Range(0, names).Select(i => new PersonName(Text(i, length), "Latn", NameKind.Alias))],
        Aliases = [.. Enumerable.Range(0, aliases).Select(i => Text(i, length))],
    };

    private static string Text(int i, int length) => ("Name" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + new string('x', length)).Substring(0, length);

    [Fact]
    public void Sixty_thousand_aliases_are_one_error_on_aliases()
    {
        var errors = RecordValidator.Validate(Person(1, 60_000), NothingElse);

        var error = errors.ShouldHaveSingleItem();
        (error.Field, error.Code).ShouldBe(("aliases", "too-many-names"));
        error.Message.ShouldStartWith("at most 100 entries");
    }

    [Fact]
    public void A_hundred_names_and_a_hundred_aliases_of_200_characters_are_allowed_and_one_more_is_not()
    {
        RecordValidator.Validate(Person(RecordValidator.MaxNames, RecordValidator.MaxNames, RecordValidator.MaxNameLength), NothingElse).ShouldBeEmpty();

        var errors = RecordValidator.Validate(Person(RecordValidator.MaxNames + 1, 1, RecordValidator.MaxNameLength + 1), NothingElse)
            .Select(e => $"{e.Field}: {e.Code}").ToList();

        errors.ShouldContain("names: too-many-names");
        errors.ShouldContain("names[0].text: name-too-long");
        errors.ShouldContain("aliases[0]: name-too-long");
        errors.Count.ShouldBe(1 + RecordValidator.MaxNames + 1, "one for the count, one per name checked (the first 100), one for the alias");
    }

    [Fact]
    public void Organizations_and_places_have_the_same_caps()
    {
        var names = Enumerable.Range(0, RecordValidator.MaxNames + 1).Select(i => new LocalizedName(Text(i, 12), "Latn")).ToList();

        RecordValidator.Validate(new Organization { Id = "o1", Names = names }, NothingElse).ShouldContain(e => e.Field == "names" && e.Code == "too-many-names");
        RecordValidator.Validate(new Place { Id = "pl1", Names = [new LocalizedName(new string('e', 201), "Latn")] }, NothingElse)
            .ShouldContain(e => e.Field == "names[0].text" && e.Code == "name-too-long");
    }

    [Fact]
    public void A_query_searches_at_most_eight_words_with_at_most_eight_keys_of_each_kind()
    {
        var query = string.Join(' ', Enumerable.Repeat("Hamid Noury نوری Pourmohammadi", 500));

        var words = QueryWord.Parse(query);

        words.Count.ShouldBe(QueryWord.MaxWords);
        words.ShouldAllBe(w => w.Normalized.Count <= QueryWord.MaxKeysPerKind && w.Romanized.Count <= QueryWord.MaxKeysPerKind && w.Phonetic.Count <= QueryWord.MaxKeysPerKind);
        words[0].Text.ShouldBe("hamid");
    }

    [Fact]
    public void A_very_long_word_is_cut_and_text_past_the_query_limit_is_not_read()
    {
        QueryWord.Parse(new string('a', 100_000)).ShouldHaveSingleItem().Text.Length.ShouldBe(64);
        QueryWord.Parse(new string(' ', QueryWord.MaxQueryLength) + "Noury").ShouldBeEmpty();
    }
}
