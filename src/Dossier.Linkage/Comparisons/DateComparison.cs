using System.Globalization;
using Dossier.Linkage.Fields;
using Dossier.Text;

namespace Dossier.Linkage.Comparisons;

/// <summary>
/// Dates compared by distance, respecting precision. Full-date columns: exact; one typo or day and
/// month swapped; consistent (a side known only to the month or year agrees as far as it goes —
/// "1988-08" and "1988-08-13" do not disagree); same month; same year; one year apart; else.
/// Year-only columns: same year, one year apart, two years apart, else.
/// </summary>
internal sealed class DateComparison(string column, FieldRole role, DateColumn data)
    : Comparison(column, role, data.YearsOnly
        ? ["same year", "one year apart", "two years apart", "else"]
        : ["exact", "one typo or day/month swapped", "consistent at the coarser precision", "same month", "same year", "one year apart", "else"])
{
    public override byte Compare(int a, int b)
    {
        var x = data.Ymd[a];
        var y = data.Ymd[b];
        if (x == 0 || y == 0)
        {
            return Missing;
        }

        var yearGap = Math.Abs((x / 10000) - (y / 10000));
        if (data.YearsOnly)
        {
            return yearGap switch { 0 => 0, 1 => 1, 2 => 2, _ => 3 };
        }

        var monthX = x / 100 % 100;
        var monthY = y / 100 % 100;
        var dayX = x % 100;
        var dayY = y % 100;
        if (dayX != 0 && dayY != 0 && monthX != 0 && monthY != 0)
        {
            if (x == y)
            {
                return 0;
            }

            if (OneTypo(x, y) || Swapped(x, y))
            {
                return 1;
            }

            if (yearGap == 0 && monthX == monthY)
            {
                return 3;
            }
        }
        else if (yearGap == 0 && (monthX == 0 || monthY == 0 || (monthX == monthY && (dayX == 0 || dayY == 0 || dayX == dayY))))
        {
            return 2;
        }
        else if (yearGap == 0 && monthX == monthY)
        {
            return 3;
        }

        return yearGap switch { 0 => 4, 1 => 5, _ => 6 };
    }

    private static bool Swapped(int x, int y) =>
        x / 10000 == y / 10000 && (x / 100 % 100) == y % 100 && x % 100 == (y / 100 % 100);

    private static bool OneTypo(int x, int y)
    {
        Span<char> a = stackalloc char[8];
        Span<char> b = stackalloc char[8];
        for (var i = 7; i >= 0; i--)
        {
            a[i] = (char)('0' + (x % 10));
            b[i] = (char)('0' + (y % 10));
            x /= 10;
            y /= 10;
        }

        return Similarity.WithinOneEdit(a, b);
    }

    public override string Describe(int record)
    {
        var v = data.Ymd[record];
        if (v == 0)
        {
            return string.Empty;
        }

        var year = v / 10000;
        var month = v / 100 % 100;
        var day = v % 100;
        return month == 0
            ? year.ToString(CultureInfo.InvariantCulture)
            : day == 0
                ? FormattableString.Invariant($"{year:D4}-{month:D2}")
                : FormattableString.Invariant($"{year:D4}-{month:D2}-{day:D2}");
    }
}
