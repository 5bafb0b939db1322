using Dossier.Application.Workspace;
using Dossier.Storage;

namespace Dossier.Storage.Tests;

/// <summary>Opens a fresh, empty store of either dialect for one test.</summary>
public sealed class TestStore : IAsyncDisposable
{
    private readonly string _directory;

    private TestStore(string directory, IWorkspaceStore store, string? database)
    {
        _directory = directory;
        Store = store;
        Database = database;
    }

    public IWorkspaceStore Store { get; }

    public string? Database { get; }

    public string Directory => _directory;

    public WorkspaceService Service(TimeProvider? time = null) => new(Store, time ?? new FixedTime());

    public static async Task<TestStore> OpenAsync(string dialect)
    {
        var directory = Path.Combine(Path.GetTempPath(), "dossier-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        string? database = null;
        if (dialect == "postgres")
        {
            database = await Dossier.Testing.PostgresCluster.Shared.CreateDatabaseAsync("t" + Guid.NewGuid().ToString("N"));
        }

        var store = await WorkspaceStores.OpenAsync(directory, database, CancellationToken.None);
        return new TestStore(directory, store, database);
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}

/// <summary>A clock that stands still at a fixed instant and moves only when told: no test depends on the real time.</summary>
public sealed class FixedTime : TimeProvider
{
    private DateTimeOffset _now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        _now = _now.AddSeconds(1);
        return _now;
    }
}
