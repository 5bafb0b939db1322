using System.Text;
using Dossier.Text;

namespace Dossier.Synthesis;

/// <summary>The ways list makers write and mistype names: other romanisations, compound spacing,
/// Arabic letters for Persian ones, and single-letter typing errors.</summary>
internal static class Garbler
{
    private static readonly Dictionary<string, string[]> LexiconVariants = PersianNameLexicon.All
        .Where(entry => entry.Variants.Count > 0 && entry.Kind is not (NamePartKind.Prefix or NamePartKind.Suffix))
        .GroupBy(entry => entry.Romanized, StringComparer.Ordinal)
        .ToDictionary(group => group.Key, group => group.First().Variants.Where(v => v.All(char.IsAsciiLetterLower)).ToArray(), StringComparer.Ordinal);

    /// <summary>The name in Persian script: compounds with ZWNJ, a space or joined; optionally Arabic ي ك.</summary>
    public static string PersianSpelling(NameForm form, bool arabicLetters, ref SplitMix64 random)
    {
        var text = form.Persian;
        if (text.Contains('\u200C', StringComparison.Ordinal))
        {
            var style = random.NextDouble();
            text = style switch
            {
                < 0.5 => text,
                < 0.75 => text.Replace('\u200C', ' '),
                _ => text.Replace("\u200C", string.Empty, StringComparison.Ordinal),
            };
        }
        else if (form.IsCompound && random.Chance(0.25))
        {
            text = string.Concat(text.AsSpan(0, form.PersianSplit), " ", text.AsSpan(form.PersianSplit));
        }

        if (arabicLetters)
        {
            text = text.Replace('\u06CC', '\u064A').Replace('\u06A9', '\u0643');
        }

        return text;
    }

    /// <summary>The name in Latin letters, with another usual romanisation when asked, and compounds
    /// joined, hyphenated or spaced.</summary>
    public static string LatinSpelling(NameForm form, bool variant, ref SplitMix64 random)
    {
        if (!form.IsCompound && !variant)
        {
            return form.Latin;
        }

        var lower = form.Latin.ToLowerInvariant();
        if (!form.IsCompound)
        {
            return Title(Variant(lower, ref random));
        }

        var first = lower[..form.LatinSplit];
        var second = lower[form.LatinSplit..];
        if (variant)
        {
            if (random.Chance(0.5))
            {
                first = Variant(first, ref random);
            }
            else
            {
                second = Variant(second, ref random);
            }
        }

        return random.NextDouble() switch
        {
            < 0.25 => Title(first) + "-" + Title(second),
            < 0.4 => Title(first) + " " + Title(second),
            _ => Title(first + second),
        };
    }

    /// <summary>Another way to romanise the same Persian word: the lexicon's other spellings, else one
    /// rule picked at random from those that apply (ou/u/oo, ei/ey, -i/-y/-ee, gh/q, kh/x, j/dj,
    /// doubled letters, -eh/-e).</summary>
    public static string Variant(string lower, ref SplitMix64 random)
    {
        if (LexiconVariants.TryGetValue(lower, out var spellings) && spellings.Length > 0 && random.Chance(0.7))
        {
            return spellings[random.Next(spellings.Length)];
        }

        // Try the rules from a random starting point; the first that applies is used.
        var start = random.Next(RuleCount);
        for (var k = 0; k < RuleCount; k++)
        {
            if (Apply((start + k) % RuleCount, lower) is { } changed)
            {
                return changed;
            }
        }

        return lower;
    }

    private const int RuleCount = 12;

    private static string? Apply(int rule, string s) => rule switch
    {
        0 => ReplaceFirst(s, "ou", "u"),
        1 => ReplaceFirst(s, "ou", "oo"),
        2 => s.Contains("ou", StringComparison.Ordinal) ? null : ReplaceFirst(s, "u", "ou"),
        3 => ReplaceFirst(s, "ei", "ey"),
        4 => s.EndsWith('i') && s.Length > 3 ? s[..^1] + "y" : null,
        5 => s.EndsWith('i') && s.Length > 3 ? s[..^1] + "ee" : null,
        6 => ReplaceFirst(s, "gh", "q"),
        7 => s.StartsWith('j') ? "dj" + s[1..] : null,
        8 => ReplaceFirst(s, "kh", "x"),
        9 => Undouble(s),
        10 => s.EndsWith("eh", StringComparison.Ordinal) ? s[..^1] : null,
        _ => ReplaceFirst(s, "ey", "ei"),
    };

    private static string? ReplaceFirst(string s, string from, string to)
    {
        var index = s.IndexOf(from, StringComparison.Ordinal);
        return index < 0 ? null : string.Concat(s.AsSpan(0, index), to, s.AsSpan(index + from.Length));
    }

    private static string? Undouble(string s)
    {
        for (var i = 1; i < s.Length; i++)
        {
            if (s[i] == s[i - 1] && s[i] is not ('a' or 'e' or 'i' or 'o' or 'u'))
            {
                return s.Remove(i, 1);
            }
        }

        return null;
    }

    private const string LatinLetters = "abcdefghijklmnopqrstuvwxyz";

    /// <summary>One typing error: a letter dropped, doubled, swapped with the next, or replaced.</summary>
    public static string LatinTypo(string text, ref SplitMix64 random) => Typo(text, ref random, LatinLetters);

    // Letters that differ only in their dots, the usual confusion in handwritten and typed Persian.
    private static readonly string[] PersianLookAlikes = ["بپتث", "جچحخ", "دذ", "رزژ", "سش", "صض", "طظ", "عغ", "فق", "کگ"];

