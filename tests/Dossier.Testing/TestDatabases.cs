namespace Dossier.Testing;

/// <summary>
/// The databases a suite that reaches storage runs on, as theory data: SQLite always; PostgreSQL when a
/// cluster can be started here, and always under CI (where a missing server then fails the test).
/// </summary>
public static class TestDatabases
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public static Xunit.TheoryData<string> All()
    {
        var data = new Xunit.TheoryData<string> { Sqlite };
        if (PostgresCluster.IsAvailable || TestEnvironment.IsCi)
        {
            data.Add(Postgres);
        }

        return data;
    }

    /// <summary>For <paramref name="database"/>: null for SQLite (the workspace's own file), else a new, empty PostgreSQL database's connection string.</summary>
    public static async Task<string?> NewAsync(string database) =>
        database == Postgres ? await PostgresCluster.Shared.CreateDatabaseAsync("t" + Guid.NewGuid().ToString("N")) : null;
}
