using System.Globalization;
using System.Security;
using System.Text;

namespace Dossier.Estimation;

/// <summary>An estimate with its interval, for the model-comparison chart.</summary>
public sealed record IntervalEstimate(string Label, double Estimate, double Lower, double Upper);

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
    public static string PosteriorSvg(IReadOnlyCollection<long> draws, double median, double lower, double upper, string title, int bins = 40)
    {
        ArgumentNullException.ThrowIfNull(draws);
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
        var sb = Begin(title);
        var barW = plotW / (double)bins;
        for (var i = 0; i < bins; i++)
        {
            var h = counts[i] / (double)top * plotH;
            sb.Append(Invariant($"<rect x=\"{Left + (i * barW):F1}\" y=\"{Top + plotH - h:F1}\" width=\"{Math.Max(barW - 1, 0.5):F1}\" height=\"{h:F1}\" fill=\"#8aa9c8\"/>"));
        }

        sb.Append(Invariant($"<rect x=\"{X(lower):F1}\" y=\"{Top}\" width=\"{X(upper) - X(lower):F1}\" height=\"{plotH}\" fill=\"#2b5d8a\" fill-opacity=\"0.12\"/>"));
        sb.Append(Invariant($"<line x1=\"{X(median):F1}\" x2=\"{X(median):F1}\" y1=\"{Top}\" y2=\"{Top + plotH}\" stroke=\"#b03a2e\" stroke-width=\"2\"/>"));
        sb.Append(Invariant($"<text x=\"{X(median) + 4:F1}\" y=\"{Top + 14}\" font-size=\"12\" fill=\"#b03a2e\">median {median:N0}</text>"));
        sb.Append(Invariant($"<text x=\"{Left}\" y=\"{Height - 8}\" font-size=\"12\">95% credible interval {lower:N0}–{upper:N0}; {draws.Count:N0} draws</text>"));
        Axis(sb, min, max, X, Top + plotH);
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
    public static string ModelComparisonSvg(IReadOnlyList<IntervalEstimate> rows, string title)
    {
        ArgumentNullException.ThrowIfNull(rows);
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
        double X(double v) => labelW + ((Math.Clamp(v, min, max) - min) / (max - min) * plotW);
        var sb = Begin(title, height);
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var y = Top + (i * rowH) + (rowH / 2);
            sb.Append(Invariant($"<text x=\"{labelW - 8}\" y=\"{y + 4}\" font-size=\"12\" text-anchor=\"end\">{SecurityElement.Escape(r.Label)}</text>"));
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
                sb.Append(Invariant($"<circle cx=\"{X(r.Estimate):F1}\" cy=\"{y}\" r=\"4\" fill=\"#b03a2e\"><title>{SecurityElement.Escape(r.Label)}: {r.Estimate:N0} ({Bound(r.Lower)}–{Bound(r.Upper)})</title></circle>"));
            }
        }

        var axisY = Top + (rows.Count * rowH);
        Axis(sb, min, max, X, axisY);
        for (var i = 0; i < open.Count; i++)
        {
            var r = open[i];
            var note = Invariant($"{r.Label}: 95% interval {Bound(r.Lower)}–{Bound(r.Upper)}, cut at the axis (arrow)");
            sb.Append(Invariant($"<text class=\"open-note\" x=\"{Left}\" y=\"{axisY + 40 + (i * 16)}\" font-size=\"11\">{SecurityElement.Escape(note)}</text>"));
        }

        return End(sb);
    }

    /// <summary>An interval end as text: its value, or "unbounded" when it is none.</summary>
    private static string Bound(double value) =>
        double.IsFinite(value) ? value.ToString("N0", CultureInfo.InvariantCulture) : double.IsNegativeInfinity(value) ? "−∞" : "unbounded";

    private static StringBuilder Begin(string title, int height = Height)
    {
        var sb = new StringBuilder();
        sb.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" font-family=\"sans-serif\" role=\"img\">"));
        sb.Append(Invariant($"<title>{SecurityElement.Escape(title)}</title>"));
        sb.Append(Invariant($"<text x=\"{Left}\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{SecurityElement.Escape(title)}</text>"));
        return sb;
    }

    private static string End(StringBuilder sb) => sb.Append("</svg>").ToString();

    private static void Axis(StringBuilder sb, double min, double max, Func<double, double> x, int y)
    {
        sb.Append(Invariant($"<line x1=\"{x(min):F1}\" x2=\"{x(max):F1}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#333\"/>"));
        for (var i = 0; i <= 4; i++)
        {
            var v = min + ((max - min) * i / 4);
            sb.Append(Invariant($"<line x1=\"{x(v):F1}\" x2=\"{x(v):F1}\" y1=\"{y}\" y2=\"{y + 5}\" stroke=\"#333\"/>"));
            sb.Append(Invariant($"<text x=\"{x(v):F1}\" y=\"{y + 18}\" font-size=\"11\" text-anchor=\"middle\">{v:N0}</text>"));
        }
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
