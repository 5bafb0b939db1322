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
        await using var app = DossierWeb.Build(demo.Store, new WebOptions { Port = 0 });
        await app.StartAsync();
        var address = DossierWeb.AddressOf(app);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumBrowser.ExecutablePath,
            Headless = true,
            Args = [.. ChromiumBrowser.LaunchArguments, "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
        var page = await browser.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        Directory.CreateDirectory(Screenshots);

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
        await using var app = DossierWeb.Build(demo.Store, new WebOptions { Port = 0 });
        await app.StartAsync();
        var address = DossierWeb.AddressOf(app);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumBrowser.ExecutablePath,
            Headless = true,
            Args = [.. ChromiumBrowser.LaunchArguments, "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
        var page = await browser.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        Directory.CreateDirectory(Screenshots);

        await page.GotoAsync(address + "/records/massacre-1988");
        await page.ClickAsync("text=فارسی");
        await page.WaitForURLAsync("**/records/massacre-1988");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "04-massacre-persian.png"), FullPage = true });

        (await page.EvaluateAsync<string>("() => getComputedStyle(document.body).direction")).ShouldBe("rtl");
        (await page.Locator(".competing .claim").CountAsync()).ShouldBeGreaterThanOrEqualTo(3);
        requests.ShouldAllBe(url => url.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
    }
}
