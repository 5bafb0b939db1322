using System.Collections.Frozen;
using System.Text;

namespace Dossier.Text;

/// <summary>
/// Writes Persian-script names in Latin letters (the scheme is in docs/text.md). Known name parts take
/// their usual spelling from <see cref="PersianNameLexicon"/>, compounds are split into known parts
/// (پورمحمدی → pour + mohammadi), and anything else is spelled letter by letter. Latin input passes
/// through normalised. Output holds only a–z, digits and single spaces.
/// </summary>
public static class Romanizer
{
    private static readonly FrozenDictionary<string, string> Known = BuildKnown();
    private static readonly (string Persian, string Latin)[] Prefixes = BuildAffixes(NamePartKind.Prefix);
    private static readonly (string Persian, string Latin)[] Suffixes = BuildAffixes(NamePartKind.Suffix);

    /// <summary>Romanises every Persian word of <paramref name="persianOrLatin"/>; Latin words pass through normalised.</summary>
    public static string Romanize(string persianOrLatin)
    {
        ArgumentNullException.ThrowIfNull(persianOrLatin);
        var tokens = NameNormalizer.Tokens(persianOrLatin);
        var builder = new StringBuilder();
        foreach (var token in tokens)
        {
            var word = RomanizeNormalizedWord(token);
            if (word.Length == 0)
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(word);
        }

        return builder.ToString();
    }

    /// <summary>Romanises one already-normalised word; runs of Persian letters are romanised, the rest kept.</summary>
    internal static string RomanizeNormalizedWord(string word)
    {
        if (!ContainsArabicLetters(word))
        {
            return word;
        }

        var builder = new StringBuilder(word.Length * 2);
        var start = 0;
        while (start < word.Length)
        {
            var arabic = NameNormalizer.IsArabicBlock(word[start]);
            var end = start + 1;
            while (end < word.Length && NameNormalizer.IsArabicBlock(word[end]) == arabic)
            {
                end++;
            }

            var run = word[start..end];
            builder.Append(arabic ? RomanizePersianWord(run) : run);
            start = end;
        }

        return builder.ToString();
    }

    private static bool ContainsArabicLetters(string word)
    {
        foreach (var c in word)
        {
            if (NameNormalizer.IsArabicBlock(c))
            {
                return true;
            }
        }

        return false;
    }

    private static string RomanizePersianWord(string word) => Compose(word, depth: 0) ?? SpellOut(word);

    // Known word, or a known prefix/suffix around a part that is itself known or composable.
    private static string? Compose(string word, int depth)
    {
        if (Known.TryGetValue(word, out var known))
        {
            return known;
        }

        if (depth > 3 || word.Length < 3)
        {
            return null;
        }

        foreach (var (persian, latin) in Prefixes)
        {
            if (word.Length - persian.Length >= 2 && word.StartsWith(persian, StringComparison.Ordinal))
            {
                var rest = word[persian.Length..];
                return latin + (Compose(rest, depth + 1) ?? SpellOut(rest));
            }
        }

        foreach (var (persian, latin) in Suffixes)
        {
            if (word.Length - persian.Length >= 2 && word.EndsWith(persian, StringComparison.Ordinal))
            {
                var stem = word[..^persian.Length];
                var stemLatin = Compose(stem, depth + 1);
                if (stemLatin is not null)
                {
                    return stemLatin + latin;
                }
            }
        }

        // The adjectival -ی of family names (Mohammadi = Mohammad + i, Rezaei = Reza + ei).
        if (word.EndsWith('\u06CC'))
        {
            if (word.EndsWith("\u06CC\u06CC", StringComparison.Ordinal) && Compose(word[..^2], depth + 1) is { } vowelStem)
            {
                return vowelStem + "ei";
            }

            if (Compose(word[..^1], depth + 1) is { } stem)
            {
                return stem + "i";
            }
        }

        // Two known given names written together (Mohammadhossein, Alireza).
        for (var split = 2; split <= word.Length - 2; split++)
        {
            if (Known.TryGetValue(word[..split], out var first) && Known.TryGetValue(word[split..], out var second))
            {
                return first + second;
            }
        }

        return null;
    }

    private const string Vowels = "\u0627\u0648\u06CC"; // ا و ی

