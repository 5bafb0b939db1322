using System.Globalization;

namespace Dossier.Domain;

// Interim version: the full grammar (seasons, circa, ranges, Solar Hijri) arrives with the text branch.
public enum DatePrecision { Day, Month, Season, Year, Range }

public readonly record struct FuzzyDate(DateOnly Earliest, DateOnly Latest, DatePrecision Precision, bool Circa) : IComparable<FuzzyDate>
{
    public static FuzzyDate FromDay(DateOnly d) => new(d, d, DatePrecision.Day, false);

    public static FuzzyDate Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    public static bool TryParse(string? text, out FuzzyDate value, out string? error)
    {
        value = default;
        error = null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            value = FromDay(day);
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is > 0 and < 10000)
        {
            value = new FuzzyDate(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), DatePrecision.Year, false);
            return true;
        }

        error = $"'{text}' is not a date";
        return false;
    }

    public bool Overlaps(FuzzyDate other) => Earliest <= other.Latest && other.Earliest <= Latest;

    public int CompareTo(FuzzyDate other) => Earliest.CompareTo(other.Earliest);

    public static bool operator <(FuzzyDate left, FuzzyDate right) => left.CompareTo(right) < 0;

    public static bool operator >(FuzzyDate left, FuzzyDate right) => left.CompareTo(right) > 0;

    public static bool operator <=(FuzzyDate left, FuzzyDate right) => left.CompareTo(right) <= 0;

    public static bool operator >=(FuzzyDate left, FuzzyDate right) => left.CompareTo(right) >= 0;

    public override string ToString() => Precision == DatePrecision.Day
        ? Earliest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : Earliest.Year.ToString(CultureInfo.InvariantCulture);

    public string ToSolarHijriString() => ToString();
}
