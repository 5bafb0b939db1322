using System.Data;
using System.Data.Common;
using System.Globalization;
using Dossier.Application.Ledger;
using Dossier.Ledger.Merkle;

namespace Dossier.Storage;

/// <summary>Rows of one table kept beside the ledger, as a backup carries them.</summary>
internal sealed record StateTable(string Name, IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows);

/// <summary>What one read transaction saw: every entry's canonical bytes in order, and the state beside the ledger.</summary>
internal sealed record StoreSnapshot(IReadOnlyList<byte[]> Entries, IReadOnlyList<StateTable> State);

/// <summary>Backup and restore: the store's side (docs/formats/backup.md).</summary>
internal sealed partial class SqlWorkspaceStore
{
    /// <summary>
    /// The tables a restore needs that the ledger does not rebuild, in the order they are restored (accounts
    /// before the tokens that name them). Sessions are left out on purpose: a restored workspace signs everyone in again.
    /// </summary>
    internal static readonly IReadOnlyList<(string Table, string Sql)> StateTables =
    [
        ("accounts", "select name, role, disabled, password_hash, totp_secret, totp_last_step, recovery_hashes, failed_logins, locked_until, created_at, language, solar_hijri, must_change_password from accounts order by name"),
        ("api_tokens", "select digest, account, label, created_at, expires_at, revoked from api_tokens order by digest"),
        ("checkpoints", "select size, note from checkpoints order by size"),
        ("identity_keys", "select subject_id, dek_id, master_key_id, nonce, wrapped from identity_keys order by subject_id"),
        ("evidence_metadata", "select hash, json from evidence_metadata order by hash"),
        ("tree_heads", "select size, root from tree_heads order by size"),
    ];

