using Dossier.Application.Workspace;
using Dossier.Cli.Commands;
using Dossier.Storage;
using Dossier.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Dossier.Web.Tests;

/// <summary>A demo workspace in a temp folder, built once per test class through the same code as `dossier demo`.</summary>
public sealed class DemoWorkspaceFixture : IAsyncLifetime
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "dossier-web-tests", Guid.NewGuid().ToString("N"));

    public IWorkspaceStore Store { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Store = await WorkspaceStores.OpenAsync(Directory, null, CancellationToken.None);
        var code = await DemoWorkspace.BuildAsync(Store, TimeProvider.System, TextWriter.Null, CancellationToken.None);
        code.ShouldBe(0);
    }

    public async Task DisposeAsync() => await Store.DisposeAsync();

    /// <summary>The app on an in-memory test server.</summary>
    public WebApplication TestApp()
    {
        var app = DossierWeb.Build(Store, new WebOptions(), builder => builder.WebHost.UseTestServer());
        return app;
    }
}
