using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dossier.Application.Evidence;
using Dossier.Application.Ledger;
using Dossier.Application.Workspace;
using Dossier.Ledger.Blobs;
using Dossier.Ledger.Merkle;

namespace Dossier.Storage.Backup;

/// <summary>What a backup holds, as its manifest says.</summary>
public sealed record BackupManifest(int Format, DateTimeOffset CreatedAt, string Source, long LedgerSize, string LedgerRoot,
    IReadOnlyDictionary<string, long> Counts, bool WithKeys);

/// <summary>What a restore brought back.</summary>
public sealed record RestoreSummary(BackupManifest Manifest, int Blobs, int KeysDroppedForErasures, IReadOnlyList<string> Notes);

/// <summary>
/// <c>dossier backup</c> and <c>dossier restore</c> (docs/formats/backup.md, ADR 0904): the ledger's entries, the
/// evidence files, the state beside the ledger and, if asked, the key files, encrypted under a passphrase.
/// A restore replays the entries into an empty workspace, checks the root, and verifies it.
/// </summary>
public static class WorkspaceBackup
{
    public const int Format = 1;
    public const string PassphraseVariable = "DOSSIER_BACKUP_PASSPHRASE";
    public const int MinimumPassphraseLength = 12;

    /// <summary>The key files a backup carries with --with-keys (all in WORKSPACE/keys).</summary>
    public static readonly IReadOnlyList<string> KeyFiles = ["master.key", "accounts.key", "checkpoint.key"];

    private static readonly HashSet<string> BinaryColumns = new(StringComparer.Ordinal) { "nonce", "wrapped", "root" };
    private const int MaxJsonPart = 256 << 20;

    /// <summary>Writes the backup of <paramref name="store"/> to <paramref name="file"/> (beside it first, then renamed).</summary>
    public static async Task<BackupManifest> BackupAsync(IWorkspaceStore store, string workspaceDirectory, string file, string passphrase, bool withKeys,
        TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        CheckPassphrase(passphrase);
        var sql = store as SqlWorkspaceStore ?? throw new ArgumentException("Backups are of a SQL workspace store.", nameof(store));
        var snapshot = await sql.ReadSnapshotAsync(cancellationToken);
        if (snapshot.Entries.Count == 0)
        {
            throw new BackupException($"the workspace ({store.Describe}) has an empty ledger: there is nothing to back up");
        }

        var range = CompactRange.FromPeaks(0, []);
        var blobs = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var bytes in snapshot.Entries)
        {
            range.Append(MerkleHash.Leaf(bytes));
            if (AcquiredHash(bytes) is { } hash)
            {
                blobs.Add(hash);
            }
        }

        // Files are never removed from the vault, so each one an entry of the snapshot names is there; check anyway.
        var vault = new BlobStore(workspaceDirectory);
        long blobBytes = 0;
        foreach (var hash in blobs)
        {
            var check = vault.Verify(hash);
            if (!check.IsIntact)
            {
                throw new BackupException($"the evidence file {hash} is {(check.Status == BlobStatus.Missing ? "missing from" : "altered in")} {vault.PathOf(hash)}: run `dossier verify`; no backup was written");
            }

            blobBytes += check.Size;
        }

