using System.Globalization;
using Dossier.Domain;

namespace Dossier.Synthesis;

/// <summary>How one synthetic list captures and garbles the population. Rates are probabilities in [0, 1].</summary>
public sealed record ListOptions
{
    /// <summary>Creates options for the list with this id (letters, digits, '-' and '_').</summary>
    public ListOptions(string listId)
    {
        ListId = listId;
    }

    /// <summary>The list's id; record ids are "{ListId}-0000001", …</summary>
    public string ListId { get; init; }

    /// <summary>Chance that a person of average visibility is on the list.</summary>
    public double CaptureProbability { get; init; } = 0.5;

    /// <summary>How strongly capture follows the person's latent visibility: capture probability is
    /// logistic(logit(p) + Heterogeneity × visibility). Zero gives independent, homogeneous capture;
    /// positive values on several lists make them positively dependent; a negative value makes a list
    /// favour the people the others miss.</summary>
    public double Heterogeneity { get; init; }

    /// <summary>Share of rows written in Persian script (the rest in Latin letters).</summary>
    public double PersianScriptShare { get; init; } = 0.3;

    /// <summary>Share of Persian-script rows typed with Arabic letters (ي ك for ی ک).</summary>
    public double ArabicLetterShare { get; init; } = 0.1;

    /// <summary>Chance that a Latin name part uses another usual romanisation (Nuri for Nouri).</summary>
    public double VariantRate { get; init; } = 0.3;

    /// <summary>Chance of one typing error in a name part (a letter dropped, doubled, swapped or replaced).</summary>
    public double TypoRate { get; init; } = 0.02;

    /// <summary>Chance that an optional field (father's name, birth year, city, prison, death date, sex) is empty.</summary>
    public double MissingRate { get; init; } = 0.1;

    /// <summary>Chance that the given and family names are swapped.</summary>
    public double SwapRate { get; init; } = 0.02;

    /// <summary>Chance that the birth year is off by one.</summary>
    public double BirthYearErrorRate { get; init; } = 0.05;

    /// <summary>Chance that a captured person is listed a second time (an independently garbled copy).</summary>
    public double DuplicateRate { get; init; }

    /// <summary>Share of Latin rows with Solar Hijri dates (Persian rows use them nine times in ten).</summary>
    public double SolarHijriDateShare { get; init; } = 0.2;

    /// <summary>Chance that the death date is known only to the month, season or year.</summary>
    public double ImpreciseDateRate { get; init; } = 0.1;

    /// <summary>Share of Latin rows written in capitals.</summary>
    public double UpperCaseShare { get; init; }

    /// <summary>
    /// Chance per name part of a transcription error, as when a name is heard and written down rather
    /// than copied: in Persian script a letter of the same sound (س/ص/ث, ز/ذ/ض/ظ, ت/ط, ح/ه, ق/غ, ا/ع), a long
    /// vowel letter left out or put in, a final ه dropped, or the words of a compound joined or split; in
    /// Latin letters a short vowel written otherwise (Persian does not write them: Ghahreman/Ghahraman,
    /// Fereydoun/Faridoun). Zero by default.
    /// </summary>
    public double TranscriptionRate { get; init; }

    /// <summary>Chance that the day of death is given wrongly, 1–20 days off (the day the family was told,
    /// another witness's memory). Zero by default.</summary>
    public double DeathDateErrorRate { get; init; }

    /// <summary>Share of rows whose birth year is written in the Solar Hijri calendar (1335 for 1956 or
    /// 1957: the year straddles Nowruz); Latin rows use it a third as often. Zero by default.</summary>
    public double HijriBirthYearShare { get; init; }

    private static readonly (string Key, Func<ListOptions, double, ListOptions> Set)[] SpecKeys =
    [
        ("capture", (o, v) => o with { CaptureProbability = v }),
        ("heterogeneity", (o, v) => o with { Heterogeneity = v }),
        ("persian", (o, v) => o with { PersianScriptShare = v }),
        ("arabic", (o, v) => o with { ArabicLetterShare = v }),
        ("variant", (o, v) => o with { VariantRate = v }),
        ("typo", (o, v) => o with { TypoRate = v }),
        ("missing", (o, v) => o with { MissingRate = v }),
        ("swap", (o, v) => o with { SwapRate = v }),
        ("birthyear", (o, v) => o with { BirthYearErrorRate = v }),
        ("duplicate", (o, v) => o with { DuplicateRate = v }),
        ("hijri", (o, v) => o with { SolarHijriDateShare = v }),
        ("imprecise", (o, v) => o with { ImpreciseDateRate = v }),
        ("upper", (o, v) => o with { UpperCaseShare = v }),
        ("transcription", (o, v) => o with { TranscriptionRate = v }),
        ("deathshift", (o, v) => o with { DeathDateErrorRate = v }),
        ("hijribirth", (o, v) => o with { HijriBirthYearShare = v }),
    ];

