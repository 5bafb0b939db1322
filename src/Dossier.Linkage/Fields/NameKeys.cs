using System.Globalization;
using System.Text;

namespace Dossier.Linkage.Fields;

/// <summary>
/// The text forms linkage compares: a normalised (and, for Persian or Arabic script, romanised) form,
/// and a phonetic key that brings spelling variants together. Computed once per distinct value.
/// </summary>
internal static class NameKeys
{
    /// <summary>The form compared by similarity measures: lower case, no diacritics, words split by one space.</summary>
    public static string Comparable(string raw)
    {
        var decomposed = raw.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var ch in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.Format)
            {
                continue;
            }

            if (char.IsLetterOrDigit(ch))
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                pendingSpace = false;
                builder.Append(char.ToLowerInvariant(ch));
            }
            else
            {
                pendingSpace = true;
            }
        }

        return builder.ToString();
    }

    /// <summary>A phonetic key per word, words joined by a space; empty when there is nothing to key.</summary>
    public static string Phonetic(string comparable)
    {
        var builder = new StringBuilder(comparable.Length);
        foreach (var word in comparable.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            var last = '\0';
            for (var i = 0; i < word.Length; i++)
            {
                var ch = word[i];
                if (i > 0 && "aeiouyhw".Contains(ch, StringComparison.Ordinal))
                {
                    last = '\0';
                    continue;
                }

                if (ch != last)
                {
                    builder.Append(ch);
                }

                last = ch;
            }
        }

        return builder.ToString();
    }
}
