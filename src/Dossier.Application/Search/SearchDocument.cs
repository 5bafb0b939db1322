using Dossier.Domain.Records;
using Dossier.Text;

namespace Dossier.Application.Search;

/// <summary>
/// What the search index holds for one record: the text as written, and its normalised, romanised and
/// phonetic keys (Dossier.Text), so that "Nouri", "Noury" and "نوری" meet. Both database dialects
/// index exactly these strings.
/// </summary>
public sealed record SearchDocument(string RecordId, string Original, IReadOnlyList<string> Normalized, IReadOnlyList<string> Romanized, IReadOnlyList<string> Phonetic)
{
    public static SearchDocument For(Record record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var texts = SearchableTexts(record).Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal).ToList();
        var normalized = new List<string>();
        var romanized = new List<string>();
        var phonetic = new List<string>();
        foreach (var text in texts)
        {
            var keys = SearchKeys.For(text);
            normalized.AddRange(keys.Normalized);
            romanized.AddRange(keys.Romanized);
            phonetic.AddRange(keys.Phonetic);
        }

        return new SearchDocument(
            record.Id,
            string.Join(" | ", texts),
            Distinct(normalized),
            Distinct(romanized),
            Distinct(phonetic));
    }

    private static List<string> Distinct(List<string> keys) => [.. keys.Distinct(StringComparer.Ordinal)];

    /// <summary>The text of a record that search should find it by: names for people and places, titles for the rest.</summary>
    private static IEnumerable<string> SearchableTexts(Record record) => record switch
    {
        Person person => person.SearchableNames(),
        Organization organization => organization.Names.Select(n => n.Text),
        Place place => place.Names.Select(n => n.Text),
        Event @event => [@event.Title, @event.TitleFa ?? string.Empty],
        Source source => [source.Title, source.Author ?? string.Empty, source.Publisher ?? string.Empty],
        Claim claim => [claim.Statement],
        Proceeding proceeding => [proceeding.Title, proceeding.Docket ?? string.Empty],
        _ => [record.Label],
    };
}

/// <summary>One word of a query with the keys that may match it: any key of any kind is a hit for the word.</summary>
public sealed record QueryWord(string Text, IReadOnlyList<string> Normalized, IReadOnlyList<string> Romanized, IReadOnlyList<string> Phonetic)
{
    /// <summary>Characters of a query that are read; the rest is ignored.</summary>
    public const int MaxQueryLength = 200;

    /// <summary>Words of a query that are searched for (all must match); later words are ignored.</summary>
    public const int MaxWords = 8;

    /// <summary>Keys of each kind (normalised, romanised, phonetic) a word is matched by, and characters of a word.</summary>
    public const int MaxKeysPerKind = 8;

    private const int MaxWordLength = 64;

    /// <summary>
    /// Splits a query into words; every word must match (AND), each through any of its keys (OR). The work
    /// of one query is bounded whatever is typed (docs/user-guide.md, "Searching"): the first
    /// <see cref="MaxQueryLength"/> characters, <see cref="MaxWords"/> words of at most 64 characters, and
    /// <see cref="MaxKeysPerKind"/> keys of each kind per word.
    /// </summary>
    public static IReadOnlyList<QueryWord> Parse(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var words = new List<QueryWord>();
        var text = query.Length > MaxQueryLength ? query[..MaxQueryLength] : query;
        foreach (var word in NameNormalizer.Tokens(text))
        {
            if (words.Count == MaxWords)
            {
                break;
            }

            var cut = word.Length > MaxWordLength && char.IsHighSurrogate(word[MaxWordLength - 1]) ? MaxWordLength - 1 : MaxWordLength;
            var token = word.Length > MaxWordLength ? word[..cut] : word;
            var keys = SearchKeys.For(token);
            if (keys.Normalized.Count + keys.Romanized.Count + keys.Phonetic.Count > 0)
            {
                words.Add(new QueryWord(token, [.. keys.Normalized.Take(MaxKeysPerKind)], [.. keys.Romanized.Take(MaxKeysPerKind)], [.. keys.Phonetic.Take(MaxKeysPerKind)]));
            }
        }

        return words;
    }
}
