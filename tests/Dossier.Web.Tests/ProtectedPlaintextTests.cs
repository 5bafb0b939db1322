using Dossier.Application.Ledger;
using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dossier.Application.Access;
using Dossier.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dossier.Web.Tests;

/// <summary>
/// For anonymous visitors and every role: crawl the demo's pages and API and look for the invented
/// protected witnesses' plaintext (names in both scripts, contacts, locations). None may appear in any
/// response, nor in anything the server logged meanwhile.
/// </summary>
public abstract partial class ProtectedPlaintextTests(DemoWorkspaceFixture demo)
{
    // Synthetic list rows are many and alike: a sample of them is crawled, every other record entirely.
    private const int SyntheticSample = 15;

    public static TheoryData<string> Roles() => ["anonymous", .. AccessPolicy.AccountRoles.Select(AccessPolicy.Name)];

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task No_page_or_API_answer_shows_a_protected_identity_and_nothing_is_logged_in_plaintext(string who)
    {
        var logs = new LogCollector();
        await using var app = DossierWeb.Build(demo.Store, demo.Options(), builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
        });
        await app.StartAsync();
        Role? role = AccessPolicy.TryParse(who, out var parsed) ? parsed : null;
        var client = await demo.ClientAsync(app, role);
        var secrets = DemoSecrets.Strings;
        secrets.Count.ShouldBeGreaterThanOrEqualTo(9);

        var visited = await CrawlAsync(client, role);

        visited.Count.ShouldBeGreaterThan(100);
        foreach (var (url, body) in visited)
        {
            foreach (var secret in secrets)
            {
                body.ShouldNotContain(secret, Case.Sensitive, $"{who}: {url}");
            }
        }

        // Searching for the real names finds nothing: the index never held them.
        foreach (var name in DemoSecrets.Names)
        {
            var hits = await client.GetStringAsync($"/api/v1/search?q={Uri.EscapeDataString(name)}");
            JsonDocument.Parse(hits).RootElement.GetArrayLength().ShouldBe(0, name.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var logged = logs.Text;
        logged.Length.ShouldBeGreaterThan(0);
        secrets.ShouldAllBe(secret => !logged.Contains(secret, StringComparison.Ordinal));
        if (role is Role.Investigator or Role.Legal)
        {
            // Those who may see protected records did see the pseudonymous ones, and each read was audited.
            visited.Keys.ShouldContain("/records/w-001");
            var audit = await demo.Store.Audit.QueryAuditAsync(new AuditFilter(Actor: $"test-{who}", Type: EntryTypes.Read, Target: "w-001"), CancellationToken.None);
            audit.ShouldNotBeEmpty();
        }
        else
        {
            visited.Keys.ShouldNotContain("/records/w-001");
            (await client.GetAsync("/api/v1/records/w-001")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }
    }

    /// <summary>Every page reachable by links from the dashboard, the browse lists and every visible record, with their API twins.</summary>
    private static async Task<Dictionary<string, string>> CrawlAsync(HttpClient client, Role? role)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>(["/", "/search?q=W-001", "/search?q=Noury", "/login", "/account", "/admin/accounts", "/admin/audit",
            "/api/v1/stats", "/openapi/v1.json",
            // Testimony names witnesses by pseudonym, and opens protected witnesses' words for readers: never their identity.
            "/testimony", "/api/v1/testimony", "/api/v1/testimony/witnesses/w-001", "/api/v1/testimony/statements/st-syn-w001-1", "/testimony/witnesses/w-002",
            // The prosecutor's dossiers name protected witnesses by pseudonym only (issue 15 §4).
            "/api/v1/cases/case-noury/report", "/api/v1/cases/case-pour-mohammadi/report"]);
        var records = await VisibleRecordsAsync(client);
        var synthetic = 0;
        foreach (var (id, isSynthetic) in records)
        {
            if (isSynthetic && synthetic++ >= SyntheticSample)
            {
                continue;
            }

            queue.Enqueue($"/records/{Uri.EscapeDataString(id)}");
            queue.Enqueue($"/api/v1/records/{Uri.EscapeDataString(id)}");
            queue.Enqueue($"/api/v1/records/{Uri.EscapeDataString(id)}/history");
            if (role is not null and not Role.Viewer and not Role.Admin)
            {
                queue.Enqueue($"/records/{Uri.EscapeDataString(id)}/edit");
                queue.Enqueue($"/records/{Uri.EscapeDataString(id)}/identity");
            }
        }

        while (queue.TryDequeue(out var url) && seen.Count < 2000)
        {
            if (seen.ContainsKey(url))
            {
                continue;
            }

            var response = await client.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            seen[url] = body;
            foreach (Match link in LinkPattern().Matches(body))
            {
                var target = WebUtility.HtmlDecode(link.Groups["href"].Value);
                if (target.StartsWith('/') && !target.StartsWith("//", StringComparison.Ordinal) && !target.StartsWith("/lang/", StringComparison.Ordinal)
                    && !target.StartsWith("/assets/", StringComparison.Ordinal) && !IsSyntheticRow(target, records))
                {
                    queue.Enqueue(target.Split('#')[0]);
                }
            }
        }

        return seen;
    }

    private static bool IsSyntheticRow(string target, Dictionary<string, bool> records) =>
        target.StartsWith("/records/", StringComparison.Ordinal) && records.GetValueOrDefault(Uri.UnescapeDataString(target["/records/".Length..].Split('/', '?')[0]));

    private static async Task<Dictionary<string, bool>> VisibleRecordsAsync(HttpClient client)
    {
        var records = new Dictionary<string, bool>(StringComparer.Ordinal);
        for (var offset = 0; ; offset += 1000)
        {
            var page = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/records?limit=1000&offset={offset}")).RootElement;
            foreach (var record in page.EnumerateArray())
            {
                // Rows of the synthetic victim lists (ids syn-…) are sampled; the invented witnesses are synthetic too but always crawled.
                var id = record.GetProperty("id").GetString()!;
                records[id] = record.GetProperty("synthetic").GetBoolean() && id.StartsWith("syn-", StringComparison.Ordinal);
            }

            if (page.GetArrayLength() < 1000)
            {
                return records;
            }
        }
    }

    [GeneratedRegex("href=\"(?<href>[^\"]+)\"", RegexOptions.ExplicitCapture)]
    private static partial Regex LinkPattern();

    /// <summary>Keeps every log message the server writes, at every level, with its exception.</summary>
    private sealed class LogCollector : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public string Text => string.Join('\n', _lines);

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(LogCollector owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner._lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }
}