    /// <summary>One typing error in Persian: mostly a look-alike letter, else a letter dropped, doubled or swapped.</summary>
    public static string PersianTypo(string text, ref SplitMix64 random)
    {
        if (random.Chance(0.5))
        {
            var positions = new List<(int Index, string Group)>();
            for (var i = 0; i < text.Length; i++)
            {
                var group = Array.Find(PersianLookAlikes, g => g.Contains(text[i], StringComparison.Ordinal));
                if (group is not null)
                {
                    positions.Add((i, group));
                }
            }

            if (positions.Count > 0)
            {
                var (index, lookAlikes) = positions[random.Next(positions.Count)];
                var others = lookAlikes.Replace(text[index].ToString(), string.Empty, StringComparison.Ordinal);
                var chars = text.ToCharArray();
                chars[index] = others[random.Next(others.Length)];
                return new string(chars);
            }
        }

        return Typo(text, ref random, "ابپتجچحخدرزسشصطعفقکگلمنوهی");
    }

    // Letters written for the same sound in Persian: a name heard, not read, gets any of them.
    private static readonly string[] PersianSoundAlikes = ["سصث", "زذضظ", "تط", "حه", "قغ", "اع"];

    private const string LongVowels = "اوی";

    /// <summary>
    /// One transcription error in Persian script: a letter of the same sound, a long vowel letter left
    /// out or put in, a final ه dropped, or a compound's words joined or split. Never the first letter's
    /// removal, so the name still starts as it did in most cases.
    /// </summary>
    public static string PersianTranscription(string text, ref SplitMix64 random)
    {
        var chars = new List<char>(text);
        switch (random.Next(4))
        {
            case 0:
                var sounds = new List<(int Index, string Group)>();
                for (var i = 0; i < chars.Count; i++)
                {
                    var group = Array.Find(PersianSoundAlikes, g => g.Contains(chars[i], StringComparison.Ordinal));
                    if (group is not null)
                    {
                        sounds.Add((i, group));
                    }
                }

                if (sounds.Count > 0)
                {
                    var (index, group) = sounds[random.Next(sounds.Count)];
                    var others = group.Replace(chars[index].ToString(), string.Empty, StringComparison.Ordinal);
                    chars[index] = others[random.Next(others.Length)];
                    return new string([.. chars]);
                }

                goto case 1;
            case 1:
                var vowels = new List<int>();
                for (var i = 1; i < chars.Count; i++)
                {
                    if (LongVowels.Contains(chars[i], StringComparison.Ordinal))
                    {
                        vowels.Add(i);
                    }
                }

                if (vowels.Count > 0)
                {
                    chars.RemoveAt(vowels[random.Next(vowels.Count)]);
                    return new string([.. chars]);
                }

                goto case 2;
            case 2:
                if (chars.Count > 2)
                {
                    chars.Insert(1 + random.Next(chars.Count - 1), LongVowels[random.Next(LongVowels.Length)]);
                    return new string([.. chars]);
                }

                return text;
            default:
                if (text.EndsWith('\u0647') && text.Length > 3)
                {
                    return text[..^1];
                }

                var space = text.IndexOfAny([' ', '\u200C']);
                if (space > 0)
                {
                    return text.Remove(space, 1);
                }

                goto case 1;
        }
    }

    /// <summary>
    /// A short vowel written otherwise in Latin letters (a/e, e/i, o/u): Persian script does not write
    /// short vowels, so every romaniser guesses them (Ghahreman/Ghahraman, Fereydoun/Faridoun). The first
    /// letter stays.
    /// </summary>
    public static string LatinShortVowel(string text, ref SplitMix64 random)
    {
        var vowels = new List<int>();
        for (var i = 1; i < text.Length; i++)
        {
            if ("aeiouAEIOU".Contains(text[i], StringComparison.Ordinal))
            {
                vowels.Add(i);
            }
        }

        if (vowels.Count == 0)
        {
            return text;
        }

        var index = vowels[random.Next(vowels.Count)];
        var lower = char.ToLowerInvariant(text[index]);
        var replacement = lower switch
        {
            'a' => 'e',
            'e' => random.Chance(0.5) ? 'a' : 'i',
            'i' => 'e',
            'o' => 'u',
            _ => 'o',
        };
        var chars = text.ToCharArray();
        chars[index] = char.IsUpper(text[index]) ? char.ToUpperInvariant(replacement) : replacement;
        return new string(chars);
    }

    private static string Typo(string text, ref SplitMix64 random, string alphabet)
    {
        var letters = new List<int>();
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsLetter(text[i]))
            {
                letters.Add(i);
            }
        }

        if (letters.Count < 3)
        {
            return text;
        }

        // Leave the first letter alone most of the time, as people do.
        var position = letters[1 + random.Next(letters.Count - 1)];
        var builder = new StringBuilder(text);
        var upper = char.IsUpper(text[position]);
        switch (random.Next(4))
        {
            case 0:
                builder.Remove(position, 1);
                break;
            case 1:
                builder.Insert(position, text[position]);
                break;
            case 2 when position + 1 < text.Length && char.IsLetter(text[position + 1]):
                (builder[position], builder[position + 1]) = (builder[position + 1], builder[position]);
                break;
            default:
                var replacement = alphabet[random.Next(alphabet.Length)];
                builder[position] = upper ? char.ToUpperInvariant(replacement) : replacement;
                break;
        }

        return builder.ToString();
    }

    /// <summary>ASCII digits written as Persian digits.</summary>
    public static string PersianDigits(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsAsciiDigit(chars[i]))
            {
                chars[i] = (char)('\u06F0' + (chars[i] - '0'));
            }
        }

        return new string(chars);
    }

    private static string Title(string lower) => lower.Length == 0 ? lower : char.ToUpperInvariant(lower[0]) + lower[1..];
}
