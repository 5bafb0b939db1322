using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Dossier.Text;

namespace Dossier.Web.Reports;

/// <summary>
/// What every self-contained report file shares (the prosecutor's dossier, a person's file): encoding, isolation of
/// right-to-left runs, numbers in invariant form, the print styles and the embedded font — so two reports read and
/// print alike and neither fetches anything.
/// </summary>
internal static class ReportHtml
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    // Opens a section; one with nothing to show says so and is closed at once (false: the caller writes nothing more).
    internal static bool Opened(StringBuilder html, string id, string title, bool empty, string whenEmpty)
    {
        html.Append("<section id=\"").Append(id).Append("\">\n<h2>").Append(title).Append("</h2>\n");
        if (!empty)
        {
            return true;
        }

        html.Append("<p>").Append(whenEmpty).Append("</p>\n</section>\n");
        return false;
    }

    internal static void Row(StringBuilder html, string term, string definitionHtml) =>
        html.Append("<dt>").Append(E(term)).Append("</dt><dd>").Append(definitionHtml).Append("</dd>\n");

    /// <summary>Encoded text; a run holding Arabic-script letters is isolated with its own direction so it cannot reorder its neighbours.</summary>
    internal static string T(string text) =>
        NameNormalizer.DetectScript(text) == Script.Latin || !text.Any(c => c is >= '\u0600' and <= '\u06FF')
            ? E(text)
            : $"<bdi dir=\"auto\">{E(text)}</bdi>";

    internal static string E(string text) => Encoder.Encode(text);

    internal static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    internal static string F(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("N0", CultureInfo.InvariantCulture) : "—";

    internal static string Style()
    {
        var css = new StringBuilder();
        css.Append(FontFace("Vazirmatn-Regular.woff2", 400)).Append(FontFace("Vazirmatn-Bold.woff2", 700));
        css.Append("""
            @page { size: A4; margin: 18mm 16mm; }
            body { font-family: "Dossier Report", sans-serif; font-size: 10.5pt; line-height: 1.45; color: #111; max-width: 60rem; margin: 0 auto; padding: 1rem; }
            h1 { font-size: 17pt; margin: .2rem 0; } h2 { font-size: 13pt; border-bottom: 1px solid #888; margin-top: 1.6rem; page-break-after: avoid; }
            h3 { font-size: 11pt; margin-bottom: .3rem; page-break-after: avoid; }
            .banner { text-align: center; font-weight: 700; letter-spacing: .08em; border: 2px solid #111; padding: .2rem; }
            .sub, .muted { color: #444; } .note { font-size: 9.5pt; color: #333; }
            .synthetic { color: #8a1c00; }
            table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; page-break-inside: auto; }
            tr { page-break-inside: avoid; } th, td { border: 1px solid #999; padding: .25rem .4rem; vertical-align: top; text-align: start; }
            th { background: #eee; } caption { text-align: start; font-weight: 700; padding: .2rem 0; }
            tr.gap td:last-child { background: #fde8e1; }
            td ul { margin: 0; padding-inline-start: 1.1rem; }
            code { font-family: monospace; font-size: 9pt; overflow-wrap: anywhere; } .hash { font-size: 8pt; }
            .proof { font-size: 8pt; overflow-wrap: anywhere; } pre { white-space: pre-wrap; font-size: 8.5pt; border: 1px solid #ccc; padding: .4rem; }
            dt { font-weight: 700; float: left; clear: left; width: 11rem; } dd { margin-inline-start: 12rem; margin-bottom: .25rem; }
            blockquote { margin: .2rem 0 .2rem 1rem; }
            """);
        return css.ToString();
    }

    // The font ships inside the assembly (OFL, Assets/fonts) and inside the report: nothing is fetched to show it.
    internal static string FontFace(string file, int weight)
    {
        using var stream = typeof(ReportHtml).Assembly.GetManifestResourceStream($"Dossier.Web.Assets.fonts.{file}")
            ?? throw new InvalidOperationException($"The report font {file} is missing from this build.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return string.Create(CultureInfo.InvariantCulture,
            $"@font-face {{ font-family: \"Dossier Report\"; font-weight: {weight}; src: url(data:font/woff2;base64,{Convert.ToBase64String(memory.ToArray())}) format(\"woff2\"); }}\n");
    }
}
