using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
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
        session.WriteAsync(
            // A row's rowid is its record's created_seq: FTS5 finds a rowid at once (an unindexed column only by a scan), and
            // yields matches in rowid order, which is the order hits are given in within a tier, so a LIMIT stops it early.
            """
            delete from search_index where rowid = (select created_seq from records where id = @id);
            insert into search_index (rowid, record_id, original, normalized, romanized, phonetic, text_normalized, text_romanized, text_phonetic, filter)
            values ((select created_seq from records where id = @id), @id, @o, @n, @r, @p, @tn, @tr, @tp, @f);
            insert or ignore into search_terms (scope, term) select 0, value from json_each(@nameTerms);
            insert or ignore into search_terms (scope, term) select 1, value from json_each(@textTerms)
            """,
            cancellationToken,
            ("id", document.RecordId), ("o", document.Original), ("n", string.Join(' ', document.Names.Normalized)),
            ("r", string.Join(' ', document.Names.Romanized)), ("p", string.Join(' ', document.Names.Phonetic)),
            ("tn", string.Join(' ', document.Text.Normalized)), ("tr", string.Join(' ', document.Text.Romanized)),
            ("tp", string.Join(' ', document.Text.Phonetic)), ("f", FilterTokens(document)),
            ("nameTerms", JsonSerializer.Serialize(document.Names.Normalized.Concat(document.Names.Romanized).Distinct(StringComparer.Ordinal))),
            ("textTerms", JsonSerializer.Serialize(document.Text.Normalized.Concat(document.Text.Romanized).Distinct(StringComparer.Ordinal))));

    public override Task DeleteSearchAsync(SqlSession session, string recordId, CancellationToken cancellationToken) =>
        session.WriteAsync("delete from search_index where rowid = (select created_seq from records where id = @id)", cancellationToken, ("id", recordId));

    public override Task ClearSearchAsync(SqlSession session, CancellationToken cancellationToken) =>
        session.ExecuteAsync("delete from search_index; delete from search_terms", cancellationToken);

    public override async Task<IReadOnlyList<SearchHit>> MatchAsync(DbConnection connection, SearchWords query, MatchTier tier, bool synthetic, RecordKind? kind, Classification ceiling, int limit, CancellationToken cancellationToken)
    {
        if (tier >= MatchTier.NameBeginning)
        {
            await LookUpBeginningsAsync(connection, query, tier >= MatchTier.AnyText ? [NamesScope, TextScope] : [NamesScope], cancellationToken);
        }

        if (TierExpression(query.Words, tier, query.Beginnings) is not { } expression)
        {
            return [];
        }

        var match = new StringBuilder(expression);
        // The filters are tokens of the row's filter column, so FTS5 intersects them with the words' lists as it walks
        // them in rowid order: nothing is ranked or joined before the limit.
        match.Append(" AND filter : ").Append(Quote(VisibleTo(ceiling))).Append(" AND filter : ").Append(Quote(synthetic ? "synthetic" : "real"));
        if (kind is not null)
        {
            match.Append(" AND filter : ").Append(Quote(KindToken(kind.Value)));
        }

        var sql = """
            select s.record_id, @rank, r.kind, r.label, r.synthetic, r.classification
            from (select rowid, record_id from search_index where search_index match @q order by rowid limit @limit) s
            join records r on r.id = s.record_id
            where r.retracted = 0
            order by s.rowid
            """;
        await using var command = Db.Command(connection, null, sql, ("q", match.ToString()), ("limit", limit), ("rank", MatchTiers.Rank(tier)));
        return await ReadHitsAsync(command, higherIsBetter: true, cancellationToken);
    }

    /// <summary>
    /// The FTS5 expression of a tier (docs/search.md): every word must match (AND), each by any of its keys (OR). Whole-word
    /// keys are matched in the names' normalised and romanised columns together, phonetic keys in the phonetic column;
    /// from <see cref="MatchTier.NameBeginning"/> on, a whole-word key may also begin a word (a prefix query), and
    /// <see cref="MatchTier.AnyText"/> adds the same alternatives over the record's other words. Document pages (whose
    /// index has the names' three columns) are matched as names at <see cref="MatchTier.NameBeginning"/>. Null when a word
    /// has no key this tier reads.
    /// </summary>
    private static string? TierExpression(IReadOnlyList<QueryWord> words, MatchTier tier, IReadOnlyDictionary<(int Scope, string Key), IReadOnlyList<string>?>? beginnings = null)
    {
        var match = new StringBuilder();
        foreach (var word in words)
        {
            var keys = WordKeys(word);
            // From NameBeginning on, a key stands for every indexed word it begins: the words search_terms lists (found
            // by a range of its primary key), or FTS5's own prefix query where they were too many to list.
            List<string> Whole(int scope) => tier < MatchTier.NameBeginning
                ? [.. keys.Select(Quote)]
                : [.. keys.SelectMany(k => beginnings is not null && beginnings.TryGetValue((scope, k), out var listed) && listed is not null
                    ? listed.Select(Quote)
                    : [Quote(k) + " *"]).Distinct(StringComparer.Ordinal)];
            var whole = Whole(NamesScope);
            var sounds = word.Phonetic.Select(Quote).ToList();
            var alternatives = new List<string>();
            void Add(string columns, List<string> terms)
            {
                if (terms.Count > 0)
                {
                    alternatives.Add($"{columns} : ({string.Join(" OR ", terms)})");
                }
            }

            Add("{normalized romanized}", whole);
            if (tier >= MatchTier.SoundsLikeName)
            {
                Add("phonetic", sounds);
            }

            if (tier >= MatchTier.AnyText)
            {
                Add("{text_normalized text_romanized}", Whole(TextScope));
                Add("text_phonetic", sounds);
            }

            // A word with no key of the kinds this tier reads cannot match at it (its keys are all phonetic, say).
            if (alternatives.Count == 0)
            {
                return null;
            }

            match.Append(match.Length > 0 ? " AND " : string.Empty).Append('(').AppendJoin(" OR ", alternatives).Append(')');
        }

        return match.ToString();
    }

    private const int NamesScope = 0;
    private const int TextScope = 1;

    /// <summary>Indexed words listed for one key at most; past it the key stays an FTS5 prefix query (same hits, slower).</summary>
    private const int MaxBeginnings = 256;

    /// <summary>
    /// Looks up, once per search, the indexed words each whole-word key begins. FTS5's own prefix query merges the lists of
    /// every such word before it can stop at a limit — at a million people about 10 ms for a common name even where the
    /// filters leave nothing (the real records of a synthetic list) — while an OR of the words themselves is walked lazily.
    /// </summary>
    private static async Task LookUpBeginningsAsync(DbConnection connection, SearchWords query, int[] scopes, CancellationToken cancellationToken)
    {
        foreach (var scope in scopes)
        {
            foreach (var key in query.Words.SelectMany(WordKeys).Distinct(StringComparer.Ordinal))
            {
                if (query.Beginnings.ContainsKey((scope, key)))
                {
                    continue;
                }

                var listed = new List<string>();
                await using (var command = Db.Command(connection, null,
                    "select term from search_terms where scope = @scope and term >= @key and term < @end order by term limit @max",
                    ("scope", scope), ("key", key), ("end", key + char.ConvertFromUtf32(0x10FFFF)), ("max", MaxBeginnings + 1)))
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        listed.Add(reader.GetString(0));
                    }
                }

                query.Beginnings[(scope, key)] = listed.Count > MaxBeginnings ? null : listed;
            }
        }
    }

    /// <summary>
    /// The filter column: <c>vN</c> for every ceiling N that may see the record (public: v0 v1 v2 v3; restricted: v2 v3), so
    /// a ceiling is one token; <c>real</c> or <c>synthetic</c>; and the kind.
    /// </summary>
    private static string FilterTokens(SearchDocument document)
    {
        var tokens = new List<string>();
        for (var level = (int)document.Classification; level <= (int)Classification.ProtectedIdentity; level++)
        {
            tokens.Add(VisibleTo((Classification)level));
        }

        tokens.Add(document.Synthetic ? "synthetic" : "real");
        tokens.Add(KindToken(document.Kind));
        return string.Join(' ', tokens);
    }

    private static string VisibleTo(Classification ceiling) => "v" + ((int)ceiling).ToString(CultureInfo.InvariantCulture);

    // Letters only, so the tokenizer keeps it one token.
    private static string KindToken(RecordKind kind) => "k" + new string([.. RecordKinds.Name(kind).Where(char.IsAsciiLetter)]);

    public override string DumpSearchSql =>
        "select record_id, original, normalized, romanized, phonetic, rowid, text_normalized, text_romanized, text_phonetic, filter from search_index order by record_id";

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

    public override async Task DeleteDocumentPagesAsync(SqlSession session, string derivative, IReadOnlyList<DocumentPage> pages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(pages);
        // document_index is contentless: a row is deleted by giving the values it was indexed with ('delete' command),
        // which are the page's keys, made again from the same bytes as when it was written.
        foreach (var page in pages)
        {
            await session.ExecuteAsync(
                """
                insert into document_index (document_index, rowid, normalized, romanized, phonetic)
                select 'delete', id, @n, @r, @p from document_pages where derivative = @d and page = @page
                """,
                cancellationToken,
                ("d", derivative), ("page", page.Page),
                ("n", string.Join(' ', page.Keys.Normalized)), ("r", string.Join(' ', page.Keys.Romanized)), ("p", string.Join(' ', page.Keys.Phonetic)));
        }

        await session.ExecuteAsync("delete from document_pages where derivative = @d", cancellationToken, ("d", derivative));
    }

    public override async Task<IReadOnlyList<PageHit>> SearchPagesAsync(DbConnection connection, IReadOnlyList<QueryWord> words, Classification ceiling, int limit, CancellationToken cancellationToken)
    {
        // The first 400 matching pages the reader may see are ranked (BM25), joined to their rows and items. Ranking every
        // match costs a tenth of a second and more for a word on most of 100,000 pages; PostgreSQL does the same (ADR 1602).
        // The reader's ceiling is inside the limit, so pages above it never push the reader's own hits out.
        var sql = PageHitsSql(
            $"""
            with best as (select document_index.rowid, bm25(document_index) as score from document_index
                join document_pages b on b.id = document_index.rowid join evidence_items bi on bi.hash = b.original
                join evidence_items bd on bd.hash = b.derivative
                where document_index match @q and {WithinCeiling("b.classification")} and {WithinCeiling("bi.classification")} and {WithinCeiling("bd.classification")} limit 400)
            """,
            "best join document_pages p on p.id = best.rowid",
            "score");
        if (TierExpression(words, MatchTier.NameBeginning) is not { } match)
        {
            return [];
        }

        await using var command = Db.Command(connection, null, sql, ("q", match), ("limit", limit), ("ceiling", (int)ceiling));
        return await ReadPageHitsAsync(command, higherIsBetter: false, cancellationToken);
    }

    // FTS5 string literal: double quotes, with embedded quotes doubled. Keys hold only letters and
    // digits, but a query is user input, so quote regardless.
    private static string Quote(string key) => "\"" + key.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
