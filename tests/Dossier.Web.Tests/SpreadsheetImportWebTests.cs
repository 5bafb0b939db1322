using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Dossier.Application.Access;
using Dossier.Application.Ledger;
using Dossier.Testing;
using Microsoft.Playwright;

namespace Dossier.Web.Tests;

/// <summary>
/// Issue 18 §7 in the web UI: upload a CSV or XLSX file, map its columns, see the first rows and every error,
/// then import all or nothing; a role that may not write is refused and audited. Through HTTP and in Chromium
/// (axe-core, English and Persian).
/// </summary>
public abstract partial class SpreadsheetImportWebTests(DemoWorkspaceFixture demo) : DemoAppTests(demo)
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static TestCell.Inline Id(string id) => new(id);

    // People citing a demo source; the fourth row's birth date is no date when bad is set. The third row only names
    // the id of a record made before (an update), unless it is new and then it has a name.
    private static byte[] People(string suffix, bool bad, bool update = true) => TestWorkbook.Write([("Victims",
    [
        ["id", "Name", "نام خانوادگی", "Born", "Sources"],
        [Id($"sheet-a-{suffix}"), "Ahmad Sheet", "شیت", new TestCell.Date(32354), "s9-stockholm-judgment"],
        [Id($"sheet-b-{suffix}"), new TestCell.Inline("Bahar Sheet"), "بهاری", new TestCell.Inline("۱۳۶۷/۰۵/۰۸"), null],
        [Id($"sheet-u-{suffix}"), update ? null : new TestCell.Shared("Ursula Sheet"), null, null, null],
        [Id($"sheet-c-{suffix}"), "Cyrus Sheet", null, bad ? new TestCell.Inline("the 31st of Smarch") : new TestCell.Number(1950), null],
    ])]);

    [Fact]
    public async Task A_viewer_is_refused_the_import_page_and_the_refusal_is_audited()
    {
        var before = (await Demo.Store.GetTreeHeadAsync(None)).Size;
        var viewer = await Demo.ClientAsync(App, Role.Viewer);

        var response = await viewer.GetAsync("/import");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Your role may not import records or lists.");
        var denied = await Demo.Store.Audit.QueryAuditAsync(new AuditFilter(Type: EntryTypes.Denied, Limit: 10_000), None);
        denied.Where(r => r.Sequence >= before).ShouldContain(r => r.Body.Contains("spreadsheet import", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_upload_with_an_error_shows_rows_and_errors_imports_nothing_and_the_fixed_file_imports_all()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var client = await Demo.ClientAsync(App, Role.Investigator);
        var first = await UploadAsync(client, "one.csv", Encoding.UTF8.GetBytes($"id,Name\nsheet-u-{suffix},Ursula Sheet\n"));
        (await PostMapAsync(client, first, new() { ["go"] = "import" })).ShouldContain("created 1, updated 0");

        var preview = await UploadAsync(client, "victims.xlsx", People(suffix, bad: true));

        preview.ShouldContain("id=\"sheet-problems\"");
        Regex.IsMatch(preview, @"<td>5</td>\s*<td><bdi>Born</bdi></td>\s*<td dir=""ltr"">born</td>").ShouldBeTrue(preview);
        var problems = preview[preview.IndexOf("id=\"sheet-problems\"", StringComparison.Ordinal)..preview.IndexOf("</table>", preview.IndexOf("id=\"sheet-problems\"", StringComparison.Ordinal), StringComparison.Ordinal)];
        problems.ShouldNotContain("Smarch");
        preview.ShouldContain($"creates sheet-a-{suffix}");
        preview.ShouldContain($"update of sheet-u-{suffix}");
        preview.ShouldContain("<td dir=\"auto\">1988-07-30</td>");
        preview.ShouldContain("<td dir=\"auto\">بهاری</td>");
        Regex.IsMatch(preview, @"<button type=""submit"" name=""go"" value=""import"" disabled").ShouldBeTrue();

        // Importing anyway (a hand-made post) writes nothing.
        var forced = await PostMapAsync(client, preview, new() { ["go"] = "import" });
        forced.ShouldContain("id=\"sheet-problems\"");
        (await Demo.Store.GetAsync($"sheet-a-{suffix}", None)).ShouldBeNull();

        var fixedPreview = await UploadAsync(client, "victims.xlsx", People(suffix, bad: false));
        fixedPreview.ShouldNotContain("id=\"sheet-problems\"");
        var done = await PostMapAsync(client, fixedPreview, new() { ["go"] = "import", ["reason"] = "typed up from the families' list" });

        done.ShouldContain("Imported victims.xlsx: created 3, updated 1.");
        var created = (await Demo.Store.GetAsync($"sheet-a-{suffix}", None))!;
        created.Record.ShouldBeOfType<Dossier.Domain.Records.Person>().Born!.ToString().ShouldBe("1988-07-30");
        (await Demo.Store.GetAsync($"sheet-b-{suffix}", None))!.Record.ShouldBeOfType<Dossier.Domain.Records.Person>().Born!.ToString().ShouldBe("1367/05/08");
        (await Demo.Store.GetAsync($"sheet-b-{suffix}", None))!.Record.ShouldBeOfType<Dossier.Domain.Records.Person>().Names
            .ShouldContain(n => n.Text == "بهاری" && n.Script == "Arab" && n.Kind == Dossier.Domain.Records.NameKind.Family);
        // A row with only an id changes no field, but it is a revision of that record all the same.
        (await Demo.Store.GetAsync($"sheet-u-{suffix}", None))!.Version.ShouldBe(2);
    }

    [Fact]
    public async Task A_column_mapped_by_hand_fills_its_field_and_a_victim_list_previews_its_rows_with_the_synthetic_label()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var client = await Demo.ClientAsync(App, Role.Investigator);
        var csv = Encoding.UTF8.GetBytes($"code,label\nsheet-place-{suffix},Evin prison\n");

        var preview = await UploadAsync(client, "places.csv", csv, "place");
        preview.ShouldContain("no column is mapped to a field");
        var done = await PostMapAsync(client, preview, new() { ["map-0"] = "id", ["map-1"] = "name", ["go"] = "import" });
        done.ShouldContain("created 1, updated 0");
        (await Demo.Store.GetAsync($"sheet-place-{suffix}", None)).ShouldNotBeNull();

        var list = TestWorkbook.Write([("Rows", [["record_id", "given_name", "family_name", "synthetic"], [Id("r1"), "حسین", "کریمی", "SYNTHETIC"], [Id("r2"), "Maryam", "Ahmadi", "SYNTHETIC"]])]);
        var listPreview = await UploadAsync(client, "list.xlsx", list, "list");
        listPreview.ShouldContain("Name the source of the list");
        var named = await PostMapAsync(client, listPreview, new() { ["source"] = $"syn-sheet-{suffix}" });
        named.ShouldContain("2 rows; linkage roles: given_name → given-name, family_name → family-name");
        named.ShouldContain("SYNTHETIC");
        var imported = await PostMapAsync(client, named, new() { ["source"] = $"syn-sheet-{suffix}", ["go"] = "import" });
        imported.ShouldContain($"Imported the list syn-sheet-{suffix}: 2 rows. SYNTHETIC");
        (await Demo.Store.Lists.GetListAsync($"syn-sheet-{suffix}", None))!.Synthetic.ShouldBeTrue();
    }

    [Fact]
    public async Task A_victim_list_larger_than_other_requests_may_be_is_taken_by_the_import_page_and_only_there()
    {
        // 60,000 invented rows, about 6 MB: over the 4 MB every other request may carry, under the page's 64 MB.
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var csv = new StringBuilder("record_id,given_name,family_name,notes,synthetic\n");
        for (var i = 0; i < 60_000; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"big-{suffix}-{i},Given{i},Family{i % 977},SYNTHETIC row padded to the size of a typed-up list entry {i:D8},SYNTHETIC\n");
        }

        var bytes = Encoding.UTF8.GetBytes(csv.ToString());
        bytes.Length.ShouldBeGreaterThan((int)Dossier.Web.Security.AccessSetup.MaxRequestBytes);
        var client = await Demo.ClientAsync(App, Role.Investigator);

        var preview = await UploadAsync(client, "big-list.csv", bytes, "list");
        var named = await PostMapAsync(client, preview, new() { ["source"] = $"syn-big-{suffix}" });
        named.ShouldContain("60,000 rows");

        // The same body anywhere else is refused before it is read.
        using var elsewhere = new ByteArrayContent(bytes);
        (await client.PostAsync("/records/new", elsewhere)).StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_staged_file_is_only_for_the_account_that_uploaded_it()
    {
        var investigator = await Demo.ClientAsync(App, Role.Investigator);
        var legal = await Demo.ClientAsync(App, Role.Legal);
        var preview = await UploadAsync(investigator, "victims.xlsx", People(Guid.NewGuid().ToString("N")[..6], bad: false));
        var token = Regex.Match(preview, "name=\"token\" value=\"([0-9a-f]{32})\"").Groups[1].Value;
        token.ShouldNotBeEmpty();

        var page = await legal.GetStringAsync("/import");
        var stolen = await PostAsync(legal, FormFields(page, "sheet-upload").Where(p => p.Key is "__RequestVerificationToken")
            .Concat([new("_handler", "sheet-map"), new("token", token), new("what", "person"), new("go", "import")]).ToDictionary());

        stolen.ShouldContain("The uploaded file has expired or is not yours");
    }

    [ChromiumFact]
    public async Task In_the_browser_the_preview_and_the_import_pass_axe_in_english_and_persian()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        await using var session = await BrowserSession.StartAsync(Demo, await Demo.TokenForAsync(Role.Investigator));
        var page = session.Page;

        await page.GotoAsync(session.Address + "/lists");
        await page.GetByRole(AriaRole.Link, new() { Name = "Import a list from a spreadsheet (CSV or XLSX)" }).ClickAsync();
        await page.WaitForAddressAsync("**/import?kind=list");
        await page.GotoAsync(session.Address + "/import?kind=person");
        await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "victims.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = People(suffix, bad: true, update: false) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and preview" }).ClickAsync();
        await Assertions.Expect(page.Locator("#sheet-problems")).ToBeVisibleAsync();
        (await page.Locator("#sheet-problems tbody tr").CountAsync()).ShouldBe(1);
        (await page.Locator("#sheet-preview tbody tr").CountAsync()).ShouldBe(4);
        await session.StepAsync(page, "si-01-import-errors");

        await page.GotoAsync(session.Address + "/import?kind=person&lang=fa");
        await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "victims.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = People(suffix, bad: false, update: false) });
        await page.GetByRole(AriaRole.Button, new() { Name = "بارگذاری و پیش‌نمایش" }).ClickAsync();
        await Assertions.Expect(page.Locator("#sheet-preview")).ToBeVisibleAsync();
        (await page.EvaluateAsync<string>("() => getComputedStyle(document.body).direction")).ShouldBe("rtl");
        await session.StepAsync(page, "si-02-import-preview-persian");
        await page.GetByRole(AriaRole.Button, new() { Name = "ورود همه" }).ClickAsync();
        await Assertions.Expect(page.Locator("#import-done")).ToBeVisibleAsync();
        await session.StepAsync(page, "si-03-imported-persian");
        (await Demo.Store.GetAsync($"sheet-c-{suffix}", None)).ShouldNotBeNull();
        session.ShouldHaveStayedOnThisMachine();
    }

    /// <summary>Uploads a file as the upload form does, and returns the page with the mapping and the preview.</summary>
    private static async Task<string> UploadAsync(HttpClient client, string name, byte[] bytes, string what = "person")
    {
        var page = await client.GetStringAsync($"/import?kind={what}");
        using var content = new MultipartFormDataContent();
        foreach (var (key, value) in FormFields(page, "sheet-upload"))
        {
            content.Add(new StringContent(value), key);
        }

        content.Add(new StringContent(what), "what");
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, "file", name);
        var response = await client.PostAsync("/import", content);
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        return html;
    }

    /// <summary>Posts the mapping form of <paramref name="page"/> as a browser would, with some fields changed.</summary>
    private static Task<string> PostMapAsync(HttpClient client, string page, Dictionary<string, string> changes)
    {
        var fields = FormFields(page, "sheet-map");
        foreach (var (key, value) in changes)
        {
            fields[key] = value;
        }

        return PostAsync(client, fields);
    }

    private static async Task<string> PostAsync(HttpClient client, Dictionary<string, string> fields)
    {
        var response = await client.PostAsync("/import", new FormUrlEncodedContent(fields));
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        return html;
    }

    /// <summary>The named form's hidden and text inputs, checked boxes and selected options.</summary>
    private static Dictionary<string, string> FormFields(string html, string formName)
    {
        var start = html.LastIndexOf("<form", html.IndexOf($"value=\"{formName}\"", StringComparison.Ordinal), StringComparison.Ordinal);
        var form = html[start..html.IndexOf("</form>", start, StringComparison.Ordinal)];
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match input in InputTag().Matches(form))
        {
            var tag = input.Value;
            var name = Attribute(tag, "name");
            var type = Attribute(tag, "type") ?? "text";
            if (name is null || type is "file" or "submit" || (type == "checkbox" && !tag.Contains(" checked", StringComparison.Ordinal)))
            {
                continue;
            }

            fields[WebUtility.HtmlDecode(name)] = WebUtility.HtmlDecode(Attribute(tag, "value") ?? string.Empty);
        }

        foreach (Match select in SelectTag().Matches(form))
        {
            var name = WebUtility.HtmlDecode(select.Groups["name"].Value);
            var options = select.Groups["options"].Value;
            var chosen = Regex.Match(options, "<option value=\"([^\"]*)\" selected");
            fields[name] = WebUtility.HtmlDecode(chosen.Success ? chosen.Groups[1].Value : Regex.Match(options, "<option value=\"([^\"]*)\"").Groups[1].Value);
        }

        return fields;
    }

    private static string? Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, $"\\s{name}=\"([^\"]*)\"");
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex("<input[^>]*>")]
    private static partial Regex InputTag();

    [GeneratedRegex("<select[^>]*name=\"(?<name>[^\"]+)\"[^>]*>(?<options>.*?)</select>", RegexOptions.Singleline | RegexOptions.ExplicitCapture)]
    private static partial Regex SelectTag();
}
