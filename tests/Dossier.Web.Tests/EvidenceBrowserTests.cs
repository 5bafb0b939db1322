using Dossier.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace Dossier.Web.Tests;

/// <summary>
/// The evidence pages in headless Chromium against the real server on 127.0.0.1: upload a synthetic photo
/// through the form, see its GPS metadata, integrity and custody chain, record a transfer, and read it in Persian.
/// Screenshots go to artifacts/screenshots; every request must stay on this machine.
/// </summary>
public class EvidenceBrowserTests(DemoWorkspaceFixture demo) : IClassFixture<DemoWorkspaceFixture>
{
    private static readonly string Screenshots = Path.Combine(TestEnvironment.RepositoryRoot, "artifacts", "screenshots");

    [ChromiumFact]
    public async Task An_investigator_uploads_a_photo_sees_its_metadata_and_integrity_and_records_a_transfer()
    {
        var app = DossierWeb.Build(demo.Store, demo.Options(new WebOptions { Port = 0 }));
        await app.StartAsync();
        try
        {
            var address = DossierWeb.AddressOf(app);
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumBrowser.ExecutablePath,
                Headless = true,
                Args = [.. ChromiumBrowser.LaunchArguments, "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
            });
            var page = await browser.NewPageAsync();
            // Signed in as an investigator through an API token (the sign-in journey has its own browser test).
            await page.SetExtraHTTPHeadersAsync(new Dictionary<string, string> { ["Authorization"] = "Bearer " + await demo.TokenForAsync(Dossier.Application.Access.Role.Investigator) });
            var requests = new List<string>();
            page.Request += (_, request) => requests.Add(request.Url);
            Directory.CreateDirectory(Screenshots);
            var photo = Path.Combine(demo.Directory, "gohardasht-site-synthetic.jpg");
            await File.WriteAllBytesAsync(photo, SyntheticJpeg.WithGps(variant: 42));

            await page.GotoAsync(address + "/");
            await page.ClickAsync("header nav >> text=Evidence");
            await page.WaitForURLAsync("**/evidence");
            await page.ClickAsync("text=Add evidence");
            await page.WaitForURLAsync("**/evidence/add");
            await page.SetInputFilesAsync("#file", photo);
            await page.FillAsync("#collector", "Investigator A (synthetic)");
            await page.FillAsync("#collectedAt", "2021-11-12T14:05:00+01:00");
            await page.FillAsync("#zone", "Europe/Tirane");
            await page.FillAsync("#location", "Durrës (synthetic)");
            await page.FillAsync("#method", "photograph handed over by the witness (synthetic)");
            await page.FillAsync("#reason", "evidence for the Noury demo (synthetic)");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "10-evidence-add.png"), FullPage = true });
            await page.ClickAsync("button[type=submit] >> text=Add to the vault");
            await page.WaitForURLAsync("**/evidence/*");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "11-evidence-item.png"), FullPage = true });

            (await page.Locator("h1").InnerTextAsync()).ShouldContain("gohardasht-site-synthetic.jpg");
            (await page.Locator(".integrity").InnerTextAsync()).ShouldContain("Integrity: intact");
            (await page.Locator(".gps").InnerTextAsync()).ShouldContain("35.830000, 50.940000");
            (await page.Locator(".metadata").InnerTextAsync()).ShouldContain("SyntheticCam (test data)");
            (await page.Locator(".custody tbody tr").CountAsync()).ShouldBe(1);

            await page.SelectOptionAsync("#action", "transfer");
            await page.FillAsync("#to", "Prosecutor B (synthetic)");
            await page.FillAsync("form.custody-form #reason", "handed to the prosecution (synthetic)");
            await page.ClickAsync("form.custody-form button[type=submit]");
            await page.WaitForSelectorAsync(".custody tr.custody-transfer");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "12-evidence-custody.png"), FullPage = true });

            (await page.Locator(".custody tbody tr").CountAsync()).ShouldBe(2);
            (await page.Locator(".holder").InnerTextAsync()).ShouldBe("Prosecutor B (synthetic)");

            await page.ClickAsync("text=فارسی");
            await page.WaitForSelectorAsync("html[lang=fa]");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "13-evidence-item-persian.png"), FullPage = true });
            (await page.Locator(".custody").InnerTextAsync()).ShouldContain("زنجیرهٔ نگهداری");
            (await page.Locator(".integrity").InnerTextAsync()).ShouldContain("دست‌نخورده");

            requests.ShouldNotBeEmpty();
            requests.ShouldAllBe(url => url.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
