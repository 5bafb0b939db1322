using System.Text.RegularExpressions;
using Dossier.Application.Access;
using Dossier.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace Dossier.Web.Tests;

/// <summary>
/// The language and calendar are chosen per person: kept on the account, applied to every request they make
/// signed in, on any browser, before the browser's cookie. Anonymous visitors keep the cookie.
/// </summary>
public abstract partial class AccountPreferenceTests(DemoWorkspaceFixture demo) : DemoAppTests(demo)
{
    [Fact]
    public async Task The_accounts_language_and_calendar_win_over_the_cookie_and_anonymous_visitors_keep_the_cookie()
    {
        var signedIn = await Demo.ClientAsync(App, Role.Viewer);
        await TestAccounts.Service(Demo.Store).SetPreferencesAsync($"test-{AccessPolicy.Name(Role.Viewer)}", "fa", true, CancellationToken.None);
        var anonymous = await Demo.ClientAsync(App, null);
        const string englishCookie = ".AspNetCore.Culture=c%3Den%7Cuic%3Den";
        const string persianCookie = ".AspNetCore.Culture=c%3Dfa%7Cuic%3Dfa";

        var mine = await GetAsync(signedIn, "/records/massacre-1988", englishCookie + "; dossier.calendar=gregorian");
        var visitor = await GetAsync(anonymous, "/records/massacre-1988", null);
        var persianVisitor = await GetAsync(anonymous, "/records/massacre-1988", persianCookie);

        Direction(mine).ShouldBe("rtl");
        // 1988-07-19 in the Solar Hijri calendar is 1367/04/28 (Tir 1367): the account's calendar, not the cookie's,
        // written in Persian digits in the Persian UI (issue 18 §4).
        mine.ShouldContain("۱۳۶۷/");
        Direction(visitor).ShouldBe("ltr");
        visitor.ShouldNotContain("1367/");
        Direction(persianVisitor).ShouldBe("rtl");
    }

    [ChromiumFact]
    public async Task A_person_who_chose_Persian_signs_in_from_a_fresh_browser_and_gets_the_right_to_left_Persian_UI()
    {
        var name = "pref-" + Guid.NewGuid().ToString("N")[..6];
        var (_, password, _) = await TestAccounts.Service(Demo.Store).AddAsync(name, Role.Viewer, "tests", "preference browser test", CancellationToken.None);
        await using var session = await BrowserSession.StartAsync(Demo);
        var page = session.Page;

        await page.GotoAsync(session.Address + "/login?returnUrl=%2Faccount");
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
        var key = (await page.Locator("figcaption code").InnerTextAsync()).Replace(" ", string.Empty, StringComparison.Ordinal);
        await page.FillAsync("#code", Totp.Code(Base32.Decode(key), Totp.StepAt(TimeProvider.System.GetUtcNow())));
        await page.ClickAsync("form.signin button[type=submit]");
        var recoveryCode = (await page.Locator("ul.secrets li").First.InnerTextAsync()).Trim();
        await page.ClickAsync("text=Continue");
        await page.WaitForAddressAsync("**/account");
        (await Direction(page)).ShouldBe("ltr");

        await page.SelectOptionAsync("#language", "fa");
        await page.ClickAsync("form.preferences button[type=submit]");
        await page.WaitForAddressAsync("**/account?saved=true");
        await session.ScreenshotAsync("30-account-preferences-persian.png");
        (await Direction(page)).ShouldBe("rtl");
        await page.ClickAsync("form[action='/logout'] button");
        await page.WaitForLoadStateAsync();
        // Signed out, this browser has no language cookie: the choice was the account's, not the browser's.
        await page.GotoAsync(session.Address + "/");
        (await Direction(page)).ShouldBe("ltr");

        var fresh = await session.NewPageAsync();
        await fresh.GotoAsync(session.Address + "/login?returnUrl=%2F");
        await fresh.FillAsync("#name", name);
        await fresh.FillAsync("#password", password!);
        await fresh.ClickAsync("form.signin button[type=submit]");
        await fresh.WaitForAddressAsync("**/login/code**");
        await fresh.FillAsync("#code", recoveryCode);
        await fresh.ClickAsync("form.signin button[type=submit]");
        await fresh.WaitForAddressAsync(session.Address + "/");
        await session.ScreenshotAsync("31-fresh-browser-persian.png", fresh);

        (await Direction(fresh)).ShouldBe("rtl");
        (await fresh.EvaluateAsync<string>("() => document.documentElement.lang")).ShouldBe("fa");
        (await fresh.Locator("header nav").InnerTextAsync()).ShouldContain("افراد");
        session.ShouldHaveStayedOnThisMachine();
    }

    private static Task<string> Direction(IPage page) => page.EvaluateAsync<string>("() => getComputedStyle(document.body).direction");

    private static string Direction(string html) => HtmlDirection().Match(html).Groups["dir"].Value;

    private static async Task<string> GetAsync(HttpClient client, string path, string? cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex("<html[^>]*\\sdir=\"(?<dir>[a-z]+)\"", RegexOptions.ExplicitCapture)]
    private static partial Regex HtmlDirection();
}
