using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Dossier.Application.Ledger;
using Dossier.Application.Lists;

namespace Dossier.Storage;

/// <summary>
/// Projects list, linkage and estimate entries: lists and their rows, linkage runs (match links and the review
/// queue), decisions, the current clusters (run + decisions, by <see cref="ClusterResolver"/>) and recorded
/// estimates. Called from <see cref="Projector"/> inside the append's transaction, and by rebuilds.
/// </summary>
internal static class ListProjector
{
    public static bool Handles(string type) => type is EntryTypes.ListImported or EntryTypes.ListRows or EntryTypes.ListFieldsChanged
        or EntryTypes.LinkageRun or EntryTypes.LinkageDecision or EntryTypes.EstimateRun or EntryTypes.ListRowsIdentified;

    public static Task ApplyAsync(SqlSession session, LedgerEntry entry, CancellationToken cancellationToken) => entry.Type switch
    {
        EntryTypes.ListImported => ImportedAsync(session, entry, cancellationToken),
        EntryTypes.ListRows => RowsAsync(session, entry, cancellationToken),
        EntryTypes.ListFieldsChanged => FieldsChangedAsync(session, entry, cancellationToken),
        EntryTypes.LinkageRun => RunAsync(session, entry, cancellationToken),
        EntryTypes.LinkageDecision => DecisionAsync(session, entry, cancellationToken),
        EntryTypes.EstimateRun => EstimateAsync(session, entry, cancellationToken),
        EntryTypes.ListRowsIdentified => IdentifiedAsync(session, entry, cancellationToken),
        _ => Task.CompletedTask,
    };

    public static readonly IReadOnlyList<(string Table, string Sql)> Tables =
    [
        ("lists", "select list_id, source_id, name, synthetic, columns, fields, row_count, file_name, sha256, imported_seq from lists"),
        ("list_rows", "select list_id, row_id, ord, line, synthetic, seq, json from list_rows"),
        ("linkage_runs", "select seq, lists, row_count, clusters, review_pairs, synthetic, actor, time, reason, parameters, summary from linkage_runs"),
        ("linkage_edges", "select run_seq, a_key, b_key, probability from linkage_edges"),
        ("linkage_review", "select run_seq, a_key, b_key, ord, probability, explanation from linkage_review"),
        ("linkage_decisions", "select seq, run_seq, a_key, b_key, verdict, actor, reason, time from linkage_decisions"),
        ("list_clusters", "select row_key, cluster_id, run_seq from list_clusters"),
        ("estimate_runs", "select seq, source, lists, synthetic, from_workspace, method, actor, reason, time from estimate_runs"),
        ("list_row_people", "select row_key, person_id, seq from list_row_people"),
    ];

    public static Task ClearAsync(SqlSession session, CancellationToken cancellationToken) => session.ExecuteAsync(
        "delete from lists; delete from list_rows; delete from linkage_runs; delete from linkage_edges; delete from linkage_review; " +
        "delete from linkage_decisions; delete from list_clusters; delete from estimate_runs; delete from list_row_people;", cancellationToken);

    // A live append holds the body as written, a rebuild as canonical bytes: store the canonical form either way.
    private static string Canonical(JsonElement json) => Encoding.UTF8.GetString(Dossier.Ledger.Canonical.JsonCanonicalizer.Canonicalize(json));

    internal static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static async Task ImportedAsync(SqlSession session, LedgerEntry entry, CancellationToken cancellationToken)
    {
        var body = Entries.ListImported.Read(entry);
        await session.ExecuteAsync(
            """
            insert into lists (list_id, source_id, name, synthetic, columns, fields, row_count, file_name, sha256, imported_seq)
            values (@id, @source, @name, @synthetic, @columns, @fields, @rows, @file, @sha, @seq)
            """,
            cancellationToken, ("id", body.ListId), ("source", body.SourceId), ("name", body.Name), ("synthetic", body.Synthetic ? 1 : 0),
            ("columns", JsonSerializer.Serialize(body.Columns, ListEntries.Json)), ("fields", JsonSerializer.Serialize(body.Fields, ListEntries.Json)),
            ("rows", body.Rows), ("file", body.File.Name), ("sha", body.File.Sha256), ("seq", entry.Sequence));
    }

    private static Task FieldsChangedAsync(SqlSession session, LedgerEntry entry, CancellationToken cancellationToken)
    {
        var body = Entries.ListFieldsChanged.Read(entry);
        return session.ExecuteAsync("update lists set fields = @fields where list_id = @id", cancellationToken,
            ("fields", JsonSerializer.Serialize(body.Fields, ListEntries.Json)), ("id", body.ListId));
    }

