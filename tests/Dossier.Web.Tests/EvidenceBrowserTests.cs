using Dossier.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace Dossier.Web.Tests;

/// <summary>
/// The evidence pages in headless Chromium against the real server on 127.0.0.1: upload a synthetic photo
/// through the form, see its GPS metadata, integrity and custody chain, record a transfer, and read it in Persian.
/// Screenshots go to artifacts/screenshots; every request must stay on this machine.
/// </summary>
public abstract class EvidenceBrowserTests(DemoWorkspaceFixture demo)
{

    [ChromiumFact]
    public async Task An_investigator_uploads_a_photo_sees_its_metadata_and_integrity_and_records_a_transfer()
    {
        // Signed in through an API token (the sign-in journey has its own browser test).
        await using var session = await BrowserSession.StartAsync(demo, bearer: await demo.TokenForAsync(Dossier.Application.Access.Role.Investigator));
        var (address, page) = (session.Address, session.Page);
        var photo = Path.Combine(demo.Directory, "gohardasht-site-synthetic.jpg");
        await File.WriteAllBytesAsync(photo, SyntheticJpeg.WithGps(variant: 42));

        await page.GotoAsync(address + "/");
        await page.ClickAsync("header nav >> text=Evidence");
        await page.WaitForAddressAsync("**/evidence");
        await page.ClickAsync("text=Add evidence");
        await page.WaitForAddressAsync("**/evidence/add");
        await page.SetInputFilesAsync("#file", photo);
        await page.FillAsync("#collector", "Investigator A (synthetic)");
        await page.FillAsync("#collectedAt", "2021-11-12T14:05:00+01:00");
        await page.FillAsync("#zone", "Europe/Tirane");
        await page.FillAsync("#location", "Durrës (synthetic)");
        await page.FillAsync("#method", "photograph handed over by the witness (synthetic)");
        await page.FillAsync("#reason", "evidence for the Noury demo (synthetic)");
        await session.ScreenshotAsync("10-evidence-add.png");
        await page.ClickAsync("button[type=submit] >> text=Add to the vault");
        await page.WaitForAddressAsync("**/evidence/*");
        await session.ScreenshotAsync("11-evidence-item.png");

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
        await session.ScreenshotAsync("12-evidence-custody.png");

        (await page.Locator(".custody tbody tr").CountAsync()).ShouldBe(2);
        (await page.Locator(".holder").InnerTextAsync()).ShouldBe("Prosecutor B (synthetic)");

        await BrowserSession.SwitchToPersianAsync(page);
        await session.ScreenshotAsync("13-evidence-item-persian.png");
        (await page.Locator(".custody").InnerTextAsync()).ShouldContain("زنجیرهٔ نگهداری");
        (await page.Locator(".integrity").InnerTextAsync()).ShouldContain("دست‌نخورده");
        session.ShouldHaveStayedOnThisMachine();
    }

    [ChromiumFact]
    public async Task The_form_reads_a_local_collection_time_in_the_collectors_zone_and_refuses_one_the_zone_skipped()
    {
        await using var session = await BrowserSession.StartAsync(demo, bearer: await demo.TokenForAsync(Dossier.Application.Access.Role.Investigator));
        var (address, page) = (session.Address, session.Page);
        var statement = Path.Combine(demo.Directory, "zone-form-statement-synthetic.txt");
        await File.WriteAllTextAsync(statement, "statement for the collection time form (synthetic)");

        async Task SubmitAsync(string collectedAt)
        {
            await page.GotoAsync(address + "/evidence/add");
            await page.SetInputFilesAsync("#file", statement);
            await page.FillAsync("#collector", "Investigator A (synthetic)");
            await page.FillAsync("#collectedAt", collectedAt);
            await page.FillAsync("#zone", "Europe/Berlin");
            await page.FillAsync("#method", "handed over (synthetic)");
            await page.FillAsync("#reason", "collection time test (synthetic)");
            await page.ClickAsync("button[type=submit] >> text=Add to the vault");
        }

        await SubmitAsync("2023-03-26 02:30");
        (await page.ContentAsync()).ShouldContain("did not exist in Europe/Berlin");

        await SubmitAsync("2023-05-04 10:00");
        await page.WaitForAddressAsync("**/evidence/*");
        (await page.ContentAsync()).ShouldContain("2023-05-04T08:00:00Z (Europe/Berlin)");
        session.ShouldHaveStayedOnThisMachine();
    }
}
