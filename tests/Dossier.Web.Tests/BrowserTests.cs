using Dossier.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace Dossier.Web.Tests;

/// <summary>
/// The demo in a real headless Chromium against the real server on 127.0.0.1. Screenshots of each step
/// go to artifacts/screenshots; every request the page makes must stay on this machine.
/// </summary>
public class BrowserTests(DemoWorkspaceFixture demo) : IClassFixture<DemoWorkspaceFixture>
{
    private static readonly string Screenshots = Path.Combine(TestEnvironment.RepositoryRoot, "artifacts", "screenshots");

    [ChromiumFact]
    public async Task An_investigator_searches_in_Persian_and_reaches_the_Noury_page()
    {
        await using var session = await BrowserSession.StartAsync(demo);
        var (address, page, requests) = (session.Address, session.Page, session.Requests);

        await page.GotoAsync(address + "/");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "01-dashboard.png"), FullPage = true });
        await page.FillAsync("#top-q", "نوری");
        await page.PressAsync("#top-q", "Enter");
        await page.WaitForURLAsync("**/search?**");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "02-search-persian.png"), FullPage = true });
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Hamid Noury", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/records/hamid-noury");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "03-hamid-noury.png"), FullPage = true });

        (await page.Locator("h1").InnerTextAsync()).ShouldContain("Hamid Noury");
        (await page.ContentAsync()).ShouldContain("حمید نوری");
        requests.ShouldNotBeEmpty();
        requests.ShouldAllBe(url => url.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
    }

    [ChromiumFact]
    public async Task The_Persian_interface_lays_out_right_to_left_and_shows_the_competing_tolls()
    {
        await using var session = await BrowserSession.StartAsync(demo);
        var (address, page, requests) = (session.Address, session.Page, session.Requests);

        await page.GotoAsync(address + "/records/massacre-1988");
        await page.ClickAsync("text=فارسی");
        await page.WaitForURLAsync("**/records/massacre-1988");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "04-massacre-persian.png"), FullPage = true });

        (await page.EvaluateAsync<string>("() => getComputedStyle(document.body).direction")).ShouldBe("rtl");
        (await page.Locator(".competing .claim").CountAsync()).ShouldBeGreaterThanOrEqualTo(3);
        requests.ShouldAllBe(url => url.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
    }

    [ChromiumFact]
    public async Task An_investigator_signs_in_with_a_second_factor_adds_a_sourced_claim_and_finds_it_in_history()
    {
        var name = "browser-" + Guid.NewGuid().ToString("N")[..6];
        var accounts = Dossier.Cli.Commands.AccountCommands.Service(demo.Store);
        var (_, password, _) = await accounts.AddAsync(name, Dossier.Application.Access.Role.Investigator, "tests", "browser test", CancellationToken.None);
        await using var session = await BrowserSession.StartAsync(demo);
        var (address, page, requests) = (session.Address, session.Page, session.Requests);

        await page.GotoAsync(address + "/login?returnUrl=%2Frecords%2Fhamid-noury");
        await page.FillAsync("#name", name);
        await page.FillAsync("#password", password!);
        await page.ClickAsync("form.signin button[type=submit]");
        await page.WaitForURLAsync("**/login/enrol**");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "20-enrol-authenticator.png"), FullPage = true });
        var key = (await page.Locator("figcaption code").InnerTextAsync()).Replace(" ", string.Empty, StringComparison.Ordinal);
        var code = Dossier.Application.Access.Totp.Code(Dossier.Application.Access.Base32.Decode(key), Dossier.Application.Access.Totp.StepAt(TimeProvider.System.GetUtcNow()));
        await page.FillAsync("#code", code);
        await page.ClickAsync("form.signin button[type=submit]");
        (await page.Locator("ul.secrets li").CountAsync()).ShouldBe(10);
        await page.ClickAsync("text=Continue");
        await page.WaitForURLAsync("**/records/hamid-noury");

        await page.ClickAsync("text=Add a claim");
        await page.WaitForURLAsync("**/records/new/claim**");
        await page.FillAsync("#f-id", "claim-" + name);
        await page.FillAsync("#f-statement", "Noury took part in the selection of prisoners for execution at Gohardasht.");
        await page.FillAsync("#f-sourceId", "s9-stockholm-judgment");
        await page.FillAsync("#f-credibility", "2");
        await page.FillAsync("#f-reason", "from the Stockholm judgment");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "21-add-claim-form.png"), FullPage = true });
        await page.ClickAsync("form.record-form button[type=submit]");
        await page.WaitForURLAsync($"**/records/claim-{name}**");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "22-claim-history.png"), FullPage = true });

        var content = await page.ContentAsync();
        content.ShouldContain("from the Stockholm judgment");
        content.ShouldContain(name);
        await page.GotoAsync(address + "/records/hamid-noury");
        (await page.ContentAsync()).ShouldContain("Noury took part in the selection of prisoners");
        requests.ShouldAllBe(url => url.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
    }

    [ChromiumFact]
    public async Task The_name_field_previews_its_romanisation_and_warns_of_a_similar_person_while_typing()
    {
        var name = "typist-" + Guid.NewGuid().ToString("N")[..6];
        var accounts = Dossier.Cli.Commands.AccountCommands.Service(demo.Store);
        await accounts.AddAsync(name, Dossier.Application.Access.Role.Investigator, "tests", "browser test", CancellationToken.None);
        var (token, _) = await accounts.CreateTokenAsync(name, "browser", null, "tests", CancellationToken.None);
        await using var session = await BrowserSession.StartAsync(demo);
        var (address, page, requests) = (session.Address, session.Page, session.Requests);
        await page.SetExtraHTTPHeadersAsync(new Dictionary<string, string> { ["Authorization"] = "Bearer " + token });

        await page.GotoAsync(address + "/records/new/person");
        await page.Locator("#f-names-0-text").PressSequentiallyAsync("حمید نوری");
        // The preview follows typing (debounced); wait for the one of the whole name, not an earlier one.
        await Assertions.Expect(page.Locator("#f-names-0-text-preview .romanized")).ToHaveTextAsync("hamid nouri");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "23-name-preview.png"), FullPage = true });

        (await page.Locator("#f-names-0-text-preview .similar a").AllInnerTextsAsync()).ShouldContain("Hamid Noury");
        requests.ShouldAllBe(url => url.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
    }

    /// <summary>The app on a free loopback port and a fresh headless Chromium page that records every request.</summary>
    private sealed class BrowserSession : IAsyncDisposable
    {
        private WebApplication _app = default!;
        private IPlaywright _playwright = default!;
        private IBrowser _browser = default!;

        public string Address { get; private set; } = string.Empty;

        public IPage Page { get; private set; } = default!;

        public List<string> Requests { get; } = [];

        public static async Task<BrowserSession> StartAsync(DemoWorkspaceFixture demo)
        {
            var session = new BrowserSession { _app = DossierWeb.Build(demo.Store, new WebOptions { Port = 0 }) };
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
            session.Page = await session._browser.NewPageAsync();
            session.Page.Request += (_, request) => session.Requests.Add(request.Url);
            Directory.CreateDirectory(Screenshots);
            return session;
        }

        public async ValueTask DisposeAsync()
        {
            await _browser.DisposeAsync();
            _playwright.Dispose();
            await _app.DisposeAsync();
        }
    }
}
