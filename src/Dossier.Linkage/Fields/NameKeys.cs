using Dossier.Text;

namespace Dossier.Linkage.Fields;

/// <summary>
/// The text forms linkage compares, from Dossier.Text: the romanised normal form (Persian or Arabic
/// script written in Latin letters, Latin folded and lower-cased), and a phonetic key that brings
/// romanisation variants together. Computed once per distinct value, never per pair.
/// </summary>
internal static class NameKeys
{
    /// <summary>The form compared by similarity measures: a–z, digits and single spaces.</summary>
    public static string Comparable(string raw) => Romanizer.Romanize(raw);

    /// <summary>
    /// The phonetic key of the whole value: spaces are ignored, so "Pour Mohammadi" and
    /// "Pourmohammadi" share a key. Empty when there is nothing to key.
    /// </summary>
    public static string Phonetic(string comparable) => comparable.Length == 0 ? string.Empty : PhoneticKey.Compute(comparable);

    /// <summary>Word-order-free key for a full name: the words' keys in ordinal order.</summary>
    public static string PhoneticUnordered(string comparable)
    {
        var words = comparable.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var keys = new string[words.Length];
        for (var i = 0; i < words.Length; i++)
        {
            keys[i] = PhoneticKey.Compute(words[i]);
        }

        Array.Sort(keys, StringComparer.Ordinal);
        return string.Join(' ', keys);
    }
}
