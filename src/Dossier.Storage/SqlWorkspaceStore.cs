using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Dossier.Application.Ledger;
using Dossier.Application.Search;
using Dossier.Application.Serialization;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;
using Dossier.Ledger.Merkle;

namespace Dossier.Storage;

/// <summary>
/// The ledger and its projections in a SQL database. An append writes the entries, the Merkle nodes
/// they complete, the new tree head and the projections in one transaction. This class holds the ledger
/// and the record queries; each other capability (lists, evidence, accounts, audit, sealed identities) is a
/// store of its own over the same database, handed out by a property.
/// </summary>
internal sealed partial class SqlWorkspaceStore : IWorkspaceStore
{
    private readonly Dialect _dialect;
    private readonly Projector _projector;

    private SqlWorkspaceStore(Dialect dialect, string describe)
    {
        _dialect = dialect;
        _projector = new Projector(dialect, () => WorkspaceDirectory);
        Describe = describe;
        Lists = new SqlListStore(dialect);
        Evidence = new SqlEvidenceStore(dialect, this);
        EvidenceLinks = new SqlEvidenceLinkStore(dialect);
        AccountStore = new SqlAccountStore(dialect, () => WorkspaceDirectory);
        Audit = new SqlAuditLog(dialect);
        SealedIdentities = new SqlSealedIdentityStore(dialect, this);
        Suggestions = new SqlSuggestionStore(dialect);
    }

    public string Describe { get; }

    public string? WorkspaceDirectory { get; set; }

    public Dossier.Application.Lists.IListStore Lists { get; }

    public Dossier.Application.Evidence.IEvidenceStore Evidence { get; }

    public Dossier.Application.Evidence.IEvidenceLinkStore EvidenceLinks { get; }

    public Dossier.Application.Access.IAccountStore Accounts => AccountStore;

    public Dossier.Application.Access.IAuditLog Audit { get; }

    public Dossier.Application.Protection.ISealedIdentityStore SealedIdentities { get; }

    public Dossier.Application.Evidence.ISuggestionStore Suggestions { get; }

    internal SqlAccountStore AccountStore { get; }

    public static async Task<SqlWorkspaceStore> OpenAsync(Dialect dialect, string describe, CancellationToken cancellationToken)
    {
        var store = new SqlWorkspaceStore(dialect, describe);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await dialect.PrepareAsync(connection, cancellationToken);
        await MigrationRunner.ApplyAsync(connection, dialect.MigrationFolder, cancellationToken);
        await store.ReindexSearchIfAskedAsync(connection, cancellationToken);
        return store;
    }

