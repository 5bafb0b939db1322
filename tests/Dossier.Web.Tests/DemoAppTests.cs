using Microsoft.AspNetCore.Builder;

namespace Dossier.Web.Tests;

/// <summary>Tests that talk to the demo workspace's app on an in-memory test server, started for each test.</summary>
public abstract class DemoAppTests(DemoWorkspaceFixture demo) : IAsyncLifetime
{
    protected DemoWorkspaceFixture Demo { get; } = demo;

    protected WebApplication App { get; private set; } = default!;

    public virtual async Task InitializeAsync()
    {
        App = Demo.TestApp();
        await App.StartAsync();
    }

    public virtual async Task DisposeAsync() => await App.DisposeAsync();
}
