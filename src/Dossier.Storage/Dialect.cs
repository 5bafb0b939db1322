using System.Data.Common;
using Dossier.Application.Search;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;

namespace Dossier.Storage;

/// <summary>What differs between SQLite and PostgreSQL: connections, locking, and the search index.</summary>
internal abstract class Dialect
{
    public abstract string Name { get; }

    /// <summary>Folder of this dialect's migrations under Migrations/.</summary>
    public abstract string MigrationFolder { get; }

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Settings kept in the database itself, applied once when the store opens.</summary>
    public virtual Task PrepareAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A synchronous open, for the few callers (proof generation) whose algorithms are synchronous.</summary>
    public abstract DbConnection Open();

    /// <summary>Takes the ledger's write lock inside a transaction, so appends are serialised across processes.</summary>
    public abstract Task LockLedgerAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    public abstract Task WriteSearchAsync(SqlSession session, SearchDocument document, CancellationToken cancellationToken);

    public abstract Task DeleteSearchAsync(SqlSession session, string recordId, CancellationToken cancellationToken);

    public abstract Task ClearSearchAsync(SqlSession session, CancellationToken cancellationToken);

    /// <summary>After the search rows were all written again and committed: lets the planner know the table as it now is.</summary>
    public virtual Task TidySearchAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The first <paramref name="limit"/> records, in ledger order (the order they were created), that match every word at
    /// <paramref name="tier"/> or better and pass the filters — synthetic or not, kind, classification at most
    /// <paramref name="ceiling"/> — all applied inside the index query, before the limit (docs/search.md). Hits carry
    /// the tier's rank.
    /// </summary>
    public abstract Task<IReadOnlyList<SearchHit>> MatchAsync(DbConnection connection, SearchWords query, MatchTier tier, bool synthetic, RecordKind? kind, Classification ceiling, int limit, CancellationToken cancellationToken);

    /// <summary>A word's whole-word keys: its normalised and romanised keys, each once.</summary>
    protected static List<string> WordKeys(QueryWord word) => [.. word.Normalized.Concat(word.Romanized).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// SQL condition on records (alias-free) that keeps rows whose classification is at most the
    /// <c>@ceiling</c> parameter (the <see cref="Classification"/> enum's number), in both dialects.
    /// </summary>
    public static string WithinCeiling(string column = "classification") =>
        $"(case {column} when 'public' then 0 when 'internal' then 1 when 'restricted' then 2 else 3 end) <= @ceiling";

    /// <summary>
    /// The search index rows as text, ordered by record_id, for replay comparisons: the columns of migration 0001 first
    /// (record_id, original and the names' keys), then those 0014 added, so an older dump is a prefix of each row.
    /// </summary>
    public abstract string DumpSearchSql { get; }

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Indexes one page of an extracted-text item (ADR 1602) with the keys <see cref="Dossier.Text.TextKeys"/> made of it.</summary>
    public abstract Task WriteDocumentPageAsync(SqlSession session, string derivative, string original, Classification classification, DocumentPage page, CancellationToken cancellationToken);

    public abstract Task ClearDocumentPagesAsync(SqlSession session, CancellationToken cancellationToken);

    /// <summary>
    /// Takes an extracted text's pages out of the document index (ADR 1817). <paramref name="pages"/> are its pages as they were
    /// indexed (the keys a contentless FTS5 row is deleted by); a page not among them still leaves document_pages.
    /// </summary>
    public abstract Task DeleteDocumentPagesAsync(SqlSession session, string derivative, IReadOnlyList<DocumentPage> pages, CancellationToken cancellationToken);

    /// <summary>Pages matching every word, best first, of items and texts within <paramref name="ceiling"/>.</summary>
    public abstract Task<IReadOnlyList<PageHit>> SearchPagesAsync(DbConnection connection, IReadOnlyList<QueryWord> words, Classification ceiling, int limit, CancellationToken cancellationToken);

    /// <summary>The page rows as <see cref="ProjectionDump"/> compares them (the keys are a function of the text).</summary>
    public const string DumpDocumentPagesSql = "select derivative, original, page, classification, text from document_pages";

    /// <summary>Joins matched pages (alias p, with a <c>score</c> column from <paramref name="best"/>) to their items, within the ceiling.</summary>
    protected static string PageHitsSql(string best, string join, string order) => $"""
        {best}
        select p.original, i.original_name, p.derivative, p.page, p.classification, p.text, score
        from {join} join evidence_items i on i.hash = p.original
        where {WithinCeiling("p.classification")} and {WithinCeiling("i.classification")}
        order by {order}, p.original, p.page limit @limit
        """;

    protected static async Task<IReadOnlyList<PageHit>> ReadPageHitsAsync(DbCommand command, bool higherIsBetter, CancellationToken cancellationToken)
    {
        var hits = new List<PageHit>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var rank = Convert.ToDouble(reader.GetValue(6), System.Globalization.CultureInfo.InvariantCulture);
            hits.Add(new PageHit(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                Convert.ToInt32(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture),
                Classifications.TryParse(reader.GetString(4), out var level) ? level : Classification.ProtectedIdentity,
                reader.GetString(5), higherIsBetter ? rank : -rank));
        }

        return hits;
    }

    /// <summary>Reads search rows (record_id, rank, kind, label, synthetic, classification) into hits.</summary>
    protected static async Task<IReadOnlyList<SearchHit>> ReadHitsAsync(DbCommand command, bool higherIsBetter, CancellationToken cancellationToken)
    {
        var hits = new List<SearchHit>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!RecordKinds.TryParse(reader.GetString(2), out var kind))
            {
                continue;
            }

            var rank = Convert.ToDouble(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
            var classification = Enum.TryParse<Classification>(reader.GetString(5).Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var parsed)
                ? parsed
                : Classification.Restricted;
            hits.Add(new SearchHit(reader.GetString(0), kind, reader.GetString(3),
                Convert.ToInt32(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture) != 0, classification, higherIsBetter ? rank : -rank));
        }

        return hits;
    }
}