    /// <summary>The keys <see cref="TryParse"/> accepts, in order.</summary>
    public static IReadOnlyList<string> SpecificationKeys { get; } = [.. SpecKeys.Select(k => k.Key)];

    /// <summary>
    /// Reads a list from a command-line specification <c>ID[:key=value[,key=value…]]</c>, for example
    /// <c>ngo:capture=0.45,variant=0.45,persian=0.1</c>. Keys: capture, heterogeneity, persian, arabic,
    /// variant, typo, missing, swap, birthyear, duplicate, hijri, imprecise, upper, transcription, deathshift,
    /// hijribirth (the options of the same
    /// meaning); unnamed options keep their defaults. On failure <paramref name="error"/> says what is wrong.
    /// </summary>
    public static bool TryParse(string? specification, out ListOptions? options, out string? error)
    {
        options = null;
        if (string.IsNullOrWhiteSpace(specification))
        {
            error = "The list specification is empty; write ID[:key=value,...], e.g. ngo:capture=0.45.";
            return false;
        }

        var colon = specification.IndexOf(':', StringComparison.Ordinal);
        var id = (colon < 0 ? specification : specification[..colon]).Trim();
        var result = new ListOptions(id);
        if (colon >= 0)
        {
            foreach (var pair in specification[(colon + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var key = equals < 0 ? pair : pair[..equals].Trim();
                var setter = Array.Find(SpecKeys, k => string.Equals(k.Key, key, StringComparison.OrdinalIgnoreCase)).Set;
                if (setter is null)
                {
                    error = $"List '{id}': unknown key '{key}'; known keys: {string.Join(", ", SpecificationKeys)}.";
                    return false;
                }

                if (equals < 0 || !double.TryParse(pair[(equals + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    error = $"List '{id}': '{pair}' needs a number, like {key}=0.3.";
                    return false;
                }

                result = setter(result, value);
            }
        }

        error = result.Validate();
        if (error is not null)
        {
            return false;
        }

        options = result;
        return true;
    }

    /// <summary>The first problem with the options (naming the option), or null when they are usable.</summary>
    public string? Validate()
    {
        if (string.IsNullOrEmpty(ListId) || !ListId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return $"List id '{ListId}' must be non-empty and use only ASCII letters, digits, '-' and '_'.";
        }

        (string Name, double Value)[] rates =
        [
            (nameof(CaptureProbability), CaptureProbability), (nameof(PersianScriptShare), PersianScriptShare),
            (nameof(ArabicLetterShare), ArabicLetterShare), (nameof(VariantRate), VariantRate), (nameof(TypoRate), TypoRate),
            (nameof(MissingRate), MissingRate), (nameof(SwapRate), SwapRate), (nameof(BirthYearErrorRate), BirthYearErrorRate),
            (nameof(DuplicateRate), DuplicateRate), (nameof(SolarHijriDateShare), SolarHijriDateShare),
            (nameof(ImpreciseDateRate), ImpreciseDateRate), (nameof(UpperCaseShare), UpperCaseShare),
            (nameof(TranscriptionRate), TranscriptionRate), (nameof(DeathDateErrorRate), DeathDateErrorRate),
            (nameof(HijriBirthYearShare), HijriBirthYearShare),
        ];
        foreach (var (name, value) in rates)
        {
            if (value is < 0 or > 1 || double.IsNaN(value))
            {
                return $"List '{ListId}': {name} must be between 0 and 1, not {value.ToString(CultureInfo.InvariantCulture)}.";
            }
        }

        if (double.IsNaN(Heterogeneity) || double.IsInfinity(Heterogeneity))
        {
            return $"List '{ListId}': {nameof(Heterogeneity)} must be a finite number.";
        }

        return null;
    }
}

/// <summary>One row of a synthetic list. Fields are text as a list would hold them; empty means missing.
/// <see cref="PersonId"/> is the ground truth and belongs in a separate truth file, not in the list.</summary>
public sealed record ListRecord(
    string RecordId,
    string ListId,
    int PersonId,
    string GivenName,
    string FamilyName,
    string FatherName,
    string Sex,
    string BirthYear,
    string City,
    string Prison,
    string DeathDate)
{
    /// <summary>The value of the marker column every synthetic row carries.</summary>
    public const string SyntheticMarker = "SYNTHETIC";

    /// <summary>What the generator did to this row (ground truth for error reports, never written to a list).</summary>
    public Garbling Garbling { get; init; }
}

/// <summary>The kinds of damage the generator did to a row, for reporting a linkage's errors by kind.</summary>
[Flags]
public enum Garbling
{
    None = 0,

    /// <summary>Written in Persian script.</summary>
    PersianScript = 1,

    /// <summary>A name part in another usual romanisation.</summary>
    Variant = 1 << 1,

    /// <summary>A typing error in a name part.</summary>
    Typo = 1 << 2,

    /// <summary>A transcription error in a name part (sound-alike letter, long vowel, short vowel, spacing).</summary>
    Transcription = 1 << 3,

    /// <summary>Given and family names swapped.</summary>
    Swapped = 1 << 4,

    /// <summary>Father's name missing.</summary>
    NoFather = 1 << 5,

    /// <summary>Birth year missing.</summary>
    NoBirthYear = 1 << 6,

    /// <summary>Birth year off by one, or written as a Solar Hijri year.</summary>
    BirthYearOff = 1 << 7,

    /// <summary>Death date missing.</summary>
    NoDeathDate = 1 << 8,

    /// <summary>Death date known only to the month, season or year.</summary>
    ImpreciseDeathDate = 1 << 9,

    /// <summary>Death date days off.</summary>
    DeathDateOff = 1 << 10,

    /// <summary>City or prison missing.</summary>
    NoPlace = 1 << 11,
}

/// <summary>Draws K lists from a population, each with its own capture probability and error rates.</summary>
public static class ListSampler
{
    private const ulong ListStreamBase = 1000;

    /// <summary>
    /// The rows of all lists, streamed person by person (memory does not grow with the population).
    /// Rows of one person on several lists are adjacent; record ids count up per list in person order.
    /// The same population, options and seed give the same rows.
    /// </summary>
    public static IEnumerable<ListRecord> Sample(SyntheticPopulation population, IReadOnlyList<ListOptions> lists, int seed)
    {
        ArgumentNullException.ThrowIfNull(population);
        ArgumentNullException.ThrowIfNull(lists);
        if (lists.Count == 0)
        {
            throw new ArgumentException("At least one list is needed.", nameof(lists));
        }

        foreach (var list in lists)
        {
            if (list.Validate() is { } problem)
            {
                throw new ArgumentException(problem, nameof(lists));
            }
        }

        var duplicate = lists.GroupBy(list => list.ListId, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"List id '{duplicate.Key}' is used more than once.", nameof(lists));
        }

        return SampleIterator(population, [.. lists], seed);
    }

    private static IEnumerable<ListRecord> SampleIterator(SyntheticPopulation population, ListOptions[] lists, int seed)
    {
        var counters = new int[lists.Length];
        var logits = lists.Select(list => Logit(list.CaptureProbability)).ToArray();
        for (var i = 0; i < population.Count; i++)
        {
            SyntheticPerson? person = null;
            for (var j = 0; j < lists.Length; j++)
            {
                var random = SplitMix64.For(seed, ListStreamBase + (ulong)j, (ulong)i);
                var list = lists[j];

                // Visibility is only needed (and the person only built) when capture depends on it.
                double probability;
                if (list.Heterogeneity == 0)
                {
                    probability = list.CaptureProbability;
                }
                else
                {
                    person ??= population[i];
                    probability = Logistic(logits[j] + (list.Heterogeneity * person.Visibility));
                }

                if (!random.Chance(probability))
                {
                    continue;
                }

                person ??= population[i];
                var copies = random.Chance(list.DuplicateRate) ? 2 : 1;
                for (var copy = 0; copy < copies; copy++)
                {
                    counters[j]++;
                    yield return Garble(person, list, counters[j], ref random);
                }
            }
        }
    }

    private static ListRecord Garble(SyntheticPerson person, ListOptions list, int number, ref SplitMix64 random)
    {
        var persian = random.Chance(list.PersianScriptShare);
        var arabicLetters = persian && random.Chance(list.ArabicLetterShare);
        var upper = !persian && random.Chance(list.UpperCaseShare);

        var garbling = persian ? Garbling.PersianScript : Garbling.None;
        var given = Name(person.GivenName, persian, arabicLetters, upper, list, ref random, ref garbling);
        var family = Name(person.FamilyName, persian, arabicLetters, upper, list, ref random, ref garbling);
        var father = random.Chance(list.MissingRate) ? string.Empty : Name(person.FatherName, persian, arabicLetters, upper, list, ref random, ref garbling);
        if (random.Chance(list.SwapRate))
        {
            (given, family) = (family, given);
            garbling |= Garbling.Swapped;
        }

        var birthYear = string.Empty;
        if (!random.Chance(list.MissingRate))
        {
            var off = random.Chance(list.BirthYearErrorRate);
            var year = person.BirthYear + (off ? (random.Chance(0.5) ? 1 : -1) : 0);
            var hijri = random.Chance(persian ? list.HijriBirthYearShare : list.HijriBirthYearShare / 3);
            if (hijri)
            {
                // Born before or after Nowruz: the Solar Hijri year is 621 or 622 less.
                year -= random.Chance(0.25) ? 622 : 621;
            }

            birthYear = year.ToString(CultureInfo.InvariantCulture);
            birthYear = hijri && persian && random.Chance(0.5) ? Garbler.PersianDigits(birthYear) : birthYear;
            garbling |= off || hijri ? Garbling.BirthYearOff : Garbling.None;
        }

        var sex = random.Chance(list.MissingRate / 2) ? string.Empty : person.Sex;
        var city = random.Chance(list.MissingRate) ? string.Empty : Place(person.City, persian, upper, ref random);
        var prison = random.Chance(list.MissingRate) ? string.Empty : Place(person.Prison, persian, upper, ref random);
        var death = random.Chance(list.MissingRate) ? string.Empty : DeathDate(person.DeathDate, persian, list, ref random, ref garbling);
        garbling |= father.Length == 0 ? Garbling.NoFather : Garbling.None;
        garbling |= birthYear.Length == 0 ? Garbling.NoBirthYear : Garbling.None;
        garbling |= death.Length == 0 ? Garbling.NoDeathDate : Garbling.None;
        garbling |= city.Length == 0 || prison.Length == 0 ? Garbling.NoPlace : Garbling.None;
        var recordId = string.Create(CultureInfo.InvariantCulture, $"{list.ListId}-{number:D7}");
        return new ListRecord(recordId, list.ListId, person.PersonId, given, family, father, sex, birthYear, city, prison, death) { Garbling = garbling };
    }

    private static string Name(NameForm form, bool persian, bool arabicLetters, bool upper, ListOptions list, ref SplitMix64 random, ref Garbling garbling)
    {
        string text;
        if (persian)
        {
            text = Garbler.PersianSpelling(form, arabicLetters, ref random);
            if (random.Chance(list.TypoRate))
            {
                text = Garbler.PersianTypo(text, ref random);
                garbling |= Garbling.Typo;
            }

            if (random.Chance(list.TranscriptionRate))
            {
                text = Garbler.PersianTranscription(text, ref random);
                garbling |= Garbling.Transcription;
            }
        }
        else
        {
            var variant = random.Chance(list.VariantRate);
            text = Garbler.LatinSpelling(form, variant, ref random);
            garbling |= variant ? Garbling.Variant : Garbling.None;
            if (random.Chance(list.TypoRate))
            {
                text = Garbler.LatinTypo(text, ref random);
                garbling |= Garbling.Typo;
            }

            if (random.Chance(list.TranscriptionRate))
            {
                text = Garbler.LatinShortVowel(text, ref random);
                garbling |= Garbling.Transcription;
            }

            if (upper)
            {
                text = text.ToUpperInvariant();
            }
        }

        return text;
    }

    private static string Place(NameForm place, bool persian, bool upper, ref SplitMix64 random)
    {
        if (persian)
        {
            return place.Persian;
        }

        var latin = NameTables.PlaceVariants.TryGetValue(place.Latin, out var variants) && random.Chance(0.3)
            ? variants[random.Next(variants.Length)]
            : place.Latin;
        return upper ? latin.ToUpperInvariant() : latin;
    }

    private static readonly string[] Seasons = ["spring", "summer", "autumn", "winter"];
    private static readonly string[] PersianSeasons = ["بهار", "تابستان", "پاییز", "زمستان"];

    private static string DeathDate(DateOnly day, bool persian, ListOptions list, ref SplitMix64 random, ref Garbling garbling)
    {
        if (random.Chance(list.DeathDateErrorRate))
        {
            var days = random.Between(1, 20);
            day = day.AddDays(random.Chance(0.5) ? days : -days);
            garbling |= Garbling.DeathDateOff;
        }

        var hijri = random.Chance(persian ? 0.9 : list.SolarHijriDateShare);
        var hijriDay = FuzzyDate.FromDay(day).ToSolarHijriString(); // yyyy/MM/dd
        var text = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (hijri)
        {
            text = hijriDay;
        }

        if (random.Chance(list.ImpreciseDateRate))
        {
            garbling |= Garbling.ImpreciseDeathDate;
            var form = random.NextDouble();
            var hijriYear = hijriDay[..4];
            var hijriMonth = int.Parse(hijriDay.AsSpan(5, 2), CultureInfo.InvariantCulture);
            text = form switch
            {
                < 0.5 => hijri ? hijriDay[..7] : day.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                < 0.65 => persian
                    ? $"{PersianSeasons[(hijriMonth - 1) / 3]} {hijriYear}"
                    : $"{Seasons[(hijriMonth - 1) / 3]} {(int.Parse(hijriYear, CultureInfo.InvariantCulture) + 621).ToString(CultureInfo.InvariantCulture)}",
                _ => hijri ? hijriYear : day.Year.ToString(CultureInfo.InvariantCulture),
            };
        }

        return persian && random.Chance(0.5) ? Garbler.PersianDigits(text) : text;
    }

    private static double Logit(double p) => p switch
    {
        <= 0 => double.NegativeInfinity,
        >= 1 => double.PositiveInfinity,
        _ => Math.Log(p / (1 - p)),
    };

    private static double Logistic(double x) => 1.0 / (1.0 + Math.Exp(-x));
}

/// <summary>Ready-made list settings.</summary>
public static class SyntheticPresets
{
    /// <summary>
    /// Three overlapping lists like those the 1988 massacre left: a families' list mostly in Persian
    /// script, an NGO list in Latin letters with many romanisation variants, and a former prisoners' list
    /// that reaches the well-known victims more often (heterogeneous, so it depends on the others).
    /// </summary>
    public static IReadOnlyList<ListOptions> ThreeLists { get; } =
    [
        new("families") { CaptureProbability = 0.55, PersianScriptShare = 0.8, VariantRate = 0.2, MissingRate = 0.15, ImpreciseDateRate = 0.2, DuplicateRate = 0.02 },
        new("ngo") { CaptureProbability = 0.45, PersianScriptShare = 0.1, VariantRate = 0.45, TypoRate = 0.03, SolarHijriDateShare = 0.3, UpperCaseShare = 0.2 },
        new("prisoners") { CaptureProbability = 0.3, Heterogeneity = 1.0, PersianScriptShare = 0.4, MissingRate = 0.25, ImpreciseDateRate = 0.35, SwapRate = 0.05 },
    ];

    /// <summary>
    /// The same three lists made harder to link (ADR 0412): two to three times the typing errors, Persian
    /// transcription errors and short vowels guessed otherwise in Latin, far more missing fields (the
    /// prisoners' list lacks the father's name or birth year on most rows), death dates days off, birth
    /// years in the Solar Hijri calendar, more swapped names. Use with <see cref="HarderPopulation"/>.
    /// </summary>
    public static IReadOnlyList<ListOptions> HarderLists { get; } =
    [
        new("families") { CaptureProbability = 0.55, PersianScriptShare = 0.85, VariantRate = 0.2, TypoRate = 0.04, TranscriptionRate = 0.08,
            MissingRate = 0.3, ImpreciseDateRate = 0.3, DuplicateRate = 0.03, SwapRate = 0.03, BirthYearErrorRate = 0.08,
            DeathDateErrorRate = 0.05, HijriBirthYearShare = 0.6 },
        new("ngo") { CaptureProbability = 0.45, PersianScriptShare = 0.1, VariantRate = 0.5, TypoRate = 0.05, TranscriptionRate = 0.1,
            MissingRate = 0.2, SolarHijriDateShare = 0.3, UpperCaseShare = 0.2, SwapRate = 0.05, BirthYearErrorRate = 0.08,
            DeathDateErrorRate = 0.05, HijriBirthYearShare = 0.1 },
        new("prisoners") { CaptureProbability = 0.3, Heterogeneity = 1.0, PersianScriptShare = 0.45, TypoRate = 0.04, TranscriptionRate = 0.1,
            MissingRate = 0.45, ImpreciseDateRate = 0.45, SwapRate = 0.08, BirthYearErrorRate = 0.1, DeathDateErrorRate = 0.1,
            HijriBirthYearShare = 0.5 },
    ];

    /// <summary>
    /// A population for <see cref="HarderLists"/>: the defaults with 5 % namesakes (same given and family
    /// name, city and prison as someone else) and 3 % siblings (same family name, father, city and prison).
    /// </summary>
    public static PopulationOptions HarderPopulation(int size) => new() { Size = size, NamesakeShare = 0.05, SiblingShare = 0.03 };
}
