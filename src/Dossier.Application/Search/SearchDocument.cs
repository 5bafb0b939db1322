using Dossier.Domain.Records;
using Dossier.Text;

namespace Dossier.Application.Search;

/// <summary>
/// What the search index holds for one record (docs/search.md): its names or title as written and as keys
/// (<see cref="Names"/>: normalised, romanised and phonetic, Dossier.Text, so "Nouri", "Noury" and "نوری" meet), the
/// keys of the other words a reader of the record sees (<see cref="Text"/>: notes, descriptions, a statement's words),
/// and what a search filters by inside the index before anything is ordered: kind, classification and whether the
/// record is synthetic. Both database dialects index exactly these strings.
/// </summary>
/// <remarks>
/// Sealed words never come here: a protected witness's statement holds only ciphertext (its <c>Text</c> is null), and
/// a statement whose interview's consent was withdrawn is indexed without its words (<see cref="For"/> is told so).
/// </remarks>
public sealed record SearchDocument(
    string RecordId, RecordKind Kind, Classification Classification, bool Synthetic, string Original, SearchKeys Names, SearchKeys Text)
{
    /// <summary>Keys of each kind kept from a record's texts, as a document page keeps at most so many (<see cref="TextKeys"/>).</summary>
    public const int MaxTextKeys = 4_000;

    /// <summary>
    /// The index row of <paramref name="record"/>. <paramref name="wordsShown"/> is false for a statement whose
    /// interview's consent is withdrawn (or not recorded yet): its words are then shown nowhere, so they are not indexed.
    /// </summary>
    public static SearchDocument For(Record record, bool wordsShown = true)
    {
        ArgumentNullException.ThrowIfNull(record);
        var texts = Distinct(SearchableTexts(record));
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

        var words = Distinct(WordsOf(record, wordsShown));
        return new SearchDocument(
            record.Id,
            record.Kind,
            record.Classification,
            record.Synthetic,
            string.Join(" | ", texts),
            new SearchKeys(Distinct(normalized), Distinct(romanized), Distinct(phonetic)),
            words.Count == 0 ? new SearchKeys([], [], []) : TextKeys.For(string.Join('\n', words), MaxTextKeys));
    }

    private static List<string> Distinct(IEnumerable<string?> keys) =>
        [.. keys.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k!).Distinct(StringComparer.Ordinal)];

    /// <summary>The text of a record that search should find it by first: names for people and places, titles for the rest.</summary>
    private static IEnumerable<string> SearchableTexts(Record record) => record switch
    {
        Person person => person.SearchableNames(),
        Organization organization => organization.Names.Select(n => n.Text),
        Place place => place.Names.Select(n => n.Text),
        Event @event => [@event.Title, @event.TitleFa ?? string.Empty],
        Source source => [source.Title, source.Author ?? string.Empty, source.Publisher ?? string.Empty],
        Claim claim => [claim.Statement],
        // A Persian title adds keys only where one is given, so proceedings without one keep the keys they had.
        Proceeding proceeding => [proceeding.Title, proceeding.Docket ?? string.Empty, proceeding.TitleFa ?? string.Empty],
        _ => [record.Label],
    };

    /// <summary>
    /// The other words a reader of the record sees on its page: notes, descriptions, an outcome, a statement's words and
    /// translations (never when sealed: then <c>Text</c> is null and only ciphertext exists).
    /// </summary>
    private static IEnumerable<string?> WordsOf(Record record, bool wordsShown)
    {
        yield return record.Notes;
        switch (record)
        {
            case Person person:
                yield return person.Description;
                break;
            case Organization organization:
                yield return organization.Description;
                break;
            case Place place:
                yield return place.Description;
                break;
            case Event @event:
                yield return @event.Description;
                break;
            case Hearing hearing:
                yield return hearing.Description;
                break;
            case Proceeding proceeding:
                yield return proceeding.Outcome;
                foreach (var charge in proceeding.Charges)
                {
                    yield return charge.Label;
                    yield return charge.Description;
                }

                break;
            case Ruling ruling:
                yield return ruling.Sentence;
                break;
            case Statement { Sealed: null } statement when wordsShown:
                yield return statement.Text;
                foreach (var translation in statement.Translations)
                {
                    yield return translation.Text;
                }

                break;
        }
    }
}
