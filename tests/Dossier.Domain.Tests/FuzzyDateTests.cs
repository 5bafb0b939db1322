using System.Globalization;
using Dossier.Domain;

namespace Dossier.Domain.Tests;

public class FuzzyDateTests
{
    // Known Solar Hijri / Gregorian pairs: 1 Farvardin is Nowruz (the March equinox); 28 Tir 1367 is the
    // day after Iran accepted UN resolution 598 (18 July 1988); 22 Bahman is the revolution's anniversary;
    // 1399 and 1403 are leap years (30 Esfand exists).
    [Theory]
    [InlineData("1367/05/08", "1988-07-30")]
    [InlineData("1367/01/01", "1988-03-21")]
    [InlineData("1367/04/28", "1988-07-19")]
    [InlineData("1403/01/01", "2024-03-20")]
    [InlineData("1358/11/22", "1980-02-11")]
    [InlineData("1357/11/22", "1979-02-11")]
    [InlineData("1399/12/30", "2021-03-20")]
    [InlineData("1402/12/29", "2024-03-19")]
    [InlineData("1403/12/30", "2025-03-20")]
    [InlineData("1367/06/31", "1988-09-22")]
    [InlineData("1367/07/01", "1988-09-23")]
    [InlineData("۱۳۶۷/۰۵/۰۸", "1988-07-30")]
    [InlineData("١٣٦٧/٠٥/٠٨", "1988-07-30")]
    [InlineData("1367/5/8", "1988-07-30")]
    [InlineData("1367/05/08 SH", "1988-07-30")]
    [InlineData("۱۳۶۷/۰۵/۰۸ ش", "1988-07-30")]
    [InlineData("۱۳۶۷/۰۵/۰۸ ه.ش", "1988-07-30")]
    [InlineData("8 Mordad 1367", "1988-07-30")]
    [InlineData("۸ مرداد ۱۳۶۷", "1988-07-30")]
    public void Parse_should_convert_solar_hijri_days_exactly(string text, string gregorian)
    {
        var date = FuzzyDate.Parse(text);
        date.Precision.ShouldBe(DatePrecision.Day);
        date.Earliest.ShouldBe(DateOnly.Parse(gregorian, CultureInfo.InvariantCulture));
        date.Latest.ShouldBe(date.Earliest);
    }

    [Theory]
    [InlineData("1988-07-19", "1988-07-19", "1988-07-19", DatePrecision.Day)]
    [InlineData("1988-07", "1988-07-01", "1988-07-31", DatePrecision.Month)]
    [InlineData("1988-02", "1988-02-01", "1988-02-29", DatePrecision.Month)]
    [InlineData("1988", "1988-01-01", "1988-12-31", DatePrecision.Year)]
    [InlineData("July 1988", "1988-07-01", "1988-07-31", DatePrecision.Month)]
    [InlineData("19 July 1988", "1988-07-19", "1988-07-19", DatePrecision.Day)]
    [InlineData("July 19, 1988", "1988-07-19", "1988-07-19", DatePrecision.Day)]
    [InlineData("Sep 1988", "1988-09-01", "1988-09-30", DatePrecision.Month)]
    // Solar Hijri months and years are Gregorian spans.
    [InlineData("1367/05", "1988-07-23", "1988-08-22", DatePrecision.Month)]
    [InlineData("Mordad 1367", "1988-07-23", "1988-08-22", DatePrecision.Month)]
    [InlineData("مرداد ۱۳۶۷", "1988-07-23", "1988-08-22", DatePrecision.Month)]
    [InlineData("1367", "1988-03-21", "1989-03-20", DatePrecision.Year)]
    [InlineData("۱۳۶۷", "1988-03-21", "1989-03-20", DatePrecision.Year)]
    [InlineData("1367 SH", "1988-03-21", "1989-03-20", DatePrecision.Year)]
    [InlineData("1400 CE", "1400-01-01", "1400-12-31", DatePrecision.Year)]
    // Seasons are the quarters of the Solar Hijri year (astronomical seasons, northern hemisphere).
    [InlineData("summer 1988", "1988-06-22", "1988-09-22", DatePrecision.Season)]
    [InlineData("Summer 1988", "1988-06-22", "1988-09-22", DatePrecision.Season)]
    [InlineData("spring 1988", "1988-03-21", "1988-06-21", DatePrecision.Season)]
    [InlineData("autumn 1988", "1988-09-23", "1988-12-21", DatePrecision.Season)]
    [InlineData("fall 1988", "1988-09-23", "1988-12-21", DatePrecision.Season)]
    [InlineData("winter 1988", "1988-12-22", "1989-03-20", DatePrecision.Season)]
    [InlineData("تابستان ۱۳۶۷", "1988-06-22", "1988-09-22", DatePrecision.Season)]
    // Ranges.
    [InlineData("1988-07-30..1988-08-16", "1988-07-30", "1988-08-16", DatePrecision.Range)]
    [InlineData("1988-07..1988-09", "1988-07-01", "1988-09-30", DatePrecision.Range)]
    [InlineData("1367/05/08..1367/05/26", "1988-07-30", "1988-08-17", DatePrecision.Range)]
    [InlineData("1988-07-30 .. 1367/05/26", "1988-07-30", "1988-08-17", DatePrecision.Range)]
    public void Parse_should_read_each_form_as_a_span(string text, string earliest, string latest, DatePrecision precision)
    {
        var date = FuzzyDate.Parse(text);
        date.Earliest.ShouldBe(DateOnly.Parse(earliest, CultureInfo.InvariantCulture));
        date.Latest.ShouldBe(DateOnly.Parse(latest, CultureInfo.InvariantCulture));
        date.Precision.ShouldBe(precision);
        date.Circa.ShouldBeFalse();
    }

