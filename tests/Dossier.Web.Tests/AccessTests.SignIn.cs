using System.Net;
using Dossier.Application.Access;

namespace Dossier.Web.Tests;

/// <summary>Sign-in hardening from issue 13: return addresses, sessions, cross-origin posts.</summary>
public abstract partial class AccessTests
{
    [Fact]
    public async Task A_return_address_with_a_control_character_leads_home_through_the_whole_sign_in()
    {
        const string evil = "/\t/evil.example";
        var (name, password) = await NewAccountAsync(Role.Viewer);
        var browser = Browser();

        var enrol = await PostFormAsync(browser, "/login", new() { ["name"] = name, ["password"] = password, ["returnUrl"] = evil });
        enrol.ShouldBe("/login/enrol?returnUrl=%2F");
        var secret = Base32.Decode(KeyPattern().Match(await browser.GetStringAsync(enrol)).Groups[1].Value.Replace(" ", string.Empty, StringComparison.Ordinal));
        var recovery = await PostFormRawAsync(browser, "/login/enrol", new() { ["code"] = Totp.Code(secret, Totp.StepAt(_clock.Now)), ["returnUrl"] = evil });
        recovery.ShouldContain("<a href=\"/\">");
        recovery.ShouldNotContain("evil.example");

        await PostFormAsync(browser, "/logout", []);
        _clock.Now += TimeSpan.FromSeconds(Totp.StepSeconds);
        (await PostFormAsync(browser, "/login", new() { ["name"] = name, ["password"] = password, ["returnUrl"] = evil })).ShouldBe("/login/code?returnUrl=%2F");
        (await PostFormAsync(browser, "/login/code", new() { ["code"] = Totp.Code(secret, Totp.StepAt(_clock.Now)), ["returnUrl"] = evil })).ShouldBe("/");
    }

    private async Task<(string Name, string Password)> NewAccountAsync(Role role)
    {
        var name = "t-" + Guid.NewGuid().ToString("N")[..10];
        var (_, password, error) = await AccountCommandsService().AddAsync(name, role, "test", "test", CancellationToken.None);
        error.ShouldBeNull();
        return (name, password!);
    }

    /// <summary>A cookie-holding client signed in through the forms (password, enrolment), like a browser.</summary>
    private async Task<(HttpClient Browser, string Name, string Password, byte[] Secret)> SignedInAsync(Role role)
    {
        var (name, password) = await NewAccountAsync(role);
        var browser = Browser();
        var enrol = await PostFormAsync(browser, "/login", new() { ["name"] = name, ["password"] = password });
        enrol.ShouldStartWith("/login/enrol");
        var secret = Base32.Decode(KeyPattern().Match(await browser.GetStringAsync(enrol)).Groups[1].Value.Replace(" ", string.Empty, StringComparison.Ordinal));
        await PostFormRawAsync(browser, "/login/enrol", new() { ["code"] = Totp.Code(secret, Totp.StepAt(_clock.Now)) });
        (await browser.GetAsync("/account")).StatusCode.ShouldBe(HttpStatusCode.OK);
        return (browser, name, password, secret);
    }
}
