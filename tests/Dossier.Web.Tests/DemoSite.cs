using Dossier.Application.Access;
using Dossier.Application.Workspace;
using Dossier.Demo;
using Dossier.Storage;
using Dossier.Testing;
using Dossier.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Dossier.Web.Tests;

/// <summary>
/// A demo workspace in a temp folder, built once per test class through the same code as `dossier demo`,
/// on SQLite (<see cref="SqliteDemo"/>) or on a fresh database of the test PostgreSQL cluster
/// (<see cref="PostgresDemo"/>). Every web test class runs on both: see OnBothDatabases.cs.
/// </summary>
public abstract class DemoWorkspaceFixture : IAsyncLifetime
{
    /// <summary>The `--database` value `dossier serve` would get: null for the workspace's SQLite file.</summary>
    protected abstract Task<string?> DatabaseAsync();

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "dossier-web-tests", Guid.NewGuid().ToString("N"));

    public IWorkspaceStore Store { get; private set; } = default!;

    /// <summary>The master key the demo's invented witnesses are sealed under, held in memory for the fixture's life.</summary>
    public Dossier.Application.Protection.MasterKeyStore IdentityKeys { get; } =
        Dossier.Application.Protection.MasterKeyStore.InMemory(Dossier.Application.Protection.MasterKey.Generate());

    /// <summary>The key the demo's checkpoint is signed with (as `dossier demo` signs with the workspace key).</summary>
    public Dossier.Ledger.Checkpoints.NoteSigner Signer { get; } = Dossier.Ledger.Checkpoints.NoteSigner.Create("dossier/web-tests");

    /// <summary>Web options as `dossier serve` gives them for this workspace.</summary>
    public WebOptions Options(WebOptions? options = null) => (options ?? new WebOptions()) with { IdentityKeys = IdentityKeys };

    public async Task InitializeAsync()
    {
        // The folder holds blobs, keys and test files on either database (PostgreSQL does not create it).
        System.IO.Directory.CreateDirectory(Directory);
        Store = await WorkspaceStores.OpenAsync(Directory, await DatabaseAsync(), CancellationToken.None);
        var code = await DemoWorkspace.BuildAsync(Store, TimeProvider.System, TextWriter.Null, CancellationToken.None, IdentityKeys, Signer);
        code.ShouldBe(0);
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        Signer.Dispose();
    }

    private readonly Dictionary<Role, string> _tokens = [];
    private readonly SemaphoreSlim _tokenLock = new(1, 1);

    /// <summary>An API token of an account with this role (made once per fixture), as the CLI's `token add` makes it.</summary>
    public async Task<string> TokenForAsync(Role role)
    {
        await _tokenLock.WaitAsync();
        try
        {
            if (!_tokens.TryGetValue(role, out var token))
            {
                var accounts = TestAccounts.Service(Store);
                var name = $"test-{AccessPolicy.Name(role)}";
                (await accounts.AddAsync(name, role, "tests", "test account", CancellationToken.None)).Error.ShouldBeNull();
                token = (await accounts.CreateTokenAsync(name, "tests", null, "tests", CancellationToken.None)).Token!;
                _tokens[role] = token;
            }

            return token;
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    /// <summary>A client of the test server that acts as an account with this role (null: anonymous).</summary>
    public async Task<HttpClient> ClientAsync(WebApplication app, Role? role)
    {
        // Cookies kept like a browser keeps them: forms need the antiforgery cookie beside their token.
        var handler = new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(new System.Net.CookieContainer()) { InnerHandler = app.GetTestServer().CreateHandler() };
        var client = new HttpClient(handler) { BaseAddress = new Uri("http://localhost") };
        if (role is { } r)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await TokenForAsync(r));
        }

        return client;
    }

    /// <summary>The app on an in-memory test server.</summary>
    public WebApplication TestApp()
    {
        var app = DossierWeb.Build(Store, Options(), builder => builder.WebHost.UseTestServer());
        return app;
    }
}

/// <summary>The demo workspace in its SQLite file, as `dossier demo` builds it.</summary>
public sealed class SqliteDemo : DemoWorkspaceFixture
{
    protected override Task<string?> DatabaseAsync() => Task.FromResult<string?>(null);
}

/// <summary>The demo workspace in a new database of the process's PostgreSQL cluster, as `dossier serve --database` uses it.</summary>
public sealed class PostgresDemo : DemoWorkspaceFixture
{
    protected override async Task<string?> DatabaseAsync() =>
        await PostgresCluster.Shared.CreateDatabaseAsync("web_" + Guid.NewGuid().ToString("N"));
}

/// <summary>The account service as the CLI and the web app make it, for tests that add accounts directly.</summary>
internal static class TestAccounts
{
    public static Dossier.Application.Access.AccountService Service(IWorkspaceStore store) =>
        new(store.Accounts, store, new Security.IdentityPasswordHashing(), TimeProvider.System);
}
