using Dossier.Application.Ledger;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dossier.Application.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Dossier.Web.Tests;

/// <summary>A record's history shows each version under the classification it had then (issue 12 §7).</summary>
public abstract class HistoryClassificationTests(DemoWorkspaceFixture demo) : IAsyncLifetime
{
    private WebApplication _app = default!;

    public async Task InitializeAsync()
    {
        _app = DossierWeb.Build(demo.Store, new WebOptions { SignInPostsPerMinute = 1000 }, builder => builder.WebHost.UseTestServer());
        await _app.StartAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Restricted_versions_of_a_record_made_public_stay_withheld_from_those_who_could_not_read_them()
    {
        var investigator = await demo.ClientAsync(_app, Role.Investigator);
        var id = "declassified-" + Guid.NewGuid().ToString("N")[..8];
        const string secretTitle = "Qorvanesh interview notes naming the informant";
        (await investigator.PostAsJsonAsync("/api/v1/records", new
        {
            kind = "source", reason = "Qorvanesh first draft",
            record = new { id, title = secretTitle, type = "testimony", provenance = "test", classification = "restricted" },
        })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await investigator.PutAsJsonAsync($"/api/v1/records/{id}", new
        {
            reason = "redacted for publication", expectedVersion = 1,
            record = new { id, title = "Interview notes (redacted)", type = "testimony", provenance = "test", classification = "public" },
        })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var anonymous = _app.GetTestClient();
        var asAnonymous = await anonymous.GetStringAsync($"/api/v1/records/{id}/history");
        var page = await anonymous.GetStringAsync($"/records/{id}");
        var viewer = await (await demo.ClientAsync(_app, Role.Viewer)).GetFromJsonAsync<JsonElement>($"/api/v1/records/{id}/history");
        var analyst = await (await demo.ClientAsync(_app, Role.Analyst)).GetFromJsonAsync<JsonElement>($"/api/v1/records/{id}/history");

        asAnonymous.ShouldNotContain("Qorvanesh");
        page.ShouldNotContain("Qorvanesh");
        page.ShouldContain("Interview notes (redacted)");
        var anonymousHistory = JsonDocument.Parse(asAnonymous).RootElement;
        anonymousHistory.GetArrayLength().ShouldBe(2);
        anonymousHistory[0].GetProperty("withheld").GetBoolean().ShouldBeTrue();
        anonymousHistory[0].GetProperty("version").GetInt32().ShouldBe(1);
        anonymousHistory[0].GetProperty("body").ValueKind.ShouldBe(JsonValueKind.Null);
        anonymousHistory[1].GetProperty("withheld").GetBoolean().ShouldBeFalse();
        viewer[0].GetProperty("withheld").GetBoolean().ShouldBeTrue();
        analyst[0].GetProperty("withheld").GetBoolean().ShouldBeFalse();
        analyst[0].GetProperty("body").GetProperty("record").GetProperty("title").GetString().ShouldBe(secretTitle);

        // Reading the restricted version is a sensitive read, audited like reading a restricted record.
        var audit = demo.Store.Audit;
        (await audit.QueryAuditAsync(new AuditFilter(Actor: "test-analyst", Type: EntryTypes.Read, Target: id), CancellationToken.None)).ShouldNotBeEmpty();
    }
}
