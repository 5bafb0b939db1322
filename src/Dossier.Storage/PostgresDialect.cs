using System.Data.Common;
using System.Globalization;
using System.Text;
using Dossier.Application.Search;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;
using Npgsql;

namespace Dossier.Storage;

/// <summary>PostgreSQL through Npgsql; search through full text (whole words and prefixes) and phonetic key arrays.</summary>
internal sealed class PostgresDialect(string connectionString) : Dialect
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(WithAutoPrepare(connectionString));

    public override string Name => "postgres";

    public override string MigrationFolder => "postgres";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    public override DbConnection Open() => _dataSource.OpenConnection();

    public override Task LockLedgerAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Db.ExecuteAsync(connection, transaction, "select pg_advisory_xact_lock(7401988)", cancellationToken);

    public override Task WriteSearchAsync(SqlSession session, SearchDocument document, CancellationToken cancellationToken) =>
        session.WriteAsync(
            // seq is the record's created_seq: the order hits are given in within a tier (as SQLite's rowid).
            """
            insert into search_index (record_id, seq, kind, level, synthetic, original, normalized, romanized, phonetic, text_normalized, text_romanized, text_phonetic)
            values (@id, (select created_seq from records where id = @id), @kind, @level, @synthetic, @o, @n, @r, @p, @tn, @tr, @tp)
            on conflict (record_id) do update set seq = excluded.seq, kind = excluded.kind, level = excluded.level, synthetic = excluded.synthetic,
                original = excluded.original, normalized = excluded.normalized, romanized = excluded.romanized, phonetic = excluded.phonetic,
                text_normalized = excluded.text_normalized, text_romanized = excluded.text_romanized, text_phonetic = excluded.text_phonetic
            """,
            cancellationToken,
            ("id", document.RecordId), ("kind", RecordKinds.Name(document.Kind)), ("level", (short)document.Classification),
            ("synthetic", (short)(document.Synthetic ? 1 : 0)), ("o", document.Original),
            ("n", string.Join(' ', document.Names.Normalized)), ("r", string.Join(' ', document.Names.Romanized)), ("p", document.Names.Phonetic.ToArray()),
            ("tn", string.Join(' ', document.Text.Normalized)), ("tr", string.Join(' ', document.Text.Romanized)), ("tp", document.Text.Phonetic.ToArray()));

    public override Task DeleteSearchAsync(SqlSession session, string recordId, CancellationToken cancellationToken) =>
        session.WriteAsync("delete from search_index where record_id = @id", cancellationToken, ("id", recordId));

    public override Task ClearSearchAsync(SqlSession session, CancellationToken cancellationToken) =>
        session.ExecuteAsync("delete from search_index", cancellationToken);

    // Without fresh statistics the planner took the (synthetic, seq) order for a word on 5 % of rows as if it were rare and
    // sorted 100,000 rows for 20 (88 ms); with them it walks the order and stops (0.3 ms). The vacuum sets the rows'
    // hint bits once, which the first searches after a million rows were rewritten otherwise paid for (p50 121 ms, then 4).
    public override Task TidySearchAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Db.ExecuteAsync(connection, null, "vacuum (analyze) search_index", cancellationToken);

    public override async Task<IReadOnlyList<SearchHit>> MatchAsync(DbConnection connection, SearchWords query, MatchTier tier, bool synthetic, RecordKind? kind, Classification ceiling, int limit, CancellationToken cancellationToken)
    {
        // The same alternatives as SQLite's (docs/search.md): whole-word keys against the names' tsvector (normalised and
        // romanised words together), phonetic keys against the array, prefixes from NameBeginning on, the other words'
        // columns at AnyText. The filters are columns of the index row, so the planner can walk (synthetic, seq) in order
        // and stop at the limit, or take the few rows a rare word's GIN entry gives and sort them.
        var words = query.Words;
        var where = new StringBuilder("s.synthetic = @synthetic and s.level <= @ceiling");
        var parameters = new List<(string, object?)>
        {
            ("synthetic", (short)(synthetic ? 1 : 0)), ("ceiling", (short)ceiling), ("limit", limit), ("rank", MatchTiers.Rank(tier)),
        };
        if (kind is not null)
        {
            where.Append(" and s.kind = @kind");
            parameters.Add(("kind", RecordKinds.Name(kind.Value)));
        }

        for (var i = 0; i < words.Count; i++)
        {
            var keys = WordKeys(words[i]);
            var alternatives = new List<string>();
            if (keys.Count > 0)
            {
                parameters.Add(($"t{i}", string.Join(" | ", keys.Select(k => tier >= MatchTier.NameBeginning ? Lexeme(k) + ":*" : Lexeme(k)))));
                alternatives.Add($"s.words @@ to_tsquery('simple', @t{i})");
                if (tier >= MatchTier.AnyText)
                {
                    alternatives.Add($"s.text_words @@ to_tsquery('simple', @t{i})");
                }
            }

            if (tier >= MatchTier.SoundsLikeName && words[i].Phonetic.Count > 0)
            {
                parameters.Add(($"p{i}", words[i].Phonetic.ToArray()));
                alternatives.Add($"s.phonetic && @p{i}");
                if (tier >= MatchTier.AnyText)
                {
                    alternatives.Add($"s.text_phonetic && @p{i}");
                }
            }

            if (alternatives.Count == 0)
            {
                return [];
            }

            where.Append(" and (").AppendJoin(" or ", alternatives).Append(')');
        }

        var sql = $"""
            select s.record_id, @rank, r.kind, r.label, r.synthetic, r.classification
            from (select s.record_id, s.seq from search_index s where {where} order by s.seq limit @limit) s
            join records r on r.id = s.record_id
            where r.retracted = 0
            order by s.seq
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

    public override Task DeleteDocumentPagesAsync(SqlSession session, string derivative, IReadOnlyList<DocumentPage> pages, CancellationToken cancellationToken) =>
        session.ExecuteAsync("delete from document_pages where derivative = @d", cancellationToken, ("d", derivative));

    public override async Task<IReadOnlyList<PageHit>> SearchPagesAsync(DbConnection connection, IReadOnlyList<QueryWord> words, Classification ceiling, int limit, CancellationToken cancellationToken)
    {
        // The records' conditions at NameBeginning (docs/search.md): a prefix of a page's word or an exact phonetic key.
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
        // 100,000 pages. So the first 400 matches the reader may see are ranked (the ceiling inside the limit), as SQLite ranks its best 400; a word on
        // fewer pages is ranked exactly (docs/BENCHMARKS.md, ADR 1602).
        var sql = PageHitsSql(
            string.Empty,
            $"(select p.*, ts_rank(p.words, to_tsquery('simple', @all)) as score from (select p.* from document_pages p join evidence_items bi on bi.hash = p.original "
            + "join evidence_items bd on bd.hash = p.derivative "
            + $"where {where} and {WithinCeiling("p.classification")} and {WithinCeiling("bi.classification")} and {WithinCeiling("bd.classification")} limit 400) p) p",
            "score desc");
        await using var command = Db.Command(connection, null, sql, [.. parameters]);
        return await ReadPageHitsAsync(command, higherIsBetter: true, cancellationToken);
    }

    public override string DumpSearchSql =>
        "select record_id, original, normalized, romanized, array_to_string(phonetic, ' '), seq, kind, level, synthetic, text_normalized, text_romanized, array_to_string(text_phonetic, ' ') from search_index order by record_id collate \"C\"";

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>
    /// The connection string with Npgsql's automatic preparation on, unless it says otherwise: an append runs the same few
    /// statements for every entry, and the server parsed and planned each of them every time (ADR 1824). A deployment
    /// behind a pooler that cannot keep prepared statements sets <c>Max Auto Prepare=0</c>.
    /// </summary>
    internal static string WithAutoPrepare(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.ContainsKey("Max Auto Prepare") || given.ContainsKey("MaxAutoPrepare"))
        {
            return connectionString;
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = AutoPrepared }.ConnectionString;
    }

    /// <summary>How many statements each connection keeps prepared: more than the append and the searches use.</summary>
    private const int AutoPrepared = 64;

    // A tsquery lexeme in single quotes; keys are letters and digits, but quote and escape anyway.
    private static string Lexeme(string key) => "'" + key.Replace("'", "''", StringComparison.Ordinal).Replace("\\", "\\\\", StringComparison.Ordinal) + "'";
}
