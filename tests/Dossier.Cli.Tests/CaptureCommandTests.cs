using System.Text;
using System.Text.Json;
using Dossier.Ledger.Blobs;
using Dossier.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dossier.Cli.Tests;

/// <summary>
/// `dossier capture URL` (issue 16 §4) against pages this test serves on loopback — no outside network: the four items
/// with their acquisition, the redirect and headers as the browser saw them, the page's words searchable; and a proxy
/// that really carries every request, recorded with the capture.
/// </summary>
[Collection(CliCollection.Name)]
public sealed class CaptureCommandTests
{
    private const string Page = """
        <!DOCTYPE html><html lang="fa"><head><meta charset="utf-8"><title>SYNTHETIC capture test</title></head>
        <body><p>حمید نوری در ۸ مرداد ۱۳۶۷ در گوهردشت بود.</p><p lang="en">SYNTHETIC page served by the capture test.</p></body></html>
        """;

    private const string LateWords = "SYNTHETIC words that arrived after the load event";

    // The page's words come from a script that runs after the load event and fetches them from a slow server.
    private const string LatePage = """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>SYNTHETIC late page</title></head>
        <body><p id="late">loading…</p><script>
        addEventListener('load', () => setTimeout(() => fetch('/late-words').then(r => r.text()).then(t => { document.getElementById('late').textContent = t; }), 50));
        </script></body></html>
        """;

