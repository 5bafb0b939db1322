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
    // Family names of the accused, the death commissions and public figures of the case: synthetic victims
    // must not carry them, or a search for "Nouri" in the demo would find invented people.
    // Declared first: static fields initialise in file order and the family names use this set.
    private static readonly HashSet<string> ExcludedFamilyNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Nouri", "Raisi", "Avaei", "Nayyeri", "Eshraghi", "Pourmohammadi", "Khamenei", "Khomeini", "Rafsanjani",
        "Montazeri", "Lajevardi", "Beheshti", "Taleghani", "Bazargan", "Soleimani", "Abbasi",
    };

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
    public static readonly WeightedTable FamilyWeights = WeightedTable.Zipf(Family.Length, 0.6);

    /// <summary>Number of long-tail family names (head name × place of origin).</summary>
    public static int TailFamilyCount => Family.Length * Origins.Length;

    /// <summary>
    /// A long-tail family name: a head name followed by a place of origin, as two words (Hosseini
    /// Tabrizi, حسینی تبریزی). Built on demand from the index, so the table costs no memory.
    /// </summary>
    public static NameForm TailFamily(int index)
    {
        var head = Family[index / Origins.Length];
        var (persian, latin) = Origins[index % Origins.Length];
        return new NameForm(head.Persian + " " + persian, head.Latin + " " + Title(latin));
    }

    /// <summary>The head name of a long-tail family name (Hosseini of Hosseini Tabrizi); a head name itself otherwise.</summary>
    public static NameForm HeadOfFamily(NameForm family)
    {
        // Tail names are "head origin"; the head keeps its own form (a compound's split) from the table.
        var space = family.Latin.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && !family.IsCompound && HeadByLatin.Value.TryGetValue(family.Latin[..space], out var head) ? head : family;
    }

    private static readonly Lazy<Dictionary<string, NameForm>> HeadByLatin = new(() =>
    {
        var byLatin = new Dictionary<string, NameForm>(StringComparer.Ordinal);
        foreach (var name in Family)
        {
            byLatin.TryAdd(name.Latin, name);
        }

        return byLatin;
    });

    // Places of origin as family-name suffixes (nisba), Persian | usual romanisation. Names of the
    // accused and public figures of the case (Nouri, Rafsanjani) are left out as in ExcludedFamilyNames,
    // and so are forms whose letters and usual spelling part ways (خویی Khoei, قائنی Ghaeni): the
    // generator's Latin and Persian forms must be the same name, or the truth would be wrong.
    private static readonly (string Persian, string Latin)[] Origins =
    [
        .. OriginList.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('|'))
            .Select(fields => (fields[0], fields[1])),
    ];

    private const string OriginList = """
        تبریزی|tabrizi
        شیرازی|shirazi
        اصفهانی|esfahani
        کاشانی|kashani
        یزدی|yazdi
        کرمانی|kermani
        قزوینی|qazvini
        اردبیلی|ardabili
        همدانی|hamadani
        خراسانی|khorasani
        مازندرانی|mazandarani
        گیلانی|gilani
        لاهیجی|lahiji
        تهرانی|tehrani
        رشتی|rashti
        زنجانی|zanjani
        سمنانی|semnani
        دامغانی|damghani
        سبزواری|sabzevari
        نیشابوری|neyshaburi
        طوسی|tusi
        قمی|qomi
        نائینی|naini
        بروجردی|borujerdi
        ملایری|malayeri
        نهاوندی|nahavandi
        تویسرکانی|tuyserkani
        گلپایگانی|golpayegani
        خوانساری|khansari
        نجف‌آبادی|najafabadi
        دزفولی|dezfuli
        شوشتری|shushtari
        بهبهانی|behbahani
        بوشهری|bushehri
        لاری|lari
        جهرمی|jahromi
        کازرونی|kazeruni
        میبدی|meybodi
        اردستانی|ardestani
        نطنزی|natanzi
        سنندجی|sanandaji
        میانجی|miyanji
        آستارایی|astaraei
        اراکی|araki
        کرمانشاهی|kermanshahi
        اهوازی|ahvazi
        مشهدی|mashhadi
        ساروی|saravi
        بابلی|baboli
        گرگانی|gorgani
        آملی|amoli
        کاشمری|kashmari
        بیرجندی|birjandi
        تفرشی|tafreshi
        ساوجی|savoji
        کلهری|kalhori
        اردکانی|ardakani
        بافقی|bafghi
        زرندی|zarandi
        شهرکردی|shahrekordi
        دهدشتی|dehdashti
        """;

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
            if (!ExcludedFamilyNames.Contains(form.Latin) && seen.Add(form.Persian))
            {
                names.Add(form);
            }
        }

        foreach (var entry in PersianNameLexicon.All.Where(entry => entry.Kind == NamePartKind.Family))
        {
            Add(new NameForm(entry.Persian, Title(entry.Romanized)));
        }

        // Stems: men's given names, and trades, titles and epithets that Iranian family names grew from.
        var stems = PersianNameLexicon.All
            .Where(entry => entry.Kind == NamePartKind.MaleGiven && !entry.Persian.Contains('\u200C', StringComparison.Ordinal))
            .Select(entry => (entry.Persian, entry.Romanized))
            .Concat(OtherStems.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => line.Split('|'))
                .Select(fields => (fields[0], fields[1])))
            .ToList();
        (string Persian, string Latin, bool Prefix)[] affixes =
        [
            ("زاده", "zadeh", false), ("پور", "pour", false), ("نژاد", "nejad", false), ("پور", "pour", true),
            ("فر", "far", false), ("نیا", "nia", false), ("میر", "mir", true), ("لو", "lou", false),
            ("وند", "vand", false), ("خانی", "khani", false),
        ];

        // Adjectival -i first: these are the most common family names (Mohammadi, Hosseini, Rezaei).
        foreach (var (persian, latin) in stems)
        {
            Add(WithI(persian, latin));
        }

        foreach (var (affixPersian, affixLatin, prefix) in affixes)
        {
            foreach (var (persian, latin) in stems)
            {
                Add(prefix
                    ? new NameForm(affixPersian + persian, Title(affixLatin + latin), affixPersian.Length, affixLatin.Length)
                    : new NameForm(persian + "\u200C" + affixPersian, Title(latin + affixLatin), persian.Length, latin.Length));
            }
        }

        // Prefix and -i together: Pourmohammadi, Mirhosseini.
        foreach (var (affixPersian, affixLatin) in new[] { ("پور", "pour"), ("میر", "mir") })
        {
            foreach (var (persian, latin) in stems)
            {
                var withI = WithI(persian, latin);
                Add(new NameForm(affixPersian + withI.Persian, Title(affixLatin + withI.Latin.ToLowerInvariant()), affixPersian.Length, affixLatin.Length));
            }
        }

        foreach (var (city, _, _) in Cities.Where(c => c.City.Persian[^1] != '\u0647'))
        {
            Add(new NameForm(city.Persian.Replace("\u200C", string.Empty, StringComparison.Ordinal) + "\u06CC", city.Latin + "i"));
        }

        // A fixed shuffle decides which composed names are common, so the Zipf head is not all -zadeh.
        var random = new SplitMix64(1367);
        var lexiconCount = PersianNameLexicon.All.Count(entry => entry.Kind == NamePartKind.Family && !ExcludedFamilyNames.Contains(Title(entry.Romanized)));
        var tail = names.Skip(lexiconCount).ToArray();
        for (var i = tail.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (tail[i], tail[j]) = (tail[j], tail[i]);
        }

        return [.. names.Take(lexiconCount), .. tail];
    }

    private static NameForm WithI(string persian, string latin)
    {
        var endsInVowel = persian[^1] is '\u0627' or '\u0648' or '\u06CC';
        return new NameForm(persian + (endsInVowel ? "\u06CC\u06CC" : "\u06CC"), Title(latin + (endsInVowel ? "ei" : "i")));
    }

    // Trades, titles and epithets (Persian | usual romanisation).
    private const string OtherStems = """
        آهنگر|ahangar
        نجار|najjar
        صباغ|sabbagh
        عطار|attar
        کفاش|kaffash
        بزاز|bazzaz
        طبیب|tabib
        زرگر|zargar
        خیاط|khayyat
        حداد|haddad
        صراف|sarraf
        قصاب|ghassab
        نقاش|naghash
        معمار|memar
        کشاورز|keshavarz
        دهقان|dehghan
        ملا|molla
        شیخ|sheikh
        کدخدا|kadkhoda
        خان|khan
        بیگ|beyg
        سلطان|soltan
        شاه|shah
        بهار|bahar
        نیک|nik
        مهر|mehr
        روشن|roshan
        پاک|pak
        آزاد|azad
        دلاور|delavar
        شجاع|shoja
        گیلان|gilan
        خراسان|khorasan
        مازندران|mazandaran
        بختیار|bakhtiar
        زند|zand
        افشار|afshar
        قاجار|ghajar
        کاشان|kashan
        نهاوند|nahavand
        """;

    private static string Title(string latin) => latin.Length == 0 ? latin : char.ToUpperInvariant(latin[0]) + latin[1..];
}
