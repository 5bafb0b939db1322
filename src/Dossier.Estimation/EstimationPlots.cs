using System.Globalization;
using System.Security;
using System.Text;

namespace Dossier.Estimation;

/// <summary>An estimate with its interval, for the model-comparison chart.</summary>
public sealed record IntervalEstimate(string Label, double Estimate, double Lower, double Upper);

/// <summary>
/// The words, digits and reading direction a chart is drawn in. English with Latin digits by default; a UI gives its
/// reader's. Right to left moves the text (titles, notes, the model names' column) to the right-hand side; the number
/// line itself still grows to the right, as it does in Persian mathematics.
/// </summary>
public sealed record PlotText
{
    public static PlotText English { get; } = new();

    public bool RightToLeft { get; init; }

    /// <summary>A whole number as the reader writes it (group separators, digits).</summary>
    public Func<double, string> Number { get; init; } = v => v.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>{0} the median.</summary>
    public string Median { get; init; } = "median {0}";

    /// <summary>{0} lower, {1} upper, {2} number of draws.</summary>
    public string CredibleInterval { get; init; } = "95% credible interval {0}–{1}; {2} draws";

    /// <summary>{0} the model, {1} lower, {2} upper.</summary>
    public string OpenInterval { get; init; } = "{0}: 95% interval {1}–{2}, cut at the axis (arrow)";

    public string Unbounded { get; init; } = "unbounded";
}

/// <summary>
/// Server-rendered SVG charts (no script, no external fonts): the posterior of N and a comparison of models
/// with their intervals. Plain strings, so the UI and the dossier export can embed them as they are.
/// </summary>
public static class EstimationPlots
{
    private const int Width = 640;
    private const int Height = 320;
    private const int Left = 70;
    private const int Right = 20;
    private const int Top = 30;
    private const int Bottom = 50;

    /// <summary>Histogram of posterior draws of N with the median and the 95% credible interval marked.</summary>
    public static string PosteriorSvg(IReadOnlyCollection<long> draws, double median, double lower, double upper, string title, int bins = 40, PlotText? text = null)
    {
        ArgumentNullException.ThrowIfNull(draws);
        text ??= PlotText.English;
        if (draws.Count == 0)
        {
            throw new ArgumentException("No draws to plot.", nameof(draws));
        }

        double min = draws.Min();
        double max = draws.Max();
        if (max == min)
        {
            max = min + 1;
        }

        var counts = new int[bins];
        foreach (var d in draws)
        {
            var b = (int)Math.Min(bins - 1, (d - min) / (max - min) * bins);
            counts[b]++;
        }

        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        double X(double v) => Left + ((v - min) / (max - min) * plotW);
        var top = counts.Max();
        var sb = Begin(title, text);
        var barW = plotW / (double)bins;
        for (var i = 0; i < bins; i++)
        {
            var h = counts[i] / (double)top * plotH;
            sb.Append(Invariant($"<rect x=\"{Left + (i * barW):F1}\" y=\"{Top + plotH - h:F1}\" width=\"{Math.Max(barW - 1, 0.5):F1}\" height=\"{h:F1}\" fill=\"#8aa9c8\"/>"));
        }

        sb.Append(Invariant($"<rect x=\"{X(lower):F1}\" y=\"{Top}\" width=\"{X(upper) - X(lower):F1}\" height=\"{plotH}\" fill=\"#2b5d8a\" fill-opacity=\"0.12\"/>"));
        sb.Append(Invariant($"<line x1=\"{X(median):F1}\" x2=\"{X(median):F1}\" y1=\"{Top}\" y2=\"{Top + plotH}\" stroke=\"#b03a2e\" stroke-width=\"2\"/>"));
        // Text starts at its x and runs away from the median line, or from the reader's side of the chart.
        var medianX = text.RightToLeft ? X(median) - 4 : X(median) + 4;
        sb.Append(Invariant($"<text x=\"{medianX:F1}\" y=\"{Top + 14}\" font-size=\"12\" fill=\"#b03a2e\">{Escape(Say(text.Median, text.Number(median)))}</text>"));
        sb.Append(Invariant($"<text x=\"{Side(text)}\" y=\"{Height - 8}\" font-size=\"12\">{Escape(Say(text.CredibleInterval, text.Number(lower), text.Number(upper), text.Number(draws.Count)))}</text>"));
        Axis(sb, min, max, X, Top + plotH, text);
        return End(sb);
    }

    /// <summary>
    /// An interval end further than this many times the largest estimate is drawn as open (an arrow at the axis's edge):
    /// a model whose interval runs to 10¹⁸ must not squeeze every estimate into one pixel.
    /// </summary>
    public const double Reach = 10;