    /// <summary>
    /// A migration that changes the search index's rows asks for them to be written again (table search_reindex): the keys
    /// are made in C#, so it cannot write them itself. Done once, under the ledger lock, before the store is used.
    /// </summary>
    private async Task ReindexSearchIfAskedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using (var probe = Db.Command(connection, null, "select count(*) from search_reindex"))
        {
            if (Convert.ToInt64(await probe.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0)
            {
                return;
            }
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await _dialect.LockLedgerAsync(connection, transaction, cancellationToken);
        await using var session = new SqlSession(connection, transaction);
        // Another process may have done it while this one waited for the lock.
        if (Convert.ToInt64(await session.ScalarAsync("select count(*) from search_reindex", cancellationToken), CultureInfo.InvariantCulture) > 0)
        {
            await new RecordProjection(_dialect).ReindexSearchAsync(session, cancellationToken);
            await session.ExecuteAsync("delete from search_reindex", cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            await _dialect.TidySearchAsync(connection, cancellationToken);
            return;
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public Task<IReadOnlyList<LedgerEntry>> AppendAsync(IReadOnlyList<NewEntry> entries, CancellationToken cancellationToken) =>
        AppendAsync(entries, null, cancellationToken);

    public Task<long> AppendAllAsync(IEnumerable<NewEntry> entries, CancellationToken cancellationToken) =>
        AppendInOneTransactionAsync(entries, null, null, cancellationToken);

    /// <summary>An append with other writes in its transaction (a sealed identity's key, an erasure's scrub).</summary>
    internal async Task<IReadOnlyList<LedgerEntry>> AppendAsync(IReadOnlyList<NewEntry> entries, Func<SqlSession, CancellationToken, Task>? alongside, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return [];
        }

        var sealedEntries = new List<LedgerEntry>(entries.Count);
        await AppendInOneTransactionAsync(entries, alongside, sealedEntries, cancellationToken);
        return sealedEntries;
    }

    // Entries are read a group at a time, so a caller may produce them lazily; only what `kept` asks for stays in memory.
    // Nothing is committed unless every entry was sealed and projected, and an empty sequence commits nothing.
    // On PostgreSQL the session sends its writes in batches (ADR 1824) and each group's records are read in one query, so
    // an entry costs no round trip of its own unless its projection reads (a statement's interview, a row's person).
    private async Task<long> AppendInOneTransactionAsync(
        IEnumerable<NewEntry> entries, Func<SqlSession, CancellationToken, Task>? alongside, List<LedgerEntry>? kept, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await _dialect.LockLedgerAsync(connection, transaction, cancellationToken);
        await using var session = new SqlSession(connection, transaction, buffered: true);
        var range = await LoadRangeAsync(session, cancellationToken);
        var preconditions = new RecordPreconditions();
        var appended = 0L;
        foreach (var group in entries.Chunk(RecordPreconditions.GroupSize))
        {
            var assumptions = Array.ConvertAll(group, RecordAssumption.Of);
            await preconditions.LoadAsync(session, assumptions, cancellationToken);
            for (var i = 0; i < group.Length; i++)
            {
                preconditions.Admit(assumptions[i]);
                var sealedEntry = LedgerEntry.Seal(range.Size, group[i]);
                await session.WriteAsync(
                    "insert into ledger_entries (seq, type, bytes, leaf_hash) values (@seq, @type, @bytes, @leaf)",
                    cancellationToken, ("seq", sealedEntry.Sequence), ("type", sealedEntry.Type), ("bytes", sealedEntry.Bytes), ("leaf", sealedEntry.LeafHash));
                foreach (var node in range.Append(sealedEntry.LeafHash))
                {
                    await session.WriteAsync("insert into merkle_nodes (level, idx, hash) values (@level, @idx, @hash)",
                        cancellationToken, ("level", node.Level), ("idx", node.Index), ("hash", node.Hash));
                }

                await _projector.ApplyAsync(session, sealedEntry, cancellationToken);
                kept?.Add(sealedEntry);
                appended++;
            }
        }

        if (appended == 0)
        {
            return 0;
        }

        await session.WriteAsync("insert into tree_heads (size, root) values (@size, @root)",
            cancellationToken, ("size", range.Size), ("root", range.Root()));
        if (alongside is not null)
        {
            await alongside(session, cancellationToken);
        }

        await session.CommitAsync(cancellationToken);
        return appended;
    }

    public async Task<TreeHead> GetTreeHeadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        await using var command = Db.Command(connection, null, "select size, root from tree_heads order by size desc limit 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new TreeHead(reader.GetInt64(0), (byte[])reader.GetValue(1))
            : new TreeHead(0, MerkleHash.Empty());
    }

    public async Task<RecordEnvelope?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var found = await QueryRecordsAsync($"{SelectRecord} where id = @id", cancellationToken, ("id", id));
        return found.Count > 0 ? found[0] : null;
    }

    public async Task<IReadOnlyDictionary<string, RecordEnvelope>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var found = new Dictionary<string, RecordEnvelope>(StringComparer.Ordinal);
        // In chunks: both databases cap the number of bound parameters.
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            var names = chunk.Select((_, i) => "@i" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
            var rows = await QueryRecordsAsync($"{SelectRecord} where id in ({string.Join(',', names)})", cancellationToken,
                [.. chunk.Select((id, i) => (names[i][1..], (object?)id))]);
            foreach (var row in rows)
            {
                found[row.Id] = row;
            }
        }

        return found;
    }

    public async Task<IReadOnlyList<LedgerEntry>> RecentEntriesAsync(int count, CancellationToken cancellationToken)
    {
        var entries = new List<LedgerEntry>();
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        await using var command = Db.Command(connection, null, "select bytes from ledger_entries order by seq desc limit @n", ("n", Math.Clamp(count, 0, 1000)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(LedgerEntry.FromBytes((byte[])reader.GetValue(0)));
        }

        return entries;
    }

    public async Task<IReadOnlyDictionary<string, RecordKind>> KindsOfAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var kinds = new Dictionary<string, RecordKind>(StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return kinds;
        }

        await using var connection = await _dialect.OpenAsync(cancellationToken);
        // Looked up in chunks: both databases cap the number of bound parameters.
        foreach (var chunk in ids.Chunk(500))
        {
            var names = chunk.Select((_, i) => "@i" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
            await using var command = Db.Command(connection, null, $"select id, kind from records where id in ({string.Join(',', names)})",
                [.. chunk.Select((id, i) => (names[i][1..], (object?)id))]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (RecordKinds.TryParse(reader.GetString(1), out var kind))
                {
                    kinds[reader.GetString(0)] = kind;
                }
            }
        }

        return kinds;
    }

    public Task<IReadOnlyList<RecordEnvelope>> ListAsync(RecordKind? kind, Classification ceiling, int offset, int limit, CancellationToken cancellationToken) =>
        kind is null
            ? QueryRecordsAsync($"{SelectRecord} where {Dialect.WithinCeiling()} order by kind, label, id limit @limit offset @offset", cancellationToken,
                ("ceiling", (int)ceiling), ("limit", limit), ("offset", offset))
            : QueryRecordsAsync($"{SelectRecord} where kind = @kind and {Dialect.WithinCeiling()} order by label, id limit @limit offset @offset", cancellationToken,
                ("kind", RecordKinds.Name(kind.Value)), ("ceiling", (int)ceiling), ("limit", limit), ("offset", offset));

    public Task<IReadOnlyList<RecordEnvelope>> ReferencingAsync(string id, RecordKind? kind, CancellationToken cancellationToken) =>
        QueryRecordsAsync(
            $"{SelectRecord} where id in (select record_id from record_refs where target_id = @id) and (cast(@kind as text) is null or kind = @kind) order by kind, label, id",
            cancellationToken, ("id", id), ("kind", kind is null ? null : RecordKinds.Name(kind.Value)));

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var words = QueryWord.Parse(query.Text);
        if (words.Count == 0)
        {
            return [];
        }

        var limit = Math.Clamp(query.Limit, 1, 200);
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        if (!query.HasFacetFilter)
        {
            return await TopHitsAsync(connection, words, query.Kind, query.Ceiling, limit, cancellationToken);
        }

        // Facets other than kind live in the records' JSON: the best candidates are filtered in memory.
        var candidates = await TopHitsAsync(connection, words, query.Kind, query.Ceiling, FacetCandidates, cancellationToken);
        var records = await GetManyAsync([.. candidates.Select(h => h.Id)], cancellationToken);
        return [.. candidates.Where(h => records.TryGetValue(h.Id, out var found) && SearchFacets.Matches(found.Record, query)).Take(limit)];
    }

    /// <summary>
    /// The first <paramref name="limit"/> hits in the one order both dialects give (docs/search.md): real records before
    /// synthetic ones, then by tier (<see cref="MatchTiers.All"/>), then by when the record entered the ledger. Each
    /// (group, tier) is one indexed query that filters by classification and kind and stops at its limit, so what a
    /// reader may not see never takes a place among their hits, and no query ranks every match.
    /// </summary>
    private async Task<IReadOnlyList<SearchHit>> TopHitsAsync(DbConnection connection, IReadOnlyList<QueryWord> words, RecordKind? kind, Classification ceiling, int limit, CancellationToken cancellationToken)
    {
        var hits = new List<SearchHit>(limit);
        var query = new SearchWords(words);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var synthetic in (bool[])[false, true])
        {
            var inGroup = 0;
            foreach (var tier in MatchTiers.All)
            {
                if (hits.Count == limit)
                {
                    return hits;
                }

                // A tier's matches include the tiers' before it, in the same order: the first (found + wanted) of them
                // hold every new hit there is among the first wanted.
                foreach (var hit in await _dialect.MatchAsync(connection, query, tier, synthetic, kind, ceiling, inGroup + limit - hits.Count, cancellationToken))
                {
                    if (hits.Count < limit && seen.Add(hit.Id))
                    {
                        hits.Add(hit);
                        inGroup++;
                    }
                }
            }
        }

        return hits;
    }

