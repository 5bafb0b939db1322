using System.Globalization;

namespace Dossier.Documents;

/// <summary>
/// PDFs place glyphs on the page; a Persian line's glyphs stand left to right in the order they are seen, the
/// reverse of the order they are read. This puts one line's characters, given left to right, back into reading
/// (logical) order: a line whose letters are mostly right-to-left is reversed, and the left-to-right runs
/// inside it (Latin words, numbers in either script) are turned back; in a left-to-right line only the
/// right-to-left runs are reversed. It is the part of the Unicode bidi algorithm that text on one line needs,
/// not all of it (no explicit embeddings: PDF text has none).
/// </summary>
public static class VisualOrder
{
    private enum Strength
    {
        Neutral,
        LeftToRight,
        RightToLeft,
    }

    public static string ToLogical(string visual)
    {
        ArgumentNullException.ThrowIfNull(visual);
        var chars = visual.ToCharArray();
        var rtl = 0;
        var ltr = 0;
        foreach (var c in chars)
        {
            // The line's direction is its letters' majority; digits run left to right in either.
            if (char.IsDigit(c))
            {
                continue;
            }

            switch (StrengthOf(c))
            {
                case Strength.RightToLeft:
                    rtl++;
                    break;
                case Strength.LeftToRight:
                    ltr++;
                    break;
            }
        }

        if (rtl == 0)
        {
            return visual;
        }

        if (rtl >= ltr)
        {
            Array.Reverse(chars);
            ReverseRuns(chars, Strength.LeftToRight);
        }
        else
        {
            ReverseRuns(chars, Strength.RightToLeft);
        }

        MirrorBrackets(chars, rtl >= ltr);
        return new string(chars);
    }

    /// <summary>Reverses each maximal run of <paramref name="direction"/> characters, with the neutrals between two of them.</summary>
    private static void ReverseRuns(char[] chars, Strength direction)
    {
        var i = 0;
        while (i < chars.Length)
        {
            if (StrengthOf(chars[i]) != direction)
            {
                i++;
                continue;
            }

            var end = i;
            for (var j = i; j < chars.Length; j++)
            {
                var strength = StrengthOf(chars[j]);
                if (strength == direction)
                {
                    end = j;
                }
                else if (strength != Strength.Neutral)
                {
                    break;
                }
            }

            Array.Reverse(chars, i, end - i + 1);
            i = end + 1;
        }
    }

    // In a reversed right-to-left line "(" seen on the left closes a phrase read from the right.
    private static void MirrorBrackets(char[] chars, bool reversed)
    {
        if (!reversed)
        {
            return;
        }

        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = chars[i] switch
            {
                '(' => ')',
                ')' => '(',
                '[' => ']',
                ']' => '[',
                '«' => '»',
                '»' => '«',
                _ => chars[i],
            };
        }
    }

    /// <summary>Digits of either script run left to right, as they are displayed; letters take their script's direction.</summary>
    private static Strength StrengthOf(char c)
    {
        if (char.IsDigit(c))
        {
            return Strength.LeftToRight;
        }

        if (!char.IsLetter(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
        {
            return Strength.Neutral;
        }

        return c is (>= '\u0590' and <= '\u08FF') or (>= '\uFB1D' and <= '\uFDFF') or (>= '\uFE70' and <= '\uFEFF')
            ? Strength.RightToLeft
            : char.IsLetter(c) ? Strength.LeftToRight : Strength.Neutral;
    }
}
