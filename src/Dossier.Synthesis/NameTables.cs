using Dossier.Text;

namespace Dossier.Synthesis;

/// <summary>A name or place in Persian script with its usual romanisation. Compound family names keep
/// where their parts meet so lists can write them joined, hyphenated or spaced.</summary>
public readonly record struct NameForm(string Persian, string Latin, int PersianSplit = 0, int LatinSplit = 0)
{
    /// <summary>True for compound family names (Hossein + zadeh, Pour + Mohammadi).</summary>
    public bool IsCompound => PersianSplit > 0;
}

/// <summary>Word lists the generator draws from: names from <see cref="PersianNameLexicon"/>, family names
/// composed from stems and affixes, Iranian cities and the prisons of the 1988 massacre.</summary>
internal static class NameTables
{
    public static readonly NameForm[] MaleGiven = [.. Given(NamePartKind.MaleGiven)];
    public static readonly NameForm[] FemaleGiven = [.. Given(NamePartKind.FemaleGiven)];

    // Rank order is the lexicon order (most common first), so Zipf weights follow it.
    public static readonly WeightedTable MaleWeights = WeightedTable.Zipf(MaleGiven.Length, 1.0);
    public static readonly WeightedTable FemaleWeights = WeightedTable.Zipf(FemaleGiven.Length, 1.0);

    /// <summary>City (Persian, Latin), the prison its prisoners were most often held in, and a weight.</summary>
    public static readonly (NameForm City, int Prison, double Weight)[] Cities =
    [
        (new("تهران", "Tehran"), 0, 30),
        (new("کرج", "Karaj"), 1, 4),
        (new("اصفهان", "Isfahan"), 3, 6),
        (new("شیراز", "Shiraz"), 4, 5),
        (new("مشهد", "Mashhad"), 5, 5),
        (new("تبریز", "Tabriz"), 6, 5),
        (new("کرمانشاه", "Kermanshah"), 7, 3),
        (new("اهواز", "Ahvaz"), 8, 3),
        (new("رشت", "Rasht"), 9, 4),
        (new("قزوین", "Qazvin"), 1, 2),
        (new("همدان", "Hamadan"), 10, 2),
        (new("ساری", "Sari"), 11, 2),
        (new("بابل", "Babol"), 11, 2),
        (new("زنجان", "Zanjan"), 1, 1),
        (new("اردبیل", "Ardabil"), 6, 1),
        (new("ارومیه", "Urmia"), 6, 1),
        (new("سنندج", "Sanandaj"), 7, 1),
        (new("خرم‌آباد", "Khorramabad"), 12, 1),
        (new("اراک", "Arak"), 0, 1),
        (new("یزد", "Yazd"), 3, 1),
        (new("کرمان", "Kerman"), 4, 1),
        (new("گرگان", "Gorgan"), 11, 1),
        (new("لاهیجان", "Lahijan"), 9, 1),
        (new("دزفول", "Dezful"), 8, 1),
        (new("آبادان", "Abadan"), 8, 1),
        (new("قم", "Qom"), 0, 1),
        (new("سمنان", "Semnan"), 0, 1),
    ];

    public static readonly WeightedTable CityWeights = new([.. Cities.Select(city => city.Weight)]);

    // Declared after Cities: static fields initialise in file order and family names use the cities.
    public static readonly NameForm[] Family = BuildFamilyNames();
    public static readonly WeightedTable FamilyWeights = WeightedTable.Zipf(Family.Length, 0.8);

    /// <summary>Prisons where the 1988 killings took place (names as commonly written).</summary>
    public static readonly NameForm[] Prisons =
    [
        new("اوین", "Evin"),
        new("گوهردشت", "Gohardasht"),
        new("قزلحصار", "Ghezel Hesar"),
        new("دستگرد", "Dastgerd"),
        new("عادل‌آباد", "Adelabad"),
        new("وکیل‌آباد", "Vakilabad"),
        new("زندان تبریز", "Tabriz Prison"),
        new("دیزل‌آباد", "Dizelabad"),
        new("سپیدار", "Sepidar"),
        new("لاکان", "Lakan"),
        new("زندان همدان", "Hamadan Prison"),
        new("زندان ساری", "Sari Prison"),
        new("زندان خرم‌آباد", "Khorramabad Prison"),
    ];

