using System.Collections.Concurrent;
using Dossier.Text;

namespace Dossier.Testimony;

/// <summary>
/// The words of a statement as the near-copy detector compares them: <see cref="NameNormalizer"/> folds
/// Arabic and Persian letter forms (ي/ی, ك/ک), diacritics, ZWNJ, case and Persian digits; each word then
/// becomes its <see cref="PhoneticKey"/> (romanised first when Persian), so Noury, Nouri, Nuri and نوری are one
/// word. The Persian verb prefixes می/نمی and the plural suffixes ها/های, written apart with a space where
/// others write a ZWNJ or nothing, are joined to their word first, as the ZWNJ would have joined them.
/// </summary>
public sealed class StatementTokens
{
    private static readonly HashSet<string> Prefixes = new(["می", "نمی"], StringComparer.Ordinal);
    private static readonly HashSet<string> Suffixes = new(["ها", "های", "هایی", "ای"], StringComparer.Ordinal);

    // Keys are computed once per distinct word; a run over many statements meets the same words again and again.
    private readonly ConcurrentDictionary<string, ulong> _hashes = new(StringComparer.Ordinal);

    /// <summary>
    /// Each word of <paramref name="text"/> as a 64-bit hash of its key: the same on every run and machine, so
    /// the signatures, and with them the candidates, never depend on thread timing.
    /// </summary>
    public ulong[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = Words(text);
        var hashes = new ulong[words.Count];
        for (var i = 0; i < hashes.Length; i++)
        {
            hashes[i] = _hashes.GetOrAdd(words[i], static word => Hash(KeyOf(word)));
        }

        return hashes;
    }

    // FNV-1a over the UTF-16 code units, finished with a SplitMix64 mix so nearby keys spread.
    internal static ulong Hash(string key)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var c in key)
        {
            hash = unchecked((hash ^ c) * 0x100000001B3UL);
        }

        return Mix(hash);
    }

    internal static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>The comparison key of each word of <paramref name="text"/>, in order (for explanations and tests).</summary>
    public static IReadOnlyList<string> Keys(string text) => [.. Words(text).Select(KeyOf)];

    /// <summary>The normalised words, Persian affixes written apart joined to their word.</summary>
    public static IReadOnlyList<string> Words(string text)
    {
        var tokens = NameNormalizer.Tokens(text);
        var words = new List<string>(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (Prefixes.Contains(token) && i + 1 < tokens.Count && IsPersian(tokens[i + 1]))
            {
                words.Add(token + tokens[++i]);
            }
            else if (Suffixes.Contains(token) && words.Count > 0 && IsPersian(words[^1]))
            {
                words[^1] += token;
            }
            else
            {
                words.Add(token);
            }
        }

        return words;
    }

    private static bool IsPersian(string word) => word.Length > 0 && word[0] is >= '\u0600' and <= '\u06FF';

    private static string KeyOf(string word) =>
        word.All(char.IsAsciiDigit) ? word : PhoneticKey.Compute(word);
}
