using Dossier.Synthesis;

namespace Dossier.Benchmarks.Linkage;

/// <summary>
/// Names the kind of a linkage error from the generator's truth: for a missed pair, the hardest thing
/// the generator did to either row (in the order below: the first that applies); for a false pair, how
/// the two different people are related.
/// </summary>
internal static class ErrorKinds
{
    public static string OfTruePair(Garbling a, Garbling b)
    {
        var both = a | b;
        bool Has(Garbling g) => (both & g) != Garbling.None;
        var damage = Has(Garbling.Swapped) ? "swapped name order"
            : IsPersianTranscription(a) || IsPersianTranscription(b) ? "Persian-script transcription error"
            : Has(Garbling.Transcription) ? "Latin short vowel (transcription)"
            : Has(Garbling.Typo) ? "typing error"
            : ((a ^ b) & Garbling.PersianScript) != Garbling.None && Has(Garbling.Variant) ? "script and romanisation variant"
            : Has(Garbling.Variant) ? "romanisation variant"
            : ((a ^ b) & Garbling.PersianScript) != Garbling.None ? "Persian vs Latin script only"
            : "names as written";
        var missing = Has(Garbling.NoFather) && Has(Garbling.NoBirthYear) ? "; father and birth year missing"
            : Has(Garbling.NoFather) ? "; father missing"
            : Has(Garbling.NoBirthYear) ? "; birth year missing"
            : Has(Garbling.BirthYearOff) ? "; birth year off or Solar Hijri"
            : Has(Garbling.DeathDateOff) ? "; death date days off"
            : string.Empty;
        return damage + missing;
    }

    // A transcription error in a Persian-script row (the flag is per row, the script too).
    private static bool IsPersianTranscription(Garbling row) =>
        (row & (Garbling.Transcription | Garbling.PersianScript)) == (Garbling.Transcription | Garbling.PersianScript);

    public static string OfDifferentPeople(SyntheticPerson x, SyntheticPerson y)
    {
        var sameGiven = x.GivenName.Latin == y.GivenName.Latin;
        var sameFamily = x.FamilyName.Latin == y.FamilyName.Latin;
        var sameFather = x.FatherName.Latin == y.FatherName.Latin;
        var samePlace = x.City.Latin == y.City.Latin && x.Prison.Latin == y.Prison.Latin;
        return (sameGiven, sameFamily, sameFather) switch
        {
            (true, true, true) => "FALSE: namesakes, same father too" + (x.BirthYear == y.BirthYear ? " and birth year" : string.Empty),
            (true, true, false) => samePlace ? "FALSE: namesakes, same city and prison" : "FALSE: namesakes",
            (false, true, true) => "FALSE: siblings (family name and father)",
            (false, true, false) => "FALSE: same family name only",
            (true, false, _) => "FALSE: same given name, other family name",
            _ => "FALSE: different names",
        };
    }
}