    private static async Task RowsAsync(SqlSession session, LedgerEntry entry, CancellationToken cancellationToken)
    {
        var body = Entries.ListRows.Read(entry);
        var columnsJson = await session.ScalarAsync("select columns from lists where list_id = @id", cancellationToken, ("id", body.ListId)) as string
            ?? throw new InvalidDataException($"Ledger entry {entry.Sequence} holds rows of list '{body.ListId}', which no earlier entry imported.");
        var columns = JsonSerializer.Deserialize<string[]>(columnsJson, ListEntries.Json)!;
        for (var i = 0; i < body.Rows.Count; i++)
        {
            var row = body.Rows[i];
            var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
            for (var c = 0; c < columns.Length && c < row.Values.Count; c++)
            {
                values[columns[c]] = row.Values[c];
            }

            await session.WriteAsync(
                "insert into list_rows (list_id, row_id, ord, line, synthetic, seq, json) values (@list, @row, @ord, @line, @synthetic, @seq, @json)",
                cancellationToken, ("list", body.ListId), ("row", row.Id), ("ord", body.First + i), ("line", row.Line), ("synthetic", row.Synthetic ? 1 : 0),
                ("seq", entry.Sequence), ("json", JsonSerializer.Serialize(values, ListEntries.Json)));
        }
    }

    private static async Task RunAsync(SqlSession session, LedgerEntry entry, CancellationToken cancellationToken)
    {
        var body = Entries.LinkageRun.Read(entry);
        var synthetic = false;
        foreach (var list in body.Lists)
        {
            synthetic |= Convert.ToInt64(await session.ScalarAsync("select count(*) from list_rows where list_id = @id and synthetic = 1", cancellationToken, ("id", list)), CultureInfo.InvariantCulture) > 0;
        }

        await session.ExecuteAsync(
            """
            insert into linkage_runs (seq, lists, row_count, clusters, review_pairs, synthetic, actor, time, reason, parameters, summary)
            values (@seq, @lists, @rows, @clusters, @review, @synthetic, @actor, @time, @reason, @parameters, @summary)
            """,
            cancellationToken, ("seq", entry.Sequence), ("lists", JsonSerializer.Serialize(body.Lists, ListEntries.Json)), ("rows", body.Summary.Rows),
            ("clusters", body.Summary.Clusters), ("review", body.ReviewPairs.Count), ("synthetic", synthetic ? 1 : 0), ("actor", entry.Actor),
            ("time", Time(entry.Time)), ("reason", entry.Reason), ("parameters", Canonical(EntryJson.Write(body.Parameters))),
            ("summary", Canonical(EntryJson.Write(body.Summary))));
        foreach (var e in body.Edges)
        {
            await session.WriteAsync("insert into linkage_edges (run_seq, a_key, b_key, probability) values (@run, @a, @b, @p)",
                cancellationToken, ("run", entry.Sequence), ("a", e.A), ("b", e.B), ("p", e.P));
        }

        for (var i = 0; i < body.ReviewPairs.Count; i++)
        {
            var r = body.ReviewPairs[i];
            await session.WriteAsync(
                "insert into linkage_review (run_seq, a_key, b_key, ord, probability, explanation) values (@run, @a, @b, @ord, @p, @explanation)",
                cancellationToken, ("run", entry.Sequence), ("a", r.A), ("b", r.B), ("ord", i), ("p", r.P),
                ("explanation", JsonSerializer.Serialize(r.Explanation, ListEntries.Json)));
        }

        await RecomputeClustersAsync(session, cancellationToken);
    }

    private static async Task DecisionAsync(SqlSession session, LedgerEntry entry, CancellationToken cancellationToken)
    {
        var body = Entries.LinkageDecision.Read(entry);
        var (a, b) = RowKeys.Ordered(body.A, body.B);
        await session.ExecuteAsync(
            "insert into linkage_decisions (seq, run_seq, a_key, b_key, verdict, actor, reason, time) values (@seq, @run, @a, @b, @verdict, @actor, @reason, @time)",
            cancellationToken, ("seq", entry.Sequence), ("run", body.Run), ("a", a), ("b", b),
            ("verdict", body.Decision == LinkageVerdict.Accept ? "accept" : "reject"), ("actor", entry.Actor), ("reason", entry.Reason), ("time", Time(entry.Time)));
        await RecomputeClustersAsync(session, cancellationToken);
    }