    public async Task<IReadOnlyList<LedgerEntry>> HistoryAsync(string id, CancellationToken cancellationToken)
    {
        var entries = new List<LedgerEntry>();
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        await using var command = Db.Command(connection, null,
            "select e.bytes from record_history h join ledger_entries e on e.seq = h.seq where h.record_id = @id order by h.seq", ("id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(LedgerEntry.FromBytes((byte[])reader.GetValue(0)));
        }

        return entries;
    }

    public async Task<IReadOnlyDictionary<RecordKind, int>> CountAsync(Classification ceiling, CancellationToken cancellationToken)
    {
        var counts = RecordKinds.All.ToDictionary(k => k, _ => 0);
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        await using var command = Db.Command(connection, null,
            $"select kind, count(*) from records where retracted = 0 and {Dialect.WithinCeiling()} group by kind", ("ceiling", (int)ceiling));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (RecordKinds.TryParse(reader.GetString(0), out var kind))
            {
                counts[kind] = Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
            }
        }

        return counts;
    }

    public async Task<Dossier.Application.Browse.BrowsePage> BrowseAsync(Dossier.Application.Browse.BrowseQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        // The table's own columns filter in SQL; the records' fields (dates, types) in memory over what those let through (ADR 1802).
        var where = $"retracted = 0 and {Dialect.WithinCeiling()}";
        var parameters = new List<(string, object?)> { ("ceiling", (int)query.Ceiling) };
        if (query.Kind is { } kind)
        {
            where += " and kind = @kind";
            parameters.Add(("kind", RecordKinds.Name(kind)));
        }
        if (query.Classification is { } classification)
        {
            where += " and classification = @classification";
            parameters.Add(("classification", Classifications.Name(classification)));
        }

        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            where += " and lower(label) like @text escape '!'";
            var escaped = query.Text.Trim().ToLowerInvariant().Replace("!", "!!", StringComparison.Ordinal)
                .Replace("%", "!%", StringComparison.Ordinal).Replace("_", "!_", StringComparison.Ordinal);
            parameters.Add(("text", "%" + escaped + "%"));
        }

