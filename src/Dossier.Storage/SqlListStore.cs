using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dossier.Application.Ledger;
using Dossier.Application.Lists;

namespace Dossier.Storage;

/// <summary>Reads the list, linkage and estimate projections (written only by <see cref="ListProjector"/>).</summary>
internal sealed class SqlListStore(Dialect dialect) : IListStore
{
    private const string SelectList = "select list_id, source_id, name, synthetic, columns, fields, row_count, file_name, sha256, imported_seq from lists";
    private const string SelectRow = "select list_id, row_id, line, synthetic, json, ord from list_rows";
    private const string SelectRun = "select seq, lists, row_count, clusters, review_pairs, synthetic, actor, time, reason, parameters, summary from linkage_runs";

    public async Task<IReadOnlyList<VictimList>> ListsAsync(CancellationToken cancellationToken)
    {
        var lists = await QueryAsync(SelectList, ReadList, cancellationToken);
        return [.. lists.OrderBy(l => l.ListId, StringComparer.Ordinal)];
    }

    public async Task<VictimList?> GetListAsync(string listId, CancellationToken cancellationToken) =>
        (await QueryAsync($"{SelectList} where list_id = @id", ReadList, cancellationToken, ("id", listId))).FirstOrDefault();

    public async Task<IReadOnlyList<ListRow>> RowsAsync(string listId, int offset, int limit, CancellationToken cancellationToken) =>
        [.. (await QueryAsync($"{SelectRow} where list_id = @id order by ord limit @limit offset @offset", ReadRow, cancellationToken,
            ("id", listId), ("limit", limit), ("offset", offset))).Select(r => r.Row)];

    public async Task<IReadOnlyList<ListRow>> RowsOfAsync(IReadOnlyCollection<string> listIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(listIds);
        var rows = new List<(ListRow Row, int Ord)>();
        foreach (var id in listIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            rows.AddRange(await QueryAsync($"{SelectRow} where list_id = @id order by ord", ReadRow, cancellationToken, ("id", id)));
        }

        return [.. rows.Select(r => r.Row)];
    }

    public async Task<IReadOnlyList<ListRow>> RowsByKeyAsync(IReadOnlyCollection<string> rowKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rowKeys);
        var rows = new List<ListRow>();
        // One query per list and chunk: both databases cap the number of bound parameters.
        foreach (var list in rowKeys.Distinct(StringComparer.Ordinal).Select(RowKeys.Split).GroupBy(k => k.ListId, StringComparer.Ordinal))
        {
            foreach (var chunk in list.Select(k => k.RowId).Chunk(500))
            {
                var names = chunk.Select((_, i) => "r" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
                (string, object?)[] parameters = [("list", list.Key), .. chunk.Select((id, i) => (names[i], (object?)id))];
                rows.AddRange((await QueryAsync($"{SelectRow} where list_id = @list and row_id in ({string.Join(',', names.Select(n => "@" + n))})",
                    ReadRow, cancellationToken, parameters)).Select(r => r.Row));
            }
        }

        return rows;
    }

    public async Task<IReadOnlyList<LinkageRunInfo>> RunsAsync(CancellationToken cancellationToken) =>
        await QueryAsync($"{SelectRun} order by seq desc", ReadRun, cancellationToken);

    public async Task<LinkageRunInfo?> LatestRunAsync(CancellationToken cancellationToken) =>
        (await QueryAsync($"{SelectRun} order by seq desc limit 1", ReadRun, cancellationToken)).FirstOrDefault();

    public async Task<IReadOnlyList<ReviewPair>> ReviewPairsAsync(long runSequence, CancellationToken cancellationToken) =>
        await QueryAsync("select run_seq, a_key, b_key, probability, explanation from linkage_review where run_seq = @run order by ord", r =>
        {
            using var explanation = JsonDocument.Parse(r.GetString(4));
            return new ReviewPair(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetDouble(3), explanation.RootElement.Clone());
        }, cancellationToken, ("run", runSequence));

    public async Task<IReadOnlyList<LinkageDecision>> DecisionsAsync(CancellationToken cancellationToken) =>
        await QueryAsync("select seq, run_seq, a_key, b_key, verdict, actor, reason, time from linkage_decisions order by seq", ReadDecision, cancellationToken);