    // A row is one person at most. The service refuses a row that is already a live person's; checked again here, in
    // the append's transaction, so a race between two appends loses. A retracted person's rows are free again.
    private static async Task IdentifiedAsync(SqlSession session, LedgerEntry entry, CancellationToken cancellationToken)
    {
        var body = Entries.ListRowsIdentified.Read(entry);
        // One query asks whether any of the entry's rows is taken (on PostgreSQL a round trip per row was most of making
        // settled clusters people, ADR 1824); only then, or when the entry names a row twice, are they checked one by one.
        var oneByOne = body.Rows.Distinct(StringComparer.Ordinal).Count() != body.Rows.Count;
        foreach (var chunk in body.Rows.Chunk(500))
        {
            var names = chunk.Select((_, i) => "@r" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
            oneByOne = oneByOne || await session.ScalarAsync(
                $"select p.person_id from list_row_people p join records r on r.id = p.person_id where p.row_key in ({string.Join(',', names)}) and r.retracted = 0 limit 1",
                cancellationToken, [.. chunk.Select((row, i) => (names[i][1..], (object?)row))]) is not null;
        }

        foreach (var row in body.Rows)
        {
            var live = oneByOne
                ? await session.ScalarAsync(
                    "select p.person_id from list_row_people p join records r on r.id = p.person_id where p.row_key = @row and r.retracted = 0",
                    cancellationToken, ("row", row))
                : null;
            if (live is string person)
            {
                throw new InvalidDataException($"Ledger entry {entry.Sequence} identifies the row '{row}', which is already the person '{person}'.");
            }

            await session.WriteAsync("delete from list_row_people where row_key = @row", cancellationToken, ("row", row));
            await session.WriteAsync("insert into list_row_people (row_key, person_id, seq) values (@row, @person, @seq)",
                cancellationToken, ("row", row), ("person", body.Person), ("seq", entry.Sequence));
        }
    }

    private static async Task EstimateAsync(SqlSession session, LedgerEntry entry, CancellationToken cancellationToken)
    {
        var body = Entries.EstimateRun.Read(entry);
        // The results are the estimate report in its own format (`EstimationReport.ToJson`).
        var results = body.Results;
        var source = results.ValueKind == JsonValueKind.Object && results.TryGetProperty("source", out var s) ? s.GetString() ?? string.Empty : string.Empty;
        var lists = results.ValueKind == JsonValueKind.Object && results.TryGetProperty("lists", out var l) ? Canonical(l) : "[]";
        var workspace = body.Input.Workspace;
        var synthetic = workspace?.Synthetic == true;
        var method = body.Parameters.Method;
        await session.ExecuteAsync(
            """
            insert into estimate_runs (seq, source, lists, synthetic, from_workspace, method, actor, reason, time)
            values (@seq, @source, @lists, @synthetic, @workspace, @method, @actor, @reason, @time)
            """,
            cancellationToken, ("seq", entry.Sequence), ("source", source), ("lists", lists), ("synthetic", synthetic ? 1 : 0),
            ("workspace", workspace is null ? 0 : 1), ("method", method), ("actor", entry.Actor), ("reason", entry.Reason), ("time", Time(entry.Time)));
    }

    /// <summary>Current clusters = the latest run's match links + every decision; only rows whose cluster changed are written.</summary>
    private static async Task RecomputeClustersAsync(SqlSession session, CancellationToken cancellationToken)
    {
        var latest = await session.ScalarAsync("select max(seq) from linkage_runs", cancellationToken);
        if (latest is null)
        {
            return;
        }

        var run = Convert.ToInt64(latest, CultureInfo.InvariantCulture);
        var lists = JsonSerializer.Deserialize<string[]>((string)(await session.ScalarAsync("select lists from linkage_runs where seq = @seq", cancellationToken, ("seq", run)))!, ListEntries.Json)!;
        var rows = new List<string>();
        foreach (var list in lists)
        {
            await ReadAsync(session, "select row_id from list_rows where list_id = @list", [("list", list)], reader => rows.Add(RowKeys.Of(list, reader.GetString(0))), cancellationToken);
        }

        var edges = new List<MatchEdge>();
        await ReadAsync(session, "select a_key, b_key, probability from linkage_edges where run_seq = @run", [("run", run)],
            reader => edges.Add(new MatchEdge(reader.GetString(0), reader.GetString(1), reader.GetDouble(2))), cancellationToken);
        var decisions = new List<LinkageDecision>();
        await ReadAsync(session, "select seq, run_seq, a_key, b_key, verdict from linkage_decisions", [],
            reader => decisions.Add(new LinkageDecision(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4) == "accept" ? LinkageVerdict.Accept : LinkageVerdict.Reject, string.Empty, string.Empty, default)), cancellationToken);
        var clusters = ClusterResolver.Resolve(rows, edges, decisions);

        var current = new Dictionary<string, (string Cluster, long Run)>(StringComparer.Ordinal);
        await ReadAsync(session, "select row_key, cluster_id, run_seq from list_clusters", [],
            reader => current[reader.GetString(0)] = (reader.GetString(1), Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture)), cancellationToken);
        foreach (var key in current.Keys.Where(k => !clusters.ContainsKey(k)).ToList())
        {
            await session.WriteAsync("delete from list_clusters where row_key = @key", cancellationToken, ("key", key));
        }

        foreach (var (key, cluster) in clusters)
        {
            if (current.TryGetValue(key, out var was) && was.Cluster == cluster && was.Run == run)
            {
                continue;
            }

            await session.WriteAsync(
                "insert into list_clusters (row_key, cluster_id, run_seq) values (@key, @cluster, @run) on conflict (row_key) do update set cluster_id = excluded.cluster_id, run_seq = excluded.run_seq",
                cancellationToken, ("key", key), ("cluster", cluster), ("run", run));
        }
    }

    private static async Task ReadAsync(SqlSession session, string sql, (string, object?)[] parameters, Action<DbDataReader> read, CancellationToken cancellationToken)
    {
        await using var command = await session.QueryAsync(sql, cancellationToken, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            read(reader);
        }
    }
}