        var limit = Math.Clamp(query.Limit, 1, 1000);
        var offset = Math.Max(0, query.Offset);
        if (query.NeedsRecordFields)
        {
            var rows = await QueryRecordsAsync($"{SelectRecord} where {where} order by id limit {Dossier.Application.Browse.BrowseFilter.MaxScan}", cancellationToken, [.. parameters]);
            var matching = rows.Where(r => Dossier.Application.Browse.BrowseFilter.Matches(r.Record, query)).ToList();
            var shown = query.Synthetic ? matching : [.. matching.Where(r => !r.Record.Synthetic)];
            return new(
                [.. Dossier.Application.Browse.BrowseFilter.Order(shown, query).Skip(offset).Take(limit)],
                shown.Count, matching.Count - shown.Count);
        }

        await using var connection = await _dialect.OpenAsync(cancellationToken);
        var counts = new Dictionary<bool, int>();
        await using (var command = Db.Command(connection, null, $"select synthetic, count(*) from records where {where} group by synthetic", [.. parameters]))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                counts[Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture) != 0] = Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
            }
        }

        var synthetic = counts.GetValueOrDefault(true);
        var real = counts.GetValueOrDefault(false);
        var direction = query.Descending ? "desc" : "asc";
        var order = query.Sort switch
        {
            Dossier.Application.Browse.BrowseSort.Created => $"created_seq {direction}, label, id",
            Dossier.Application.Browse.BrowseSort.Updated => $"updated_seq {direction}, label, id",
            _ => $"label {direction}, id",
        };
        var records = await QueryRecordsAsync(
            $"{SelectRecord} where {where}{(query.Synthetic ? string.Empty : " and synthetic = 0")} order by {order} limit @limit offset @offset",
            cancellationToken, [.. parameters, ("limit", limit), ("offset", offset)]);
        return new(records, query.Synthetic ? real + synthetic : real, query.Synthetic ? 0 : synthetic);
    }

    public async IAsyncEnumerable<StoredEntry> ReadEntriesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        await using var command = Db.Command(connection, null, "select seq, bytes, leaf_hash from ledger_entries order by seq");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new StoredEntry(reader.GetInt64(0), (byte[])reader.GetValue(1), (byte[])reader.GetValue(2));
        }
    }

    public async Task<IReadOnlyList<TreeHead>> ReadTreeHeadsAsync(CancellationToken cancellationToken)
    {
        var heads = new List<TreeHead>();
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        await using var command = Db.Command(connection, null, "select size, root from tree_heads order by size");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            heads.Add(new TreeHead(reader.GetInt64(0), (byte[])reader.GetValue(1)));
        }

        return heads;
    }

    public async Task<long> RebuildProjectionsAsync(IProgress<long>? progress, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await _dialect.LockLedgerAsync(connection, transaction, cancellationToken);
        await using var session = new SqlSession(connection, transaction, buffered: true);
        var count = await ReplayAsync(session, progress, cancellationToken);
        await session.CommitAsync(cancellationToken);
        await _dialect.TidySearchAsync(connection, cancellationToken);
        return count;
    }

    public async Task<ProjectionDifference?> CompareWithReplayAsync(IProgress<long>? progress, CancellationToken cancellationToken)
    {
        // Replayed inside a transaction that is rolled back: the live tables are compared with what the
        // ledger makes of them on the same database, and never changed.
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await _dialect.LockLedgerAsync(connection, transaction, cancellationToken);
        await using var session = new SqlSession(connection, transaction, buffered: true);
        var live = await ProjectionDump.ReadAsync(_dialect, connection, transaction, cancellationToken);
        await ReplayAsync(session, progress, cancellationToken);
        // The dump reads the connection itself, so the replay's held writes go first.
        await session.FlushAsync(cancellationToken);
        var replayed = await ProjectionDump.ReadAsync(_dialect, connection, transaction, cancellationToken);
        await transaction.RollbackAsync(cancellationToken);
        return ProjectionDump.FirstDifference(live, replayed);
    }

    /// <summary>
    /// Indexes the document pages again from the ledger's acquisitions and the vault (ADR 1602): for a restore, whose
    /// backup holds the ledger before the evidence files the pages are read from.
    /// </summary>
    internal async Task ReindexDocumentPagesAsync(CancellationToken cancellationToken)
    {
        var pages = new DocumentPageProjection(_dialect, () => WorkspaceDirectory);
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await _dialect.LockLedgerAsync(connection, transaction, cancellationToken);
        await using var session = new SqlSession(connection, transaction);
        await pages.ClearAsync(session, cancellationToken);
        await using (var readConnection = await _dialect.OpenAsync(cancellationToken))
        await using (var command = Db.Command(readConnection, null, "select bytes from ledger_entries where type = @type order by seq", ("type", EntryTypes.EvidenceAcquired)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                await pages.ApplyAsync(session, LedgerEntry.FromBytes((byte[])reader.GetValue(0)), cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<long> ReplayAsync(SqlSession session, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        await _projector.ClearAsync(session, cancellationToken);
        long count = 0;
        // Entries are read on a second connection so the writer's transaction stays the only writer.
        await using (var readConnection = await _dialect.OpenAsync(cancellationToken))
        await using (var command = Db.Command(readConnection, null, "select bytes from ledger_entries order by seq"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                await _projector.ApplyAsync(session, LedgerEntry.FromBytes((byte[])reader.GetValue(0)), cancellationToken);
                if (++count % 1000 == 0)
                {
                    progress?.Report(count);
                }
            }
        }

        progress?.Report(count);
        return count;
    }

    public async Task<string> DumpProjectionsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        return ProjectionDump.ToText(await ProjectionDump.ReadAsync(_dialect, connection, null, cancellationToken));
    }

    public ISubtreeHashSource OpenSubtreeHashes() => new StoredSubtreeHashes(_dialect);

    public async Task AddCheckpointAsync(long size, string signedNote, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        await Db.ExecuteAsync(connection, null,
            "insert into checkpoints (size, note) values (@size, @note) on conflict (size) do nothing",
            cancellationToken, ("size", size), ("note", signedNote));
    }

    public async Task<IReadOnlyList<(long Size, string SignedNote)>> ReadCheckpointsAsync(CancellationToken cancellationToken)
    {
        var checkpoints = new List<(long, string)>();
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        await using var command = Db.Command(connection, null, "select size, note from checkpoints order by size");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            checkpoints.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return checkpoints;
    }

    public ValueTask DisposeAsync() => _dialect.DisposeAsync();

    /// <summary>How many best matches a faceted search filters and counts.</summary>
    public const int FacetCandidates = 200;

    private const string SelectRecord = "select kind, json, version, retracted, created_seq, updated_seq from records";

    private async Task<IReadOnlyList<RecordEnvelope>> QueryRecordsAsync(string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        var envelopes = new List<RecordEnvelope>();
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        await using var command = Db.Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!RecordKinds.TryParse(reader.GetString(0), out var kind))
            {
                continue;
            }

            using var json = JsonDocument.Parse(reader.GetString(1));
            envelopes.Add(new RecordEnvelope(
                RecordJson.FromElement(kind, json.RootElement),
                Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture),
                Convert.ToInt32(reader.GetValue(3), CultureInfo.InvariantCulture) != 0,
                reader.GetInt64(4),
                reader.GetInt64(5)));
        }

        return envelopes;
    }

    // The compact range of the current tree, from the stored peaks: O(log n) rows, read in one query rather than a round
    // trip each.
    private static async Task<CompactRange> LoadRangeAsync(SqlSession session, CancellationToken cancellationToken)
    {
        var size = Convert.ToInt64(await session.ScalarAsync("select coalesce(max(seq) + 1, 0) from ledger_entries", cancellationToken), CultureInfo.InvariantCulture);
        var wanted = new List<(int Level, long Index)>();
        long start = 0;
        foreach (var level in CompactRange.PeakLevels(size))
        {
            wanted.Add((level, start >> level));
            start += 1L << level;
        }

        if (wanted.Count == 0)
        {
            return CompactRange.FromPeaks(0, []);
        }

        var found = new Dictionary<(int, long), byte[]>();
        var where = string.Join(" or ", wanted.Select((_, i) => string.Create(CultureInfo.InvariantCulture, $"(level = @l{i} and idx = @i{i})")));
        await using (var command = await session.QueryAsync($"select level, idx, hash from merkle_nodes where {where}", cancellationToken,
            [.. wanted.SelectMany((peak, i) => new (string, object?)[] { ($"l{i}", peak.Level), ($"i{i}", peak.Index) })]))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                found[(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture), reader.GetInt64(1))] = (byte[])reader.GetValue(2);
            }
        }

        var peaks = new List<byte[]>();
        foreach (var (level, index) in wanted)
        {
            peaks.Add(found.GetValueOrDefault((level, index))
                ?? throw new InvalidDataException($"The Merkle node at level {level}, index {index} is missing: run `dossier verify`."));
        }

        return CompactRange.FromPeaks(size, peaks);
    }
}