    [Theory]
    [InlineData("c. 1988")]
    [InlineData("circa 1988")]
    [InlineData("~1988")]
    [InlineData("ca. 1988")]
    [InlineData("C. 1988")]
    [InlineData("حدود ۱۹۸۸")]
    public void Parse_should_read_circa(string text)
    {
        var date = FuzzyDate.Parse(text);
        date.Circa.ShouldBeTrue();
        date.Precision.ShouldBe(DatePrecision.Year);
        date.Earliest.ShouldBe(new DateOnly(1988, 1, 1));
    }

    [Theory]
    [InlineData("1988-02-30", "February 1988 has 29 days")]
    [InlineData("1987-02-29", "February 1987 has 28 days")]
    [InlineData("1988-13-01", "12 months")]
    [InlineData("1367/13/01", "12 months")]
    [InlineData("1400/12/30", "Esfand 1400 (Solar Hijri) has 29 days")]
    [InlineData("1367/07/31", "Mehr 1367 (Solar Hijri) has 30 days")]
    [InlineData("1988/07/19", "Solar Hijri")]
    [InlineData("1988-07/19", "mixes")]
    [InlineData("88", "four digits")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("yesterday", "not a date")]
    [InlineData("1988-08-16..1988-07-30", "before it starts")]
    [InlineData("1988..", "not a range")]
    [InlineData("c.", "no date")]
    [InlineData("Mordad 1988", "not a plausible Solar Hijri year")]
    public void Parse_should_reject_impossible_dates_with_a_reason(string text, string reason)
    {
        FuzzyDate.TryParse(text, out _, out var error).ShouldBeFalse();
        error.ShouldNotBeNull().ShouldContain(reason);
        Should.Throw<FormatException>(() => FuzzyDate.Parse(text)).Message.ShouldBe(error);
    }

