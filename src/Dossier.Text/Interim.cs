namespace Dossier.Text;

// Interim stand-ins with the agreed API; the full implementations arrive with the text branch,
// and this file is deleted when it merges.
public enum Script { Unknown, Latin, Persian, Mixed }

public static class NameNormalizer
{
    public static Script DetectScript(string text) => text.Any(c => c is >= '\u0600' and <= '\u06FF') ? Script.Persian : Script.Latin;

    public static string Normalize(string text) => string.Join(' ', Tokens(text));

    public static IReadOnlyList<string> Tokens(string text) =>
        text.ToLowerInvariant().Split([' ', '-', ',', '.', '\''], StringSplitOptions.RemoveEmptyEntries);
}

public static class Romanizer
{
    public static string Romanize(string persianOrLatin) => NameNormalizer.Normalize(persianOrLatin);
}

public static class PhoneticKey
{
    public static string Compute(string word) => NameNormalizer.Normalize(word).Replace("ou", "u", StringComparison.Ordinal).Replace("y", "i", StringComparison.Ordinal);
}

public sealed record SearchKeys(IReadOnlyList<string> Normalized, IReadOnlyList<string> Romanized, IReadOnlyList<string> Phonetic)
{
    public static SearchKeys For(string text)
    {
        var tokens = NameNormalizer.Tokens(text);
        return new SearchKeys(tokens, tokens, [.. tokens.Select(PhoneticKey.Compute)]);
    }
}
