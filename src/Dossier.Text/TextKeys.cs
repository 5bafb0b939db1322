namespace Dossier.Text;

/// <summary>
/// The index keys of a long text (a page of a document), as <see cref="SearchKeys"/> keys a name: normalised and
/// romanised words, and phonetic keys of each word and of each two adjacent words joined (so "پور محمدی" on a page
/// meets "Pourmohammadi"). Keys are distinct within each list, in first-seen order; a word is keyed once however often
/// it occurs. At most <paramref name="maxKeys"/> keys of each kind are kept, so one enormous page cannot make an
/// index row without bound.
/// </summary>
public static class TextKeys
{
    public static SearchKeys For(string text, int maxKeys = 20_000)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxKeys);
        var tokens = NameNormalizer.Tokens(text);
        var normalized = new List<string>();
        var romanized = new List<string>();
        var phonetic = new List<string>();
        var seenNormalized = new HashSet<string>(StringComparer.Ordinal);
        var seenRomanized = new HashSet<string>(StringComparer.Ordinal);
        var seenPhonetic = new HashSet<string>(StringComparer.Ordinal);
        // A word's romanisation and key depend on the word alone: each distinct word is keyed once.
        var keyed = new Dictionary<string, (string Roman, string Phonetic)>(StringComparer.Ordinal);
        (string Roman, string Phonetic) Key(string token)
        {
            if (!keyed.TryGetValue(token, out var keys))
            {
                var roman = Romanizer.RomanizeNormalizedWord(token);
                keys = (roman, PhoneticKey.ComputeRomanized(roman, token));
                keyed[token] = keys;
            }

            return keys;
        }

        static void Add(List<string> list, HashSet<string> seen, string key, int max)
        {
            if (key.Length > 0 && list.Count < max && seen.Add(key))
            {
                list.Add(key);
            }
        }

        for (var i = 0; i < tokens.Count; i++)
        {
            var (roman, key) = Key(tokens[i]);
            Add(normalized, seenNormalized, tokens[i], maxKeys);
            Add(romanized, seenRomanized, roman, maxKeys);
            Add(phonetic, seenPhonetic, key, maxKeys);
            if (i > 0)
            {
                var joined = Key(tokens[i - 1]).Roman + roman;
                Add(phonetic, seenPhonetic, PhoneticKey.ComputeRomanized(joined, tokens[i - 1] + tokens[i]), maxKeys);
            }
        }

        return new SearchKeys(normalized, romanized, phonetic);
    }
}
