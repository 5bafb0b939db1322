using Dossier.Application.Ledger;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dossier.Application.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Dossier.Web.Tests;

/// <summary>Evidence linked to the records it proves, through the API, shown on both pages (issue 12 §10).</summary>
public abstract class EvidenceLinkApiTests(DemoWorkspaceFixture demo) : IAsyncLifetime
{
    private WebApplication _app = default!;

    public async Task InitializeAsync()
    {
        _app = demo.TestApp();
        await _app.StartAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static MultipartFormDataContent Upload(byte[] content, string name)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent("Investigator A (synthetic)"), "collector" },
            { new StringContent("2021-11-12T14:05:00+01:00"), "collectedAt" },
            { new StringContent("Europe/Tirane"), "zone" },
            { new StringContent("handed over (synthetic)"), "method" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", name);
        return form;
    }

    [Fact]
    public async Task A_linked_item_shows_on_the_record_and_the_item_for_signed_in_readers_and_a_viewer_cannot_link()
    {
        var analyst = await demo.ClientAsync(_app, Role.Analyst);
        var content = Encoding.UTF8.GetBytes($"Witness statement naming the accused (synthetic) {Guid.NewGuid()}");
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        (await analyst.PostAsync("/api/v1/evidence", Upload(content, "statement-w7.txt"))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var created = await analyst.PostAsJsonAsync($"/api/v1/evidence/{hash}/links",
            new { target = "hamid-noury", relation = "supports", pages = "2-3", reason = "places him in the corridor (synthetic)" });
        var invalid = await analyst.PostAsJsonAsync($"/api/v1/evidence/{hash}/links", new { target = "hamid-noury", pages = "0", reason = "x" });
        var viewer = await demo.ClientAsync(_app, Role.Viewer);
        var refused = await viewer.PostAsJsonAsync($"/api/v1/evidence/{hash}/links", new { target = "hamid-noury", reason = "x" });

        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var forRecord = await analyst.GetFromJsonAsync<JsonElement>("/api/v1/records/hamid-noury/evidence");
        forRecord.EnumerateArray().ShouldContain(l => l.GetProperty("hash").GetString() == hash && l.GetProperty("pageFrom").GetInt32() == 2);
        var forItem = await analyst.GetFromJsonAsync<JsonElement>($"/api/v1/evidence/{hash}/links");
        forItem.EnumerateArray().Single().GetProperty("target").GetString().ShouldBe("hamid-noury");

        (await viewer.GetStringAsync("/records/hamid-noury")).ShouldContain($"href=\"/evidence/{hash}\"");
        (await analyst.GetStringAsync($"/evidence/{hash}")).ShouldContain("href=\"/records/hamid-noury\"");
        // Evidence is internal working material: an anonymous visitor of the public record sees no link.
        (await _app.GetTestClient().GetStringAsync("/records/hamid-noury")).ShouldNotContain($"/evidence/{hash}");
        var audit = demo.Store.Audit;
        (await audit.QueryAuditAsync(new AuditFilter(Actor: "test-viewer", Type: EntryTypes.Denied, Target: hash), CancellationToken.None)).ShouldNotBeEmpty();
    }
}
