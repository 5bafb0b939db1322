using System.Net;
using Dossier.Application.Access;
using Microsoft.AspNetCore.TestHost;

namespace Dossier.Web.Tests;

/// <summary>
/// What a browser and an API client get when something is missing, refused or broken: browsers an HTML page
/// in the site layout, API clients problem+json, and every answer the same security headers.
/// </summary>
public abstract class ErrorPageTests(DemoWorkspaceFixture demo) : DemoAppTests(demo)
{
    [Theory]
    [InlineData("/records/no-such-record-anywhere")]
    [InlineData("/no/such/page")]
    [InlineData("/browse/no-such-kind")]
    public async Task A_browser_gets_a_404_page_in_the_site_layout(string path)
    {
        var response = await (await HtmlClientAsync()).GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("<header class=\"top\">");
        html.ShouldContain("Not found");
        ShouldHaveSecurityHeaders(response);
    }

    [Fact]
    public async Task A_browser_of_a_non_admin_gets_the_same_404_page_for_admin_pages()
    {
        var client = await Demo.ClientAsync(App, Role.Investigator);
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        foreach (var path in new[] { "/admin/accounts", "/admin/audit" })
        {
            var response = await client.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
            (await response.Content.ReadAsStringAsync()).ShouldContain("<header class=\"top\">");
        }
    }

    [Theory]
    [InlineData("/api/v1/records/no-such-record-anywhere")]
    [InlineData("/no/such/page")]
    public async Task An_api_client_keeps_getting_problem_json(string path)
    {
        var client = await Demo.ClientAsync(App, null);
        client.DefaultRequestHeaders.Accept.ParseAdd("application/json");

        var response = await client.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Theory]
    [InlineData("/timeline?from=0001&to=9999")]
    [InlineData("/timeline?from=9999&to=0001")]
    [InlineData("/timeline?from=9999-12-25&to=9999-12-31")]
    [InlineData("/timeline?from=9999-01&to=9999-12")]
    [InlineData("/browse/person?offset=99999999999")]
    [InlineData("/browse/person?offset=-5")]
    [InlineData("/browse/person?offset=abc")]
    public async Task Extreme_query_values_get_a_page_not_a_500(string path)
    {
        var response = await (await HtmlClientAsync()).GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("<header class=\"top\">");
        ShouldHaveSecurityHeaders(response);
    }

    [Theory]
    [InlineData("/timeline?from=0001&to=9999")]
    [InlineData("/timeline?from=0001-01-01&to=0001-01-20")]
    [InlineData("/timeline?from=0001-01&to=0001-06")]
    public async Task The_whole_calendar_draws_in_solar_hijri_too(string path)
    {
        var client = await HtmlClientAsync();
        client.DefaultRequestHeaders.Add("Cookie", "dossier.calendar=solar-hijri");

        (await client.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private async Task<HttpClient> HtmlClientAsync()
    {
        var client = await Demo.ClientAsync(App, null);
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        return client;
    }

    internal static void ShouldHaveSecurityHeaders(HttpResponseMessage response)
    {
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("default-src 'self'");
        response.Headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY");
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("no-referrer");
    }
}

/// <summary>A server error (here: the database file has gone) answers with the same headers and without detail.</summary>
public sealed class ServerErrorTests
{
    [Theory]
    [InlineData("text/html", "text/html")]
    [InlineData("application/json", "application/problem+json")]
    public async Task A_500_carries_the_security_headers_and_no_exception_detail(string accept, string answered)
    {
        var directory = Path.Combine(Path.GetTempPath(), "dossier-web-tests", Guid.NewGuid().ToString("N"));
        var store = await Dossier.Storage.WorkspaceStores.OpenAsync(directory, null, CancellationToken.None);
        await store.DisposeAsync();
        Dossier.Storage.WorkspaceStores.ReleaseSqliteFiles();
        Directory.Delete(directory, recursive: true);
        await using var app = DossierWeb.Build(store, new WebOptions(), builder => builder.WebHost.UseTestServer());
        await app.StartAsync();
        var client = app.GetTestClient();
        client.DefaultRequestHeaders.Accept.ParseAdd(accept);

        var response = await client.GetAsync(accept == "text/html" ? "/records/hamid-noury" : "/api/v1/records/hamid-noury");

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(answered);
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldNotContain("Exception");
        body.ShouldNotContain(directory);
        ErrorPageTests.ShouldHaveSecurityHeaders(response);
    }
}
