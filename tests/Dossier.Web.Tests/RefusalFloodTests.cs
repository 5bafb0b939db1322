using Dossier.Application.Ledger;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dossier.Application.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Dossier.Web.Tests;

/// <summary>
/// A flood of refused requests cannot flood the append-only ledger: refusals are aggregated per interval
/// and written as one entry per kind with a count, and nothing counted is lost at shutdown (issue 12 §9).
/// </summary>
public abstract class RefusalFloodTests(DemoWorkspaceFixture demo)
{
    private static readonly CancellationToken None = CancellationToken.None;

    private async Task<WebApplication> StartAsync(ManualClock clock)
    {
        var app = DossierWeb.Build(demo.Store, demo.Options(new WebOptions { SignInPostsPerMinute = 1000 }), builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Services.AddSingleton<TimeProvider>(clock);
        });
        await app.StartAsync();
        return app;
    }

    private async Task<List<AuditRow>> DeniedSinceAsync(long sequence) =>
        [.. (await demo.Store.Audit.QueryAuditAsync(new AuditFilter(Type: EntryTypes.Denied, Limit: 100_000), None)).Where(r => r.Sequence > sequence)];

    private static int CountOf(AuditRow row)
    {
        using var body = JsonDocument.Parse(row.Body);
        return body.RootElement.TryGetProperty("count", out var count) ? int.Parse(count.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : 1;
    }

    [Fact]
    public async Task Three_hundred_anonymous_refusals_and_a_hundred_forged_tokens_add_a_handful_of_entries_that_count_them_all()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var app = await StartAsync(clock);
        var investigator = await demo.ClientAsync(app, Role.Investigator);
        var ids = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            var id = $"flood-{Guid.NewGuid():N}"[..20];
            ids.Add(id);
            (await investigator.PostAsJsonAsync("/api/v1/records", new
            {
                kind = "source", reason = "test",
                record = new { id, title = "restricted flood target (synthetic)", type = "testimony", provenance = "test", classification = "restricted" },
            })).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var before = (await demo.Store.GetTreeHeadAsync(None)).Size - 1;
        var anonymous = app.GetTestClient();
        for (var i = 0; i < 300; i++)
        {
            (await anonymous.GetAsync($"/api/v1/records/{ids[i % ids.Count]}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        for (var i = 0; i < 100; i++)
        {
            using var forged = new HttpRequestMessage(HttpMethod.Get, "/api/v1/stats");
            forged.Headers.Authorization = new("Bearer", $"dsr_forged{i}");
            (await anonymous.SendAsync(forged)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var whileRunning = await DeniedSinceAsync(before);
        await app.DisposeAsync();
        var afterShutdown = await DeniedSinceAsync(before);

        var budget = new WebOptions().Refusals.ImmediatePerSource;
        whileRunning.Count.ShouldBeLessThanOrEqualTo(budget);
        // The budget's first refusals, their repeat counts, and one count of everything past the budget.
        afterShutdown.Count.ShouldBeLessThanOrEqualTo(2 * budget + 1);
        afterShutdown.Sum(CountOf).ShouldBe(400);
        afterShutdown.Where(r => r.Actor == AccessEntries.Anonymous).ShouldAllBe(r => r.Target == null || ids.Contains(r.Target));
    }

    [Fact]
    public async Task Counts_of_an_ended_interval_are_written_with_the_next_refusal()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        var app = await StartAsync(clock);
        var viewer = await demo.ClientAsync(app, Role.Viewer);
        var investigator = await demo.ClientAsync(app, Role.Investigator);
        var id = $"interval-{Guid.NewGuid():N}"[..24];
        (await investigator.PostAsJsonAsync("/api/v1/records", new
        {
            kind = "source", reason = "test",
            record = new { id, title = "restricted (synthetic)", type = "testimony", provenance = "test", classification = "restricted" },
        })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var before = (await demo.Store.GetTreeHeadAsync(None)).Size - 1;

        for (var i = 0; i < 5; i++)
        {
            (await viewer.GetAsync($"/api/v1/records/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        var first = await DeniedSinceAsync(before);
        clock.Now = clock.Now.AddMinutes(2);
        (await viewer.GetAsync($"/api/v1/records/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var next = await DeniedSinceAsync(before);
        await app.DisposeAsync();

        first.Count.ShouldBe(1); // the first refusal at once; four more counted
        next.Select(CountOf).ShouldBe([1, 4, 1]); // then the ended interval's count, and the new interval's first refusal
        next.ShouldAllBe(r => r.Actor == "test-viewer" && r.Target == id);
    }
}
