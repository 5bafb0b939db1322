using System.Globalization;
using Dossier.Domain;
using Dossier.Linkage.Input;

namespace Dossier.Linkage.Fields;

/// <summary>
/// A date field as one int per record: yyyymmdd, with month and day 0 when unknown ("1988" is
/// 19880000), and 0 when missing or unreadable. Each distinct value is read by the domain's one date grammar
/// (<see cref="FuzzyDate"/>: both calendars, both scripts of digits, month names, seasons, circa, ranges; its
/// Solar Hijri dates go through the one converter). What the grammar refuses is salvaged digit by digit
/// (yyyymmdd, dd/mm/yyyy, a typo'd month or day such as 13 kept as written) so the edit-distance comparison
/// still sees it.
/// </summary>
internal sealed class DateColumn
{
    private DateColumn(int[] ymd, bool yearsOnly, int unreadable, int firstUnreadableLine)
    {
        Ymd = ymd;
        YearsOnly = yearsOnly;
        Unreadable = unreadable;
        FirstUnreadableLine = firstUnreadableLine;
        foreach (var v in ymd)
        {
            if (v != 0)
            {
                NonMissing++;
            }
        }
    }

    public int[] Ymd { get; }

    /// <summary>True when no record has more than a year: comparisons then use year distance only.</summary>
    public bool YearsOnly { get; }

    /// <summary>Non-empty values that could not be read as a date (treated as missing).</summary>
    public int Unreadable { get; }

    public int FirstUnreadableLine { get; }

    public int NonMissing { get; }

    public static DateColumn Build(IReadOnlyList<(CsvTable Table, int Column)> parts)
    {
        var total = 0;
        foreach (var (table, _) in parts)
        {
            total += table.RowCount;
        }

        var ymd = new int[total];
        var offset = 0;
        var unreadable = 0;
        var firstLine = 0;
        var anyFull = false;
        foreach (var (table, column) in parts)
        {
            var distinct = table.DistinctValues(column);
            var map = new int[distinct.Count];
            var bad = new bool[distinct.Count];
            for (var d = 1; d < distinct.Count; d++)
            {
                map[d] = Parse(distinct[d]);
                bad[d] = map[d] == 0;
                anyFull |= map[d] % 10000 != 0;
            }

            var rows = table.ValueIds(column);
            for (var r = 0; r < rows.Length; r++)
            {
                ymd[offset + r] = map[rows[r]];
                if (bad[rows[r]])
                {
                    unreadable++;
                    if (firstLine == 0)
                    {
                        firstLine = table.LineOf(r);
                    }
                }
            }

            offset += rows.Length;
        }

        return new DateColumn(ymd, !anyFull, unreadable, firstLine);
    }

    /// <summary>Reads a value by the domain's grammar, else salvages its digits; 0 when neither reads it.</summary>
    internal static int Parse(string raw) =>
        FuzzyDate.TryParse(raw, out var date, out _) ? FromGrammar(date) : Salvage(raw);

    // A day or month keeps its month (and day); a season, year or range keeps the year it starts in.
    private static int FromGrammar(FuzzyDate date)
    {
        var start = date.Earliest;
        return date.Precision switch
        {
            DatePrecision.Day => (start.Year * 10000) + (start.Month * 100) + start.Day,
            DatePrecision.Month => (start.Year * 10000) + (start.Month * 100),
            // A bare Solar Hijri year starts in March: it is the Gregorian year in which most of it falls.
            _ => start.Year * 10000,
        };
    }

    /// <summary>Reads yyyymmdd, yyyy-mm-dd, yyyy/mm/dd, dd/mm/yyyy, yyyy-mm or yyyy digit by digit; 0 when unreadable.</summary>
    private static int Salvage(string raw)
    {
        Span<int> numbers = stackalloc int[3];
        Span<int> widths = stackalloc int[3];
        var count = 0;
        var current = -1;
        var width = 0;
        foreach (var ch in raw)
        {
            var digit = DigitValue(ch);
            if (digit >= 0)
            {
                current = current < 0 ? digit : (current * 10) + digit;
                width++;
                if (width > 8)
                {
                    return 0;
                }

                continue;
            }

            if (current >= 0)
            {
                if (count == 3)
                {
                    return 0;
                }

                numbers[count] = current;
                widths[count++] = width;
                current = -1;
                width = 0;
            }
        }

        if (current >= 0)
        {
            if (count == 3)
            {
                return 0;
            }

            numbers[count] = current;
            widths[count++] = width;
        }

        int year, month = 0, day = 0;
        switch (count)
        {
            case 1 when widths[0] == 8:
                year = numbers[0] / 10000;
                month = numbers[0] / 100 % 100;
                day = numbers[0] % 100;
                break;
            case 1 when widths[0] == 4:
                year = numbers[0];
                break;
            case 2 when widths[0] == 4:
                year = numbers[0];
                month = numbers[1];
                break;
            case 3 when widths[0] == 4:
                year = numbers[0];
                month = numbers[1];
                day = numbers[2];
                break;
            case 3 when widths[2] == 4:
                year = numbers[2];
                month = numbers[1];
                day = numbers[0];
                break;
            default:
                return 0;
        }

        if (year is < 1000 or > 2999 || month > 12 || day > 31)
        {
            // Keep typo'd digits (month 13) as written: the edit-distance level still sees them.
            return year is < 1000 or > 2999 ? 0 : (year * 10000) + (month * 100) + day;
        }

        if (Dossier.Domain.SolarHijri.IsBareYear(year))
        {
            (year, month, day) = FromSolarHijri(year, month, day);
        }

        return (year * 10000) + (month * 100) + day;
    }

    // Through the domain's one converter. A bare Solar Hijri year straddles two Gregorian years (1 Farvardin
    // falls in March): it is read as the year in which most of it falls, as is a month or day that does not exist.
    private static (int Year, int Month, int Day) FromSolarHijri(int year, int month, int day)
    {
        if (month == 0 || Dossier.Domain.SolarHijri.TryToGregorian(year, month, Math.Max(1, day)) is not { } date)
        {
            return (year + 621, 0, 0);
        }

        return day == 0 ? (date.Year, date.Month, 0) : (date.Year, date.Month, date.Day);
    }

    private static int DigitValue(char ch) => ch switch
    {
        >= '0' and <= '9' => ch - '0',
        >= '\u06F0' and <= '\u06F9' => ch - '\u06F0',
        >= '\u0660' and <= '\u0669' => ch - '\u0660',
        _ => -1,
    };
}
