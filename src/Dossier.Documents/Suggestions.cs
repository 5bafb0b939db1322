using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Dossier.Domain;
using Dossier.Text;

namespace Dossier.Documents;

/// <summary>A name of a workspace record (person, organisation, place) to look for in documents, in any script.</summary>
public sealed record KnownName(string RecordId, string Kind, string Label, string Name);

/// <summary>Something a document seems to mention: a known record by one of its names, or a date.</summary>
/// <param name="Kind">person, organization, place, or date.</param>
/// <param name="Target">The record id, or the date (1988-07-30 for a day, 1988-07 or 1367/05 for a month).</param>
/// <param name="Label">The record's label, or the date read back in the other calendar.</param>
/// <param name="Page">The first page it is on.</param>
/// <param name="Matched">The words of the page that matched, as written there (index form).</param>
/// <param name="Score">How closely the words match the name (1 for an exact date or spelling).</param>
/// <param name="Pages">Every page it is on.</param>
public sealed record Suggestion(string Kind, string Target, string Label, int Page, string Matched, double Score, IReadOnlyList<int> Pages);

/// <summary>
/// Known names keyed by the phonetic keys of their words (<c>Dossier.Text.SearchKeys</c>, the keys search uses),
/// so that a name is found in a document whatever its script or spelling, and so that finding costs a few
/// dictionary look-ups per word of the document whatever the number of names (docs/adr/1601-text-extraction.md).
/// A person is indexed by names of two words or more (a given name alone would match everyone); organisations
/// and places also by one word of four letters or more. A compound written apart or together ("Pour Mohammadi",
/// "Pourmohammadi") is indexed both ways.
/// </summary>
public sealed class NameIndex
{
    /// <summary>Romanised forms must be this similar (Jaro–Winkler) for a key match to count: phonetic keys are coarse.</summary>
    public const double MinimumSimilarity = 0.86;

    private const int MaxWords = 6;

    private readonly Dictionary<string, List<int>> _byKey = new(StringComparer.Ordinal);
    private readonly List<(KnownName Name, string Roman)> _names = [];
    private readonly Dictionary<string, string> _wordKeys = new(StringComparer.Ordinal);
    private readonly HashSet<string> _firstKeys = new(StringComparer.Ordinal);

    public int Count => _names.Count;

    /// <summary>The longest name, in words: the longest run of document words worth looking up.</summary>
    public int LongestName { get; private set; }

    public static NameIndex Build(IEnumerable<KnownName> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var index = new NameIndex();
        foreach (var name in names)
        {
            index.Add(name);
        }

        return index;
    }

    public void Add(KnownName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var words = NameNormalizer.Tokens(name.Name);
        if (words.Count == 0 || words.Count > MaxWords || (words.Count == 1 && (name.Kind == "person" || words[0].Length < 4)))
        {
            return;
        }

        var id = _names.Count;
        _names.Add((name, Roman(words)));
        var keys = words.Select(WordKey).ToArray();
        AddKey(string.Join(' ', keys), id);
        for (var i = 0; i + 1 < words.Count; i++)
        {
            // The compound written together: "pour mohammadi" also as "pourmohammadi".
            var joined = new List<string>(words);
            joined[i] = words[i] + words[i + 1];
            joined.RemoveAt(i + 1);
            if (joined.Count > 1 || name.Kind != "person")
            {
                AddKey(string.Join(' ', joined.Select(WordKey)), id);
            }
        }

        LongestName = Math.Max(LongestName, words.Count);
    }

    private void AddKey(string key, int id)
    {
        if (key.Length == 0 || key.Contains("  ", StringComparison.Ordinal))
        {
            return;
        }

        var space = key.IndexOf(' ', StringComparison.Ordinal);
        _firstKeys.Add(space < 0 ? key : key[..space]);
        if (!_byKey.TryGetValue(key, out var ids))
        {
            ids = [];
            _byKey[key] = ids;
        }

        if (!ids.Contains(id))
        {
            ids.Add(id);
        }
    }

