namespace Dossier.Text;

/// <summary>
/// The index and query keys of a name or text: normalised words, romanised words and phonetic keys,
/// each per word plus the joined form of every two adjacent words, so that "Pour-Mohammadi",
/// "Pour Mohammadi", "Pourmohammadi" and "پورمحمدی" all carry the key of the one-word spelling.
/// Keys hold only letters and digits (safe as SQLite FTS5 and PostgreSQL tokens), are distinct
/// within each list and never empty.
/// </summary>
public sealed record SearchKeys(IReadOnlyList<string> Normalized, IReadOnlyList<string> Romanized, IReadOnlyList<string> Phonetic)
{
    /// <summary>Keys for one name or text.</summary>
    public static SearchKeys For(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = NameNormalizer.Tokens(text);

        // Words and adjacent pairs joined: compounds are written together, hyphenated or spaced.
        // A pair is romanised part by part, so "پور محمدی" and "Pour Mohammadi" join to the same word.
        var romanTokens = new string[tokens.Count];
        for (var i = 0; i < tokens.Count; i++)
        {
            romanTokens[i] = Romanizer.RomanizeNormalizedWord(tokens[i]);
        }

        var normalized = new List<string>(tokens.Count * 2);
        var romanized = new List<string>(tokens.Count * 2);
        var phonetic = new List<string>(tokens.Count * 2);
        var seenNormalized = new HashSet<string>(StringComparer.Ordinal);
        var seenRomanized = new HashSet<string>(StringComparer.Ordinal);
        var seenPhonetic = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Count; i++)
        {
            Add(normalized, seenNormalized, tokens[i]);
            Add(romanized, seenRomanized, romanTokens[i]);
            Add(phonetic, seenPhonetic, PhoneticKey.ComputeRomanized(romanTokens[i], tokens[i]));
        }

        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            var joinedRoman = romanTokens[i] + romanTokens[i + 1];
            Add(normalized, seenNormalized, tokens[i] + tokens[i + 1]);
            Add(romanized, seenRomanized, joinedRoman);
            Add(phonetic, seenPhonetic, PhoneticKey.ComputeRomanized(joinedRoman, tokens[i] + tokens[i + 1]));
        }

        return new SearchKeys(normalized, romanized, phonetic);
    }

    private static void Add(List<string> keys, HashSet<string> seen, string key)
    {
        if (key.Length > 0 && seen.Add(key))
        {
            keys.Add(key);
        }
    }
}