    /// <summary>Other spellings of the Latin place names seen in lists.</summary>
    public static readonly Dictionary<string, string[]> PlaceVariants = new(StringComparer.Ordinal)
    {
        ["Isfahan"] = ["Esfahan", "Ispahan"],
        ["Mashhad"] = ["Mashad", "Meshed"],
        ["Ahvaz"] = ["Ahwaz"],
        ["Urmia"] = ["Orumiyeh", "Urumieh"],
        ["Qazvin"] = ["Ghazvin"],
        ["Qom"] = ["Ghom"],
        ["Gohardasht"] = ["Gohar Dasht", "Rajaei Shahr"],
        ["Ghezel Hesar"] = ["Qezel Hesar", "Ghezelhesar"],
        ["Adelabad"] = ["Adel Abad"],
        ["Vakilabad"] = ["Vakil Abad"],
        ["Dizelabad"] = ["Dizel Abad"],
        ["Evin"] = ["Evin Prison"],
    };

    private static IEnumerable<NameForm> Given(NamePartKind kind) =>
        PersianNameLexicon.All.Where(entry => entry.Kind == kind).Select(entry => new NameForm(entry.Persian, Title(entry.Romanized)));

    // Family names: the lexicon's own, then names made the way Iranian family names are made — a given
    // name or place with -i, -zadeh, -pour, -nejad, -far, -nia, or with Pour-/Mir- in front.
    private static NameForm[] BuildFamilyNames()
    {
        var names = new List<NameForm>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(NameForm form)
        {
            if (seen.Add(form.Persian))
            {
                names.Add(form);
            }
        }

        foreach (var entry in PersianNameLexicon.All.Where(entry => entry.Kind == NamePartKind.Family))
        {
            Add(new NameForm(entry.Persian, Title(entry.Romanized)));
        }

        var stems = PersianNameLexicon.All
            .Where(entry => entry.Kind == NamePartKind.MaleGiven && !entry.Persian.Contains('\u200C', StringComparison.Ordinal))
            .ToList();
        (string Persian, string Latin, bool Prefix)[] affixes =
        [
            ("زاده", "zadeh", false), ("پور", "pour", false), ("نژاد", "nejad", false), ("پور", "pour", true),
            ("فر", "far", false), ("نیا", "nia", false), ("میر", "mir", true), ("لو", "lou", false),
        ];

        // Adjectival -i first: these are the most common family names (Mohammadi, Hosseini, Rezaei).
        foreach (var stem in stems)
        {
            var endsInVowel = stem.Persian[^1] is '\u0627' or '\u0648' or '\u06CC';
            var persian = stem.Persian + (endsInVowel ? "\u06CC\u06CC" : "\u06CC");
            var latin = stem.Romanized + (endsInVowel ? "ei" : "i");
            Add(new NameForm(persian, Title(latin)));
        }

        foreach (var (affixPersian, affixLatin, prefix) in affixes)
        {
            foreach (var stem in stems)
            {
                Add(prefix
                    ? new NameForm(affixPersian + stem.Persian, Title(affixLatin + stem.Romanized), affixPersian.Length, affixLatin.Length)
                    : new NameForm(stem.Persian + "\u200C" + affixPersian, Title(stem.Romanized + affixLatin), stem.Persian.Length, stem.Romanized.Length));
            }
        }

        foreach (var (city, _, _) in Cities)
        {
            Add(new NameForm(city.Persian.Replace("\u200C", string.Empty, StringComparison.Ordinal) + "\u06CC", city.Latin + "i"));
        }

        // A fixed shuffle decides which composed names are common, so the Zipf head is not all -zadeh.
        var random = new SplitMix64(1367);
        var lexiconCount = PersianNameLexicon.All.Count(entry => entry.Kind == NamePartKind.Family);
        var tail = names.Skip(lexiconCount).ToArray();
        for (var i = tail.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (tail[i], tail[j]) = (tail[j], tail[i]);
        }

        return [.. names.Take(lexiconCount), .. tail];
    }

    private static string Title(string latin) => latin.Length == 0 ? latin : char.ToUpperInvariant(latin[0]) + latin[1..];
}