    /// <summary>The phonetic key of one normalised word, as search computes it; cached (names and documents repeat words).</summary>
    internal string WordKey(string word)
    {
        if (!_wordKeys.TryGetValue(word, out var key))
        {
            var keys = SearchKeys.For(word);
            key = keys.Phonetic.Count > 0 ? keys.Phonetic[0] : keys.Normalized.Count > 0 ? keys.Normalized[0] : string.Empty;
            if (_wordKeys.Count < 4_000_000)
            {
                _wordKeys[word] = key;
            }
        }

        return key;
    }

    private static string Roman(IEnumerable<string> words) => string.Concat(words.Select(w => Romanizer.Romanize(w)));

    /// <summary>
    /// The known names found in a page's words (normalised), the longest match first where matches overlap. A run of
    /// words is looked up by its words' keys, and also with two adjacent words joined ("Pour Mohammadi" in the text,
    /// "Pourmohammadi" known); only runs whose first word (or first pair) starts some known name are looked up.
    /// </summary>
    internal IEnumerable<(KnownName Name, int Start, int Length, double Score)> Find(IReadOnlyList<string> words)
    {
        if (_byKey.Count == 0)
        {
            yield break;
        }

        var keys = words.Select(WordKey).ToArray();
        var joined = new string?[words.Count];
        string Joined(int i) => joined[i] ??= i + 1 < words.Count ? WordKey(words[i] + words[i + 1]) : string.Empty;
        var covered = -1;
        for (var start = 0; start < words.Count; start++)
        {
            if (!_firstKeys.Contains(keys[start]) && !_firstKeys.Contains(Joined(start)))
            {
                continue;
            }

            (KnownName Name, int Start, int Length, double Score)? best = null;
            for (var length = Math.Min(LongestName + 1, words.Count - start); length >= 1 && best is null; length--)
            {
                best = Match(words, keys, start, length, string.Join(' ', keys, start, length));
                for (var pair = 0; best is null && pair + 1 < length; pair++)
                {
                    var parts = keys.Skip(start).Take(length).ToList();
                    parts[pair] = Joined(start + pair);
                    parts.RemoveAt(pair + 1);
                    best = Match(words, keys, start, length, string.Join(' ', parts));
                }
            }

            if (best is { } found && found.Start + found.Length - 1 > covered)
            {
                covered = found.Start + found.Length - 1;
                yield return found;
            }
        }
    }

    private (KnownName Name, int Start, int Length, double Score)? Match(IReadOnlyList<string> words, string[] keys, int start, int length, string key)
    {
        _ = keys;
        if (!_byKey.TryGetValue(key, out var ids))
        {
            return null;
        }

        var roman = Roman(words.Skip(start).Take(length));
        (KnownName Name, int Start, int Length, double Score)? best = null;
        foreach (var id in ids)
        {
            var score = Similarity.JaroWinkler(roman, _names[id].Roman);
            if (score >= MinimumSimilarity && (best is null || score > best.Value.Score))
            {
                best = (_names[id].Name, start, length, score);
            }
        }

        return best;
    }
}

/// <summary>Finds known names and dates in an extracted document's pages.</summary>
public static partial class SuggestionFinder
{
    public static IReadOnlyList<Suggestion> Find(ExtractedDocument document, NameIndex names)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(names);
        var found = new Dictionary<(string Kind, string Target), Suggestion>();
        foreach (var page in document.Pages)
        {
            var words = page.Normalized.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            foreach (var (name, start, length, score) in names.Find(words))
            {
                Add(found, new Suggestion(name.Kind, name.RecordId, name.Label, page.Number, string.Join(' ', words, start, length), Math.Round(score, 3), [page.Number]));
            }

            foreach (var (date, matched) in Dates(page.Text))
            {
                Add(found, new Suggestion("date", Target(date), OtherCalendar(date), page.Number, matched, 1, [page.Number]));
            }
        }

