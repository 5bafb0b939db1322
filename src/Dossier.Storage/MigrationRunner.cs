using System.Data.Common;
using System.Globalization;
using System.Reflection;

namespace Dossier.Storage;

/// <summary>
/// Applies the numbered SQL files under Migrations/&lt;dialect&gt;/ (embedded in this assembly) in order,
/// each in its own transaction, and records them in schema_migrations. Runs at every start.
/// </summary>
internal static class MigrationRunner
{
    public static async Task<int> ApplyAsync(DbConnection connection, string dialect, CancellationToken cancellationToken)
    {
        await Db.ExecuteAsync(connection, null,
            "create table if not exists schema_migrations (version integer primary key, name text not null)", cancellationToken);
        var applied = new HashSet<int>();
        await using (var command = Db.Command(connection, null, "select version from schema_migrations"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture));
            }
        }

        var count = 0;
        foreach (var (version, name, sql) in Migrations(dialect))
        {
            if (applied.Contains(version))
            {
                continue;
            }

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await Db.ExecuteAsync(connection, transaction, sql, cancellationToken);
            await Db.ExecuteAsync(connection, transaction, "insert into schema_migrations (version, name) values (@v, @n)", cancellationToken, ("v", version), ("n", name));
            await transaction.CommitAsync(cancellationToken);
            count++;
        }

        return count;
    }

    private static IEnumerable<(int Version, string Name, string Sql)> Migrations(string dialect)
    {
        var assembly = typeof(MigrationRunner).Assembly;
        var prefix = $"{assembly.GetName().Name}.Migrations.{dialect}.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[prefix.Length..];
                var version = int.Parse(file.AsSpan(0, file.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
                return (version, file, Read(assembly, n));
            })
            .OrderBy(m => m.version);
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