    /// <summary>Letter-by-letter romanisation for words not in the lexicon (short vowels are not written
    /// in Persian, so one "a" is supplied after the first consonant when a consonant follows).</summary>
    internal static string SpellOut(string word)
    {
        var builder = new StringBuilder(word.Length * 2);
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            var previous = i > 0 ? word[i - 1] : '\0';
            var next = i + 1 < word.Length ? word[i + 1] : '\0';
            var atStart = i == 0;
            var atEnd = i == word.Length - 1;
            switch (c)
            {
                case '\u0627': // ا
                case '\u0639': // ع
                    if (atStart && next == '\u06CC')
                    {
                        builder.Append('i');
                        i++;
                    }
                    else if (atStart || c == '\u0627')
                    {
                        builder.Append('a');
                    }

                    break;
                case '\u0648' when previous == '\u062E' && next == '\u0627':
                    // خوا: the vav is silent (Khansari, Khajeh, khahar), so it is not written.
                    break;
                case '\u0648': // و
                    var vowelNext = next != '\0' && Vowels.Contains(next, StringComparison.Ordinal);
                    var vowelBefore = previous == '\u0627' && i > 1;
                    builder.Append(atStart || vowelNext || vowelBefore ? "v" : "ou");
                    break;
                case '\u06CC': // ی
                    var consonantYeh = atStart || (next is '\u0627' or '\u0648');
                    builder.Append(consonantYeh ? "y" : "i");
                    break;
                case '\u0647': // ه
                    Append(builder, atEnd && i > 0 && previous != '\u0627' ? "eh" : "h");
                    break;
                default:
                    Append(builder, Consonant(c));
                    break;
            }

            // Readability only: a short vowel after the first consonant when another consonant follows.
            if (i == 0 && !Vowels.Contains(c, StringComparison.Ordinal) && c != '\u0639' && next != '\0'
                && !Vowels.Contains(next, StringComparison.Ordinal) && next != '\u0647')
            {
                builder.Append('a');
            }
        }

        return builder.ToString();
    }

    // Two letters written side by side must not read as one digraph of the phonetic key (س+ه is s-h,
    // not sh; د+ج is d-j, not dj): a short vowel is put between them, as speech has one there anyway.
    private static void Append(StringBuilder builder, string piece)
    {
        if (builder.Length > 0 && piece.Length > 0)
        {
            var last = builder[^1];
            if ((piece[0] == 'h' && last is 's' or 'k' or 'g' or 'z' or 'c' or 'p')
                || (piece[0] == 'j' && last == 'd')
                || (piece.StartsWith("ch", StringComparison.Ordinal) && last == 't'))
            {
                builder.Append('a');
            }
        }

        builder.Append(piece);
    }

    private static string Consonant(char c) => c switch
    {
        '\u0628' => "b",
        '\u067E' => "p",
        '\u062A' or '\u0637' => "t",
        '\u062B' or '\u0633' or '\u0635' => "s",
        '\u062C' => "j",
        '\u0686' => "ch",
        '\u062D' => "h",
        '\u062E' => "kh",
        '\u062F' => "d",
        '\u0630' or '\u0632' or '\u0636' or '\u0638' => "z",
        '\u0631' => "r",
        '\u0698' => "zh",
        '\u0634' => "sh",
        '\u063A' or '\u0642' => "gh",
        '\u0641' => "f",
        '\u06A9' => "k",
        '\u06AF' => "g",
        '\u0644' => "l",
        '\u0645' => "m",
        '\u0646' => "n",
        >= '0' and <= '9' => c.ToString(),
        _ => string.Empty, // letters of other Arabic-script languages we do not spell
    };

    private static FrozenDictionary<string, string> BuildKnown()
    {
        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in PersianNameLexicon.All)
        {
            if (entry.Kind is NamePartKind.Prefix or NamePartKind.Suffix)
            {
                continue;
            }

            known.TryAdd(NameNormalizer.Normalize(entry.Persian).Replace(" ", string.Empty, StringComparison.Ordinal), entry.Romanized);
        }

        return known.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static (string, string)[] BuildAffixes(NamePartKind kind) =>
        [.. PersianNameLexicon.All
            .Where(entry => entry.Kind == kind)
            .Select(entry => (NameNormalizer.Normalize(entry.Persian), entry.Romanized))
            .OrderByDescending(pair => pair.Item1.Length)];
}
