using Dossier.Application.Workspace;

namespace Dossier.Storage;

/// <summary>Opens the store a workspace names: a PostgreSQL connection string, or else a SQLite file.</summary>
public static class WorkspaceStores
{
    public const string SqliteFileName = "dossier.db";

    /// <summary>
    /// <paramref name="database"/> is a PostgreSQL connection string ("Host=...;Database=..." or a
    /// postgres:// URL) or null for the SQLite file in <paramref name="workspaceDirectory"/>.
    /// Migrations are applied on open.
    /// </summary>
    public static async Task<IWorkspaceStore> OpenAsync(string workspaceDirectory, string? database, CancellationToken cancellationToken)
    {
        if (IsPostgres(database))
        {
            var connectionString = ToNpgsql(database!);
            SqlWorkspaceStore server;
            try
            {
                server = await SqlWorkspaceStore.OpenAsync(new PostgresDialect(connectionString), "PostgreSQL", cancellationToken);
            }
            catch (Npgsql.NpgsqlException exception)
            {
                throw DatabaseUnavailableException.From(exception, new Npgsql.NpgsqlConnectionStringBuilder(connectionString));
            }

            server.WorkspaceDirectory = Path.GetFullPath(workspaceDirectory);
            await server.AccountStore.ProtectStoredTotpSecretsAsync(cancellationToken);
            return server;
        }

        Directory.CreateDirectory(workspaceDirectory);
        var path = database ?? Path.Combine(workspaceDirectory, SqliteFileName);
        if (!File.Exists(path))
        {
            // An empty file is a new SQLite database; made here, it is owner-only from the start, and SQLite gives
            // its -wal and -shm files the same mode.
            using (new FileStream(path, Dossier.Application.Access.OwnerOnlyFiles.NewFile(FileMode.CreateNew)))
            {
            }
        }

        var store = await SqlWorkspaceStore.OpenAsync(new SqliteDialect(path), $"SQLite {Path.GetFullPath(path)}", cancellationToken);
        store.WorkspaceDirectory = Path.GetFullPath(workspaceDirectory);
        await store.AccountStore.ProtectStoredTotpSecretsAsync(cancellationToken);
        return store;
    }

    /// <summary>Closes pooled SQLite connections, so a workspace file can be deleted or replaced.</summary>
    public static void ReleaseSqliteFiles() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

    public static bool IsPostgres(string? database) =>
        database is not null
        && (database.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || database.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || database.Contains("Host=", StringComparison.OrdinalIgnoreCase));

    // Npgsql takes key=value strings; accept the URL form people copy from elsewhere too.
    private static string ToNpgsql(string database)
    {
        if (!database.Contains("://", StringComparison.Ordinal))
        {
            return database;
        }

        var uri = new Uri(database);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = uri.AbsolutePath.Trim('/'),
        };
        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(userInfo[0]);
        }

        if (userInfo.Length > 1)
        {
            builder.Password = Uri.UnescapeDataString(userInfo[1]);
        }

        return builder.ToString();
    }
}