    [ChromiumTheory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_captured_page_becomes_four_items_with_its_redirect_headers_and_searchable_words(string database)
    {
        await using var origin = await Site.StartAsync("origin");
        var (at, workspace) = await WorkspaceAsync(database);

        var captured = Cli.Run(at(["capture", origin.Address + "/start", "--zone", "Europe/Stockholm", "--classification", "internal", "--reason", "preserve the page"]));

        captured.ExitCode.ShouldBe(0, captured.All);
        captured.Error.ShouldContain("directly from this machine");
        var items = captured.Output.Split('\n').Where(l => l.Length > 66 && l[64] == ' ').ToDictionary(l => Path.GetExtension(l[66..l.IndexOf(':', 66)]), l => l[..64], StringComparer.Ordinal);
        items.Keys.Order(StringComparer.Ordinal).ShouldBe([".json", ".mhtml", ".pdf", ".png"]);
        var vault = new BlobStore(workspace);
        string Read(string hash)
        {
            using var reader = new StreamReader(vault.OpenRead(hash));
            return reader.ReadToEnd();
        }

        var response = JsonDocument.Parse(Read(items[".json"])).RootElement;
        response.GetProperty("requestedUrl").GetString().ShouldBe(origin.Address + "/start");
        response.GetProperty("finalUrl").GetString().ShouldBe(origin.Address + "/page");
        response.GetProperty("status").GetInt32().ShouldBe(200);
        response.GetProperty("headers").GetProperty("X-Capture-Test").GetString().ShouldBe("synthetic");
        var redirect = response.GetProperty("redirects").EnumerateArray().ShouldHaveSingleItem();
        (redirect.GetProperty("status").GetInt32(), redirect.GetProperty("location").GetString()).ShouldBe((302, "/page"));
        // MHTML holds the rendered page (its HTML part is quoted-printable); the PNG and PDF are what they say.
        Read(items[".mhtml"]).ShouldContain("Snapshot-Content-Location: " + origin.Address + "/page");
        using (var png = vault.OpenRead(items[".png"]))
        {
            var head = new byte[8];
            png.ReadExactly(head);
            head.ShouldBe(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
        }

        var shown = Cli.Run(at(["evidence", "show", items[".png"]]));
        var acquisition = JsonDocument.Parse(shown.Output).RootElement.GetProperty("item").GetProperty("acquisition");
        acquisition.GetProperty("sourceUrl").GetString().ShouldBe(origin.Address + "/page");
        acquisition.GetProperty("collectedAtZone").GetString().ShouldBe("Europe/Stockholm");
        acquisition.GetProperty("method").GetString().ShouldBe("web capture (headless browser)");
        acquisition.GetProperty("note").GetString()!.ShouldContain("no proxy");
        acquisition.GetProperty("toolVersion").GetString().ShouldStartWith("Chrome/");
        // The words of the page, across scripts, from the PDF's text.
        Cli.Run(at(["search", "Nouri", "--kind", "document"])).Output.ShouldContain(".pdf, p. 1");
        origin.Requests.ShouldContain("/start");
    }

    [ChromiumTheory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_page_that_fetches_its_words_after_loading_is_captured_once_its_network_is_quiet(string database)
    {
        await using var origin = await Site.StartAsync("origin");
        var (at, workspace) = await WorkspaceAsync(database);

        var captured = Cli.Run(at(["capture", origin.Address + "/late-page", "--zone", "UTC"]));

        captured.ExitCode.ShouldBe(0, captured.All);
        captured.Error.ShouldNotContain("still loading");
        origin.Requests.ShouldContain("/late-words");
        var items = captured.Output.Split('\n').Where(l => l.Length > 66 && l[64] == ' ').ToDictionary(l => Path.GetExtension(l[66..l.IndexOf(':', 66)]), l => l[..64], StringComparer.Ordinal);
        var vault = new BlobStore(workspace);
        string Read(string hash)
        {
            using var reader = new StreamReader(vault.OpenRead(hash));
            return reader.ReadToEnd();
        }

        // The words the script fetched after the load event are in the snapshot (quoted-printable: soft line breaks removed).
        Read(items[".mhtml"]).Replace("=\r\n", string.Empty, StringComparison.Ordinal).ShouldContain(LateWords);
        JsonDocument.Parse(Read(items[".json"])).RootElement.GetProperty("networkQuiet").GetBoolean().ShouldBeTrue();
    }

    [ChromiumTheory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Through_a_proxy_every_request_goes_to_the_proxy_and_the_capture_says_so(string database)
    {
        await using var origin = await Site.StartAsync("origin");
        await using var proxy = await Site.StartAsync("proxy");
        var (at, _) = await WorkspaceAsync(database);

        var captured = Cli.Run(at(["capture", origin.Address + "/page", "--proxy", proxy.Address, "--zone", "UTC"]));

        captured.ExitCode.ShouldBe(0, captured.All);
        captured.Error.ShouldContain($"through {proxy.Address}");
        // The proxy received the absolute address of the page; the origin saw nothing.
        proxy.Requests.ShouldContain("/page");
        origin.Requests.ShouldBeEmpty();
        var png = captured.Output.Split('\n').First(l => l.Contains(".png:", StringComparison.Ordinal))[..64];
        var note = JsonDocument.Parse(Cli.Run(at(["evidence", "show", png])).Output).RootElement.GetProperty("item").GetProperty("acquisition").GetProperty("note").GetString();
        note!.ShouldContain($"through proxy {proxy.Address}");
    }

    [Fact]
    public void An_address_that_is_not_a_web_page_is_refused_and_nothing_is_added()
    {
        var workspace = Cli.NewWorkspace();
        Cli.Run("init", "--workspace", workspace).ExitCode.ShouldBe(0);
        var size = Cli.LedgerSize(workspace);

        var refused = Cli.Run("capture", "file:///etc/passwd", "--workspace", workspace, "--zone", "UTC");

        refused.ExitCode.ShouldBe(1);
        refused.Error.ShouldContain("is not an http or https address; nothing was added");
        Cli.LedgerSize(workspace).ShouldBe(size);
    }

    private static async Task<(Func<string[], string[]> At, string Workspace)> WorkspaceAsync(string database)
    {
        var workspace = Cli.NewWorkspace();
        var db = await TestDatabases.NewAsync(database);
        string[] At(string[] args) => [.. args, "--workspace", workspace, .. db is null ? Array.Empty<string>() : ["--database", db]];
        Cli.Run(At(["init"])).ExitCode.ShouldBe(0);
        return (At, workspace);
    }

    /// <summary>A site on a loopback port: /start redirects to /page; every request's path is kept in order.</summary>
    private sealed class Site : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private Site(WebApplication app, string address)
        {
            _app = app;
            Address = address;
        }

        public string Address { get; }

        public System.Collections.Concurrent.ConcurrentQueue<string> Requests { get; } = new();

        public static async Task<Site> StartAsync(string name)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            Site? site = null;
            app.Use(async (context, next) =>
            {
                // A proxy is asked for absolute addresses; Kestrel gives their path here, which is what is kept.
                if (context.Request.Path != "/favicon.ico")
                {
                    site!.Requests.Enqueue(context.Request.Path);
                }

                await next(context);
            });
            app.MapGet("/start", () => Results.Redirect("/page"));
            app.MapGet("/late-page", () => Results.Content(LatePage, "text/html; charset=utf-8", Encoding.UTF8));
            // A slow server (simulated latency): the words arrive well after the load event.
            app.MapGet("/late-words", async () =>
            {
                await Task.Delay(TimeSpan.FromMilliseconds(700));
                return Results.Text(LateWords);
            });
            app.MapGet("/page", (HttpContext context) =>
            {
                context.Response.Headers["X-Capture-Test"] = "synthetic";
                context.Response.Headers["X-Served-By"] = name;
                return Results.Content(Page, "text/html; charset=utf-8", Encoding.UTF8);
            });
            await app.StartAsync();
            site = new Site(app, app.Urls.Single().TrimEnd('/'));
            return site;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
