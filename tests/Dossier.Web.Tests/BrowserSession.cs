using Dossier.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace Dossier.Web.Tests;

/// <summary>
/// The demo app on a free loopback port and a headless Chromium whose pages record every request they make.
/// One place for what every browser test needs: launch, request log, screenshots, and the check that nothing
/// left 127.0.0.1.
/// </summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    /// <summary>Where screenshots go (a test artifact, one per step).</summary>
    public static readonly string Screenshots = Path.Combine(TestEnvironment.RepositoryRoot, "artifacts", "screenshots");

    private static readonly ViewportSize DefaultViewport = new() { Width = 1280, Height = 900 };

    private readonly List<string> _requests = [];
    private string _screenshots = Screenshots;
    private WebApplication _app = default!;
    private IPlaywright _playwright = default!;
    private IBrowser _browser = default!;

    public string Address { get; private set; } = string.Empty;

    /// <summary>The first page, in its own browser context.</summary>
    public IPage Page { get; private set; } = default!;

    /// <summary>Every URL requested by any page of this session, in order.</summary>
    public IReadOnlyList<string> Requests => _requests;

    /// <param name="bearer">An API token the first page sends with every request (signed in without the sign-in form).</param>
    public static async Task<BrowserSession> StartAsync(DemoWorkspaceFixture demo, string? bearer = null)
    {
        ArgumentNullException.ThrowIfNull(demo);
        var session = new BrowserSession { _app = DossierWeb.Build(demo.Store, demo.Options(new WebOptions { Port = 0 })) };
        await session._app.StartAsync();
        session.Address = DossierWeb.AddressOf(session._app);
        session._playwright = await Playwright.CreateAsync();
        session._browser = await session._playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumBrowser.ExecutablePath,
            Headless = true,
            // No background traffic of Chromium's own: every request seen must be the page's.
            Args = [.. ChromiumBrowser.LaunchArguments, "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
        session.Page = await session.NewPageAsync();
        if (bearer is not null)
        {
            await session.Page.SetExtraHTTPHeadersAsync(new Dictionary<string, string> { ["Authorization"] = "Bearer " + bearer });
        }

        // The PostgreSQL run of the same test keeps its screenshots apart, so the two runs never write one file.
        session._screenshots = demo is PostgresDemo ? Path.Combine(Screenshots, "postgres") : Screenshots;
        Directory.CreateDirectory(session._screenshots);
        return session;
    }

    /// <summary>A page in a fresh browser context: no cookies, like another browser on another machine.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = DefaultViewport });
        // A ceiling, not a pause: on a two-core CI machine building both databases' demo workspaces side by side, a first
        // page load has taken longer than Playwright's 30 s default (a navigation timed out once while the suite was
        // starting). A wait still ends as soon as its condition holds, and fails if it never does.
        context.SetDefaultTimeout(90_000);
        var page = await context.NewPageAsync();
        page.Request += (_, request) => _requests.Add(request.Url);
        return page;
    }

    /// <summary>
    /// Switches the interface to Persian with the header's button and returns once the page it comes back to is Persian and
    /// fully loaded. The button posts and is redirected to the same address, so waiting for that address can match the page
    /// before the switch, and on a loaded CI machine Playwright's wait for its load event once never ended (a 90 s timeout with
    /// the page long loaded); these waits read the document itself.
    /// </summary>
    public static async Task SwitchToPersianAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.ClickAsync("text=فارسی");
        await page.WaitForSelectorAsync("html[lang=fa][dir=rtl]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        await page.WaitForFunctionAsync("() => document.readyState === 'complete'");
    }

    public Task ScreenshotAsync(string file, IPage? page = null, bool fullPage = true) =>
        (page ?? Page).ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(_screenshots, file), FullPage = fullPage });

    private static readonly Lazy<string> Axe = new(() => File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "tests", "Dossier.Web.Tests", "Vendor", "axe.min.js")));

    /// <summary>A screenshot of the viewport, then axe-core (vendored into the tests only): no serious or critical violation.</summary>
    public async Task StepAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        await ScreenshotAsync(name + ".png", page, fullPage: false);
        await page.EvaluateAsync(Axe.Value);
        var violations = await page.EvaluateAsync<System.Text.Json.JsonElement>(
            """
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
            }
            """);
        violations.EnumerateArray().Select(v => v.GetString()).ShouldBeEmpty($"axe on {name} ({page.Url})");
    }

    /// <summary>Pages were loaded, and not one request went anywhere but this machine's loopback server.</summary>
    public void ShouldHaveStayedOnThisMachine()
    {
        _requests.ShouldNotBeEmpty();
        _requests.ShouldAllBe(url => url.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _app.DisposeAsync();
    }
}
