using Dossier.Application.Ledger;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.TestHost;
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

        (await PostFormAsync(browser, "/login", new() { ["name"] = name, ["password"] = password, ["returnUrl"] = evil })).ShouldBe("/login/password?returnUrl=%2F");
        password = "chosen-" + Guid.NewGuid().ToString("N");
        var enrol = await PostFormAsync(browser, "/login/password", new() { ["password"] = password, ["confirmation"] = password, ["returnUrl"] = evil });
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

    [Fact]
    public async Task A_cookie_signed_in_change_from_another_origin_is_refused_and_writes_nothing()
    {
        var (browser, _, _, _) = await SignedInAsync(Role.Investigator);
        var recordsBefore = (await demo.Store.CountAsync(CancellationToken.None)).Values.Sum();

        var upload = await SendAsync(browser, HttpMethod.Post, "/api/v1/evidence", EvidenceUpload("cross-origin (synthetic)"), origin: "http://evil.example");
        var record = await SendAsync(browser, HttpMethod.Post, "/api/v1/records", RecordJson(), origin: "http://evil.example");
        var sibling = await SendAsync(browser, HttpMethod.Post, "/api/v1/records", RecordJson(), fetchSite: "same-site");
        var nullOrigin = await SendAsync(browser, HttpMethod.Post, "/api/v1/records", RecordJson(), origin: "null", fetchSite: "cross-site");
        var logout = await SendAsync(browser, HttpMethod.Post, "/logout", new FormUrlEncodedContent([]), origin: "http://evil.example");

        upload.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        record.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        sibling.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        nullOrigin.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        logout.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await demo.Store.CountAsync(CancellationToken.None)).Values.Sum().ShouldBe(recordsBefore);
        (await browser.GetAsync("/account")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The same requests from this origin (a page of the app) go through.
        (await SendAsync(browser, HttpMethod.Post, "/api/v1/evidence", EvidenceUpload("same-origin (synthetic)"), origin: "http://localhost")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await SendAsync(browser, HttpMethod.Post, "/api/v1/records", RecordJson(), fetchSite: "same-origin")).StatusCode.ShouldBe(HttpStatusCode.Created);
        // A same-origin form post under Referrer-Policy: no-referrer says Origin: null; Sec-Fetch-Site tells.
        (await SendAsync(browser, HttpMethod.Post, "/api/v1/records", RecordJson(), origin: "null", fetchSite: "same-origin")).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_token_authenticated_call_is_not_affected_by_its_origin()
    {
        var client = await demo.ClientAsync(_app, Role.Investigator);

        (await SendAsync(client, HttpMethod.Post, "/api/v1/records", RecordJson(), origin: "http://elsewhere.example")).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, HttpContent content, string? origin = null, string? fetchSite = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        return await client.SendAsync(request);
    }

    private static JsonContent RecordJson() => JsonContent.Create(new
    {
        kind = "source", reason = "test",
        record = new { id = "s-" + Guid.NewGuid().ToString("N")[..10], title = "Cross-origin test source", type = "report", provenance = "test" },
    });

    private static MultipartFormDataContent EvidenceUpload(string text)
    {
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(text + Guid.NewGuid().ToString("N")));
        file.Headers.ContentType = new("application/octet-stream");
        return new MultipartFormDataContent
        {
            { new StringContent("Investigator A (synthetic)"), "collector" },
            { new StringContent("2021-11-12T14:05:00+01:00"), "collectedAt" },
            { new StringContent("Europe/Tirane"), "zone" },
            { new StringContent("photographed at the site (synthetic)"), "method" },
            { file, "file", "note.txt" },
        };
    }

    [Fact]
    public async Task A_session_cookie_kept_after_signing_out_signs_nobody_in()
    {
        var cookies = new CookieContainer();
        var (browser, _, _, _) = await SignedInAsync(Role.Analyst, cookies);
        var kept = cookies.GetCookies(new Uri("http://localhost"))[Security.Authentication.SessionCookie]!.Value;
        var copy = _app.GetTestClient();
        copy.DefaultRequestHeaders.Add("Cookie", $"{Security.Authentication.SessionCookie}={kept}");
        (await copy.GetAsync("/account")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await PostFormAsync(browser, "/logout", []);

        var account = await copy.GetAsync("/account");
        account.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        account.Headers.Location!.ToString().ShouldContain("/login?");
        (await copy.PostAsJsonAsync("/api/v1/records", new { kind = "source", reason = "x", record = new { id = "after-logout", title = "t", type = "report" } }))
            .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Pages_that_show_a_secret_are_never_cached()
    {
        var (name, oneTime) = await NewAccountAsync(Role.Viewer);
        var browser = Browser();
        var password = await ChooseOwnPasswordAsync(browser, name, oneTime);
        var enrolAt = await PostFormAsync(browser, "/login/password", new() { ["password"] = password, ["confirmation"] = password });
        var enrol = await browser.GetAsync(enrolAt);
        var secret = Base32.Decode(KeyPattern().Match(await enrol.Content.ReadAsStringAsync()).Groups[1].Value.Replace(" ", string.Empty, StringComparison.Ordinal));
        var fields = new Dictionary<string, string> { ["code"] = Totp.Code(secret, Totp.StepAt(_clock.Now)), ["__RequestVerificationToken"] = await AntiforgeryAsync(browser, "/login") };
        var recovery = await browser.PostAsync("/login/enrol", new FormUrlEncodedContent(fields));
        var token = await browser.PostAsync("/account/tokens", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["label"] = "laptop", ["__RequestVerificationToken"] = await AntiforgeryAsync(browser, "/account"),
        }));

        foreach (var response in new[] { enrol, recovery, token })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Headers.CacheControl!.NoStore.ShouldBeTrue(response.RequestMessage!.RequestUri!.ToString());
        }

        (await browser.GetAsync("/assets/site.css")).Headers.CacheControl!.NoStore.ShouldBeFalse();
    }

    [Fact]
    public async Task Changing_the_password_on_the_account_page_ends_the_other_sessions_and_only_the_new_one_works()
    {
        var cookies = new CookieContainer();
        var (browser, name, password, secret) = await SignedInAsync(Role.Analyst, cookies);
        var other = _app.GetTestClient();
        other.DefaultRequestHeaders.Add("Cookie", $"{Security.Authentication.SessionCookie}={cookies.GetCookies(new Uri("http://localhost"))[Security.Authentication.SessionCookie]!.Value}");
        (await other.GetAsync("/account")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var chosen = "changed-" + Guid.NewGuid().ToString("N");

        (await PostAccountFormAsync(browser, "/account/password", new() { ["current"] = "not-it-at-all", ["password"] = chosen, ["confirmation"] = chosen }))
            .ShouldStartWith("/account?failed=true");
        (await PostAccountFormAsync(browser, "/account/password", new() { ["current"] = password, ["password"] = chosen, ["confirmation"] = chosen }))
            .ShouldStartWith("/account?password=changed");

        (await browser.GetAsync("/account")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await other.GetAsync("/account")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var again = Browser();
        (await PostFormAsync(again, "/login", new() { ["name"] = name, ["password"] = password })).ShouldStartWith("/login?failed=true");
        (await PostFormAsync(again, "/login", new() { ["name"] = name, ["password"] = chosen })).ShouldStartWith("/login/code");
        secret.Length.ShouldBe(20);
    }

    [Fact]
    public async Task An_admin_resets_a_lost_second_factor_and_enables_a_disabled_account_on_the_admin_page()
    {
        var (browser, name, password, _) = await SignedInAsync(Role.Viewer);
        var admin = await demo.ClientAsync(_app, Role.Admin);

        (await PostAccountFormAsync(admin, "/admin/accounts/reset-second-factor", new() { ["name"] = name, ["reason"] = "phone lost" }, "/admin/accounts"))
            .ShouldBe("/admin/accounts");
        (await browser.GetAsync("/account")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await PostFormAsync(Browser(), "/login", new() { ["name"] = name, ["password"] = password })).ShouldStartWith("/login/enrol");

        (await AccountCommandsService().DisableAsync(name, "test", "on leave", CancellationToken.None)).ShouldBeNull();
        (await PostFormAsync(Browser(), "/login", new() { ["name"] = name, ["password"] = password })).ShouldStartWith("/login?failed=true");
        (await PostAccountFormAsync(admin, "/admin/accounts/enable", new() { ["name"] = name, ["reason"] = "back from leave" }, "/admin/accounts"))
            .ShouldBe("/admin/accounts");
        (await PostFormAsync(Browser(), "/login", new() { ["name"] = name, ["password"] = password })).ShouldStartWith("/login/enrol");

        var audit = await demo.Store.Audit.QueryAuditAsync(new AuditFilter(Type: "account", Target: name), CancellationToken.None);
        audit.Select(a => a.Type).ShouldContain(EntryTypes.SecondFactorReset);
        audit.Select(a => a.Type).ShouldContain(EntryTypes.AccountEnabled);
        audit.Select(a => a.Type).ShouldContain(EntryTypes.PasswordChanged);
    }

    /// <summary>Posts a form with the antiforgery token of <paramref name="page"/>; returns where the answer redirects.</summary>
    private static async Task<string> PostAccountFormAsync(HttpClient browser, string action, Dictionary<string, string> fields, string page = "/account")
    {
        fields["__RequestVerificationToken"] = await AntiforgeryAsync(browser, page);
        var response = await browser.PostAsync(action, new FormUrlEncodedContent(fields));
        ((int)response.StatusCode).ShouldBeInRange(300, 399, await response.Content.ReadAsStringAsync());
        return response.Headers.Location!.ToString();
    }

    /// <summary>Signs in with the one-time password up to the page that replaces it; returns a password to choose there.</summary>
    private static async Task<string> ChooseOwnPasswordAsync(HttpClient browser, string name, string oneTime)
    {
        (await PostFormAsync(browser, "/login", new() { ["name"] = name, ["password"] = oneTime })).ShouldStartWith("/login/password");
        return "chosen-" + Guid.NewGuid().ToString("N");
    }

    private async Task<(string Name, string Password)> NewAccountAsync(Role role)
    {
        var name = "t-" + Guid.NewGuid().ToString("N")[..10];
        var (_, password, error) = await AccountCommandsService().AddAsync(name, role, "test", "test", CancellationToken.None);
        error.ShouldBeNull();
        return (name, password!);
    }

    /// <summary>A cookie-holding client signed in through the forms (password, enrolment), like a browser.</summary>
    private async Task<(HttpClient Browser, string Name, string Password, byte[] Secret)> SignedInAsync(Role role, CookieContainer? cookies = null)
    {
        var (name, oneTime) = await NewAccountAsync(role);
        var handler = new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(cookies ?? new CookieContainer())
        {
            InnerHandler = _app.GetTestServer().CreateHandler(),
        };
        var browser = new HttpClient(handler) { BaseAddress = new Uri("http://localhost") };
        var password = await ChooseOwnPasswordAsync(browser, name, oneTime);
        var enrol = await PostFormAsync(browser, "/login/password", new() { ["password"] = password, ["confirmation"] = password });
        enrol.ShouldStartWith("/login/enrol");
        var secret = Base32.Decode(KeyPattern().Match(await browser.GetStringAsync(enrol)).Groups[1].Value.Replace(" ", string.Empty, StringComparison.Ordinal));
        await PostFormRawAsync(browser, "/login/enrol", new() { ["code"] = Totp.Code(secret, Totp.StepAt(_clock.Now)) });
        (await browser.GetAsync("/account")).StatusCode.ShouldBe(HttpStatusCode.OK);
        return (browser, name, password, secret);
    }
}
