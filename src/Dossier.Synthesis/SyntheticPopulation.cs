using System.Globalization;

namespace Dossier.Synthesis;

/// <summary>Settings for a synthetic population. Defaults resemble the victims of the 1988 prison massacre
/// (mostly young men, deaths between late July and September 1988).</summary>
public sealed record PopulationOptions
{
    /// <summary>Number of people.</summary>
    public int Size { get; init; } = 1000;

    /// <summary>Share of women.</summary>
    public double FemaleShare { get; init; } = 0.12;

    /// <summary>
    /// Share of people whose family name comes from the long tail: a common name with a place of origin
    /// after it (Hosseini Tabrizi, Ahmadzadeh Kashani; over a hundred thousand such names). Iran's civil
    /// registry counts its most common family name, Mohammadi, at about 1.1 % of the population, and
    /// genealogical counts put Iran's distinct family names in the hundreds of thousands; without a tail
    /// the generator's 1,800 names give even the rarest name dozens of bearers in a 77,000-person
    /// population, and namesakes far beyond what real lists show. Zero gives the head names only
    /// (the generator's output before this option, draw for draw).
    /// </summary>
    public double FamilyNameTailShare { get; init; } = 0.4;

    /// <summary>
    /// Share of people who are a namesake of someone else in the population: the same given name, the same
    /// common family name (the head name: Hosseini of Hosseini Tabrizi), the same city and the same prison
    /// (two Ali Hosseinis of Rasht, both held in Lakan), with their own father, birth year and day of death.
    /// The other person is drawn uniformly from those before, so common given names and common head names
    /// get most of the namesakes, as in life. Zero (the default) adds none and changes no draw.
    /// </summary>
    public double NamesakeShare { get; init; }

    /// <summary>
    /// Share of people who are a sibling of someone else: the same family name, father, city and prison,
    /// a birth year up to six years apart and often the same day of death (brothers were killed together),
    /// but their own given name. Zero (the default) adds none.
    /// </summary>
    public double SiblingShare { get; init; }

    /// <summary>Earliest birth year.</summary>
    public int BirthYearFrom { get; init; } = 1945;

    /// <summary>Latest birth year.</summary>
    public int BirthYearTo { get; init; } = 1970;

    /// <summary>First possible day of death.</summary>
    public DateOnly DeathFrom { get; init; } = new(1988, 7, 19);

    /// <summary>Last possible day of death.</summary>
    public DateOnly DeathTo { get; init; } = new(1988, 9, 30);

    /// <summary>The first problem with the options (naming the option), or null when they are usable.</summary>
    public string? Validate()
    {
        if (Size < 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{nameof(Size)} must be zero or more, not {Size}.");
        }

        if (FemaleShare is < 0 or > 1 || double.IsNaN(FemaleShare))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{nameof(FemaleShare)} must be between 0 and 1, not {FemaleShare}.");
        }

        if (FamilyNameTailShare is < 0 or > 1 || double.IsNaN(FamilyNameTailShare))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{nameof(FamilyNameTailShare)} must be between 0 and 1, not {FamilyNameTailShare}.");
        }

        if (NamesakeShare is < 0 or > 1 || double.IsNaN(NamesakeShare) || SiblingShare is < 0 or > 1 || double.IsNaN(SiblingShare)
            || NamesakeShare + SiblingShare > 1)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"{nameof(NamesakeShare)} ({NamesakeShare}) and {nameof(SiblingShare)} ({SiblingShare}) must be between 0 and 1 and add up to at most 1.");
        }

        if (BirthYearTo < BirthYearFrom)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{nameof(BirthYearTo)} ({BirthYearTo}) is before {nameof(BirthYearFrom)} ({BirthYearFrom}).");
        }

        if (DeathTo < DeathFrom)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{nameof(DeathTo)} ({DeathTo:yyyy-MM-dd}) is before {nameof(DeathFrom)} ({DeathFrom:yyyy-MM-dd}).");
        }

        return null;
    }
}

/// <summary>One synthetic person: the truth that list rows are noisy copies of. Not a real person.</summary>
/// <param name="PersonId">Ground-truth identity, 1-based.</param>
/// <param name="Sex">"M" or "F".</param>
/// <param name="Visibility">Latent standard-normal propensity to be documented; lists with heterogeneity
/// capture people with a high value more often, which makes lists positively dependent.</param>
public sealed record SyntheticPerson(
    int PersonId,
    string Sex,
    NameForm GivenName,
    NameForm FamilyName,
    NameForm FatherName,
    int BirthYear,
    NameForm City,
    NameForm Prison,
    DateOnly DeathDate,
    double Visibility);

