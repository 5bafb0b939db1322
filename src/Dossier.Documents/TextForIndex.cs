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
    /// The text as written with only its letter forms folded, for readers that need whole words but not the index form
    /// (the date grammar): Arabic presentation forms (U+FB50–FDFF, U+FE70–FEFF, which older PDF producers and
    /// tools without shaping store instead of letters) become their letters (compatibility composition, so ﻻ is لا and
    /// ﺁ is آ); Arabic yeh, alef maksura and kaf become Persian ی and ک; tatweel is removed; a zero-width non-joiner
    /// becomes a space (it separates the parts of a compound such as مرداد‌ماه). Everything else is kept, so the
    /// result is still the writer's text. Bidi controls are not touched (<see cref="RemoveBidiControls"/>).
    /// </summary>
    public static string FoldLetterForms(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(NeedsFolding))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case >= '\uFB50' and <= '\uFDFF' or >= '\uFE70' and <= '\uFEFF':
                    builder.Append(c.ToString().Normalize(NormalizationForm.FormKC));
                    break;
                case '\u064A' or '\u0649':
                    builder.Append('\u06CC');
                    break;
                case '\u0643':
                    builder.Append('\u06A9');
                    break;
                case '\u0640':
                    break;
                case '\u200C':
                    builder.Append(' ');
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        // A presentation form of yeh or kaf composes to the Arabic letter: fold once more.
        var folded = builder.ToString();
        return folded.Any(ch => ch is '\u064A' or '\u0649' or '\u0643') ? FoldLetterForms(folded) : folded;
    }

    private static bool NeedsFolding(char c) =>
        c is >= '\uFB50' and <= '\uFDFF' or >= '\uFE70' and <= '\uFEFF' or '\u064A' or '\u0649' or '\u0643' or '\u0640' or '\u200C';

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
