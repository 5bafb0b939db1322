using Dossier.Application.Ledger;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dossier.Application.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Dossier.Web.Tests;

/// <summary>A clock the test moves by hand, so TOTP steps and lockouts are exact without waiting.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Roles, classifications, sign-in with a second factor, tokens and request hardening, through HTTP.</summary>
public abstract partial class AccessTests(DemoWorkspaceFixture demo) : IAsyncLifetime
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
    private WebApplication _app = default!;

    public async Task InitializeAsync()
    {
        // Generous sign-in limit here: the sign-in journeys post often; the limit itself is tested on its own app.
        _app = DossierWeb.Build(demo.Store, new WebOptions { SignInPostsPerMinute = 1000 }, builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Services.AddSingleton<TimeProvider>(_clock);
        });
        await _app.StartAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_restricted_record_is_a_404_for_a_viewer_exactly_like_a_missing_one_and_readable_for_an_analyst()
    {
        var investigator = await demo.ClientAsync(_app, Role.Investigator);
        var id = "restricted-" + Guid.NewGuid().ToString("N")[..8];
        (await investigator.PostAsJsonAsync("/api/v1/records", new
        {
            kind = "source", reason = "test",
            record = new { id, title = "Zorbanexa restricted interview notes", type = "testimony", provenance = "test", classification = "restricted" },
        })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var viewer = await demo.ClientAsync(_app, Role.Viewer);
        var hidden = await viewer.GetAsync($"/api/v1/records/{id}");
        var missing = await viewer.GetAsync("/api/v1/records/restricted-nothing");
        var anonymous = await _app.GetTestClient().GetAsync($"/api/v1/records/{id}");

        hidden.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // Same status, same shape: only the echoed id differs.
        TraceId().Replace(await hidden.Content.ReadAsStringAsync(), string.Empty).Replace(id, "X", StringComparison.Ordinal)
            .ShouldBe(TraceId().Replace(await missing.Content.ReadAsStringAsync(), string.Empty).Replace("restricted-nothing", "X", StringComparison.Ordinal));
        (await viewer.GetFromJsonAsync<JsonElement>("/api/v1/search?q=Zorbanexa")).GetArrayLength().ShouldBe(0);
        (await viewer.GetAsync($"/records/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var analyst = await demo.ClientAsync(_app, Role.Analyst);
        (await analyst.GetAsync($"/api/v1/records/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await analyst.GetFromJsonAsync<JsonElement>("/api/v1/search?q=Zorbanexa")).GetArrayLength().ShouldBe(1);

        var audit = demo.Store.Audit;
        (await audit.QueryAuditAsync(new AuditFilter(Actor: "test-analyst", Type: EntryTypes.Read, Target: id), CancellationToken.None)).ShouldNotBeEmpty();
        (await audit.QueryAuditAsync(new AuditFilter(Actor: "test-viewer", Type: EntryTypes.Denied, Target: id), CancellationToken.None)).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Writes_need_an_account_with_a_role_that_may_write_that_classification()
    {
        var record = new { kind = "source", reason = "test", record = new { id = "w-" + Guid.NewGuid().ToString("N")[..8], title = "t", type = "report", provenance = "test", classification = "protected-identity" } };

        (await _app.GetTestClient().PostAsJsonAsync("/api/v1/records", record)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await (await demo.ClientAsync(_app, Role.Viewer)).PostAsJsonAsync("/api/v1/records", record)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await demo.ClientAsync(_app, Role.Analyst)).PostAsJsonAsync("/api/v1/records", record)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await demo.ClientAsync(_app, Role.Admin)).PostAsJsonAsync("/api/v1/records", record)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await demo.ClientAsync(_app, Role.Legal)).PostAsJsonAsync("/api/v1/records", record)).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("dsr_forged-token-that-was-never-issued")]
    [InlineData("not-even-a-token")]
    public async Task A_forged_token_is_refused_with_401_even_on_public_records(string token)
    {
        var client = _app.GetTestClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);

        var response = await client.GetAsync("/api/v1/records/hamid-noury");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("Noury");
    }

    [Fact]
    public async Task A_forged_session_cookie_signs_nobody_in()
    {
        var client = _app.GetTestClient();
        client.DefaultRequestHeaders.Add("Cookie", "dossier.session=CfDJ8forgedvalue1234567890abcdef");

        (await client.GetAsync("/api/v1/records/hamid-noury")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.PostAsJsonAsync("/api/v1/records", new { kind = "source", reason = "x", record = new { id = "forged", title = "t", type = "report" } }))
            .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var account = await client.GetAsync("/account");
        account.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        account.Headers.Location!.ToString().ShouldContain("/login?");
    }

    [Fact]
    public async Task A_form_post_without_its_antiforgery_token_is_rejected()
    {
        var response = await _app.GetTestClient().PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "demo-admin", ["password"] = "x" }));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("'; drop table records; --")]
    [InlineData("\" OR 1=1 --")]
    [InlineData("nour*) OR (phonetic : x")]
    [InlineData("%' union select json from records where classification='protected-identity' --")]
    public async Task Injection_attempts_in_search_and_filters_fail_harmlessly(string attack)
    {
        var client = await demo.ClientAsync(_app, Role.Viewer);

        var search = await client.GetAsync($"/api/v1/search?q={Uri.EscapeDataString(attack)}");
        var filtered = await client.GetAsync($"/api/v1/records?kind={Uri.EscapeDataString(attack)}");
        var page = await client.GetAsync($"/search?q={Uri.EscapeDataString(attack)}");

        search.StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.BadRequest);
        filtered.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/api/v1/records/hamid-noury")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Oversized_and_malformed_requests_are_refused_without_detail()
    {
        var client = await demo.ClientAsync(_app, Role.Investigator);

        var big = new StringContent(new string('x', 5 * 1024 * 1024), System.Text.Encoding.UTF8, "application/json");
        (await client.PostAsync("/api/v1/records", big)).StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);

        var malformed = await client.PostAsync("/api/v1/records", new StringContent("{\"kind\": \"source\", \"record\": {", System.Text.Encoding.UTF8, "application/json"));
        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await malformed.Content.ReadAsStringAsync();
        body.ShouldNotContain("Exception");
        body.ShouldNotContain(" at ");
    }

    [Fact]
    public async Task Sign_in_needs_password_and_a_TOTP_code_enrolled_at_first_sign_in_and_each_code_works_once()
    {
        var (_, password, _) = await AccountCommandsService().AddAsync("flow-" + Guid.NewGuid().ToString("N")[..6], Role.Investigator, "test", "test", CancellationToken.None);
        var name = (await demo.Store.Accounts.ListAccountsAsync(CancellationToken.None)).Last(a => a.Name.StartsWith("flow-", StringComparison.Ordinal) && a.TotpSecret is null).Name;
        var browser = Browser();

        // The one-time password gets as far as choosing one's own, and no further.
        (await PostFormAsync(browser, "/login", new() { ["name"] = name, ["password"] = password! })).ShouldStartWith("/login/password");
        (await browser.GetAsync("/account")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var oneTime = password!;
        password = "chosen-" + Guid.NewGuid().ToString("N");
        (await PostFormAsync(browser, "/login/password", new() { ["password"] = oneTime, ["confirmation"] = oneTime })).ShouldStartWith("/login/password?failed=true");
        (await PostFormAsync(browser, "/login/password", new() { ["password"] = "short", ["confirmation"] = "short" })).ShouldStartWith("/login/password?failed=true");
        var enrol = await PostFormAsync(browser, "/login/password", new() { ["password"] = password, ["confirmation"] = password });
        enrol.ShouldStartWith("/login/enrol");
        var page = await browser.GetStringAsync(enrol);
        var secret = Base32.Decode(KeyPattern().Match(page).Groups[1].Value.Replace(" ", string.Empty, StringComparison.Ordinal));
        secret.Length.ShouldBe(20);

        (await PostFormAsync(browser, "/login/enrol", new() { ["code"] = "000000" })).ShouldStartWith("/login/enrol?failed=true");
        var code = Totp.Code(secret, Totp.StepAt(_clock.Now));
        var recovery = await PostFormRawAsync(browser, "/login/enrol", new() { ["code"] = code });
        var codes = RecoveryPattern().Matches(recovery).Select(m => m.Groups[1].Value).ToList();
        codes.Count.ShouldBe(AccountService.RecoveryCodeCount);
        (await browser.GetStringAsync("/account")).ShouldContain(name);

        // Signed out, the same code (already used at enrolment) is a replay and is refused.
        await PostFormAsync(browser, "/logout", []);
        (await PostFormAsync(browser, "/login", new() { ["name"] = name, ["password"] = password! })).ShouldStartWith("/login/code");
        (await PostFormAsync(browser, "/login/code", new() { ["code"] = code })).ShouldStartWith("/login/code?failed=true");
        (await PostFormAsync(browser, "/login/code", new() { ["code"] = "123456" })).ShouldStartWith("/login/code?failed=true");

        _clock.Now += TimeSpan.FromSeconds(Totp.StepSeconds);
        var next = Totp.Code(secret, Totp.StepAt(_clock.Now));
        (await PostFormAsync(browser, "/login/code", new() { ["code"] = next })).ShouldBe("/");
        (await browser.GetStringAsync("/account")).ShouldContain(name);

        // A recovery code signs in once.
        await PostFormAsync(browser, "/logout", []);
        await PostFormAsync(browser, "/login", new() { ["name"] = name, ["password"] = password! });
        (await PostFormAsync(browser, "/login/code", new() { ["code"] = codes[0] })).ShouldBe("/");
        await PostFormAsync(browser, "/logout", []);
        await PostFormAsync(browser, "/login", new() { ["name"] = name, ["password"] = password! });
        (await PostFormAsync(browser, "/login/code", new() { ["code"] = codes[0] })).ShouldStartWith("/login/code?failed=true");

        // A session expires: eight idle hours later the cookie signs nobody in.
        _clock.Now += TimeSpan.FromSeconds(Totp.StepSeconds);
        (await PostFormAsync(browser, "/login/code", new() { ["code"] = Totp.Code(secret, Totp.StepAt(_clock.Now)) })).ShouldBe("/");
        (await browser.GetAsync("/account")).StatusCode.ShouldBe(HttpStatusCode.OK);
        _clock.Now += TimeSpan.FromHours(9);
        var expired = await browser.GetAsync("/account");
        expired.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        expired.Headers.Location!.ToString().ShouldContain("/login?");
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account_then_it_opens_again_after_the_lockout()
    {
        var name = "lock-" + Guid.NewGuid().ToString("N")[..6];
        var (_, password, _) = await AccountCommandsService().AddAsync(name, Role.Viewer, "test", "test", CancellationToken.None);
        var browser = Browser();

        for (var i = 0; i < AccountService.MaxFailedAttempts; i++)
        {
            (await PostFormAsync(browser, "/login", new() { ["name"] = name, ["password"] = "wrong" + i })).ShouldStartWith("/login?failed=true");
        }

        (await PostFormAsync(browser, "/login", new() { ["name"] = name, ["password"] = password! })).ShouldStartWith("/login?failed=true");
        _clock.Now += AccountService.LockoutTime + TimeSpan.FromSeconds(1);
        (await PostFormAsync(browser, "/login", new() { ["name"] = name, ["password"] = password! })).ShouldStartWith("/login/password");
    }

    [Fact]
    public async Task Sign_in_posts_are_rate_limited_per_client()
    {
        await using var app = DossierWeb.Build(demo.Store, new WebOptions(), builder => builder.WebHost.UseTestServer());
        await app.StartAsync();
        var browser = Browser(app);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            var token = await AntiforgeryAsync(browser, "/login");
            var response = await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["name"] = "nobody", ["password"] = "x", ["__RequestVerificationToken"] = token,
            }));
            statuses.Add(response.StatusCode);
        }

        statuses.ShouldContain(HttpStatusCode.TooManyRequests);
        statuses.Take(10).ShouldNotContain(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task A_disabled_account_loses_its_tokens_at_once()
    {
        var service = AccountCommandsService();
        var name = "gone-" + Guid.NewGuid().ToString("N")[..6];
        await service.AddAsync(name, Role.Analyst, "test", "test", CancellationToken.None);
        var (token, _) = await service.CreateTokenAsync(name, "t", null, "test", CancellationToken.None);
        var client = _app.GetTestClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        (await client.GetAsync("/api/v1/stats")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await service.DisableAsync(name, "test", "left the team", CancellationToken.None)).ShouldBeNull();

        (await client.GetAsync("/api/v1/stats")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("/\n/evil.example")]
    [InlineData("/\r\n/evil.example")]
    public async Task Return_addresses_never_lead_off_the_machine(string target)
    {
        var response = await _app.GetTestClient().PostAsync("/lang/en", new FormUrlEncodedContent([new("returnUrl", target)]));

        response.Headers.Location!.ToString().ShouldBe("/");
    }

    [Fact]
    public async Task Admin_pages_are_404_for_every_other_role()
    {
        foreach (var role in new[] { Role.Viewer, Role.Analyst, Role.Investigator, Role.Legal })
        {
            var client = await demo.ClientAsync(_app, role);
            (await client.GetAsync("/admin/accounts")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await client.GetAsync("/admin/audit")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        var admin = await demo.ClientAsync(_app, Role.Admin);
        (await admin.GetStringAsync("/admin/audit")).ShouldContain("access.");
    }

    private AccountService AccountCommandsService() => new(demo.Store.Accounts, demo.Store, new Security.IdentityPasswordHashing(), _clock);

    private HttpClient Browser(WebApplication? app = null)
    {
        var handler = new CookieContainerHandler(new CookieContainer()) { InnerHandler = (app ?? _app).GetTestServer().CreateHandler() };
        return new HttpClient(handler) { BaseAddress = new Uri("http://localhost") };
    }

    private static async Task<string> AntiforgeryAsync(HttpClient browser, string page)
    {
        var html = await browser.GetStringAsync(page);
        var match = AntiforgeryPattern().Match(html);
        match.Success.ShouldBeTrue(html);
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>Posts a form with the antiforgery token of the login page; returns where the answer redirects.</summary>
    private static async Task<string> PostFormAsync(HttpClient browser, string action, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await AntiforgeryAsync(browser, "/login");
        var response = await browser.PostAsync(action, new FormUrlEncodedContent(fields));
        ((int)response.StatusCode).ShouldBeInRange(300, 399, await response.Content.ReadAsStringAsync());
        return response.Headers.Location!.ToString();
    }

    private static async Task<string> PostFormRawAsync(HttpClient browser, string action, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await AntiforgeryAsync(browser, "/login");
        var response = await browser.PostAsync(action, new FormUrlEncodedContent(fields));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex("\"traceId\":\"[^\"]*\"")]
    private static partial Regex TraceId();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryPattern();

    [GeneratedRegex("<figcaption dir=\"ltr\"><code>([A-Z2-7 ]+)</code>")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("<li><code>([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})</code></li>")]
    private static partial Regex RecoveryPattern();
}