    [Fact]
    public void A_day_written_in_Solar_Hijri_should_keep_its_calendar_beside_the_Gregorian_day_it_stands_for()
    {
        // 10 Mordad 1367 is 1 August 1988 (Iranian calendar tables).
        var written = FuzzyDate.Parse("۱۳۶۷/۰۵/۱۰");
        var gregorian = FuzzyDate.Parse("1988-08-01");

        written.WrittenInSolarHijri.ShouldBeTrue();
        gregorian.WrittenInSolarHijri.ShouldBeFalse();
        written.Earliest.ShouldBe(new DateOnly(1988, 8, 1));
        written.Latest.ShouldBe(written.Earliest);
        written.ToString().ShouldBe("1367/05/10");
        FuzzyDate.Parse(written.ToString()).ShouldBe(written);
        gregorian.ToString().ShouldBe("1988-08-01");
        // The same day either way: ordering and overlap look at the days, not at how they were written.
        written.CompareTo(gregorian).ShouldBe(0);
        written.Overlaps(gregorian).ShouldBeTrue();
        written.ShouldNotBe(gregorian);
    }

    [Fact]
    public void TryParse_should_reject_null() =>
        FuzzyDate.TryParse(null, out _, out var error).ShouldBeFalse();

    [Theory]
    [InlineData("1988-07-19")]
    [InlineData("1988-07")]
    [InlineData("1988")]
    [InlineData("summer 1988")]
    [InlineData("winter 1988")]
    [InlineData("c. 1988")]
    [InlineData("c. 1988-07-19")]
    [InlineData("1988-07-30..1988-08-16")]
    [InlineData("1367/05")]
    [InlineData("1367 SH")]
    [InlineData("1400 CE")]
    public void ToString_should_be_canonical(string canonical) =>
        FuzzyDate.Parse(canonical).ToString().ShouldBe(canonical);

    [Theory]
    [InlineData("Summer  1988", "summer 1988")]
    [InlineData("circa 1988", "c. 1988")]
    [InlineData("۱۳۶۷/۰۵/۰۸", "1367/05/08")]
    [InlineData("8 Mordad 1367", "1367/05/08")]
    [InlineData("c. ۱۳۶۷/۰۵/۰۸..۱۳۶۷/۰۵/۲۶", "c. 1367/05/08..1367/05/26")]
    [InlineData("1367/05/08..1988-08-17", "1988-07-30..1988-08-17")]
    [InlineData("Mordad 1367", "1367/05")]
    [InlineData("1367", "1367 SH")]
    [InlineData("تابستان ۱۳۶۷", "summer 1988")]
    [InlineData("July 1988", "1988-07")]
    public void ToString_should_write_the_canonical_form_of_other_inputs(string text, string canonical) =>
        FuzzyDate.Parse(text).ToString().ShouldBe(canonical);

    [Theory]
    [InlineData("1988-07-19", "1367/04/28")]
    [InlineData("1988-07-30", "1367/05/08")]
    [InlineData("1367/05", "1367/05")]
    [InlineData("1367", "1367")]
    [InlineData("c. 1988-07-19", "c. 1367/04/28")]
    [InlineData("summer 1988", "1367/04/01..1367/06/31")]
    [InlineData("1988-07", "1367/04/10..1367/05/09")]
    public void ToSolarHijriString_should_write_the_hijri_date(string text, string hijri) =>
        FuzzyDate.Parse(text).ToSolarHijriString().ShouldBe(hijri);

    [Fact]
    public void Parse_should_round_trip_random_dates_of_every_precision()
    {
        var random = new Random(1988);
        for (var i = 0; i < 5000; i++)
        {
            var date = RandomDate(random);
            var text = date.ToString();
            FuzzyDate.Parse(text).ShouldBe(date, $"text '{text}'");
            FuzzyDate.Parse(date.ToSolarHijriString()).ShouldSatisfyAllConditions(
                parsed => parsed.Earliest.ShouldBe(date.Earliest, $"hijri '{date.ToSolarHijriString()}'"),
                parsed => parsed.Latest.ShouldBe(date.Latest, $"hijri '{date.ToSolarHijriString()}'"));
        }
    }

