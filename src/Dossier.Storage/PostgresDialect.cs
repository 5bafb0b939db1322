using System.Data.Common;
using System.Globalization;
using System.Text;
using Dossier.Application.Search;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;
using Npgsql;

namespace Dossier.Storage;

/// <summary>PostgreSQL through Npgsql; search through full text (prefixes), phonetic key arrays and trigrams.</summary>
internal sealed class PostgresDialect(string connectionString) : Dialect
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public override string Name => "postgres";

    public override string MigrationFolder => "postgres";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    public override DbConnection Open() => _dataSource.OpenConnection();

    public override Task LockLedgerAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Db.ExecuteAsync(connection, transaction, "select pg_advisory_xact_lock(7401988)", cancellationToken);

    public override Task WriteSearchAsync(SqlSession session, SearchDocument document, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            """
            insert into search_index (record_id, original, normalized, romanized, phonetic) values (@id, @o, @n, @r, @p)
            on conflict (record_id) do update set original = excluded.original, normalized = excluded.normalized,
                romanized = excluded.romanized, phonetic = excluded.phonetic
            """,
            cancellationToken,
            ("id", document.RecordId), ("o", document.Original), ("n", string.Join(' ', document.Normalized)),
            ("r", string.Join(' ', document.Romanized)), ("p", document.Phonetic.ToArray()));

    public override Task DeleteSearchAsync(SqlSession session, string recordId, CancellationToken cancellationToken) =>
        session.ExecuteAsync("delete from search_index where record_id = @id", cancellationToken, ("id", recordId));

    public override Task ClearSearchAsync(SqlSession session, CancellationToken cancellationToken) =>
        session.ExecuteAsync("delete from search_index", cancellationToken);

    public override async Task<IReadOnlyList<SearchHit>> SearchAsync(DbConnection connection, IReadOnlyList<QueryWord> words, RecordKind? kind, Classification ceiling, int limit, CancellationToken cancellationToken)
    {
        var where = new StringBuilder();
        var parameters = new List<(string, object?)>();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (i > 0)
            {
                where.Append(" and ");
            }

            // A word matches by a prefix of any normalised/romanised key, by any exact phonetic key,
            // or (for typos) by trigram similarity to the normalised text.
            var prefixes = word.Normalized.Concat(word.Romanized).Distinct(StringComparer.Ordinal)
                .Select(k => Lexeme(k) + ":*");
            parameters.Add(($"t{i}", string.Join(" | ", prefixes)));
            parameters.Add(($"p{i}", word.Phonetic.ToArray()));
            parameters.Add(($"w{i}", string.Join(' ', word.Normalized)));
            where.Append(CultureInfo.InvariantCulture, $"(words @@ to_tsquery('simple', @t{i}) or phonetic && @p{i} or normalized % @w{i})");
        }

        var kindFilter = kind is null ? string.Empty : " and r.kind = @kind";
        parameters.Add(("kind", kind is null ? null : RecordKinds.Name(kind.Value)));
        parameters.Add(("limit", limit));
        parameters.Add(("ceiling", (int)ceiling));
        parameters.Add(("all", string.Join(' ', words.SelectMany(w => w.Normalized))));
        var sql = $"""
            select s.record_id, similarity(s.normalized, @all) as rank, r.kind, r.label, r.synthetic, r.classification
            from search_index s join records r on r.id = s.record_id
            where {where}{kindFilter} and r.retracted = 0 and {WithinCeiling("r.classification")}
            order by r.synthetic, rank desc, s.record_id limit @limit
            """;
        await using var command = Db.Command(connection, null, sql, [.. parameters]);
        return await ReadHitsAsync(command, higherIsBetter: true, cancellationToken);
    }

    public override Task WriteDocumentPageAsync(SqlSession session, string derivative, string original, Classification classification, DocumentPage page, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            "insert into document_pages (derivative, original, page, classification, text, normalized, romanized, phonetic) values (@d, @o, @page, @c, @text, @n, @r, @p)",
            cancellationToken,
            ("d", derivative), ("o", original), ("page", page.Page), ("c", Classifications.Name(classification)), ("text", page.Text),
            ("n", string.Join(' ', page.Keys.Normalized)), ("r", string.Join(' ', page.Keys.Romanized)), ("p", page.Keys.Phonetic.ToArray()));

    public override Task ClearDocumentPagesAsync(SqlSession session, CancellationToken cancellationToken) =>
        session.ExecuteAsync("delete from document_pages", cancellationToken);

    public override async Task<IReadOnlyList<PageHit>> SearchPagesAsync(DbConnection connection, IReadOnlyList<QueryWord> words, Classification ceiling, int limit, CancellationToken cancellationToken)
    {
        // The records' conditions without the trigram one: a word's similarity to a whole page is always small, so
        // spelling variants of a page's words are met by the phonetic keys alone.
        var where = new StringBuilder();
        var parameters = new List<(string, object?)>();
        var all = new List<string>();
        for (var i = 0; i < words.Count; i++)
        {
            var prefixes = words[i].Normalized.Concat(words[i].Romanized).Distinct(StringComparer.Ordinal).Select(k => Lexeme(k) + ":*").ToList();
            all.AddRange(prefixes);
            parameters.Add(($"t{i}", string.Join(" | ", prefixes)));
            parameters.Add(($"p{i}", words[i].Phonetic.ToArray()));
            where.Append(i > 0 ? " and " : string.Empty)
                .Append(CultureInfo.InvariantCulture, $"(p.words @@ to_tsquery('simple', @t{i}) or p.phonetic && @p{i})");
        }

        parameters.Add(("all", string.Join(" | ", all)));
        parameters.Add(("limit", limit));
        parameters.Add(("ceiling", (int)ceiling));
        // Ranking reads every matching page's tsvector: for a word on most pages (a common given name) that is seconds at
        // 100,000 pages. So the first 400 matches the indexes give are ranked, as SQLite ranks its best 400; a word on
        // fewer pages is ranked exactly (docs/BENCHMARKS.md, ADR 1602).
        var sql = PageHitsSql(
            string.Empty,
            $"(select p.*, ts_rank(p.words, to_tsquery('simple', @all)) as score from (select * from document_pages p where {where} limit 400) p) p",
            "score desc");
        await using var command = Db.Command(connection, null, sql, [.. parameters]);
        return await ReadPageHitsAsync(command, higherIsBetter: true, cancellationToken);
    }

    public override string DumpSearchSql => "select record_id, original, normalized, romanized, array_to_string(phonetic, ' ') from search_index order by record_id collate \"C\"";

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    // A tsquery lexeme in single quotes; keys are letters and digits, but quote and escape anyway.
    private static string Lexeme(string key) => "'" + key.Replace("'", "''", StringComparison.Ordinal).Replace("\\", "\\\\", StringComparison.Ordinal) + "'";
}
