using System.Globalization;
using System.Text;

namespace Dossier.Domain;

/// <summary>How precisely a <see cref="FuzzyDate"/> is known.</summary>
public enum DatePrecision
{
    /// <summary>One day.</summary>
    Day,

    /// <summary>One month (Gregorian or Solar Hijri).</summary>
    Month,

    /// <summary>One season (spring, summer, autumn, winter as Solar Hijri quarters).</summary>
    Season,

    /// <summary>One year (Gregorian or Solar Hijri).</summary>
    Year,

    /// <summary>An explicit span from one date to another.</summary>
    Range,
}

/// <summary>The four seasons, as the quarters of the Solar Hijri year (which start at the equinoxes and solstices).</summary>
public enum Season
{
    /// <summary>Farvardin–Khordad: about 21 March to 21 June.</summary>
    Spring,

    /// <summary>Tir–Shahrivar: about 22 June to 22 September.</summary>
    Summer,

    /// <summary>Mehr–Azar: about 23 September to 21 December.</summary>
    Autumn,

    /// <summary>Dey–Esfand: about 22 December to 20 March of the next year.</summary>
    Winter,
}

/// <summary>
/// A date known to a day, month, season, year or range, possibly "circa", entered in the Gregorian or
/// the Solar Hijri calendar. It is stored as the earliest and latest Gregorian day it may be. The text
/// grammar is in docs/text.md; <see cref="ToString"/> writes a canonical form that <see cref="Parse"/>
/// reads back to the same value. A date written in the Solar Hijri calendar stays written so: its text is the Solar
/// Hijri form (1367/05/10), beside the Gregorian days it stands for.
/// </summary>
public readonly record struct FuzzyDate(DateOnly Earliest, DateOnly Latest, DatePrecision Precision, bool Circa) : IComparable<FuzzyDate>
{
    /// <summary>
    /// True when the source wrote the date in the Solar Hijri calendar (1367/05/10, Mordad 1367, 1367 SH, in any digits).
    /// The canonical text then keeps that calendar, so a day or a range of days read from a Persian document is not
    /// rewritten as a Gregorian one (issue 13 §27); months, years and seasons kept it already.
    /// </summary>
    public bool WrittenInSolarHijri { get; init; }

    // Bare four-digit years in this span are Solar Hijri (1821–2121 CE); Gregorian years there need "CE".
    internal const int FirstBareHijriYear = 1200;
    internal const int LastBareHijriYear = 1499;

    /// <summary>A date known to the day.</summary>
    public static FuzzyDate FromDay(DateOnly day) => new(day, day, DatePrecision.Day, Circa: false);

    /// <summary>Reads a date; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static FuzzyDate Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    /// <summary>Reads a date; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string? text, out FuzzyDate value, out string? error)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "The date is empty.";
            return false;
        }

        var s = Clean(text);
        var circa = StripCirca(ref s);
        if (s.Length == 0)
        {
            error = $"'{text}' has no date after 'circa'.";
            return false;
        }

        var separator = s.IndexOf("..", StringComparison.Ordinal);
        if (separator >= 0)
        {
            var left = s[..separator].Trim();
            var right = s[(separator + 2)..].Trim();
            if (left.Length == 0 || right.Length == 0 || right.Contains("..", StringComparison.Ordinal))
            {
                error = $"'{text}' is not a range: write two dates joined by '..', like 1988-07-30..1988-08-16.";
                return false;
            }

            if (!TryParseSingle(left, text, out var from, out error) || !TryParseSingle(right, text, out var to, out error))
            {
                return false;
            }

            if (to.Latest < from.Earliest)
            {
                error = $"'{text}' ends ({to.Latest:yyyy-MM-dd}) before it starts ({from.Earliest:yyyy-MM-dd}).";
                return false;
            }

            value = new FuzzyDate(from.Earliest, to.Latest, DatePrecision.Range, circa) { WrittenInSolarHijri = from.WrittenInSolarHijri && to.WrittenInSolarHijri };
            return true;
        }

        if (!TryParseSingle(s, text, out var single, out error))
        {
            return false;
        }

        value = single with { Circa = circa };
        return true;
    }

    /// <summary>Whether the two dates may be the same day (their spans share at least one day).</summary>
    public bool Overlaps(FuzzyDate other) => Earliest <= other.Latest && other.Earliest <= Latest;

    /// <inheritdoc />
    public int CompareTo(FuzzyDate other)
    {
        var order = Earliest.CompareTo(other.Earliest);
        if (order == 0)
        {
            order = Latest.CompareTo(other.Latest);
        }

        if (order == 0)
        {
            order = Precision.CompareTo(other.Precision);
        }

        return order != 0 ? order : Circa.CompareTo(other.Circa);
    }

    /// <summary>Orders by earliest day, then latest day, precision and circa.</summary>
    public static bool operator <(FuzzyDate left, FuzzyDate right) => left.CompareTo(right) < 0;

    /// <inheritdoc cref="op_LessThan"/>
    public static bool operator <=(FuzzyDate left, FuzzyDate right) => left.CompareTo(right) <= 0;

    /// <inheritdoc cref="op_LessThan"/>
    public static bool operator >(FuzzyDate left, FuzzyDate right) => left.CompareTo(right) > 0;

    /// <inheritdoc cref="op_LessThan"/>
    public static bool operator >=(FuzzyDate left, FuzzyDate right) => left.CompareTo(right) >= 0;

    /// <summary>Canonical text: 1988-07-19, 1988-07, 1988, summer 1988, 1367/05, 1367 SH, 1988-07-30..1988-08-16, with "c. " in front when circa.</summary>
    public override string ToString()
    {
        // A day or range written in Solar Hijri keeps its calendar; every other precision already has a form that says which.
        if (WrittenInSolarHijri && Precision is DatePrecision.Day or DatePrecision.Range && Earliest >= MinHijri)
        {
            return ToSolarHijriString();
        }

        var prefix = Circa ? "c. " : string.Empty;
        return prefix + (Precision switch
        {
            DatePrecision.Day when Earliest == Latest => Iso(Earliest),
            DatePrecision.Month when IsGregorianMonth(out var year, out var month) => string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}"),
            DatePrecision.Month when IsHijriMonth(out var year, out var month) => year > LastBareHijriYear
                ? string.Create(CultureInfo.InvariantCulture, $"{year:D4}/{month:D2} SH")
                : string.Create(CultureInfo.InvariantCulture, $"{year:D4}/{month:D2}"),
            DatePrecision.Year when IsGregorianYear(out var year) => year is >= FirstBareHijriYear and <= LastBareHijriYear
                ? string.Create(CultureInfo.InvariantCulture, $"{year:D4} CE")
                : year.ToString("D4", CultureInfo.InvariantCulture),
            DatePrecision.Year when IsHijriYear(out var year) => string.Create(CultureInfo.InvariantCulture, $"{year:D4} SH"),
            DatePrecision.Season when IsSeason(out var season, out var year) => string.Create(CultureInfo.InvariantCulture, $"{SeasonNames[(int)season]} {year:D4}"),
            _ => $"{Iso(Earliest)}..{Iso(Latest)}",
        });
    }

    /// <summary>
    /// The canonical text with a day or a range of days in the Gregorian calendar, however the date was written (a Solar
    /// Hijri month, year or season keeps its own form, which says which calendar it is in).
    /// </summary>
    public string ToGregorianString() => (this with { WrittenInSolarHijri = false }).ToString();

    /// <summary>The date in the Solar Hijri calendar: 1367/04/28 for a day, 1367/05 for a Hijri month, 1367 for a Hijri year, otherwise a range of Hijri days
    /// ("SH" is added to years after 1499, which would otherwise not read back as Solar Hijri). Parse reads it back to the same span.</summary>
    public string ToSolarHijriString()
    {
        var prefix = Circa ? "c. " : string.Empty;
        if (Earliest < MinHijri)
        {
            return ToString();
        }

        if (Earliest == Latest)
        {
            return prefix + HijriDay(Earliest);
        }

        if (IsHijriMonth(out var year, out var month))
        {
            return prefix + string.Create(CultureInfo.InvariantCulture, $"{year:D4}/{month:D2}") + HijriMarker(year);
        }

        if (IsHijriYear(out year))
        {
            return prefix + year.ToString("D4", CultureInfo.InvariantCulture) + (year is >= FirstBareHijriYear and <= LastBareHijriYear ? string.Empty : " SH");
        }

        return $"{prefix}{HijriDay(Earliest)}..{HijriDay(Latest)}";
    }

    private static readonly string[] SeasonNames = ["spring", "summer", "autumn", "winter"];

    private static readonly string[] EnglishMonths =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    // Latin spellings of the Solar Hijri months as they appear in English texts, with common variants.
    private static readonly string[][] HijriMonthsLatin =
    [
        ["farvardin"], ["ordibehesht"], ["khordad"], ["tir"], ["mordad", "amordad"], ["shahrivar"],
        ["mehr"], ["aban"], ["azar"], ["dey", "dei"], ["bahman"], ["esfand", "espand"],
    ];

    private static readonly string[] HijriMonthsPersian =
        ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"];

    private static readonly string[] PersianSeasons = ["بهار", "تابستان", "پاییز", "زمستان"];

    private static bool TryParseSingle(string s, string original, out FuzzyDate value, out string? error)
    {
        value = default;
        error = null;
        var calendar = StripCalendarMarker(ref s);
        var parts = s.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // Numeric forms: 1988-07-19, 1988-07, 1988, 1367/05/08, 1367/05.
        if (parts.Length == 1)
        {
            var token = parts[0];
            var dash = token.Contains('-', StringComparison.Ordinal);
            var slash = token.Contains('/', StringComparison.Ordinal);
            if (dash && slash)
            {
                error = $"'{original}' mixes '-' and '/': write Gregorian dates as 1988-07-19 and Solar Hijri dates as 1367/05/08.";
                return false;
            }

            var numbers = token.Split(dash ? '-' : '/');
            if (numbers.Length > 3 || !numbers.All(IsNumber))
            {
                error = $"'{original}' is not a date this system reads (see docs/text.md: 1988-07-19, 1988-07, 1988, summer 1988, c. 1988, 1367/05/08, 1988-07-30..1988-08-16).";
                return false;
            }

            if (numbers[0].Length != 4)
            {
                error = $"'{original}': the year must have four digits.";
                return false;
            }

            var year = int.Parse(numbers[0], CultureInfo.InvariantCulture);
            var hijri = calendar switch
            {
                CalendarMarker.Hijri => true,
                CalendarMarker.Gregorian => false,
                _ when slash => true,
                _ when numbers.Length == 1 => year is >= FirstBareHijriYear and <= LastBareHijriYear,
                _ => false,
            };

            if (slash && !hijri)
            {
                error = $"'{original}': dates with '/' are Solar Hijri (1367/05/08); write Gregorian dates as 1988-07-19.";
                return false;
            }

            if (slash && calendar == CalendarMarker.None && year >= 1500)
            {
                error = $"'{original}': dates with '/' are Solar Hijri and {year} is not a plausible Solar Hijri year; write Gregorian dates as {year:D4}-MM-DD or add 'SH'.";
                return false;
            }

            var month = numbers.Length > 1 ? int.Parse(numbers[1], CultureInfo.InvariantCulture) : 0;
            var day = numbers.Length > 2 ? int.Parse(numbers[2], CultureInfo.InvariantCulture) : 0;
            return numbers.Length switch
            {
                1 => TryYear(year, hijri, original, out value, out error),
                2 => TryMonth(year, month, hijri, original, out value, out error),
                _ => TryDay(year, month, day, hijri, original, out value, out error),
            };
        }

        // Season and year: summer 1988, تابستان 1367.
        if (parts.Length == 2 && IsNumber(parts[1]) && parts[1].Length == 4)
        {
            var year = int.Parse(parts[1], CultureInfo.InvariantCulture);
            var season = SeasonIndex(parts[0]);
            if (season >= 0)
            {
                var hijri = calendar == CalendarMarker.Hijri || (calendar == CalendarMarker.None && year is >= FirstBareHijriYear and <= LastBareHijriYear);
                return TrySeason((Season)season, hijri ? year : year - 621, original, out value, out error);
            }
        }

        // Month names: July 1988, 19 July 1988, July 19 1988, Mordad 1367, ۸ مرداد ۱۳۶۷.
        if (parts.Length is 2 or 3)
        {
            var nameIndex = Array.FindIndex(parts, part => MonthIndex(part, out _) > 0);
            if (nameIndex >= 0 && IsNumber(parts[^1]) && parts[^1].Length == 4)
            {
                var month = MonthIndex(parts[nameIndex], out var hijriName);
                var hijri = calendar == CalendarMarker.Hijri || (hijriName && calendar != CalendarMarker.Gregorian);
                var year = int.Parse(parts[^1], CultureInfo.InvariantCulture);
                if (hijriName && calendar == CalendarMarker.None && year > LastBareHijriYear)
                {
                    error = $"'{original}': {parts[nameIndex]} is a Solar Hijri month and {year} is not a plausible Solar Hijri year.";
                    return false;
                }

                if (parts.Length == 2 && nameIndex == 0)
                {
                    return TryMonth(year, month, hijri, original, out value, out error);
                }

                var dayIndex = nameIndex == 0 ? 1 : 0;
                if (parts.Length == 3 && nameIndex != 2 && IsNumber(parts[dayIndex]) && parts[dayIndex].Length <= 2)
                {
                    return TryDay(year, month, int.Parse(parts[dayIndex], CultureInfo.InvariantCulture), hijri, original, out value, out error);
                }
            }
        }

        error = $"'{original}' is not a date this system reads (see docs/text.md: 1988-07-19, 1988-07, 1988, summer 1988, c. 1988, 1367/05/08, 1988-07-30..1988-08-16).";
        return false;
    }

    private static bool TryYear(int year, bool hijri, string original, out FuzzyDate value, out string? error)
    {
        value = default;
        if (!YearInRange(year, hijri, original, out error))
        {
            return false;
        }

        value = hijri
            ? new FuzzyDate(FromHijri(year, 1, 1), FromHijri(year, 12, SolarHijri.DaysInMonth(year, 12)), DatePrecision.Year, false) { WrittenInSolarHijri = true }
            : new FuzzyDate(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), DatePrecision.Year, false);
        return true;
    }

    private static bool TryMonth(int year, int month, bool hijri, string original, out FuzzyDate value, out string? error)
    {
        value = default;
        if (!YearInRange(year, hijri, original, out error) || !MonthInRange(month, hijri, original, out error))
        {
            return false;
        }

        value = hijri
            ? new FuzzyDate(FromHijri(year, month, 1), FromHijri(year, month, SolarHijri.DaysInMonth(year, month)), DatePrecision.Month, false) { WrittenInSolarHijri = true }
            : new FuzzyDate(new DateOnly(year, month, 1), new DateOnly(year, month, DateTime.DaysInMonth(year, month)), DatePrecision.Month, false);
        return true;
    }

    private static bool TryDay(int year, int month, int day, bool hijri, string original, out FuzzyDate value, out string? error)
    {
        value = default;
        if (!YearInRange(year, hijri, original, out error) || !MonthInRange(month, hijri, original, out error))
        {
            return false;
        }

        var days = hijri ? SolarHijri.DaysInMonth(year, month) : DateTime.DaysInMonth(year, month);
        if (day < 1 || day > days)
        {
            var monthName = hijri
                ? string.Create(CultureInfo.InvariantCulture, $"{Capitalize(HijriMonthsLatin[month - 1][0])} {year} (Solar Hijri)")
                : string.Create(CultureInfo.InvariantCulture, $"{Capitalize(EnglishMonths[month - 1])} {year}");
            error = $"'{original}' is not a date: {monthName} has {days} days.";
            return false;
        }

        var date = hijri ? FromHijri(year, month, day) : new DateOnly(year, month, day);
        value = FromDay(date) with { WrittenInSolarHijri = hijri };
        return true;
    }

    private static bool TrySeason(Season season, int hijriYear, string original, out FuzzyDate value, out string? error)
    {
        value = default;
        if (!YearInRange(hijriYear, hijri: true, original, out error))
        {
            return false;
        }

        var firstMonth = ((int)season * 3) + 1;
        var lastMonth = firstMonth + 2;
        value = new FuzzyDate(
            FromHijri(hijriYear, firstMonth, 1),
            FromHijri(hijriYear, lastMonth, SolarHijri.DaysInMonth(hijriYear, lastMonth)),
            DatePrecision.Season,
            false)
        { WrittenInSolarHijri = true };
        return true;
    }

    private static bool YearInRange(int year, bool hijri, string original, out string? error)
    {
        // PersianCalendar covers 1 SH (622 CE) to 9378 SH; DateOnly covers 1 to 9999 CE.
        var ok = hijri ? year is >= 1 and <= 9377 : year is >= 1 and <= 9999;
        error = ok ? null : $"'{original}': year {year} is out of range.";
        return ok;
    }

    private static bool MonthInRange(int month, bool hijri, string original, out string? error)
    {
        var ok = month is >= 1 and <= 12;
        error = ok ? null : $"'{original}' is not a date: a {(hijri ? "Solar Hijri" : "Gregorian")} year has 12 months, not {month}.";
        return ok;
    }

    private static DateOnly FromHijri(int year, int month, int day) => SolarHijri.ToGregorian(year, month, day);

    private enum CalendarMarker
    {
        None,
        Hijri,
        Gregorian,
    }

    private static readonly string[] HijriMarkers = ["ه.ش.", "ه.ش", "هـ.ش", "ه ش", "sh", "ap", "ش"];
    private static readonly string[] GregorianMarkers = ["ce", "ad", "م"];
    private static readonly string[] CircaPrefixes =
        ["circa ", "circa", "c. ", "c.", "ca. ", "ca.", "ca ", "c ", "~", "about ", "approx. ", "approximately ", "حدودا ", "حدود "];

    private static CalendarMarker StripCalendarMarker(ref string s)
    {
        foreach (var marker in HijriMarkers)
        {
            if (EndsWithMarker(ref s, marker))
            {
                return CalendarMarker.Hijri;
            }
        }

        foreach (var marker in GregorianMarkers)
        {
            if (EndsWithMarker(ref s, marker))
            {
                return CalendarMarker.Gregorian;
            }
        }

        return CalendarMarker.None;
    }

    // A marker counts when it stands after a digit or a space (so "1367sh" and "1367 sh" but not "march").
    private static bool EndsWithMarker(ref string s, string marker)
    {
        if (s.Length <= marker.Length || !s.EndsWith(marker, StringComparison.Ordinal))
        {
            return false;
        }

        var before = s[^(marker.Length + 1)];
        if (!char.IsAsciiDigit(before) && before != ' ')
        {
            return false;
        }

        s = s[..^marker.Length].TrimEnd();
        return true;
    }

    private static bool StripCirca(ref string s)
    {
        foreach (var prefix in CircaPrefixes)
        {
            if (s.StartsWith(prefix, StringComparison.Ordinal))
            {
                s = s[prefix.Length..].TrimStart();
                return true;
            }
        }

        return false;
    }

    // Folds Persian and Arabic-Indic digits, Arabic letter variants and spacing; lower-cases Latin.
    private static string Clean(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Trim())
        {
            var folded = c switch
            {
                >= '\u06F0' and <= '\u06F9' => (char)('0' + (c - '\u06F0')),
                >= '\u0660' and <= '\u0669' => (char)('0' + (c - '\u0660')),
                '\u064A' or '\u0649' => '\u06CC',
                '\u0643' => '\u06A9',
                '\u200C' or '\u200F' or '\u200E' or '\u0640' => '\0',
                '\u2013' or '\u2014' => '-',
                ',' => ' ',
                _ when char.IsWhiteSpace(c) => ' ',
                _ => char.ToLowerInvariant(c),
            };
            if (folded == '\0' || (folded == ' ' && builder.Length > 0 && builder[^1] == ' '))
            {
                continue;
            }

            builder.Append(folded);
        }

        return builder.ToString().Trim();
    }

    private static bool IsNumber(string s) => s.Length > 0 && s.All(char.IsAsciiDigit);

    private static int SeasonIndex(string word)
    {
        var index = Array.IndexOf(SeasonNames, word);
        if (index < 0 && word == "fall")
        {
            index = (int)Season.Autumn;
        }

        if (index < 0)
        {
            index = Array.IndexOf(PersianSeasons, word.Replace('\u0626', '\u06CC'));
        }

        return index;
    }

    // 1-based month number, or 0; hijri says the name is a Solar Hijri month.
    private static int MonthIndex(string word, out bool hijri)
    {
        hijri = false;
        for (var i = 0; i < 12; i++)
        {
            if (word == EnglishMonths[i] || (word.Length == 3 && EnglishMonths[i].StartsWith(word, StringComparison.Ordinal)) || (word == "sept" && i == 8))
            {
                return i + 1;
            }
        }

        for (var i = 0; i < 12; i++)
        {
            if (HijriMonthsLatin[i].Contains(word, StringComparer.Ordinal) || HijriMonthsPersian[i] == word.Replace('\u0622', '\u0627') || HijriMonthsPersian[i] == word)
            {
                hijri = true;
                return i + 1;
            }
        }

        return 0;
    }

    private static string Capitalize(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string HijriDay(DateOnly day)
    {
        var (year, month, dayOfMonth) = SolarHijri.FromGregorian(day);
        return string.Create(CultureInfo.InvariantCulture, $"{year:D4}/{month:D2}/{dayOfMonth:D2}") + HijriMarker(year);
    }

    // Slash dates with years past the bare-Hijri span need the marker to read back as Solar Hijri.
    private static string HijriMarker(int year) => year > LastBareHijriYear ? " SH" : string.Empty;

    private bool IsGregorianMonth(out int year, out int month)
    {
        year = Earliest.Year;
        month = Earliest.Month;
        return Earliest.Day == 1 && Latest == new DateOnly(year, month, DateTime.DaysInMonth(year, month));
    }

    private bool IsGregorianYear(out int year)
    {
        year = Earliest.Year;
        return Earliest == new DateOnly(year, 1, 1) && Latest == new DateOnly(year, 12, 31);
    }

    private bool IsHijriMonth(out int year, out int month)
    {
        year = 0;
        month = 0;
        if (Earliest < MinHijri)
        {
            return false;
        }

        (year, month, var day) = SolarHijri.FromGregorian(Earliest);
        return day == 1 && Latest == FromHijri(year, month, SolarHijri.DaysInMonth(year, month));
    }

    private bool IsHijriYear(out int year)
    {
        year = 0;
        if (Earliest < MinHijri)
        {
            return false;
        }

        (year, var month, var day) = SolarHijri.FromGregorian(Earliest);
        return month == 1 && day == 1 && year < 9377 && Latest == FromHijri(year, 12, SolarHijri.DaysInMonth(year, 12));
    }

    private bool IsSeason(out Season season, out int gregorianYear)
    {
        season = Season.Spring;
        gregorianYear = 0;
        if (!IsHijriQuarter(out var hijriYear, out var quarter))
        {
            return false;
        }

        season = (Season)quarter;
        gregorianYear = hijriYear + 621;
        return gregorianYear <= 9999;
    }

    private bool IsHijriQuarter(out int year, out int quarter)
    {
        year = 0;
        quarter = 0;
        if (Earliest < MinHijri)
        {
            return false;
        }

        (year, var month, var day) = SolarHijri.FromGregorian(Earliest);
        if (day != 1 || (month - 1) % 3 != 0)
        {
            return false;
        }

        quarter = (month - 1) / 3;
        return Latest == FromHijri(year, month + 2, SolarHijri.DaysInMonth(year, month + 2));
    }

    private static readonly DateOnly MinHijri = SolarHijri.MinDate;
}