    /// <summary>
    /// Reads the ledger and the state tables in one read transaction (SQLite: a deferred transaction, whose
    /// first read fixes the snapshot in WAL mode; PostgreSQL: REPEATABLE READ), so writers carry on and the
    /// backup is of one moment.
    /// </summary>
    internal async Task<StoreSnapshot> ReadSnapshotAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        await using DbTransaction transaction = connection is Microsoft.Data.Sqlite.SqliteConnection sqlite
            ? sqlite.BeginTransaction(IsolationLevel.Serializable, deferred: true)
            : await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var entries = new List<byte[]>();
        await using (var command = Db.Command(connection, transaction, "select seq, bytes from ledger_entries order by seq"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetInt64(0) != entries.Count)
                {
                    throw new InvalidDataException($"the ledger has no entry {entries.Count} (the next is {reader.GetInt64(0)}): run `dossier verify`; no backup was written");
                }

                entries.Add((byte[])reader.GetValue(1));
            }
        }

        var state = new List<StateTable>();
        foreach (var (table, sql) in StateTables)
        {
            var rows = new List<object?[]>();
            await using var command = Db.Command(connection, transaction, sql);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }

                rows.Add(row);
            }

            state.Add(new StateTable(table, columns, rows));
        }

        await transaction.CommitAsync(cancellationToken);
        return new StoreSnapshot(entries, state);
    }

    internal async Task<RestoreSession> BeginRestoreAsync(CancellationToken cancellationToken)
    {
        var connection = await _dialect.OpenAsync(cancellationToken);
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await _dialect.LockLedgerAsync(connection, transaction, cancellationToken);
        var session = new SqlSession(connection, transaction);
        var entries = Convert.ToInt64(await session.ScalarAsync("select count(*) from ledger_entries", cancellationToken), CultureInfo.InvariantCulture);
        var accounts = Convert.ToInt64(await session.ScalarAsync("select count(*) from accounts", cancellationToken), CultureInfo.InvariantCulture);
        var restore = new RestoreSession(connection, transaction, session, _projector);
        if (entries > 0 || accounts > 0)
        {
            await restore.DisposeAsync();
            throw new Backup.BackupException($"the target database ({Describe}) is not empty: it holds {entries} ledger entries and {accounts} accounts. Restore only into a new, empty workspace; nothing was changed");
        }

        return restore;
    }

    /// <summary>Empties what a committed restore wrote (used when the check after it fails on PostgreSQL, where the database is not a file to delete).</summary>
    internal async Task ClearRestoredAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await _dialect.LockLedgerAsync(connection, transaction, cancellationToken);
        await using var session = new SqlSession(connection, transaction);
        await _projector.ClearAsync(session, cancellationToken);
        foreach (var table in new[] { "ledger_entries", "merkle_nodes", "tree_heads", "checkpoints", "identity_keys", "sessions", "api_tokens", "accounts" })
        {
            await session.ExecuteAsync($"delete from {table}", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}

/// <summary>
/// One restore, in one write transaction under the ledger lock: the state rows, then every entry with its
/// own bytes (Merkle nodes and projections as an append writes them). Nothing is visible until
/// <see cref="CommitAsync"/>; disposing without it rolls everything back.
/// </summary>
internal sealed class RestoreSession(DbConnection connection, DbTransaction transaction, SqlSession session, Projector projector) : IAsyncDisposable
{
    private readonly CompactRange _range = CompactRange.FromPeaks(0, []);
    private readonly Dictionary<long, byte[]> _roots = [];
    private HashSet<long> _wanted = [];
    private bool _committed;

    public long Size => _range.Size;

    public byte[] Root() => _range.Root();

    /// <summary>The sizes whose roots <see cref="RootAt"/> will be asked for (the stored tree heads), so only those are kept.</summary>
    public void KeepRootsAt(IEnumerable<long> sizes) => _wanted = [.. sizes];

    /// <summary>The root after <paramref name="size"/> entries, if the restore passed that size and was asked to keep it.</summary>
    public byte[]? RootAt(long size) => size == 0 ? MerkleHash.Empty() : _roots.GetValueOrDefault(size);

    public async Task InsertAsync(StateTable table, CancellationToken cancellationToken)
    {
        var names = string.Join(", ", table.Columns);
        var values = string.Join(", ", table.Columns.Select(c => "@" + c));
        foreach (var row in table.Rows)
        {
            await session.ExecuteAsync($"insert into {table.Name} ({names}) values ({values})", cancellationToken,
                [.. table.Columns.Select((c, i) => (c, row[i]))]);
        }
    }

    public async Task<LedgerEntry> AppendAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        var entry = LedgerEntry.FromBytes(bytes);
        if (entry.Sequence != _range.Size)
        {
            throw new InvalidDataException($"entry {_range.Size} carries the sequence number {entry.Sequence}");
        }

        await session.ExecuteAsync("insert into ledger_entries (seq, type, bytes, leaf_hash) values (@seq, @type, @bytes, @leaf)",
            cancellationToken, ("seq", entry.Sequence), ("type", entry.Type), ("bytes", entry.Bytes), ("leaf", entry.LeafHash));
        foreach (var node in _range.Append(entry.LeafHash))
        {
            await session.ExecuteAsync("insert into merkle_nodes (level, idx, hash) values (@level, @idx, @hash)",
                cancellationToken, ("level", node.Level), ("idx", node.Index), ("hash", node.Hash));
        }

        await projector.ApplyAsync(session, entry, cancellationToken);
        if (_wanted.Contains(_range.Size))
        {
            _roots[_range.Size] = _range.Root();
        }
        return entry;
    }

    /// <summary>Subjects whose identity.erased entry the restored ledger holds.</summary>
    public async Task<IReadOnlySet<string>> ErasedSubjectsAsync(CancellationToken cancellationToken)
    {
        var erased = new HashSet<string>(StringComparer.Ordinal);
        await using var command = Db.Command(connection, transaction, "select subject_id from sealed_identities where erased_seq is not null");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            erased.Add(reader.GetString(0));
        }

        return erased;
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await transaction.CommitAsync(cancellationToken);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_committed)
        {
            try
            {
                await transaction.RollbackAsync();
            }
            catch (InvalidOperationException)
            {
                // Already completed.
            }
        }

        await session.DisposeAsync();
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