        var keys = withKeys
            ? KeyFiles.Where(k => File.Exists(Path.Combine(workspaceDirectory, "keys", k))).ToList()
            : [];
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal)
        {
            ["entries"] = snapshot.Entries.Count,
            ["blobs"] = blobs.Count,
            ["blobBytes"] = blobBytes,
            ["keyFiles"] = keys.Count,
        };
        foreach (var table in snapshot.State)
        {
            counts[table.Name] = table.Rows.Count;
        }

        var manifest = new BackupManifest(Format, time.GetUtcNow(), store.Describe.StartsWith("PostgreSQL", StringComparison.Ordinal) ? "postgresql" : "sqlite",
            range.Size, Convert.ToHexStringLower(range.Root()), counts, withKeys);

        var target = Path.GetFullPath(file);
        var temporary = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Environment.ProcessId}.partial");
        try
        {
            await using (var output = new FileStream(temporary, Dossier.Application.Access.OwnerOnlyFiles.NewFile(FileMode.CreateNew)))
            {
                using var encrypted = new EncryptingStream(output, passphrase);
                var parts = new PartWriter(encrypted);
                parts.Write("manifest.json", ManifestJson(manifest));
                foreach (var table in snapshot.State)
                {
                    parts.Write($"state/{table.Name}.json", StateJson(table));
                }

                using (var ledger = new MemoryStream())
                {
                    foreach (var bytes in snapshot.Entries)
                    {
                        ledger.Write(bytes);
                        ledger.WriteByte((byte)'\n');
                    }

                    parts.Write("ledger.jsonl", ledger.GetBuffer().AsSpan(0, (int)ledger.Length));
                }

                foreach (var hash in blobs)
                {
                    await using var content = vault.OpenRead(hash);
                    await parts.WriteAsync($"blobs/{hash}", content, content.Length, cancellationToken);
                }

                foreach (var key in keys)
                {
                    parts.Write($"keys/{key}", await File.ReadAllBytesAsync(Path.Combine(workspaceDirectory, "keys", key), cancellationToken));
                }

                parts.End();
                encrypted.Finish();
                output.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        return manifest;
    }

    /// <summary>
    /// Restores <paramref name="file"/> into <paramref name="workspaceDirectory"/> (a new or empty folder) and
    /// <paramref name="database"/> (null: SQLite in that folder; else an empty PostgreSQL database). On any failure
    /// the folder is removed (or emptied, if it existed) and the database left empty; a <see cref="BackupException"/> says why.
    /// </summary>
    public static async Task<RestoreSummary> RestoreAsync(string file, string passphrase, string workspaceDirectory, string? database, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        CheckPassphrase(passphrase);
        var name = Path.GetFileName(file);
        if (!File.Exists(file))
        {
            throw new BackupException($"{file}: no such file");
        }

        var folder = Path.GetFullPath(workspaceDirectory);
        var existed = Directory.Exists(folder);
        if (existed && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            throw new BackupException($"{folder} is not empty: restore only into a new or empty folder; nothing was changed");
        }

        IWorkspaceStore? store = null;
        var committed = false;
        try
        {
            store = await WorkspaceStores.OpenAsync(folder, database, cancellationToken);
            var sql = (SqlWorkspaceStore)store;
            RestoreSummary summary;
            await using (var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
            using (var decrypted = new DecryptingStream(input, passphrase, name))
            await using (var restore = await sql.BeginRestoreAsync(cancellationToken))
            {
                using var parts = new PartReader(decrypted, name);
                summary = await ReadIntoAsync(parts, name, restore, folder, cancellationToken);
                // Reading to the end authenticates the last chunk before anything is committed.
                if (decrypted.Read(new byte[1]) != 0)
                {
                    throw new BackupException($"{name}: content follows its end marker");
                }

                await restore.CommitAsync(cancellationToken);
                committed = true;
            }

            // The pages of extracted texts are read from the vault, whose files follow the ledger in a backup (ADR 1602).
            await sql.ReindexDocumentPagesAsync(cancellationToken);

            var report = await WorkspaceVerifier.VerifyAsync(store, new BlobStore(folder), null, projections: true, null, cancellationToken);
            if (!report.Ok)
            {
                throw new BackupException($"{name}: the restored workspace does not verify: {string.Join("; ", report.Problems.Take(3))}");
            }

            var head = await store.GetTreeHeadAsync(cancellationToken);
            if (!Convert.ToHexStringLower(head.RootHash).Equals(summary.Manifest.LedgerRoot, StringComparison.Ordinal))
            {
                throw new BackupException($"{name}: the restored ledger's root {Convert.ToHexStringLower(head.RootHash)} is not the manifest's {summary.Manifest.LedgerRoot}");
            }

            return summary;
        }
        catch (Exception exception)
        {
            if (store is SqlWorkspaceStore sql && committed)
            {
                await sql.ClearRestoredAsync(CancellationToken.None);
            }

            if (store is not null)
            {
                await store.DisposeAsync();
                store = null;
            }

            WorkspaceStores.ReleaseSqliteFiles();
            RemoveContents(folder, existed);
            if (exception is BackupException)
            {
                throw;
            }

            if (exception is InvalidDataException or JsonException or FormatException or KeyNotFoundException or InvalidOperationException or System.Data.Common.DbException)
            {
                throw new BackupException($"{name}: {exception.Message}; nothing was restored");
            }

            throw;
        }
        finally
        {
            if (store is not null)
            {
                await store.DisposeAsync();
            }
        }
    }

    private static async Task<RestoreSummary> ReadIntoAsync(PartReader parts, string name, RestoreSession restore, string folder, CancellationToken cancellationToken)
    {
        if (!parts.Next() || parts.Name != "manifest.json")
        {
            throw new BackupException($"{name}: its first part is not manifest.json");
        }

        var manifest = ReadManifest(parts.ReadAll(1 << 20), name);
        var state = new Dictionary<string, StateTable>(StringComparer.Ordinal);
        var ledgerSeen = false;
        var acquired = new HashSet<string>(StringComparer.Ordinal);
        var restored = new HashSet<string>(StringComparer.Ordinal);
        var vault = new BlobStore(folder);
        var notes = new List<string>();
        while (parts.Next())
        {
            var part = parts.Name!;
            if (part.StartsWith("state/", StringComparison.Ordinal) && part.EndsWith(".json", StringComparison.Ordinal))
            {
                var table = ReadState(parts.ReadAll(MaxJsonPart), part, name);
                state[table.Name] = table;
                // Accounts before the ledger (its account entries update their rows), tokens after accounts.
                if (manifest.Counts.TryGetValue(table.Name, out var count) && count != table.Rows.Count)
                {
                    throw new BackupException($"{name}: {part} holds {table.Rows.Count} rows, but its manifest says {count}");
                }

                if (table.Name is "accounts" or "api_tokens" or "checkpoints")
                {
                    await restore.InsertAsync(table, cancellationToken);
                }
                else if (table.Name == "tree_heads")
                {
                    restore.KeepRootsAt(table.Rows.Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)));
                }
            }
            else if (part == "ledger.jsonl")
            {
                ledgerSeen = true;
                await ReadLedgerAsync(parts.Content, restore, acquired, name, cancellationToken);
            }
            else if (part.StartsWith("blobs/", StringComparison.Ordinal) && BlobStore.IsValidHash(part[6..]))
            {
                var expected = part[6..].ToLowerInvariant();
                var stored = await vault.PutAsync(parts.Content, cancellationToken);
                if (stored.Hash != expected)
                {
                    throw new BackupException($"{name}: the evidence file {expected} in the backup hashes to {stored.Hash} (altered)");
                }

                restored.Add(expected);
            }
            else if (part.StartsWith("keys/", StringComparison.Ordinal) && KeyFiles.Contains(part[5..]))
            {
                var keys = Path.Combine(folder, "keys");
                Directory.CreateDirectory(keys);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }

                await using var output = new FileStream(Path.Combine(keys, part[5..]), Dossier.Application.Access.OwnerOnlyFiles.NewFile(FileMode.CreateNew));
                await parts.Content.CopyToAsync(output, cancellationToken);
            }
            else
            {
                throw new BackupException($"{name}: an unknown part '{part}' (not written by this version of Dossier)");
            }
        }

        if (!ledgerSeen)
        {
            throw new BackupException($"{name}: it holds no ledger.jsonl");
        }

        var root = Convert.ToHexStringLower(restore.Root());
        if (restore.Size != manifest.LedgerSize || root != manifest.LedgerRoot)
        {
            throw new BackupException($"{name}: the ledger in the backup has {restore.Size} entries and root {root}, but its manifest says {manifest.LedgerSize} and {manifest.LedgerRoot}; refused, nothing was restored");
        }

        if (acquired.FirstOrDefault(h => !restored.Contains(h)) is { } missing)
        {
            throw new BackupException($"{name}: the evidence file {missing}, acquired in the ledger, is missing from the backup; refused, nothing was restored");
        }

        if (manifest.Counts.TryGetValue("blobs", out var blobCount) && blobCount != restored.Count)
        {
            throw new BackupException($"{name}: it holds {restored.Count} evidence files, but its manifest says {blobCount}");
        }

        if (state.TryGetValue("tree_heads", out var heads))
        {
            foreach (var row in heads.Rows)
            {
                var size = Convert.ToInt64(row[0], CultureInfo.InvariantCulture);
                if (restore.RootAt(size) is not { } at || !at.AsSpan().SequenceEqual((byte[])row[1]!))
                {
                    throw new BackupException($"{name}: its tree head at size {size} does not match the ledger's root at that size");
                }
            }

            await restore.InsertAsync(heads, cancellationToken);
        }

        var dropped = 0;
        if (state.TryGetValue("identity_keys", out var keyTable))
        {
            // An erasure recorded in the ledger wins over any wrapped key the backup still carries.
            var erased = await restore.ErasedSubjectsAsync(cancellationToken);
            var kept = keyTable.Rows.Where(r => !erased.Contains((string)r[0]!)).ToList();
            dropped = keyTable.Rows.Count - kept.Count;
            await restore.InsertAsync(keyTable with { Rows = kept }, cancellationToken);
            if (dropped > 0)
            {
                notes.Add($"{dropped} wrapped identity key(s) of erased identities were not restored");
            }
        }

        foreach (var (table, _) in SqlWorkspaceStore.StateTables)
        {
            // Backups made before migration 0012 carry no evidence metadata: their acquisition entries held it.
            if (!state.ContainsKey(table) && table != "evidence_metadata")
            {
                throw new BackupException($"{name}: it holds no state/{table}.json");
            }
        }

        return new RestoreSummary(manifest, restored.Count, dropped, notes);
    }

    private static async Task ReadLedgerAsync(Stream content, RestoreSession restore, HashSet<string> acquired, string name, CancellationToken cancellationToken)
    {
        var line = new MemoryStream();
        var buffer = new byte[1 << 16];
        int n;
        while ((n = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            for (var i = 0; i < n; i++)
            {
                if (buffer[i] != (byte)'\n')
                {
                    line.WriteByte(buffer[i]);
                    continue;
                }

                var bytes = line.ToArray();
                line.SetLength(0);
                LedgerEntry entry;
                try
                {
                    entry = await restore.AppendAsync(bytes, cancellationToken);
                }
                catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or InvalidDataException)
                {
                    throw new BackupException($"{name}: ledger.jsonl, line {restore.Size + 1}: not a ledger entry ({exception.Message}); refused, nothing was restored");
                }

                if (AcquiredHash(bytes) is { } hash)
                {
                    acquired.Add(hash);
                }

                _ = entry;
            }
        }

        if (line.Length > 0)
        {
            throw new BackupException($"{name}: ledger.jsonl ends inside an entry (line {restore.Size + 1} has no newline)");
        }
    }

    private static readonly byte[] AcquiredMarker = Encoding.UTF8.GetBytes($"\"type\":\"{EntryTypes.EvidenceAcquired}\"");

    private static string? AcquiredHash(byte[] bytes)
    {
        if (bytes.AsSpan().IndexOf(AcquiredMarker) < 0)
        {
            return null;
        }

        var entry = LedgerEntry.FromBytes(bytes);
        return entry.Type == EntryTypes.EvidenceAcquired && entry.Body.TryGetProperty("hash", out var hash) && BlobStore.IsValidHash(hash.GetString())
            ? hash.GetString()!.ToLowerInvariant()
            : null;
    }

    private static void CheckPassphrase(string passphrase)
    {
        if (string.IsNullOrEmpty(passphrase) || passphrase.Length < MinimumPassphraseLength)
        {
            throw new BackupException($"the backup passphrase (${PassphraseVariable}) must be at least {MinimumPassphraseLength} characters");
        }
    }

    private static void RemoveContents(string folder, bool existed)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        if (!existed)
        {
            Directory.Delete(folder, recursive: true);
            return;
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(folder))
        {
            if (Directory.Exists(entry))
            {
                Directory.Delete(entry, recursive: true);
            }
            else
            {
                File.Delete(entry);
            }
        }
    }

    private static byte[] ManifestJson(BackupManifest manifest)
    {
        var json = new JsonObject
        {
            ["format"] = manifest.Format,
            ["createdAt"] = manifest.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["source"] = manifest.Source,
            ["ledger"] = new JsonObject { ["size"] = manifest.LedgerSize, ["root"] = manifest.LedgerRoot },
            ["counts"] = new JsonObject(manifest.Counts.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)JsonValue.Create(c.Value)))),
            ["withKeys"] = manifest.WithKeys,
        };
        return Encoding.UTF8.GetBytes(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static BackupManifest ReadManifest(byte[] bytes, string name)
    {
        try
        {
            using var json = JsonDocument.Parse(bytes);
            var root = json.RootElement;
            var format = root.GetProperty("format").GetInt32();
            if (format != Format)
            {
                throw new BackupException($"{name}: manifest.json has format {format}; this version reads format {Format}");
            }

            var ledger = root.GetProperty("ledger");
            return new BackupManifest(format,
                DateTimeOffset.Parse(root.GetProperty("createdAt").GetString()!, CultureInfo.InvariantCulture),
                root.GetProperty("source").GetString()!,
                ledger.GetProperty("size").GetInt64(),
                ledger.GetProperty("root").GetString()!,
                root.GetProperty("counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal),
                root.GetProperty("withKeys").GetBoolean());
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new BackupException($"{name}: manifest.json is not readable: {exception.Message}");
        }
    }

    private static byte[] StateJson(StateTable table)
    {
        var rows = new JsonArray();
        foreach (var row in table.Rows)
        {
            var values = new JsonArray();
            foreach (var value in row)
            {
                values.Add(value switch
                {
                    null => null,
                    byte[] bytes => JsonValue.Create(Convert.ToBase64String(bytes)),
                    string text => JsonValue.Create(text),
                    _ => JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
                });
            }

            rows.Add(values);
        }

        var json = new JsonObject
        {
            ["table"] = table.Name,
            ["columns"] = new JsonArray([.. table.Columns.Select(c => (JsonNode?)JsonValue.Create(c))]),
            ["rows"] = rows,
        };
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    private static StateTable ReadState(byte[] bytes, string part, string name)
    {
        try
        {
            using var json = JsonDocument.Parse(bytes);
            var root = json.RootElement;
            var table = root.GetProperty("table").GetString()!;
            var expected = SqlWorkspaceStore.StateTables.FirstOrDefault(t => t.Table == table);
            if (expected.Table is null || part != $"state/{table}.json")
            {
                throw new BackupException($"{name}: {part} names the table '{table}', which a backup does not carry");
            }

            var columns = root.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToList();
            if (columns.Any(c => !c.All(ch => ch is '_' or (>= 'a' and <= 'z'))) || !expected.Sql.Contains(string.Join(", ", columns), StringComparison.Ordinal))
            {
                throw new BackupException($"{name}: {part} has columns this version does not know");
            }

            var rows = new List<object?[]>();
            foreach (var row in root.GetProperty("rows").EnumerateArray())
            {
                var values = row.EnumerateArray().ToList();
                if (values.Count != columns.Count)
                {
                    throw new BackupException($"{name}: {part}, row {rows.Count + 1}: {values.Count} values for {columns.Count} columns");
                }

                rows.Add([.. values.Select(object? (v, i) => v.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.Number => v.GetInt64(),
                    JsonValueKind.String when BinaryColumns.Contains(columns[i]) => Convert.FromBase64String(v.GetString()!),
                    JsonValueKind.String => v.GetString(),
                    _ => throw new BackupException($"{name}: {part}, row {rows.Count + 1}, column {columns[i]}: not a string, number or null"),
                })]);
            }

            return new StateTable(table, columns, rows);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new BackupException($"{name}: {part} is not readable: {exception.Message}");
        }
    }
}
