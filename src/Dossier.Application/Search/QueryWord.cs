using Dossier.Text;

namespace Dossier.Application.Search;

/// <summary>One word of a query with the keys that may match it: any key of any kind is a hit for the word.</summary>
public sealed record QueryWord(string Text, IReadOnlyList<string> Normalized, IReadOnlyList<string> Romanized, IReadOnlyList<string> Phonetic)
{
    /// <summary>Characters of a query that are read; the rest is ignored.</summary>
    public const int MaxQueryLength = 200;

    /// <summary>Words of a query that are searched for (all must match); later words are ignored.</summary>
    public const int MaxWords = 8;

    /// <summary>Keys of each kind (normalised, romanised, phonetic) a word is matched by, and characters of a word.</summary>
    public const int MaxKeysPerKind = 8;

    private const int MaxWordLength = 64;

    /// <summary>
    /// Splits a query into words; every word must match (AND), each through any of its keys (OR). The work
    /// of one query is bounded whatever is typed (docs/user-guide.md, "Searching"): the first
    /// <see cref="MaxQueryLength"/> characters, <see cref="MaxWords"/> words of at most 64 characters, and
    /// <see cref="MaxKeysPerKind"/> keys of each kind per word.
    /// </summary>
    public static IReadOnlyList<QueryWord> Parse(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var words = new List<QueryWord>();
        var text = query.Length > MaxQueryLength ? query[..MaxQueryLength] : query;
        foreach (var word in NameNormalizer.Tokens(text))
        {
            if (words.Count == MaxWords)
            {
                break;
            }

            var cut = word.Length > MaxWordLength && char.IsHighSurrogate(word[MaxWordLength - 1]) ? MaxWordLength - 1 : MaxWordLength;
            var token = word.Length > MaxWordLength ? word[..cut] : word;
            var keys = SearchKeys.For(token);
            if (keys.Normalized.Count + keys.Romanized.Count + keys.Phonetic.Count > 0)
            {
                words.Add(new QueryWord(token, [.. keys.Normalized.Take(MaxKeysPerKind)], [.. keys.Romanized.Take(MaxKeysPerKind)], [.. keys.Phonetic.Take(MaxKeysPerKind)]));
            }
        }

        return words;
    }
}