    public async Task<IReadOnlyDictionary<string, string>> ClustersAsync(CancellationToken cancellationToken)
    {
        var pairs = await QueryAsync("select row_key, cluster_id from list_clusters", r => (r.GetString(0), r.GetString(1)), cancellationToken);
        return pairs.ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);
    }

    public async Task<ClusterView?> ClusterOfAsync(string rowKey, CancellationToken cancellationToken)
    {
        var found = await QueryAsync("select cluster_id, run_seq from list_clusters where row_key = @key",
            r => (Cluster: r.GetString(0), Run: Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture)), cancellationToken, ("key", rowKey));
        if (found.Count == 0)
        {
            return null;
        }

        var keys = await QueryAsync("select row_key from list_clusters where cluster_id = @cluster", r => r.GetString(0), cancellationToken, ("cluster", found[0].Cluster));
        var rows = (await RowsByKeyAsync(keys, cancellationToken)).OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        var inCluster = keys.ToHashSet(StringComparer.Ordinal);
        var decisions = (await DecisionsAsync(cancellationToken)).Where(d => inCluster.Contains(d.A) || inCluster.Contains(d.B)).ToList();
        return new ClusterView(found[0].Cluster, found[0].Run, rows, decisions);
    }

    public async Task<IReadOnlyDictionary<string, string>> PeopleOfRowsAsync(IReadOnlyCollection<string> rowKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rowKeys);
        var people = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in rowKeys.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            var names = chunk.Select((_, i) => "k" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
            foreach (var (row, person) in await QueryAsync($"select row_key, person_id from list_row_people where row_key in ({string.Join(',', names.Select(n => "@" + n))})",
                r => (r.GetString(0), r.GetString(1)), cancellationToken, [.. chunk.Select((key, i) => (names[i], (object?)key))]))
            {
                people[row] = person;
            }
        }

        return people;
    }

    public async Task<IReadOnlyList<ListRow>> RowsOfPersonAsync(string personId, CancellationToken cancellationToken)
    {
        var keys = await QueryAsync("select row_key from list_row_people where person_id = @person", r => r.GetString(0), cancellationToken, ("person", personId));
        return [.. (await RowsByKeyAsync(keys, cancellationToken)).OrderBy(r => r.ListId, StringComparer.Ordinal).ThenBy(r => r.RowId, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<EstimateRunInfo>> EstimatesAsync(CancellationToken cancellationToken) =>
        await QueryAsync("select seq, source, lists, synthetic, from_workspace, method, actor, time, reason from estimate_runs order by seq desc", r =>
            new EstimateRunInfo(r.GetInt64(0), r.GetString(1), JsonSerializer.Deserialize<string[]>(r.GetString(2), ListEntries.Json)!, Flag(r, 3), Flag(r, 4),
                r.GetString(5), r.GetString(6), ParseTime(r.GetString(7)), r.GetString(8)), cancellationToken);

    public async Task<LedgerEntry?> EntryAsync(long sequence, CancellationToken cancellationToken) =>
        (await QueryAsync("select bytes from ledger_entries where seq = @seq", r => LedgerEntry.FromBytes((byte[])r.GetValue(0)), cancellationToken, ("seq", sequence))).FirstOrDefault();

    private static VictimList ReadList(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), Flag(r, 3),
        JsonSerializer.Deserialize<string[]>(r.GetString(4), ListEntries.Json)!,
        JsonSerializer.Deserialize<ListField[]>(r.GetString(5), ListEntries.Json)!,
        Convert.ToInt32(r.GetValue(6), CultureInfo.InvariantCulture), r.GetString(7), r.GetString(8), r.GetInt64(9));

    private static (ListRow Row, int Ord) ReadRow(DbDataReader r) => (new ListRow(
        r.GetString(0), r.GetString(1), Convert.ToInt32(r.GetValue(2), CultureInfo.InvariantCulture), Flag(r, 3),
        JsonSerializer.Deserialize<SortedDictionary<string, string>>(r.GetString(4), ListEntries.Json)!), Convert.ToInt32(r.GetValue(5), CultureInfo.InvariantCulture));

    private static LinkageRunInfo ReadRun(DbDataReader r)
    {
        using var parameters = JsonDocument.Parse(r.GetString(9));
        using var summary = JsonDocument.Parse(r.GetString(10));
        return new LinkageRunInfo(r.GetInt64(0), JsonSerializer.Deserialize<string[]>(r.GetString(1), ListEntries.Json)!,
            Convert.ToInt32(r.GetValue(2), CultureInfo.InvariantCulture), Convert.ToInt32(r.GetValue(3), CultureInfo.InvariantCulture),
            Convert.ToInt32(r.GetValue(4), CultureInfo.InvariantCulture), Flag(r, 5), r.GetString(6), ParseTime(r.GetString(7)), r.GetString(8),
            parameters.RootElement.Clone(), summary.RootElement.Clone());
    }

    private static LinkageDecision ReadDecision(DbDataReader r) => new(
        r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4) == "accept" ? LinkageVerdict.Accept : LinkageVerdict.Reject,
        r.GetString(5), r.GetString(6), ParseTime(r.GetString(7)));

    private static bool Flag(DbDataReader r, int i) => Convert.ToInt32(r.GetValue(i), CultureInfo.InvariantCulture) != 0;

    private static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        var items = new List<T>();
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Db.Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(read(reader));
        }

        return items;
    }
}
