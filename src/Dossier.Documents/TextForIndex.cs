using System.Text;
using Dossier.Text;

namespace Dossier.Documents;

/// <summary>Turns extracted text into its index form, and strips the invisible bidi controls PDFs and OCR leave in it.</summary>
public static class TextForIndex
{
    /// <summary>True for the Unicode bidi controls: marks (LRM, RLM, ALM), embeddings, overrides and isolates.</summary>
    public static bool IsBidiControl(char c) =>
        c is '\u200E' or '\u200F' or '\u061C' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    public static string RemoveBidiControls(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(IsBidiControl))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!IsBidiControl(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The index form of a page: bidi controls removed, then the name normaliser (Persian/Arabic letter variants
    /// and presentation forms folded, diacritics removed, Latin lower-cased, digits ASCII), line by line so the
    /// lines stay apart.
    /// </summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = RemoveBidiControls(text).Split('\n');
        var builder = new StringBuilder(text.Length);
        foreach (var line in lines)
        {
            var normalized = NameNormalizer.Normalize(line);
            if (normalized.Length == 0)
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append('\n');
            }

            builder.Append(normalized);
        }

        return builder.ToString();
    }
}