/// <summary>
/// The one Solar Hijri converter, for the domain's dates, the linkage's date columns and the web's display:
/// <see cref="PersianCalendar"/> gives the Gregorian day of each Nowruz (1 Farvardin), cached for the years
/// people write; months then follow by rule (six of 31 days, five of 30, Esfand 29 or 30).
/// PersianCalendar's own per-day calls are slow (several microseconds).
/// </summary>
public static class SolarHijri
{
    /// <summary>The calendar itself, for code that steps through it with <see cref="Calendar"/>'s API (timeline ticks).</summary>
    public static PersianCalendar Calendar { get; } = new();

    /// <summary>
    /// Whether a four-digit year written without a calendar marker is read as Solar Hijri (1200–1499 SH,
    /// 1821–2121 CE): the one rule for bare years in the date grammar and the linkage's date columns.
    /// </summary>
    public static bool IsBareYear(int year) => year is >= FuzzyDate.FirstBareHijriYear and <= FuzzyDate.LastBareHijriYear;

    /// <summary>The Gregorian day, or null when the month or day does not exist in that Solar Hijri year.</summary>
    public static DateOnly? TryToGregorian(int year, int month, int day) =>
        year is >= 1 and <= 9377 && month is >= 1 and <= 12 && day >= 1 && day <= DaysInMonth(year, month) ? ToGregorian(year, month, day) : null;

