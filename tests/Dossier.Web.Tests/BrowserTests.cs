using Dossier.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace Dossier.Web.Tests;

/// <summary>
/// The demo in a real headless Chromium against the real server on 127.0.0.1. Screenshots of each step
/// go to artifacts/screenshots; every request the page makes must stay on this machine.
/// </summary>
public abstract class BrowserTests(DemoWorkspaceFixture demo)
{

    [ChromiumFact]
    public async Task An_investigator_searches_in_Persian_and_reaches_the_Noury_page()
    {
        await using var session = await BrowserSession.StartAsync(demo);
        var (address, page) = (session.Address, session.Page);

        await page.GotoAsync(address + "/");
        await session.ScreenshotAsync("01-dashboard.png");
        await page.FillAsync("#top-q", "نوری");
        await page.PressAsync("#top-q", "Enter");
        await page.WaitForAddressAsync("**/search?**");
        await session.ScreenshotAsync("02-search-persian.png");
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Hamid Noury", Exact = true }).ClickAsync();
        await page.WaitForAddressAsync("**/records/hamid-noury");
        await session.ScreenshotAsync("03-hamid-noury.png");

        (await page.Locator("h1").InnerTextAsync()).ShouldContain("Hamid Noury");
        (await page.ContentAsync()).ShouldContain("حمید نوری");
        session.ShouldHaveStayedOnThisMachine();
    }

    [ChromiumFact]
    public async Task The_Persian_interface_lays_out_right_to_left_and_shows_the_competing_tolls()
    {
        await using var session = await BrowserSession.StartAsync(demo);
        var (address, page) = (session.Address, session.Page);

        await page.GotoAsync(address + "/records/massacre-1988");
        await BrowserSession.SwitchToPersianAsync(page);
        page.Url.ShouldContain("/records/massacre-1988");
        await session.ScreenshotAsync("04-massacre-persian.png");

        (await page.EvaluateAsync<string>("() => getComputedStyle(document.body).direction")).ShouldBe("rtl");
        (await page.Locator(".competing .claim").CountAsync()).ShouldBeGreaterThanOrEqualTo(3);
        session.ShouldHaveStayedOnThisMachine();
    }

    [ChromiumFact]
    public async Task An_investigator_signs_in_with_a_second_factor_adds_a_sourced_claim_and_finds_it_in_history()
    {
        var name = "browser-" + Guid.NewGuid().ToString("N")[..6];
        var accounts = TestAccounts.Service(demo.Store);
        var (_, password, _) = await accounts.AddAsync(name, Dossier.Application.Access.Role.Investigator, "tests", "browser test", CancellationToken.None);
        await using var session = await BrowserSession.StartAsync(demo);
        var (address, page) = (session.Address, session.Page);

        await page.GotoAsync(address + "/login?returnUrl=%2Frecords%2Fhamid-noury");
        await page.FillAsync("#name", name);
        await page.FillAsync("#password", password!);
        await page.ClickAsync("form.signin button[type=submit]");
        // The one-time password is replaced first.
        await page.WaitForAddressAsync("**/login/password**");
        password = "chosen-" + Guid.NewGuid().ToString("N");
        await page.FillAsync("#password", password);
        await page.FillAsync("#confirmation", password);
        await page.ClickAsync("form.signin button[type=submit]");
        await page.WaitForAddressAsync("**/login/enrol**");
        await session.ScreenshotAsync("20-enrol-authenticator.png");
        var key = (await page.Locator("figcaption code").InnerTextAsync()).Replace(" ", string.Empty, StringComparison.Ordinal);
        var code = Dossier.Application.Access.Totp.Code(Dossier.Application.Access.Base32.Decode(key), Dossier.Application.Access.Totp.StepAt(TimeProvider.System.GetUtcNow()));
        await page.FillAsync("#code", code);
        await page.ClickAsync("form.signin button[type=submit]");
        (await page.Locator("ul.secrets li").CountAsync()).ShouldBe(10);
        await page.ClickAsync("text=Continue");
        await page.WaitForAddressAsync("**/records/hamid-noury");

        await page.ClickAsync("text=Add a claim");
        await page.WaitForAddressAsync("**/records/new/claim**");
        await page.FillAsync("#f-id", "claim-" + name);
        await page.FillAsync("#f-statement", "Noury took part in the selection of prisoners for execution at Gohardasht.");
        await page.FillAsync("#f-sourceId", "s9-stockholm-judgment");
        await page.SelectOptionAsync("#f-credibility", "2");
        await page.FillAsync("#f-reason", "from the Stockholm judgment");
        await session.ScreenshotAsync("21-add-claim-form.png");
        await page.ClickAsync("form.record-form button[type=submit]");
        await page.WaitForAddressAsync($"**/records/claim-{name}**");
        await session.ScreenshotAsync("22-claim-history.png");

        var content = await page.ContentAsync();
        content.ShouldContain("from the Stockholm judgment");
        content.ShouldContain(name);
        await page.GotoAsync(address + "/records/hamid-noury");
        (await page.ContentAsync()).ShouldContain("Noury took part in the selection of prisoners");
        session.ShouldHaveStayedOnThisMachine();
    }

    [ChromiumFact]
    public async Task The_name_field_previews_its_romanisation_and_warns_of_a_similar_person_while_typing()
    {
        var name = "typist-" + Guid.NewGuid().ToString("N")[..6];
        var accounts = TestAccounts.Service(demo.Store);
        await accounts.AddAsync(name, Dossier.Application.Access.Role.Investigator, "tests", "browser test", CancellationToken.None);
        var (token, _) = await accounts.CreateTokenAsync(name, "browser", null, "tests", CancellationToken.None);
        await using var session = await BrowserSession.StartAsync(demo);
        var (address, page) = (session.Address, session.Page);
        await page.SetExtraHTTPHeadersAsync(new Dictionary<string, string> { ["Authorization"] = "Bearer " + token });

        await page.GotoAsync(address + "/records/new/person");
        await page.Locator("#f-names-0-text").PressSequentiallyAsync("حمید نوری");
        // The preview follows typing (debounced); wait for the one of the whole name, not an earlier one.
        await Assertions.Expect(page.Locator("#f-names-0-text-preview .romanized")).ToHaveTextAsync("hamid nouri");
        await session.ScreenshotAsync("23-name-preview.png");

        (await page.Locator("#f-names-0-text-preview .similar a").AllInnerTextsAsync()).ShouldContain("Hamid Noury");
        session.ShouldHaveStayedOnThisMachine();
    }

}
