using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Dossier.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Dossier.Web.Tests;

/// <summary>The evidence API: multipart upload into the vault, item with custody chain and integrity, custody events.</summary>
public abstract class EvidenceApiTests(DemoWorkspaceFixture demo) : IAsyncLifetime
{
    private WebApplication _app = default!;
    private HttpClient _client = default!;

    public async Task InitializeAsync()
    {
        _app = demo.TestApp();
        await _app.StartAsync();
        _client = await demo.ClientAsync(_app, Dossier.Application.Access.Role.Investigator);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static MultipartFormDataContent Upload(byte[] content, string name, params (string Field, string Value)[] extra)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent("Investigator A (synthetic)"), "collector" },
            { new StringContent("2021-11-12T14:05:00+01:00"), "collectedAt" },
            { new StringContent("Europe/Tirane"), "zone" },
            { new StringContent("photographed at the site (synthetic)"), "method" },
            { new StringContent("Durrës"), "location" },
        };
        foreach (var (field, value) in extra)
        {
            form.Add(new StringContent(value), field);
        }

        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", name);
        return form;
    }

    [Fact]
    public async Task An_uploaded_photo_is_stored_with_its_GPS_and_shows_an_intact_custody_chain()
    {
        var photo = SyntheticJpeg.WithGps(variant: 11);
        var hash = Convert.ToHexStringLower(SHA256.HashData(photo));

        var response = await _client.PostAsync("/api/v1/evidence", Upload(photo, "site-photo.jpg"));

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/evidence/{hash}");
        var custody = await _client.PostAsJsonAsync($"/api/v1/evidence/{hash}/custody",
            new { action = "disclose", to = "Defence counsel (synthetic)", authority = "court order B 15255-19 (synthetic)", reason = "disclosure to the defence" });
        custody.StatusCode.ShouldBe(HttpStatusCode.Created, await custody.Content.ReadAsStringAsync());
        var detail = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/evidence/{hash}");

        detail.GetProperty("integrity").GetString().ShouldBe("intact");
        var item = detail.GetProperty("item");
        item.GetProperty("mediaType").GetString().ShouldBe("image/jpeg");
        item.GetProperty("size").GetInt64().ShouldBe(photo.Length);
        item.GetProperty("acquisition").GetProperty("collectedAtUtc").GetString().ShouldBe("2021-11-12T13:05:00Z");
        item.GetProperty("metadata").GetProperty("gps").GetProperty("latitude").GetDouble().ShouldBe(35.83, 1e-6);
        var chain = detail.GetProperty("custody").EnumerateArray().ToList();
        chain.Select(c => c.GetProperty("action").GetString()).ShouldBe(["acquire", "disclose"]);
        chain[1].GetProperty("details").GetProperty("authority").GetString().ShouldBe("court order B 15255-19 (synthetic)");
        chain[1].GetProperty("actor").GetString().ShouldBe("test-investigator");
        (await _client.GetFromJsonAsync<JsonElement>("/api/v1/evidence")).EnumerateArray().Select(i => i.GetProperty("hash").GetString()).ShouldContain(hash);
    }

    [Fact]
    public async Task A_local_collection_time_is_read_in_the_given_zone_with_its_daylight_saving_rules()
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent("Investigator A (synthetic)"), "collector" },
            { new StringContent("2023-05-04 10:00"), "collectedAt" },
            { new StringContent("Europe/Berlin"), "zone" },
            { new StringContent("handed over (synthetic)"), "method" },
            { new ByteArrayContent("statement for the zone test (synthetic)"u8.ToArray()), "file", "zone-test.txt" },
        };

        var response = await _client.PostAsync("/api/v1/evidence", form);

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var acquisition = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("item").GetProperty("acquisition");
        acquisition.GetProperty("collectedAtUtc").GetString().ShouldBe("2023-05-04T08:00:00Z");
        acquisition.GetProperty("collectedAtZone").GetString().ShouldBe("Europe/Berlin");
    }

    [Fact]
    public async Task A_png_whose_chunk_declares_2_GB_is_accepted_without_metadata_not_a_server_error()
    {
        var png = new List<byte> { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };
        png.AddRange([0, 0, 0, 13, .. "IHDR"u8, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xDE]);
        png.AddRange([0x7f, 0xff, 0xff, 0xff, .. "tEXt"u8, 9, 8, 7, 6]);

        var response = await _client.PostAsync("/api/v1/evidence", Upload([.. png], "hostile.png"));

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var item = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("item");
        (!item.TryGetProperty("metadata", out var metadata) || metadata.ValueKind == JsonValueKind.Null).ShouldBeTrue(item.ToString());
        item.GetProperty("mediaType").GetString().ShouldBe("image/png");
    }

    [Fact]
    public async Task A_disclosure_without_authority_is_a_validation_problem_and_records_nothing()
    {
        var upload = await _client.PostAsync("/api/v1/evidence", Upload("exhibit (synthetic) for disclosure"u8.ToArray(), "exhibit.txt"));
        var hash = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("item").GetProperty("hash").GetString();

        var response = await _client.PostAsJsonAsync($"/api/v1/evidence/{hash}/custody", new { action = "disclose", to = "Defence", reason = "test" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("authority", out _).ShouldBeTrue();
        (await _client.GetFromJsonAsync<JsonElement>($"/api/v1/evidence/{hash}")).GetProperty("custody").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task Uploads_without_an_account_allowed_to_add_evidence_or_without_the_required_fields_are_refused()
    {
        using var anonymous = _app.GetTestClient();
        var noActor = await anonymous.PostAsync("/api/v1/evidence", Upload("x (synthetic)"u8.ToArray(), "x.txt"));
        var viewer = await (await demo.ClientAsync(_app, Dossier.Application.Access.Role.Viewer)).PostAsync("/api/v1/evidence", Upload("v (synthetic)"u8.ToArray(), "v.txt"));
        var noCollector = new MultipartFormDataContent { { new StringContent("2021-01-01T00:00:00Z"), "collectedAt" }, { new ByteArrayContent([1, 2, 3]), "file", "x.bin" } };
        var missing = await _client.PostAsync("/api/v1/evidence", noCollector);
        var unknownItem = await _client.GetAsync($"/api/v1/evidence/{new string('0', 64)}");
        var derivedFromNothing = await _client.PostAsync("/api/v1/evidence", Upload("y (synthetic)"u8.ToArray(), "y.txt", ("derivedFrom", new string('1', 64)), ("derivation", "transcript")));

        noActor.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        viewer.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("collector", out _).ShouldBeTrue();
        unknownItem.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        derivedFromNothing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await derivedFromNothing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("derivedFrom", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task A_restricted_item_does_not_exist_for_a_viewer_and_its_metadata_is_not_in_its_entry()
    {
        var photo = SyntheticJpeg.WithGps(variant: 7);
        var upload = await _client.PostAsync("/api/v1/evidence", Upload(photo, "restricted-photo.jpg", ("classification", "restricted")));
        upload.StatusCode.ShouldBe(HttpStatusCode.Created, await upload.Content.ReadAsStringAsync());
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(photo));
        var viewer = await demo.ClientAsync(_app, Dossier.Application.Access.Role.Viewer);
        var analyst = await demo.ClientAsync(_app, Dossier.Application.Access.Role.Analyst);

        (await viewer.GetAsync($"/api/v1/evidence/{hash}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await viewer.GetStringAsync("/api/v1/evidence?limit=1000")).ShouldNotContain(hash);
        (await viewer.GetAsync($"/evidence/{hash}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var seen = await analyst.GetStringAsync($"/api/v1/evidence/{hash}");
        seen.ShouldContain("\"classification\":\"restricted\"");
        seen.ShouldContain("\"latitude\"");
        var acquisition = (await demo.Store.Evidence.CustodyAsync(hash, CancellationToken.None))[0];
        acquisition.Body.GetRawText().ShouldNotContain("latitude");
        (await _client.PostAsync("/api/v1/evidence", Upload("x (synthetic)"u8.ToArray(), "x.txt", ("classification", "secret")))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
