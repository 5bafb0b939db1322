using Dossier.Application.Search;

namespace Dossier.Storage;

/// <summary>
/// A query's words through the tier queries of one search, with what a dialect looked up about them once: the indexed
/// words each whole-word key begins (SQLite's <c>search_terms</c>), so the later tiers and the second group reuse them.
/// </summary>
internal sealed class SearchWords(IReadOnlyList<QueryWord> words)
{
    public IReadOnlyList<QueryWord> Words => words;

    /// <summary>Per (scope, key): the indexed words that begin with the key, or null when there are too many to list.</summary>
    public Dictionary<(int Scope, string Key), IReadOnlyList<string>?> Beginnings { get; } = [];
}
