namespace Dossier.Application.Search;

/// <summary>
/// How well a record matches a query (docs/search.md): every word of the query must match the record somewhere, and
/// the tier is the loosest way any word had to match. Hits are ordered real before synthetic, then by tier, then by
/// the order the records entered the ledger; the same on SQLite and PostgreSQL.
/// </summary>
public enum MatchTier
{
    /// <summary>Every word is a whole word of the record's names or title, in either script (a normalised or romanised key).</summary>
    ExactName = 1,

    /// <summary>Every word is a whole word of the names or title, or sounds like one (a phonetic key: Noury, Nuri, نوری).</summary>
    SoundsLikeName = 2,

    /// <summary>As <see cref="SoundsLikeName"/>, or a word begins a word of the names or title (typing as you go: "Pourmoh").</summary>
    NameBeginning = 3,

    /// <summary>As <see cref="NameBeginning"/>, with the record's other words too: notes, descriptions, a statement's words.</summary>
    AnyText = 4,
}

/// <summary>The tiers in the order they are searched.</summary>
public static class MatchTiers
{
    public static IReadOnlyList<MatchTier> All { get; } = [MatchTier.ExactName, MatchTier.SoundsLikeName, MatchTier.NameBeginning, MatchTier.AnyText];

    /// <summary>The rank a hit of this tier carries (higher is better): 4 for an exact name down to 1 for other text.</summary>
    public static double Rank(MatchTier tier) => 5 - (int)tier;
}
