using System.Data.Common;
using System.Globalization;
using System.Text;
using Dossier.Application.Search;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;
using Microsoft.Data.Sqlite;

namespace Dossier.Storage;

/// <summary>One SQLite file in WAL mode; search through FTS5.</summary>
internal sealed class SqliteDialect(string path) : Dialect
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public override string Name => "sqlite";

    public override string MigrationFolder => "sqlite";

    public string Path => path;

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        // journal_mode is stored in the file (set once by Prepare); these hold per connection.
        await Db.ExecuteAsync(connection, null, "pragma synchronous = normal; pragma busy_timeout = 30000;", cancellationToken);
        return connection;
    }

    public override async Task PrepareAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await Db.ExecuteAsync(connection, null, "pragma journal_mode = wal;", cancellationToken);

    public override DbConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = Db.Command(connection, null, "pragma busy_timeout = 30000;");
        command.ExecuteNonQuery();
        return connection;
    }

    // Microsoft.Data.Sqlite begins transactions IMMEDIATE, which already holds the write lock.
    public override Task LockLedgerAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    public override Task WriteSearchAsync(SqlSession session, SearchDocument document, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            // Rows are keyed by the record's rowid: FTS5 can find a rowid at once, but an unindexed column only by a scan.
            """
            delete from search_index where rowid = (select rowid from records where id = @id);
            insert into search_index (rowid, record_id, original, normalized, romanized, phonetic)
            values ((select rowid from records where id = @id), @id, @o, @n, @r, @p)
            """,
            cancellationToken,
            ("id", document.RecordId), ("o", document.Original), ("n", string.Join(' ', document.Normalized)),
            ("r", string.Join(' ', document.Romanized)), ("p", string.Join(' ', document.Phonetic)));

    public override Task DeleteSearchAsync(SqlSession session, string recordId, CancellationToken cancellationToken) =>
        session.ExecuteAsync("delete from search_index where rowid = (select rowid from records where id = @id)", cancellationToken, ("id", recordId));

    public override Task ClearSearchAsync(SqlSession session, CancellationToken cancellationToken) =>
        session.ExecuteAsync("delete from search_index", cancellationToken);

    public override async Task<IReadOnlyList<SearchHit>> SearchAsync(DbConnection connection, IReadOnlyList<QueryWord> words, RecordKind? kind, Classification ceiling, int limit, CancellationToken cancellationToken)
    {
        var match = MatchExpression(words);

        // FTS5 ranks every match, so the best few hundred are taken first and only those are joined to
        // their records; among them real records come before synthetic ones (demo and test lists).
        var sql = $"""
            with best as (
                select rowid, record_id, bm25(search_index) as score from search_index
                where search_index match @q order by score limit 400)
            select best.record_id, best.score, r.kind, r.label, r.synthetic, r.classification
            from best join records r on r.rowid = best.rowid
            where (@kind is null or r.kind = @kind) and r.retracted = 0 and {WithinCeiling("r.classification")}
            order by r.synthetic, best.score limit @limit
            """;
        await using var command = Db.Command(connection, null, sql, ("q", match), ("limit", limit), ("kind", kind is null ? null : RecordKinds.Name(kind.Value)), ("ceiling", (int)ceiling));
        return await ReadHitsAsync(command, higherIsBetter: false, cancellationToken);
    }

    public override string DumpSearchSql => "select record_id, original, normalized, romanized, phonetic from search_index order by record_id";

    /// <summary>
    /// An FTS5 query over columns normalized, romanized and phonetic: every word must match (AND), each by any of its
    /// keys (OR) — a prefix of a normalised or romanised word (typing as you go), or an exact phonetic key (spelling
    /// variants and the other script). Records and document pages are searched by the same expression.
    /// </summary>
    private static string MatchExpression(IReadOnlyList<QueryWord> words)
    {
        var match = new StringBuilder();
        foreach (var word in words)
        {
            if (match.Length > 0)
            {
                match.Append(" AND ");
            }

            var alternatives = word.Normalized.Select(k => $"normalized : {Quote(k)} *")
                .Concat(word.Romanized.Select(k => $"romanized : {Quote(k)} *"))
                .Concat(word.Phonetic.Select(k => $"phonetic : {Quote(k)}"));
            match.Append('(').AppendJoin(" OR ", alternatives).Append(')');
        }

        return match.ToString();
    }

    public override Task WriteDocumentPageAsync(SqlSession session, string derivative, string original, Classification classification, DocumentPage page, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            // The index row takes the page row's rowid, as search_index takes the record's.
            """
            insert into document_pages (derivative, original, page, classification, text) values (@d, @o, @page, @c, @text);
            insert into document_index (rowid, normalized, romanized, phonetic) values (last_insert_rowid(), @n, @r, @p)
            """,
            cancellationToken,
            ("d", derivative), ("o", original), ("page", page.Page), ("c", Classifications.Name(classification)), ("text", page.Text),
            ("n", string.Join(' ', page.Keys.Normalized)), ("r", string.Join(' ', page.Keys.Romanized)), ("p", string.Join(' ', page.Keys.Phonetic)));

    public override Task ClearDocumentPagesAsync(SqlSession session, CancellationToken cancellationToken) =>
        session.ExecuteAsync("delete from document_pages; insert into document_index (document_index) values ('delete-all')", cancellationToken);

    public override async Task<IReadOnlyList<PageHit>> SearchPagesAsync(DbConnection connection, IReadOnlyList<QueryWord> words, Classification ceiling, int limit, CancellationToken cancellationToken)
    {
        // The first 400 matching pages are ranked (BM25), joined to their rows and items. Ranking every match, as record
        // search does, costs a tenth of a second and more for a word on most of 100,000 pages; PostgreSQL does the same (ADR 1602).
        var sql = PageHitsSql(
            "with best as (select rowid, bm25(document_index) as score from document_index where document_index match @q limit 400)",
            "best join document_pages p on p.id = best.rowid",
            "score");
        await using var command = Db.Command(connection, null, sql, ("q", MatchExpression(words)), ("limit", limit), ("ceiling", (int)ceiling));
        return await ReadPageHitsAsync(command, higherIsBetter: false, cancellationToken);
    }

    // FTS5 string literal: double quotes, with embedded quotes doubled. Keys hold only letters and
    // digits, but a query is user input, so quote regardless.
    private static string Quote(string key) => "\"" + key.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
