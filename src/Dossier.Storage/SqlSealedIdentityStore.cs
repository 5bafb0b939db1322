using System.Data.Common;
using System.Globalization;
using Dossier.Application.Ledger;
using Dossier.Application.Protection;

namespace Dossier.Storage;

/// <summary>
/// Sealed identities' storage (ADR 0801): wrapped data keys in identity_keys, written only in the same
/// transaction as the ledger entry that needs them, and scrubbed from the database files on erasure.
/// </summary>
internal sealed class SqlSealedIdentityStore(Dialect dialect, SqlWorkspaceStore ledger) : ISealedIdentityStore
{
    private const string SelectSubject = "select subject_id, pseudonym, category, dek_id, sealed_seq, erased_seq from sealed_identities";

    public Task<IReadOnlyList<LedgerEntry>> AppendSealedAsync(IReadOnlyList<NewEntry> entries, IReadOnlyList<WrappedKey> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return ledger.AppendAsync(entries, async (session, ct) =>
        {
            await SecureDeleteAsync(session, ct);
            foreach (var key in keys)
            {
                await session.ExecuteAsync(
                    "insert into identity_keys (subject_id, dek_id, master_key_id, nonce, wrapped) values (@id, @dek, @master, @nonce, @wrapped)",
                    ct, ("id", key.SubjectId), ("dek", key.DekId), ("master", key.MasterKeyId), ("nonce", key.Nonce), ("wrapped", key.Wrapped));
            }

            await SecureDeleteAsync(session, ct, on: false);
        }, cancellationToken);
    }

    public async Task<SealedSubject?> GetSubjectAsync(string subjectId, CancellationToken cancellationToken)
    {
        var found = await QuerySubjectsAsync($"{SelectSubject} where subject_id = @id", cancellationToken, ("id", subjectId));
        return found.Count > 0 ? found[0] : null;
    }

    public Task<IReadOnlyList<SealedSubject>> ListSubjectsAsync(CancellationToken cancellationToken) =>
        QuerySubjectsAsync($"{SelectSubject} order by sealed_seq", cancellationToken);

    public async Task<WrappedKey?> GetKeyAsync(string subjectId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Db.Command(connection, null, $"{SelectKeys} where subject_id = @id", ("id", subjectId));
        var keys = await ReadKeysAsync(command, cancellationToken);
        return keys.Count > 0 ? keys[0] : null;
    }

    public async Task<IReadOnlyList<string>> MasterKeyIdsAsync(CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Db.Command(connection, null, "select distinct master_key_id from identity_keys order by master_key_id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public async Task<LedgerEntry?> GetEntryAsync(long sequence, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        var bytes = await Db.ScalarAsync(connection, null, "select bytes from ledger_entries where seq = @seq", cancellationToken, ("seq", sequence));
        return bytes is byte[] stored ? LedgerEntry.FromBytes(stored) : null;
    }

    public async Task<(LedgerEntry Entry, ScrubReport Scrub)?> ShredAsync(string subjectId, NewEntry erased, CancellationToken cancellationToken)
    {
        if (await GetKeyAsync(subjectId, cancellationToken) is null)
        {
            return null;
        }

        var appended = await ledger.AppendAsync([erased], async (session, ct) =>
        {
            await SecureDeleteAsync(session, ct);
            var deleted = await session.ExecuteAsync("delete from identity_keys where subject_id = @id", ct, ("id", subjectId));
            await SecureDeleteAsync(session, ct, on: false);
            if (deleted != 1)
            {
                // Someone erased it in between: roll back rather than record a second erasure.
                throw new InvalidOperationException($"The key of '{subjectId}' was already destroyed.");
            }
        }, cancellationToken);
        return (appended[0], await ScrubAsync(cancellationToken));
    }

    public async Task<int> RewrapAllAsync(Func<WrappedKey, WrappedKey> rewrap, Func<int, NewEntry> entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rewrap);
        ArgumentNullException.ThrowIfNull(entry);
        int expected;
        await using (var connection = await dialect.OpenAsync(cancellationToken))
        {
            expected = Convert.ToInt32(await Db.ScalarAsync(connection, null, "select count(*) from identity_keys", cancellationToken), CultureInfo.InvariantCulture);
        }

        await ledger.AppendAsync([entry(expected)], async (session, ct) =>
        {
            await SecureDeleteAsync(session, ct);
            await using var command = await session.QueryAsync($"{SelectKeys} order by subject_id", ct);
            var keys = await ReadKeysAsync(command, ct);
            if (keys.Count != expected)
            {
                throw new InvalidOperationException("An identity was sealed or erased while the keys were being rotated; nothing was changed. Run the rotation again.");
            }

            foreach (var key in keys)
            {
                var fresh = rewrap(key);
                await session.ExecuteAsync(
                    "update identity_keys set master_key_id = @master, nonce = @nonce, wrapped = @wrapped where subject_id = @id",
                    ct, ("id", key.SubjectId), ("master", fresh.MasterKeyId), ("nonce", fresh.Nonce), ("wrapped", fresh.Wrapped));
            }

            await SecureDeleteAsync(session, ct, on: false);
        }, cancellationToken);
        return expected;
    }

