using Dossier.Testing;

namespace Dossier.Storage.Tests;

/// <summary>
/// The dialects the storage suite runs on. SQLite always; PostgreSQL when a cluster can be started
/// here, and always under CI (where a missing server then fails the tests rather than hiding them).
/// <see cref="PostgresSuiteTests"/> reports the skip when PostgreSQL rows are left out.
/// </summary>
public static class Dialects
{
    public static TheoryData<string> All()
    {
        var data = new TheoryData<string> { "sqlite" };
        if (PostgresCluster.IsAvailable || TestEnvironment.IsCi)
        {
            data.Add("postgres");
        }

        return data;
    }
}

public class PostgresSuiteTests
{
    [PostgresFact]
    public async Task The_storage_suite_runs_on_a_real_postgres_cluster()
    {
        await using var store = await TestStore.OpenAsync("postgres");
        store.Store.Describe.ShouldBe("PostgreSQL");
        (await store.Store.GetTreeHeadAsync(CancellationToken.None)).Size.ShouldBe(0);
    }
}