/// <summary>
/// A population of synthetic people. Nothing is stored: person <c>i</c> is computed from the seed and
/// <c>i</c> on demand, so a million people cost no memory and any one can be regenerated alone.
/// </summary>
public sealed class SyntheticPopulation
{
    private const ulong PersonStream = 1;

    private SyntheticPopulation(PopulationOptions options, int seed)
    {
        Options = options;
        Seed = seed;
    }

    /// <summary>The options the population was made with.</summary>
    public PopulationOptions Options { get; }

    /// <summary>The seed the population was made with.</summary>
    public int Seed { get; }

    /// <summary>Number of people.</summary>
    public int Count => Options.Size;

    /// <summary>Creates a population; the same options and seed give the same people.</summary>
    public static SyntheticPopulation Generate(PopulationOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        return new SyntheticPopulation(options, seed);
    }

    /// <summary>The person at a 0-based index (person id = index + 1).</summary>
    public SyntheticPerson this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return Create(index);
        }
    }

    /// <summary>Every person, in id order, generated as enumerated.</summary>
    public IEnumerable<SyntheticPerson> People
    {
        get
        {
            for (var i = 0; i < Count; i++)
            {
                yield return Create(i);
            }
        }
    }

    private SyntheticPerson Create(int index)
    {
        var own = WithKin(index);
        return new SyntheticPerson(
            index + 1,
            own.Female ? "F" : "M",
            own.Given,
            own.Family,
            own.Father,
            own.BirthYear,
            own.City,
            NameTables.Prisons[own.Prison],
            own.Death,
            own.Visibility);
    }

    // A person's draws with kinship applied: a namesake or sibling takes fields from the person it is
    // kin to, as that person finally is (kin of kin included; chains are short, each link has the share's chance).
    private Draws WithKin(int index)
    {
        var own = Drawn(index);
        if (index == 0 || Options.NamesakeShare + Options.SiblingShare <= 0)
        {
            return own;
        }

        // Kinship draws come from their own stream, so the people without kin are exactly those of a
        // population without the option.
        var kin = SplitMix64.For(Seed, KinStream, (ulong)index);
        var draw = kin.NextDouble();
        if (draw < Options.NamesakeShare)
        {
            var other = WithKin(kin.Next(index));
            return own with
            {
                Female = other.Female, Given = other.Given, Family = NameTables.HeadOfFamily(other.Family), City = other.City, Prison = other.Prison,
            };
        }

        if (draw < Options.NamesakeShare + Options.SiblingShare)
        {
            var other = WithKin(kin.Next(index));
            var year = Math.Clamp(other.BirthYear + kin.Between(-6, 6), Options.BirthYearFrom, Options.BirthYearTo);
            var death = kin.Chance(0.5)
                ? other.Death
                : DateOnly.FromDayNumber(Math.Clamp(other.Death.DayNumber + kin.Between(-20, 20), Options.DeathFrom.DayNumber, Options.DeathTo.DayNumber));
            return own with { Family = other.Family, Father = other.Father, City = other.City, Prison = other.Prison, BirthYear = year, Death = death };
        }

        return own;
    }

    private const ulong KinStream = 2;

    // What person i draws from its own stream, before any kinship.
    private readonly record struct Draws(bool Female, NameForm Given, NameForm Family, NameForm Father, int BirthYear, NameForm City, int Prison,
        DateOnly Death, double Visibility);

    private Draws Drawn(int index)
    {
        var random = SplitMix64.For(Seed, PersonStream, (ulong)index);
        var female = random.Chance(Options.FemaleShare);
        var given = female
            ? NameTables.FemaleGiven[NameTables.FemaleWeights.Draw(ref random)]
            : NameTables.MaleGiven[NameTables.MaleWeights.Draw(ref random)];
        // Chance(0) draws nothing, so a zero tail share reproduces the head-only generator exactly.
        var family = random.Chance(Options.FamilyNameTailShare)
            ? NameTables.TailFamily(random.Next(NameTables.TailFamilyCount))
            : NameTables.Family[NameTables.FamilyWeights.Draw(ref random)];
        var father = NameTables.MaleGiven[NameTables.MaleWeights.Draw(ref random)];
        var birthYear = random.Between(Options.BirthYearFrom, Options.BirthYearTo);
        var (city, homePrison, _) = NameTables.Cities[NameTables.CityWeights.Draw(ref random)];

        // Most were held near home; Tehran's two prisons also held people from everywhere.
        var prison = random.NextDouble() switch
        {
            < 0.75 => homePrison,
            < 0.9 => 0,
            _ => 1,
        };
        var span = Options.DeathTo.DayNumber - Options.DeathFrom.DayNumber;
        var death = DateOnly.FromDayNumber(Options.DeathFrom.DayNumber + random.Next(span + 1));
        return new Draws(female, given, family, father, birthYear, city, prison, death, random.NextGaussian());
    }
}