    // SQLite: space freed while it is on (a deleted key, the old wrapping after a rotation) is overwritten
    // with zeros as the statement runs. Switched off again after the key statements, because the pooled
    // connection keeps the setting and other writes need not pay for it.
    private Task SecureDeleteAsync(SqlSession session, CancellationToken cancellationToken, bool on = true) =>
        dialect is SqliteDialect ? session.ExecuteAsync(on ? "pragma secure_delete = on" : "pragma secure_delete = off", cancellationToken) : Task.CompletedTask;

    /// <summary>
    /// Leaves no copy of deleted key bytes in the database's files. SQLite: the delete already zeroed
    /// the row (secure_delete); a TRUNCATE checkpoint copies the zeroed pages into the file and empties
    /// the WAL, which held older copies of them. PostgreSQL: VACUUM FULL rewrites the table into a new
    /// file; the server's WAL, archives and backups are out of our reach (docs/protected-identities.md).
    /// </summary>
    private async Task<ScrubReport> ScrubAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        if (dialect is SqliteDialect)
        {
            // A reader in another process can hold the WAL open; try a few times before reporting it.
            for (var attempt = 0; attempt < 20; attempt++)
            {
                await using var command = Db.Command(connection, null, "pragma wal_checkpoint(truncate)");
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken) && Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture) == 0)
                {
                    return new ScrubReport(true, "The key row was overwritten with zeros and the SQLite write-ahead log checkpointed and truncated.");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }

            return new ScrubReport(false, "The key row was overwritten with zeros, but another process kept the SQLite write-ahead log busy: "
                + "stop other Dossier processes on this workspace and run `dossier identity scrub` to truncate it.");
        }

        await Db.ExecuteAsync(connection, null, "vacuum (full) identity_keys", cancellationToken);
        return new ScrubReport(true, "The PostgreSQL key table was rewritten (VACUUM FULL); older copies may remain in the server's write-ahead log, WAL archives, replicas and backups until they are recycled or destroyed.");
    }

    /// <summary>Runs the scrub on its own, e.g. after an erasure that found the SQLite WAL busy.</summary>
    public Task<ScrubReport> ScrubKeysAsync(CancellationToken cancellationToken) => ScrubAsync(cancellationToken);

    private const string SelectKeys = "select subject_id, dek_id, master_key_id, nonce, wrapped from identity_keys";

    private static async Task<List<WrappedKey>> ReadKeysAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var keys = new List<WrappedKey>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new WrappedKey(reader.GetString(0), reader.GetString(1), reader.GetString(2), (byte[])reader.GetValue(3), (byte[])reader.GetValue(4)));
        }

        return keys;
    }

    private async Task<IReadOnlyList<SealedSubject>> QuerySubjectsAsync(string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        var subjects = new List<SealedSubject>();
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Db.Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            subjects.Add(new SealedSubject(
                reader.GetString(0), reader.GetString(1), IdentityEntries.ParseCategory(reader.GetString(2)), reader.GetString(3),
                reader.GetInt64(4), reader.IsDBNull(5) ? null : reader.GetInt64(5)));
        }

        return subjects;
    }
}