        return [.. found.Values.OrderBy(s => s.Kind == "date" ? 1 : 0).ThenBy(s => s.Page).ThenBy(s => s.Target, StringComparer.Ordinal)];
    }

    private static void Add(Dictionary<(string, string), Suggestion> found, Suggestion suggestion)
    {
        var key = (suggestion.Kind, suggestion.Target);
        if (found.TryGetValue(key, out var earlier))
        {
            if (!earlier.Pages.Contains(suggestion.Page))
            {
                found[key] = earlier with { Pages = [.. earlier.Pages, suggestion.Page], Score = Math.Max(earlier.Score, suggestion.Score) };
            }
        }
        else
        {
            found[key] = suggestion;
        }
    }

    /// <summary>
    /// Dates a page mentions, read by the domain's date grammar (<see cref="FuzzyDate"/>, whose Solar Hijri dates go
    /// through the one converter, <see cref="SolarHijri"/>): a day or month named with its year in either calendar and
    /// either script of digits (۸ مرداد ۱۳۶۷, Mordad 1367, 30 July 1988, July 30 1988), and numeric dates
    /// (1367/05/08, 1988-07-30). Bare years are not suggested: page numbers and counts look the same.
    /// </summary>
    public static IEnumerable<(FuzzyDate Date, string Matched)> Dates(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        // The words as written, with only their letter forms folded (TextForIndex.FoldLetterForms: presentation forms,
        // Arabic yeh and kaf; the index form would also fold آبان to ابان, which the date grammar does not know);
        // "۸ مرداد ماه ۱۳۶۷", "مرداد‌ماه", "مردادماه": the word for "month" after a month name is dropped.
        var clean = TextForIndex.FoldLetterForms(TextForIndex.RemoveBidiControls(text));
        var words = WordSeparators().Split(clean).Where(w => w.Length > 0 && w != Month).Select(WithoutMonthWord).ToList();
        for (var i = 1; i < words.Count; i++)
        {
            if (words[i].Length != 4 || !words[i].All(char.IsDigit))
            {
                continue;
            }

            foreach (var length in (int[])[3, 2])
            {
                if (i - length + 1 < 0)
                {
                    continue;
                }

                var window = words.Skip(i - length + 1).Take(length).ToList();
                var joined = string.Join(' ', window);
                if (FuzzyDate.TryParse(joined, out var date, out _) && date.Precision is DatePrecision.Day or DatePrecision.Month)
                {
                    yield return (date, joined);
                    break;
                }

                // "31 Esfand 1367" where Esfand has 29 days: a day that does not exist is not read as the month either.
                if (length == 3 && window[0].Length <= 2 && window[0].All(char.IsDigit) && FuzzyDate.TryParse(string.Join(' ', window.Skip(1)), out var month, out _)
                    && month.Precision == DatePrecision.Month)
                {
                    break;
                }
            }
        }

        foreach (Match match in NumericDate().Matches(AsciiDigits(clean)))
        {
            if (FuzzyDate.TryParse(match.Value, out var date, out _) && date.Precision is DatePrecision.Day)
            {
                yield return (date, match.Value);
            }
        }
    }

    private static string Target(FuzzyDate date) => date.Precision == DatePrecision.Day
        ? date.Earliest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : date.ToString();

    private static string OtherCalendar(FuzzyDate date)
    {
        var (year, month, day) = SolarHijri.FromGregorian(date.Earliest);
        return date.Precision == DatePrecision.Day
            ? string.Create(CultureInfo.InvariantCulture, $"{year:D4}/{month:D2}/{day:D2} SH = {date.Earliest:yyyy-MM-dd}")
            : string.Create(CultureInfo.InvariantCulture, $"{date.Earliest:yyyy-MM-dd}..{date.Latest:yyyy-MM-dd}");
    }

    private const string Month = "ماه";

    /// <summary>"مردادماه" (month name and the word for month written as one) is read as "مرداد"; other words are left alone.</summary>
    private static string WithoutMonthWord(string word) =>
        word.Length > Month.Length + 2 && word.EndsWith(Month, StringComparison.Ordinal) && !word.Any(char.IsDigit) ? word[..^Month.Length] : word;

    private static string AsciiDigits(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c is >= '۰' and <= '۹' ? (char)('0' + (c - '۰')) : c is >= '٠' and <= '٩' ? (char)('0' + (c - '٠')) : c);
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"[\s,.;:()«»""'،؛!?]+", RegexOptions.CultureInvariant)]
    private static partial Regex WordSeparators();

    [GeneratedRegex(@"(?<![0-9/\-])[0-9]{4}(/[0-9]{1,2}/[0-9]{1,2}|-[0-9]{2}-[0-9]{2})(?![0-9/\-])", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex NumericDate();
}