    /// <summary>The Solar Hijri year in which this day falls.</summary>
    public static int YearOf(DateOnly date) => FromGregorian(date).Year;
    private const int FirstCachedYear = 1000;
    private const int LastCachedYear = 1700;
    private static readonly Lazy<int[]> NowruzCache = new(BuildCache);

    /// <summary>The first day the calendar supports (1 Farvardin 1 = 622-03-22).</summary>
    public static DateOnly MinDate { get; } = DateOnly.FromDateTime(Calendar.MinSupportedDateTime);

    public static int DaysInMonth(int year, int month) => month switch
    {
        <= 6 => 31,
        <= 11 => 30,
        _ => NowruzDayNumber(year + 1) - NowruzDayNumber(year) - 336,
    };

    public static DateOnly ToGregorian(int year, int month, int day) =>
        DateOnly.FromDayNumber(NowruzDayNumber(year) + DaysBeforeMonth(month) + day - 1);

    public static (int Year, int Month, int Day) FromGregorian(DateOnly date)
    {
        var dayNumber = date.DayNumber;
        var year = date.Year - 621;
        if (dayNumber < NowruzDayNumber(year))
        {
            year--;
        }

        var dayOfYear = dayNumber - NowruzDayNumber(year);
        var month = dayOfYear < 186 ? (dayOfYear / 31) + 1 : ((dayOfYear - 186) / 30) + 7;
        month = Math.Min(month, 12);
        return (year, month, dayOfYear - DaysBeforeMonth(month) + 1);
    }

    private static int DaysBeforeMonth(int month) => month <= 7 ? (month - 1) * 31 : 186 + ((month - 7) * 30);

    private static int NowruzDayNumber(int year)
    {
        if (year is >= FirstCachedYear and <= LastCachedYear)
        {
            return NowruzCache.Value[year - FirstCachedYear];
        }

        // Past the last supported year (9378 SH ends at 9999-12-31) the next Nowruz is one day after the end.
        return year > 9378
            ? DateOnly.FromDateTime(Calendar.MaxSupportedDateTime).DayNumber + 1
            : DateOnly.FromDateTime(Calendar.ToDateTime(year, 1, 1, 0, 0, 0, 0)).DayNumber;
    }

    private static int[] BuildCache()
    {
        var cache = new int[LastCachedYear - FirstCachedYear + 1];
        for (var year = FirstCachedYear; year <= LastCachedYear; year++)
        {
            cache[year - FirstCachedYear] = DateOnly.FromDateTime(Calendar.ToDateTime(year, 1, 1, 0, 0, 0, 0)).DayNumber;
        }

        return cache;
    }
}
