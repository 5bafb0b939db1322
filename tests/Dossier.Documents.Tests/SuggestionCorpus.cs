using System.Globalization;
using Dossier.Domain;
using Dossier.Text;

namespace Dossier.Documents.Tests;

/// <summary>
/// SYNTHETIC test documents with known answers, for measuring suggestion recall and precision: invented people
/// (given and family names drawn from the project's name lexicon, paired at random with a fixed seed), known to the
/// index in Persian and in their usual romanisation, mentioned in documents in Persian script, in the usual
/// romanisation or in another spelling the lexicon lists; invented people the index does not know, mentioned the
/// same ways; and dates written as Persian day-month-year, romanised Hijri month and year, English day-month-year
/// and numeric Hijri dates, in Persian or Latin digits.
/// </summary>
public sealed class SuggestionCorpus
{
    private static readonly string[] PersianMonths = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"];
    private static readonly string[] LatinHijriMonths = ["Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar", "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand"];

    public required IReadOnlyList<KnownName> Known { get; init; }

    public required IReadOnlyList<(ExtractedDocument Document, HashSet<string> People, HashSet<string> Dates)> Documents { get; init; }

    public static SuggestionCorpus Generate(int seed, int knownPeople, int documents)
    {
        var random = new Random(seed);
        var given = PersianNameLexicon.OfKind(NamePartKind.MaleGiven).Concat(PersianNameLexicon.OfKind(NamePartKind.FemaleGiven)).ToList();
        var family = PersianNameLexicon.OfKind(NamePartKind.Family).ToList();
        var pairs = new HashSet<(int, int)>();
        while (pairs.Count < Math.Min(knownPeople * 2, given.Count * family.Count / 2))
        {
            pairs.Add((random.Next(given.Count), random.Next(family.Count)));
        }

        var people = pairs.Select((p, i) => (Id: $"synthetic-{i:D5}", Given: given[p.Item1], Family: family[p.Item2])).ToList();
        var known = people.Take(people.Count / 2).ToList();
        var unknown = people.Skip(people.Count / 2).ToList();
        var names = known.SelectMany(p => new[]
        {
            new KnownName(p.Id, "person", Latin(p.Given.Romanized, p.Family.Romanized) + " (synthetic)", p.Given.Persian + " " + p.Family.Persian),
            new KnownName(p.Id, "person", Latin(p.Given.Romanized, p.Family.Romanized) + " (synthetic)", Latin(p.Given.Romanized, p.Family.Romanized)),
        }).ToList();

        var docs = new List<(ExtractedDocument, HashSet<string>, HashSet<string>)>();
        for (var d = 0; d < documents; d++)
        {
            var truthPeople = new HashSet<string>(StringComparer.Ordinal);
            var truthDates = new HashSet<string>(StringComparer.Ordinal);
            var persian = random.Next(2) == 0;
            var sentences = new List<string>();
            for (var s = 0; s < 4; s++)
            {
                var person = known[random.Next(known.Count)];
                truthPeople.Add(person.Id);
                sentences.Add(Sentence(Mention(person.Given, person.Family, random), persian));
                var stranger = unknown[random.Next(unknown.Count)];
                sentences.Add(Sentence(Mention(stranger.Given, stranger.Family, random), persian));
            }

            for (var s = 0; s < 2; s++)
            {
                var day = new DateOnly(1988, 7, 1).AddDays(random.Next(120));
                truthDates.Add(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                sentences.Add(DateMention(day, random));
            }

            sentences.Add(persian ? "صفحه ۱۲ از ۱۳۶۷ برگ" : "Page 12 of 1367 sheets, 45 names.");
            var text = string.Join(persian ? " " : "\n", sentences.OrderBy(_ => random.Next()));
            var page = new ExtractedPage(1, PageMethod.Text, text, TextForIndex.Normalize(text));
            docs.Add((new ExtractedDocument { Status = ExtractionStatus.Ok, Kind = "text", Languages = [], Tools = [], Pages = [page] }, truthPeople, truthDates));
        }

        return new SuggestionCorpus { Known = names, Documents = docs };
    }

    private static string Latin(string given, string family) => Capital(given) + " " + Capital(family);

    private static string Capital(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];

    /// <summary>Persian script, the usual romanisation, or (when the lexicon has one) another spelling of each part.</summary>
    private static string Mention(PersianNamePart given, PersianNamePart family, Random random) => random.Next(3) switch
    {
        0 => given.Persian + " " + family.Persian,
        1 => Latin(given.Romanized, family.Romanized),
        _ => Latin(Variant(given, random), Variant(family, random)),
    };

    private static string Variant(PersianNamePart part, Random random) =>
        part.Variants.Count == 0 ? part.Romanized : part.Variants[random.Next(part.Variants.Count)];

    private static string Sentence(string name, bool persian) => persian ? $"گواهی {name} ثبت شد." : $"The statement of {name} was recorded.";

    private static string DateMention(DateOnly day, Random random)
    {
        var (year, month, dayOfMonth) = SolarHijri.FromGregorian(day);
        return random.Next(4) switch
        {
            0 => $"در {Persian(dayOfMonth)} {PersianMonths[month - 1]} {Persian(year)}",
            1 => string.Create(CultureInfo.InvariantCulture, $"on {dayOfMonth} {LatinHijriMonths[month - 1]} {year}"),
            2 => "on " + day.ToString("d MMMM yyyy", CultureInfo.InvariantCulture),
            _ => random.Next(2) == 0
                ? string.Create(CultureInfo.InvariantCulture, $"dated {year}/{month:D2}/{dayOfMonth:D2}")
                : "تاریخ " + Persian(year) + "/" + Persian(month, 2) + "/" + Persian(dayOfMonth, 2),
        };
    }

    private static string Persian(int number, int width = 1) =>
        new([.. number.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0').Select(c => (char)('۰' + (c - '0')))]);

    /// <summary>Recall and precision of the suggestions over the corpus, for people and for dates.</summary>
    public (double PeopleRecall, double PeoplePrecision, double DateRecall, double DatePrecision) Measure(NameIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        int peopleFound = 0, peopleTrue = 0, peopleTotal = 0, datesFound = 0, datesTrue = 0, datesTotal = 0;
        foreach (var (document, people, dates) in Documents)
        {
            var suggestions = SuggestionFinder.Find(document, index);
            var suggestedPeople = suggestions.Where(s => s.Kind == "person").Select(s => s.Target).ToHashSet(StringComparer.Ordinal);
            var suggestedDates = suggestions.Where(s => s.Kind == "date").Select(s => s.Target).ToHashSet(StringComparer.Ordinal);
            peopleFound += suggestedPeople.Count;
            peopleTrue += suggestedPeople.Count(people.Contains);
            peopleTotal += people.Count;
            datesFound += suggestedDates.Count;
            datesTrue += suggestedDates.Count(dates.Contains);
            datesTotal += dates.Count;
        }

        return ((double)peopleTrue / peopleTotal, peopleFound == 0 ? 0 : (double)peopleTrue / peopleFound,
            (double)datesTrue / datesTotal, datesFound == 0 ? 0 : (double)datesTrue / datesFound);
    }
}