    /// <summary>
    /// Forest chart: one row per model, its estimate and interval on a shared axis. An interval end that is unbounded
    /// (not a finite number), below zero, or beyond <see cref="Reach"/> times the largest estimate is cut at the axis's
    /// edge and drawn as an arrow pointing on (class <c>open-lower</c> or <c>open-upper</c>), with a note under the chart
    /// saying where it really ends.
    /// </summary>
    public static string ModelComparisonSvg(IReadOnlyList<IntervalEstimate> rows, string title, PlotText? text = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        text ??= PlotText.English;
        if (rows.Count == 0)
        {
            throw new ArgumentException("No estimates to plot.", nameof(rows));
        }

        var estimates = rows.Select(r => r.Estimate).Where(double.IsFinite).ToArray();
        var ceiling = estimates.Length > 0 && estimates.Max() > 0 ? estimates.Max() * Reach : double.MaxValue;
        bool Drawn(double v) => double.IsFinite(v) && v >= 0 && v <= ceiling;
        var shown = rows.SelectMany(r => new[] { r.Lower, r.Upper, r.Estimate }).Where(Drawn).ToArray();
        if (shown.Length == 0)
        {
            shown = [0, 1];
        }

        var min = shown.Min();
        var max = shown.Max();
        if (max == min)
        {
            max = min + 1;
        }

        var pad = (max - min) * 0.05;
        min -= pad;
        max += pad;
        const int rowH = 24;
        const int labelW = 160;
        var open = rows.Where(r => !Drawn(r.Lower) || !Drawn(r.Upper)).ToList();
        var notesH = open.Count * 16;
        var height = Top + Bottom + (rows.Count * rowH) + notesH;
        var plotW = Width - labelW - Right;
        // The model names' column is on the reader's side: left, or right when reading right to left.
        var plotLeft = text.RightToLeft ? Right : labelW;
        double X(double v) => plotLeft + ((Math.Clamp(v, min, max) - min) / (max - min) * plotW);
        var sb = Begin(title, text, height);
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var y = Top + (i * rowH) + (rowH / 2);
            // Anchored at the end next to the plot: its right edge, or its left edge when the text runs right to left.
            var labelX = text.RightToLeft ? Width - labelW + 8 : labelW - 8;
            sb.Append(Invariant($"<text x=\"{labelX}\" y=\"{y + 4}\" font-size=\"12\" text-anchor=\"end\">{Escape(r.Label)}</text>"));
            var (lowOpen, highOpen) = (!Drawn(r.Lower), !Drawn(r.Upper));
            // An interval with neither end known is not drawn at all; one open end runs to the axis's edge.
            if (!(lowOpen && highOpen && double.IsNaN(r.Lower) && double.IsNaN(r.Upper)))
            {
                var (x1, x2) = (lowOpen ? X(min) : X(r.Lower), highOpen ? X(max) : X(r.Upper));
                sb.Append(Invariant($"<line x1=\"{x1:F1}\" x2=\"{x2:F1}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#2b5d8a\" stroke-width=\"2\"/>"));
                if (lowOpen)
                {
                    sb.Append(Invariant($"<polygon class=\"open-lower\" points=\"{x1 - 2:F1},{y} {x1 + 8:F1},{y - 5} {x1 + 8:F1},{y + 5}\" fill=\"#2b5d8a\"/>"));
                }

                if (highOpen)
                {
                    sb.Append(Invariant($"<polygon class=\"open-upper\" points=\"{x2 + 2:F1},{y} {x2 - 8:F1},{y - 5} {x2 - 8:F1},{y + 5}\" fill=\"#2b5d8a\"/>"));
                }
            }

            if (double.IsFinite(r.Estimate))
            {
                sb.Append(Invariant($"<circle cx=\"{X(r.Estimate):F1}\" cy=\"{y}\" r=\"4\" fill=\"#b03a2e\"><title>{Escape($"{r.Label}: {text.Number(r.Estimate)} ({Bound(r.Lower, text)}–{Bound(r.Upper, text)})")}</title></circle>"));
            }
        }

        var axisY = Top + (rows.Count * rowH);
        Axis(sb, min, max, X, axisY, text);
        for (var i = 0; i < open.Count; i++)
        {
            var r = open[i];
            var note = Say(text.OpenInterval, r.Label, Bound(r.Lower, text), Bound(r.Upper, text));
            sb.Append(Invariant($"<text class=\"open-note\" x=\"{Side(text)}\" y=\"{axisY + 40 + (i * 16)}\" font-size=\"11\">{Escape(note)}</text>"));
        }

        return End(sb);
    }

    /// <summary>An interval end as text: its value, or "unbounded" when it is none.</summary>
    private static string Bound(double value, PlotText text) =>
        double.IsFinite(value) ? text.Number(value) : double.IsNegativeInfinity(value) ? "−∞" : text.Unbounded;

    // Where a line of text on the reader's side starts: the left margin, or the right edge when reading right to left.
    private static int Side(PlotText text) => text.RightToLeft ? Width - Right : Left;

    private static string Say(string format, params object[] values) => string.Format(CultureInfo.InvariantCulture, format, values);

    private static string Escape(string text) => SecurityElement.Escape(text);

    private static StringBuilder Begin(string title, PlotText text, int height = Height)
    {
        var sb = new StringBuilder();
        // The direction is set on the chart itself: inherited from a right-to-left page, it would turn English text
        // anchored at the left margin out of the picture.
        sb.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" font-family=\"sans-serif\" role=\"img\" direction=\"{(text.RightToLeft ? "rtl" : "ltr")}\">"));
        sb.Append(Invariant($"<title>{Escape(title)}</title>"));
        sb.Append(Invariant($"<text x=\"{Side(text)}\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{Escape(title)}</text>"));
        return sb;
    }

    private static string End(StringBuilder sb) => sb.Append("</svg>").ToString();

    private static void Axis(StringBuilder sb, double min, double max, Func<double, double> x, int y, PlotText text)
    {
        sb.Append(Invariant($"<line x1=\"{x(min):F1}\" x2=\"{x(max):F1}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#333\"/>"));
        for (var i = 0; i <= 4; i++)
        {
            var v = min + ((max - min) * i / 4);
            sb.Append(Invariant($"<line x1=\"{x(v):F1}\" x2=\"{x(v):F1}\" y1=\"{y}\" y2=\"{y + 5}\" stroke=\"#333\"/>"));
            sb.Append(Invariant($"<text x=\"{x(v):F1}\" y=\"{y + 18}\" font-size=\"11\" text-anchor=\"middle\">{Escape(text.Number(v))}</text>"));
        }
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
