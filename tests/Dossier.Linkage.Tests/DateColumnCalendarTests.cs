using System.Globalization;
using Dossier.Domain;
using Dossier.Linkage.Fields;

namespace Dossier.Linkage.Tests;

/// <summary>
/// The linkage's date columns read Solar Hijri dates with the domain's one converter and its one rule for
/// bare years, so a date means the same day in a list and in a record (issue 12 §8).
/// </summary>
public sealed class DateColumnCalendarTests
{
    [Fact]
    public void Every_day_written_in_solar_hijri_reads_as_the_same_gregorian_day_as_the_domains_date_grammar()
    {
        var random = new Random(1367);
        for (var i = 0; i < 2_000; i++)
        {
            var day = new DateOnly(1930, 1, 1).AddDays(random.Next(0, 36_000));
            var (year, month, dayOfMonth) = SolarHijri.FromGregorian(day);
            var text = string.Create(CultureInfo.InvariantCulture, $"{year:D4}/{month:D2}/{dayOfMonth:D2}");

            var domain = FuzzyDate.Parse(text);
            domain.Precision.ShouldBe(DatePrecision.Day, text);
            DateColumn.Parse(text).ShouldBe((domain.Earliest.Year * 10000) + (domain.Earliest.Month * 100) + domain.Earliest.Day, text);
            domain.Earliest.ShouldBe(day, text);
        }
    }

    [Theory]
    [InlineData("1367/05/08", 19880730)]
    [InlineData("۱۳۶۷/۰۵/۰۸", 19880730)]
    [InlineData("1367", 19880000)]
    [InlineData("1210", 18310000)] // a bare year in 1200–1499 is Solar Hijri in both grammars
    [InlineData("1988-07-30", 19880730)]
    [InlineData("1367/13/01", 13671301)] // a typo'd month is kept as written for the edit distance
    [InlineData("19880730", 19880730)] // what the grammar does not read is salvaged digit by digit
    [InlineData("30/07/1988", 19880730)]
    [InlineData("Mordad 1367", 19880700)] // the domain's grammar: month names in either calendar and script
    [InlineData("۸ مرداد ۱۳۶۷", 19880730)]
    [InlineData("July 1988", 19880700)]
    [InlineData("30 July 1988", 19880730)]
    [InlineData("c. 1988", 19880000)]
    [InlineData("summer 1367", 19880000)]
    [InlineData("1988-07-30..1988-08-16", 19880000)] // a range keeps the year it starts in
    public void Known_days_read_the_same_in_both(string text, int expected)
    {
        DateColumn.Parse(text).ShouldBe(expected);
        SolarHijri.IsBareYear(1200).ShouldBeTrue();
        SolarHijri.IsBareYear(1500).ShouldBeFalse();
    }
}
