using System.Globalization;
using System.Text;
using Dossier.Domain;
using Dossier.Domain.Records;

namespace Dossier.Web.Visuals;

/// <summary>One dated record on the timeline.</summary>
internal sealed record TimelineItem(string Id, RecordKind Kind, string Label, FuzzyDate Date);

/// <summary>The drawn timeline and what it shows: the items inside the range and how many did not fit.</summary>
internal sealed record TimelineModel(string Svg, IReadOnlyList<TimelineItem> InRange, int NotDrawn, DateOnly From, DateOnly To);

/// <summary>
/// A time axis as server-side SVG: one lane per kind (events, acts, hearings, rulings), every record a
/// bar from the earliest to the latest day its fuzzy date allows, so "summer 1988" is drawn as the
/// summer and 1988-07-30 as a day. Ticks fall on Gregorian or Solar Hijri years, months or days.
/// In a right-to-left reading (the Persian UI) time runs from right to left, as the text does: the whole
/// layout is made in time order and mirrored as it is drawn, and tick labels are in the reader's digits.
/// Pure: the same items, range and direction give the same bytes.
/// </summary>
internal static class TimelineChart
{
    public const double Width = 960;
    private const double Left = 16;
    private const double Right = 16;
    private const double AxisY = 34;
    private const double RowHeight = 22;
    private const double LaneGap = 26;
    private const int MaxRowsPerLane = 14;

    private static readonly int[] YearSteps = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

    public static readonly RecordKind[] Lanes = [RecordKind.Event, RecordKind.Act, RecordKind.Hearing, RecordKind.Ruling];

    /// <summary>The whole span of the items with a little room either side; a default decade when there are none.</summary>
    public static (DateOnly From, DateOnly To) Extent(IReadOnlyCollection<TimelineItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            return (new DateOnly(1980, 1, 1), new DateOnly(1990, 12, 31));
        }

