using System.Globalization;
using System.Text;

namespace Dossier.Web.Visuals;

/// <summary>Small pieces every chart writes: escaped text, invariant numbers, labels that read right in either direction.</summary>
internal static class Svg
{
    /// <summary>A coordinate with one decimal, always with a dot: SVG is not localised.</summary>
    public static string N(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);

    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    /// <summary>True when the first strongly directional letter is Arabic-script (Persian, Arabic): the bidi rule for a paragraph's direction.</summary>
    public static bool IsRightToLeft(string text)
    {
        foreach (var c in text)
        {
            if (c is >= '\u0590' and <= '\u08FF' or >= '\uFB1D' and <= '\uFDFF' or >= '\uFE70' and <= '\uFEFF')
            {
                return true;
            }

            if (char.IsLetter(c))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>
    /// A label that starts at x and runs away from the mark: Latin text anchored at its start; Persian
    /// text given its own direction so the bidi algorithm orders it, anchored so it still extends the
    /// same way. <paramref name="towardsEnd"/> false places it on the other side of x.
    /// </summary>
    public static void Label(StringBuilder svg, double x, double y, string text, string cssClass, bool towardsEnd = true)
    {
        var rtl = IsRightToLeft(text);
        // With direction rtl, "end" is the left edge of the text; so the anchors swap.
        var anchor = towardsEnd ^ rtl ? "start" : "end";
        svg.Append("<text x=\"").Append(N(x)).Append("\" y=\"").Append(N(y)).Append("\" class=\"").Append(cssClass)
            .Append("\" text-anchor=\"").Append(anchor).Append('"')
            .Append(rtl ? " direction=\"rtl\" xml:lang=\"fa\"" : " direction=\"ltr\"")
            .Append('>').Append(Escape(text)).Append("</text>");
    }

    /// <summary>A rough width of a label in pixels at 12px, enough to keep labels from overlapping.</summary>
    public static double TextWidth(string text) => text.Length * 6.6;
}