    [Fact]
    public void Solar_hijri_day_should_round_trip_through_gregorian_for_every_day_of_three_centuries()
    {
        var calendar = new PersianCalendar();
        var failures = new List<string>();
        for (var day = new DateOnly(1850, 1, 1); day < new DateOnly(2150, 1, 1); day = day.AddDays(1))
        {
            var hijri = FuzzyDate.FromDay(day).ToSolarHijriString();
            var back = FuzzyDate.Parse(hijri).Earliest;

            // The text names the same Hijri day the BCL calendar computes.
            var time = day.ToDateTime(TimeOnly.MinValue);
            var expected = string.Create(CultureInfo.InvariantCulture,
                $"{calendar.GetYear(time):D4}/{calendar.GetMonth(time):D2}/{calendar.GetDayOfMonth(time):D2}");
            if (back != day || !hijri.StartsWith(expected, StringComparison.Ordinal))
            {
                failures.Add($"{day:yyyy-MM-dd} -> {hijri} -> {back:yyyy-MM-dd}");
            }
        }

        failures.ShouldBeEmpty();
    }

    [Fact]
    public void Solar_hijri_months_should_tile_the_hijri_year_without_gaps()
    {
        for (var year = 1300; year <= 1450; year++)
        {
            var yearSpan = FuzzyDate.Parse(string.Create(CultureInfo.InvariantCulture, $"{year} SH"));
            var next = yearSpan.Earliest;
            for (var month = 1; month <= 12; month++)
            {
                var span = FuzzyDate.Parse(string.Create(CultureInfo.InvariantCulture, $"{year}/{month:D2}"));
                span.Earliest.ShouldBe(next);
                (span.Latest.DayNumber - span.Earliest.DayNumber + 1).ShouldBe(month <= 6 ? 31 : month <= 11 ? 30 : span.Latest.DayNumber - span.Earliest.DayNumber + 1);
                next = span.Latest.AddDays(1);
            }

            next.ShouldBe(yearSpan.Latest.AddDays(1));
        }
    }

    [Fact]
    public void Overlaps_should_be_true_when_the_spans_share_a_day()
    {
        var summer = FuzzyDate.Parse("summer 1988");
        summer.Overlaps(FuzzyDate.Parse("1988-07-30")).ShouldBeTrue();
        summer.Overlaps(FuzzyDate.Parse("1367/06/31")).ShouldBeTrue();
        summer.Overlaps(FuzzyDate.Parse("1988-09-23")).ShouldBeFalse();
        FuzzyDate.Parse("1988-09-23").Overlaps(summer).ShouldBeFalse();
        FuzzyDate.Parse("1367").Overlaps(FuzzyDate.Parse("1989-03")).ShouldBeTrue();
    }

    [Fact]
    public void CompareTo_should_order_by_earliest_then_latest()
    {
        var dates = new[] { "1988", "1988-07", "1988-07-19", "summer 1988", "1987" }.Select(FuzzyDate.Parse).Order().Select(d => d.ToString());
        dates.ShouldBe(["1987", "1988", "1988-07-19"[..0] + "summer 1988", "1988-07", "1988-07-19"]);
    }

    private static FuzzyDate RandomDate(Random random)
    {
        var day = new DateOnly(1900, 1, 1).AddDays(random.Next(0, 200 * 365));
        var circa = random.Next(4) == 0;
        var time = day.ToDateTime(TimeOnly.MinValue);
        var calendar = new PersianCalendar();
        var text = random.Next(9) switch
        {
            0 => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            1 => day.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            2 => day.ToString("yyyy", CultureInfo.InvariantCulture) + (day.Year < 1500 ? " CE" : ""),
            3 => string.Create(CultureInfo.InvariantCulture, $"{calendar.GetYear(time)}/{calendar.GetMonth(time)}/{calendar.GetDayOfMonth(time)}"),
            4 => string.Create(CultureInfo.InvariantCulture, $"{calendar.GetYear(time)}/{calendar.GetMonth(time):D2}"),
            5 => string.Create(CultureInfo.InvariantCulture, $"{calendar.GetYear(time)} SH"),
            6 => new[] { "spring", "summer", "autumn", "winter" }[random.Next(4)] + " " + day.Year.ToString(CultureInfo.InvariantCulture),
            _ => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".." + day.AddDays(random.Next(0, 400)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        return FuzzyDate.Parse((circa ? "c. " : "") + text);
    }
}