        var from = items.Min(i => i.Date.Earliest);
        var to = items.Max(i => i.Date.Latest);
        var pad = Math.Max(15, (to.DayNumber - from.DayNumber) / 30);
        return (DateOnly.FromDayNumber(Math.Max(DateOnly.MinValue.DayNumber, from.DayNumber - pad)), DateOnly.FromDayNumber(Math.Min(DateOnly.MaxValue.DayNumber, to.DayNumber + pad)));
    }

    public static TimelineModel Build(IReadOnlyList<TimelineItem> items, DateOnly from, DateOnly to, bool solarHijri, string title, Func<RecordKind, string> laneName, bool rightToLeft = false)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(laneName);
        if (to < from)
        {
            (from, to) = (to, from);
        }

        var days = to.DayNumber - from.DayNumber + 1;
        double X(DateOnly day) => XAt(day.DayNumber);
        // By day number: the day after 9999-12-31 is no DateOnly, but it is where the last day ends.
        double XAt(int dayNumber) => Left + ((dayNumber - from.DayNumber) * (Width - Left - Right) / days);
        // Layout is in time order (earlier to the left); a right-to-left drawing mirrors it about the middle.
        double Drawn(double x) => rightToLeft ? Width - x : x;

        var inRange = items.Where(i => i.Date.Latest >= from && i.Date.Earliest <= to)
            .OrderBy(i => i.Date.Earliest).ThenBy(i => i.Date.Latest).ThenBy(i => i.Id, StringComparer.Ordinal).ToList();

        var body = new StringBuilder();
        var y = AxisY + 18;
        var notDrawn = 0;
        foreach (var lane in Lanes)
        {
            var laneItems = inRange.Where(i => i.Kind == lane).ToList();
            if (laneItems.Count == 0)
            {
                continue;
            }

            Svg.Label(body, Drawn(Left), y + 12, laneName(lane), "lane", towardsEnd: !rightToLeft);
            y += 18;
            // Greedy rows: an item goes in the first row whose last bar and label end before it starts.
            var rowEnds = new List<double>();
            foreach (var item in laneItems)
            {
                var x1 = Math.Max(Left, X(item.Date.Earliest));
                var x2 = Math.Min(Width - Right, XAt(item.Date.Latest.DayNumber + 1));
                if (x2 - x1 < 5)
                {
                    var mid = (x1 + x2) / 2;
                    (x1, x2) = (mid - 2.5, mid + 2.5);
                }

                var labelRoom = Svg.TextWidth(item.Label) + 6;
                // Near the late edge the label goes before the bar instead.
                var labelRight = x2 + labelRoom <= Width - Right;
                var start = labelRight ? x1 : x1 - labelRoom;
                var end = labelRight ? x2 + labelRoom : x2;
                var row = rowEnds.FindIndex(e => e < start - 4);
                if (row < 0)
                {
                    if (rowEnds.Count >= MaxRowsPerLane)
                    {
                        notDrawn++;
                        continue;
                    }

                    rowEnds.Add(end);
                    row = rowEnds.Count - 1;
                }
                else
                {
                    rowEnds[row] = end;
                }

                var top = y + (row * RowHeight);
                var exact = item.Date.Precision == DatePrecision.Day && item.Date.Earliest == item.Date.Latest;
                var css = "bar " + Kind(lane) + (exact ? string.Empty : " fuzzy") + (item.Date.Circa ? " circa" : string.Empty);
                var shown = CalendarChoice.Format(item.Date, solarHijri);
                var tooltip = solarHijri ? $"{item.Label} — {shown} ({item.Date})" : $"{item.Label} — {shown}";
                // Day numbers of the span (end exclusive) and the label's side let timeline.js redraw the bar at another zoom.
                // data-side is the label's side in time order: 'r' after the bar, 'l' before it.
                body.Append("<a class=\"item\" data-from=\"").Append(Day(item.Date.Earliest)).Append("\" data-to=\"").Append(Day(item.Date.Latest.DayNumber + 1))
                    .Append("\" data-side=\"").Append(labelRight ? 'r' : 'l').Append("\" href=\"/records/").Append(Svg.Escape(Uri.EscapeDataString(item.Id))).Append("\" aria-label=\"").Append(Svg.Escape(tooltip)).Append("\">")
                    .Append("<title>").Append(Svg.Escape(tooltip)).Append("</title>")
                    .Append("<rect x=\"").Append(Svg.N(Math.Min(Drawn(x1), Drawn(x2)))).Append("\" y=\"").Append(Svg.N(top + 3)).Append("\" width=\"").Append(Svg.N(x2 - x1))
                    .Append("\" height=\"14\" rx=\"2\" class=\"").Append(css).Append("\"/>");
                Svg.Label(body, Drawn(labelRight ? x2 + 4 : x1 - 4), top + 14, item.Label, "item", labelRight ^ rightToLeft);
                body.Append("</a>");
            }

            y += (rowEnds.Count * RowHeight) + LaneGap;
        }

        var height = Math.Max(y + 4, AxisY + 60);
        var svg = new StringBuilder();
        svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart timeline\" role=\"group\" aria-labelledby=\"timeline-title\" viewBox=\"0 0 ")
            .Append(Svg.N(Width)).Append(' ').Append(Svg.N(height)).Append("\" direction=\"ltr\"")
            .Append(" data-from=\"").Append(Day(from)).Append("\" data-to=\"").Append(Day(to.DayNumber + 1)).Append("\" data-left=\"").Append(Svg.N(Left))
            .Append("\" data-right=\"").Append(Svg.N(Width - Right)).Append("\" data-calendar=\"").Append(solarHijri ? CalendarChoice.SolarHijri : CalendarChoice.Gregorian)
            .Append("\" data-direction=\"").Append(rightToLeft ? "rtl" : "ltr").Append("\" data-digits=\"").Append(Digits.Persian ? "persian" : "latin").Append("\">")
            .Append("<title id=\"timeline-title\">").Append(Svg.Escape(title)).Append("</title>");
        Axis(svg, from, to, solarHijri, height, day => Drawn(X(day)), rightToLeft);
        svg.Append(body).Append("</svg>");
        return new TimelineModel(svg.ToString(), inRange, notDrawn, from, to);
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    // Steps stop a month short of the last representable day instead of stepping past it.
    private static readonly DateTime LastStep = DateTime.MaxValue.AddDays(-31);

    private static string Kind(RecordKind kind) => RecordKinds.Name(kind);

    private static string Day(DateOnly day) => Day(day.DayNumber);

    private static string Day(int dayNumber) => dayNumber.ToString(CultureInfo.InvariantCulture);

    private static void Axis(StringBuilder svg, DateOnly from, DateOnly to, bool solarHijri, double height, Func<DateOnly, double> x, bool rightToLeft)
    {
        svg.Append("<line class=\"axis\" x1=\"").Append(Svg.N(Left)).Append("\" y1=\"").Append(Svg.N(AxisY)).Append("\" x2=\"").Append(Svg.N(Width - Right))
            .Append("\" y2=\"").Append(Svg.N(AxisY)).Append("\"/>");
        svg.Append("<g class=\"ticks\">");
        foreach (var (day, label) in Ticks(from, to, solarHijri))
        {
            var tx = x(day);
            svg.Append("<line class=\"tick\" x1=\"").Append(Svg.N(tx)).Append("\" y1=\"").Append(Svg.N(AxisY - 4)).Append("\" x2=\"").Append(Svg.N(tx))
                .Append("\" y2=\"").Append(Svg.N(height)).Append("\"/>")
                // The label sits on the later side of its tick: right of it, or left of it when time runs leftwards.
                .Append("<text class=\"tick-label\" x=\"").Append(Svg.N(rightToLeft ? tx - 3 : tx + 3)).Append("\" y=\"").Append(Svg.N(AxisY - 8))
                .Append(rightToLeft ? "\" text-anchor=\"end" : string.Empty).Append("\" direction=\"ltr\">")
                .Append(Svg.Escape(Digits.Local(label))).Append("</text>");
        }

        svg.Append("</g>");
    }

    /// <summary>
    /// Tick days and labels: about 6–14 ticks on whole years (1, 2, 5, 10, 20, 50, 100 apart), months
    /// (1 or 3) or days (1 or 7), in the chosen calendar; a Solar Hijri year starts at Nowruz.
    /// </summary>
    public static IReadOnlyList<(DateOnly Day, string Label)> Ticks(DateOnly from, DateOnly to, bool solarHijri)
    {
        var days = to.DayNumber - from.DayNumber + 1;
        var ticks = new List<(DateOnly, string)>();
        var calendar = solarHijri ? (Calendar)Dossier.Domain.SolarHijri.Calendar : CultureInfo.InvariantCulture.Calendar;
        DateTime Start(int year, int month, int day) => calendar.ToDateTime(year, month, day, 0, 0, 0, 0);
        // The Solar Hijri calendar starts in 622: earlier days get no ticks rather than an exception.
        var first = Max(from.ToDateTime(TimeOnly.MinValue), calendar.MinSupportedDateTime);
        var last = Max(to.ToDateTime(TimeOnly.MinValue), first);
        if (days > 3 * 365)
        {
            var years = days / 365.0;
            // The whole calendar (years 1 to 9999) is ten ticks of a thousand years.
            var step = YearSteps.FirstOrDefault(s => years / s <= 14, YearSteps[^1]);
            var year = calendar.GetYear(first);
            year -= ((year % step) + step) % step;
            for (; year <= calendar.GetYear(last) + 1; year += step)
            {
                if (year < 1 || year > calendar.GetYear(calendar.MaxSupportedDateTime) - 1)
                {
                    continue;
                }

                var at = Start(year, 1, 1);
                if (at >= first && at <= last)
                {
                    ticks.Add((DateOnly.FromDateTime(at), year.ToString(CultureInfo.InvariantCulture)));
                }
            }
        }
        else if (days > 45)
        {
            var step = days > 500 ? 3 : 1;
            var year = calendar.GetYear(first);
            var month = calendar.GetMonth(first);
            for (var at = Start(year, month, 1); at <= last && at < LastStep; at = calendar.AddMonths(at, 1))
            {
                if (at >= first && (calendar.GetMonth(at) - 1) % step == 0)
                {
                    var label = solarHijri
                        ? string.Create(CultureInfo.InvariantCulture, $"{calendar.GetYear(at):D4}/{calendar.GetMonth(at):D2}")
                        : string.Create(CultureInfo.InvariantCulture, $"{calendar.GetYear(at):D4}-{calendar.GetMonth(at):D2}");
                    ticks.Add((DateOnly.FromDateTime(at), label));
                }
            }
        }
        else
        {
            var step = days > 14 ? 7 : 1;
            for (var at = first; at <= last && at < LastStep; at = at.AddDays(step))
            {
                ticks.Add((DateOnly.FromDateTime(at), CalendarChoice.Format(DateOnly.FromDateTime(at), solarHijri)));
            }
        }

        return ticks;
    }
}
