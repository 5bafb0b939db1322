using System.Globalization;
using System.Text;

namespace Dossier.Text;

/// <summary>The writing system of a piece of name text.</summary>
public enum Script
{
    /// <summary>No Latin or Persian/Arabic letters (empty, digits only, or another script).</summary>
    Unknown,

    /// <summary>Latin letters only (with or without diacritics).</summary>
    Latin,

    /// <summary>Persian or Arabic letters only.</summary>
    Persian,

    /// <summary>Both Latin and Persian/Arabic letters.</summary>
    Mixed,
}

/// <summary>
/// Folds name text to one canonical form per script so that spellings that differ only in letter
/// variants, diacritics, case, punctuation or spacing compare equal. Rules are in docs/text.md.
/// </summary>
public static class NameNormalizer
{
    /// <summary>Which scripts the letters of <paramref name="text"/> belong to.</summary>
    public static Script DetectScript(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var latin = false;
        var persian = false;
        foreach (var rune in Sanitize(text).EnumerateRunes())
        {
            if (!Rune.IsLetter(rune))
            {
                continue;
            }

            if (IsArabicBlock(rune.Value))
            {
                persian = true;
            }
            else if (IsLatinBlock(rune.Value))
            {
                latin = true;
            }
        }

        return (latin, persian) switch
        {
            (true, true) => Script.Mixed,
            (true, false) => Script.Latin,
            (false, true) => Script.Persian,
            _ => Script.Unknown,
        };
    }

    /// <summary>
    /// Canonical form: Persian/Arabic letter variants folded to Persian, diacritics and tatweel removed,
    /// ZWNJ removed (the two halves become one word), digits ASCII; Latin decomposed, stripped of
    /// diacritics and lower-cased; everything that is not a letter or digit becomes a single space.
    /// Idempotent.
    /// </summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return string.Empty;
        }

        var decomposed = Sanitize(text).Normalize(NormalizationForm.FormKD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var rune in decomposed.EnumerateRunes())
        {
            switch (Classify(rune, out var mapped))
            {
                case Kind.Drop:
                    break;
                case Kind.Separator:
                    pendingSpace = builder.Length > 0;
                    break;
                default:
                    if (pendingSpace)
                    {
                        builder.Append(' ');
                        pendingSpace = false;
                    }

                    builder.Append(mapped);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>The words of the normalised text, in order.</summary>
    public static IReadOnlyList<string> Tokens(string text) =>
        Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private enum Kind
    {
        Keep,
        Drop,
        Separator,
    }

    private static Kind Classify(Rune rune, out string mapped)
    {
        mapped = string.Empty;
        var value = rune.Value;

        // Persian and Arabic letter variants first: several of them are letters we must rewrite.
        switch (value)
        {
            case 0x064A: // Arabic yeh
            case 0x0649: // alef maksura
            case 0x0626: // yeh with hamza (NFKD usually splits it already)
            case 0x06CD: // yeh with tail
            case 0x06D0: // e
            case 0x06D2: // yeh barree
                mapped = "\u06CC";
                return Kind.Keep;
            case 0x0643: // Arabic kaf
            case 0x06AA: // swash kaf
                mapped = "\u06A9";
                return Kind.Keep;
            case 0x0622: // alef with madda
            case 0x0623: // alef with hamza above
            case 0x0625: // alef with hamza below
            case 0x0671: // alef wasla
            case 0x0672: // alef with wavy hamza above
            case 0x0673: // alef with wavy hamza below
            case 0x0675: // high hamza alef
                mapped = "\u0627";
                return Kind.Keep;
            case 0x0624: // waw with hamza
            case 0x0676: // high hamza waw
                mapped = "\u0648";
                return Kind.Keep;
            case 0x0629: // teh marbuta
            case 0x06C0: // heh with yeh above
            case 0x06C1: // heh goal
            case 0x06C2: // heh goal with hamza
            case 0x06D5: // ae (what NFKD leaves of heh with yeh above)
                mapped = "\u0647";
                return Kind.Keep;
            case 0x0621: // standalone hamza
            case 0x0674: // high hamza
            case 0x0640: // tatweel
            case 0x06E5: // small waw
            case 0x06E6: // small yeh
            case 0x200C: // ZWNJ: joins the parts of one word (see docs/text.md)
            case 0x200D: // ZWJ
                return Kind.Drop;
            default:
                break;
        }

        var category = Rune.GetUnicodeCategory(rune);
        switch (category)
        {
            case UnicodeCategory.NonSpacingMark:
            case UnicodeCategory.SpacingCombiningMark:
            case UnicodeCategory.EnclosingMark:
            case UnicodeCategory.Format:
                return Kind.Drop;
            case UnicodeCategory.DecimalDigitNumber:
                var digit = (int)Rune.GetNumericValue(rune);
                mapped = digit is >= 0 and <= 9 ? ((char)('0' + digit)).ToString() : string.Empty;
                return mapped.Length > 0 ? Kind.Keep : Kind.Separator;
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.LowercaseLetter:
            case UnicodeCategory.TitlecaseLetter:
            case UnicodeCategory.OtherLetter:
                mapped = FoldLatinLetter(Rune.ToLowerInvariant(rune));
                return Kind.Keep;
            case UnicodeCategory.ModifierLetter:
                // Modifier letters are mostly transliteration marks (ʿ ʾ ˈ); they separate like apostrophes.
                return Kind.Separator;
            default:
                return Kind.Separator;
        }
    }

    // Latin letters that have no decomposition but an obvious ASCII spelling.
    private static string FoldLatinLetter(Rune lower) => lower.Value switch
    {
        0x00DF => "ss", // ß
        0x00E6 => "ae", // æ
        0x0153 => "oe", // œ
        0x00F8 => "o", // ø
        0x0111 => "d", // đ
        0x00F0 => "d", // ð
        0x0142 => "l", // ł
        0x0131 => "i", // dotless i
        0x00FE => "th", // þ
        0x0127 => "h", // ħ
        _ => lower.ToString(),
    };

    // Lone surrogates make string.Normalize throw; they carry no name text, so they become spaces.
    private static string Sanitize(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogate(text[i]) && !(char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])))
            {
                return Replace(text);
            }

            if (char.IsHighSurrogate(text[i]))
            {
                i++;
            }
        }

        return text;

        static string Replace(string text)
        {
            var chars = text.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(chars[i]))
                {
                    chars[i] = ' ';
                }
            }

            return new string(chars);
        }
    }

    internal static bool IsArabicBlock(int value) =>
        value is (>= 0x0600 and <= 0x06FF) or (>= 0x0750 and <= 0x077F) or (>= 0x08A0 and <= 0x08FF)
            or (>= 0xFB50 and <= 0xFDFF) or (>= 0xFE70 and <= 0xFEFF);

    private static bool IsLatinBlock(int value) =>
        value is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= 0x00C0 and <= 0x024F) or (>= 0x1E00 and <= 0x1EFF)
            or (>= 0xFF21 and <= 0xFF3A) or (>= 0xFF41 and <= 0xFF5A) or (>= 0x2C60 and <= 0x2C7F) or (>= 0xA720 and <= 0xA7FF);
}
