using System.Collections.Frozen;
using System.Text;

namespace Dossier.Text;

/// <summary>
/// A sound-alike key for one name word in Latin or Persian script, built for Persian names and their
/// romanisations: it keeps what Persian script writes (consonants, long i and long u) and drops what it
/// does not (short a, e, o), so Nouri, Nuri, Noury, Noori and نوری share "nuri" while Nasiri ("nsiri")
/// and Hassan ("hsn" against Hossein "hsin") stay apart. Rules and code letters are in docs/text.md.
/// </summary>
public static class PhoneticKey
{
    private static readonly FrozenDictionary<string, string> Canonical = BuildCanonical();
    private static readonly (string Variant, string Canonical)[] PrefixVariants = BuildAffixVariants(NamePartKind.Prefix);
    private static readonly (string Variant, string Canonical)[] SuffixVariants = BuildAffixVariants(NamePartKind.Suffix);

    /// <summary>The key of one word (Persian is romanised first; spaces and punctuation inside are ignored).
    /// Only a–z; never empty for non-empty input.</summary>
    public static string Compute(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length == 0)
        {
            return string.Empty;
        }

        // Several words are keyed as one: each is romanised on its own, then the Latin is joined.
        var roman = string.Concat(NameNormalizer.Tokens(word).Select(Romanizer.RomanizeNormalizedWord));
        var key = ComputeRomanized(roman, word);
        return key.Length > 0 ? key : Opaque(word);
    }

    /// <summary>Key of a romanised word (a–z kept, anything else ignored); for text with nothing to key,
    /// an opaque code of <paramref name="original"/>.</summary>
    internal static string ComputeRomanized(string latin, string original)
    {
        Span<char> buffer = stackalloc char[Math.Min(latin.Length, 256)];
        var length = 0;
        foreach (var c in latin)
        {
            if (c is >= 'a' and <= 'z' && length < buffer.Length)
            {
                buffer[length++] = c;
            }
        }

        if (length == 0)
        {
            // Digits only, or letters of a script we do not key: keep them distinguishable but opaque.
            return original.Length > 0 ? Opaque(original) : string.Empty;
        }

        return Encode(Canonicalize(new string(buffer[..length]), depth: 0));
    }

    // Spellings the rules cannot reach (Muhammad, Husain) are first rewritten to the lexicon's usual
    // spelling, also inside compounds (Purmuhammadi → pour + mohammad + i).
    internal static string Canonicalize(string word, int depth)
    {
        if (Canonical.TryGetValue(word, out var canonical))
        {
            return canonical;
        }

        if (depth > 3)
        {
            return word;
        }

        foreach (var (variant, canonicalPrefix) in PrefixVariants)
        {
            if (word.Length - variant.Length >= 3 && word.StartsWith(variant, StringComparison.Ordinal))
            {
                return canonicalPrefix + Canonicalize(word[variant.Length..], depth + 1);
            }
        }

        foreach (var (variant, canonicalSuffix) in SuffixVariants)
        {
            if (word.Length - variant.Length >= 3 && word.EndsWith(variant, StringComparison.Ordinal))
            {
                return Canonicalize(word[..^variant.Length], depth + 1) + canonicalSuffix;
            }
        }

        // Adjectival -i/-y of family names on a known stem (Husseini → hossein + i).
        if (word.Length >= 4 && word[^1] is 'i' or 'y' && Canonical.TryGetValue(word[..^1], out var stem))
        {
            return stem + "i";
        }

        return word;
    }

    /// <summary>Applies the sound rules to a word of a–z letters.</summary>
    internal static string Encode(string s)
    {
        var output = new StringBuilder(s.Length);
        var i = 0;
        var droppedSinceLast = false;

        // A word that starts with a vowel gets the marker "a" (Persian writes ا or ع there); the vowels
        // themselves are not kept, since Ismail/Esmail and Omid/Umid differ only in them.
        if (IsVowel(s[0]))
        {
            output.Append('a');
            while (i < s.Length && IsVowel(s[i]))
            {
                i++;
            }

            droppedSinceLast = true;
        }

        while (i < s.Length)
        {
            var c = s[i];
            var next = At(s, i + 1);
            var code = '\0';
            var width = 1;

            if (c == 't' && next == 'c' && At(s, i + 2) == 'h')
            {
                code = 'c';
                width = 3;
            }
            else if (next == 'h' && c is 'c' or 's' or 'k' or 'g' or 'z' or 'p')
            {
                code = c switch { 'c' => 'c', 's' => 'w', 'k' => 'x', 'g' => 'q', 'z' => 'j', _ => 'f' };
                width = 2;
            }
            else if (c == 'd' && next == 'j')
            {
                code = 'j';
                width = 2;
            }
            else if (c == 'c' && next == 'k')
            {
                code = 'k';
                width = 2;
            }
            else if ((c == 'e' && next == 'e') || (c == 'i' && next == 'i'))
            {
                code = 'i';
                width = 2;
            }
            else if (c == 'o' && next is 'o' or 'u')
            {
                code = 'u';
                width = 2;
            }
            else
            {
                code = c switch
                {
                    'i' or 'y' => 'i',
                    'u' => IsShortU(s, i) ? '\0' : 'u',
                    'v' or 'w' => 'u',
                    'o' => i == s.Length - 1 ? 'u' : '\0',
                    'a' when i == s.Length - 1 && i > 0 => 'a', // written final alef (Zahra ≠ Zohreh, Reza)
                    'a' or 'e' => '\0',
                    'c' => 'k',
                    'h' when i == s.Length - 1 && i > 0 && s[i - 1] == 'e' => '\0', // silent final -eh (Zadeh = Zade)
                    _ => c,
                };
            }

            if (code == '\0')
            {
                droppedSinceLast = true;
            }
            else if (output.Length == 0 || output[^1] != code || droppedSinceLast)
            {
                output.Append(code);
                droppedSinceLast = false;
            }

            i += width;

            // Doubled letters are one sound (Mohammad, Hosseini, Seyyed).
            while (width == 1 && i < s.Length && s[i] == c && c is not ('e' or 'o' or 'a'))
            {
                i++;
            }
        }

        return output.ToString();
    }

    // Arabic-style romanisations write short o as u; only a few patterns can be told apart by rule:
    // before a doubled consonant (Hussein) and in the first syllable of Mu- words before h or a cluster
    // (Muhammad, Mustafa, Murtaza). Everywhere else u is long (Nuri, Mansur), as Persian writes it with و.
    private static bool IsShortU(string s, int i)
    {
        var next = At(s, i + 1);
        if (IsConsonant(next) && At(s, i + 2) == next)
        {
            return true;
        }

        return i == 1 && s[0] == 'm' && (next == 'h' || (IsConsonant(next) && IsConsonant(At(s, i + 2))));
    }

    private static char At(string s, int index) => index < s.Length ? s[index] : '\0';

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

    private static bool IsConsonant(char c) => c is >= 'a' and <= 'z' && !IsVowel(c) && c != 'y';

    // For text with nothing to key (digits, other scripts): base-26 letters of its UTF-16 code units,
    // so different inputs keep different keys and the output stays within a–z.
    private static string Opaque(string text)
    {
        var builder = new StringBuilder(text.Length * 4);
        foreach (var c in text)
        {
            var value = (int)c;
            do
            {
                builder.Append((char)('a' + (value % 26)));
                value /= 26;
            }
            while (value > 0);
        }

        return builder.ToString();
    }

    private static FrozenDictionary<string, string> BuildCanonical()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in PersianNameLexicon.All)
        {
            if (entry.Kind is NamePartKind.Prefix or NamePartKind.Suffix)
            {
                continue;
            }

            foreach (var variant in entry.Variants)
            {
                map.TryAdd(NameNormalizer.Normalize(variant).Replace(" ", string.Empty, StringComparison.Ordinal), entry.Romanized);
            }
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static (string, string)[] BuildAffixVariants(NamePartKind kind) =>
        [.. PersianNameLexicon.All
            .Where(entry => entry.Kind == kind)
            .SelectMany(entry => entry.Variants.Append(entry.Romanized).Select(variant => (variant, entry.Romanized)))
            .Where(pair => pair.variant.Length >= 3)
            .OrderByDescending(pair => pair.variant.Length)];
}
