using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dossier.Application.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Dossier.Web.Tests;

/// <summary>Record forms through HTTP: every edit needs a reason, lands in history, and bad input is named field by field.</summary>
public abstract partial class FormTests(DemoWorkspaceFixture demo) : DemoAppTests(demo)
{
    [Fact]
    public async Task A_claim_added_through_the_form_is_saved_with_its_reason_and_shows_in_history()
    {
        var client = await Demo.ClientAsync(App, Role.Investigator);
        var id = "claim-form-" + Guid.NewGuid().ToString("N")[..6];

        var response = await PostAsync(client, "/records/new/claim?subject=hamid-noury", new()
        {
            ["id"] = id, ["statement"] = "Noury escorted prisoners to the death corridor.", ["sourceId"] = "s9-stockholm-judgment",
            ["credibility"] = "2", ["reason"] = "from the judgment, section 5",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain($"/records/{id}");
        var history = await client.GetFromJsonAsync<JsonElement>($"/api/v1/records/{id}/history");
        history[0].GetProperty("reason").GetString().ShouldBe("from the judgment, section 5");
        history[0].GetProperty("actor").GetString().ShouldBe("test-investigator");
        var record = await client.GetFromJsonAsync<JsonElement>($"/api/v1/records/{id}");
        record.GetProperty("record").GetProperty("record").GetProperty("subjects")[0].GetString().ShouldBe("hamid-noury");
    }

    [Fact]
    public async Task An_edit_without_a_reason_or_with_a_bad_date_saves_nothing_and_names_the_fields()
    {
        var client = await Demo.ClientAsync(App, Role.Investigator);
        var before = await client.GetFromJsonAsync<JsonElement>("/api/v1/records/hamid-noury");

        var noReason = await PostAsync(client, "/records/hamid-noury/edit", new() { ["reason"] = string.Empty });
        var badDate = await PostAsync(client, "/records/hamid-noury/edit", new() { ["born"] = "the 31st of Smarch", ["reason"] = "typo fix" });

        noReason.StatusCode.ShouldBe(HttpStatusCode.OK, await noReason.Content.ReadAsStringAsync());
        (await noReason.Content.ReadAsStringAsync()).ShouldContain("every change needs a reason");
        var badDateHtml = await badDate.Content.ReadAsStringAsync();
        badDateHtml.ShouldContain("href=\"#f-born\"");
        badDateHtml.ShouldContain("Smarch");
        var after = await client.GetFromJsonAsync<JsonElement>("/api/v1/records/hamid-noury");
        after.GetProperty("record").GetProperty("version").GetInt32().ShouldBe(before.GetProperty("record").GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_new_person_with_the_name_of_an_existing_one_needs_a_confirmation()
    {
        var client = await Demo.ClientAsync(App, Role.Investigator);
        var id = "hamid-nouri-" + Guid.NewGuid().ToString("N")[..6];
        var fields = new Dictionary<string, string>
        {
            ["id"] = id, ["names[0].text"] = "Hamid Nouri", ["names[0].script"] = "Latn", ["names[0].kind"] = "full", ["reason"] = "new witness statement",
        };

        var warned = await PostAsync(client, "/records/new/person", new(fields));
        var warning = await warned.Content.ReadAsStringAsync();
        warning.ShouldContain("id=\"duplicates\"");
        warning.ShouldContain("/records/hamid-noury");
        (await client.GetAsync($"/api/v1/records/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        fields["confirmNew"] = "true";
        (await PostAsync(client, "/records/new/person", fields)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.GetAsync($"/api/v1/records/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Forms_are_for_people_who_may_write()
    {
        var anonymous = await App.GetTestClient().GetAsync("/records/new/claim");
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        anonymous.Headers.Location!.ToString().ShouldContain("/login");
        (await (await Demo.ClientAsync(App, Role.Viewer)).GetAsync("/records/new/claim")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await Demo.ClientAsync(App, Role.Viewer)).GetAsync("/records/hamid-noury/edit")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await Demo.ClientAsync(App, Role.Analyst)).GetAsync("/records/new/no-such-kind")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("نوری", "nouri")]
    [InlineData("حمید نوری", "hamid nouri")]
    [InlineData("Noury", "noury")]
    public async Task The_name_preview_romanises_and_finds_similar_people_for_signed_in_users(string text, string romanized)
    {
        var client = await Demo.ClientAsync(App, Role.Investigator);

        var preview = await client.GetFromJsonAsync<JsonElement>($"/api/v1/text/preview?kind=person&text={Uri.EscapeDataString(text)}");

        preview.GetProperty("romanized").GetString().ShouldBe(romanized);
        preview.GetProperty("similar").EnumerateArray().Select(s => s.GetProperty("id").GetString()).ShouldContain("hamid-noury");
        var anonymous = await App.GetTestClient().GetFromJsonAsync<JsonElement>($"/api/v1/text/preview?kind=person&text={Uri.EscapeDataString(text)}");
        anonymous.GetProperty("similar").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Every_record_kind_has_a_form_whose_fields_round_trip_an_existing_record()
    {
        var client = await Demo.ClientAsync(App, Role.Investigator);
        foreach (var kind in Dossier.Domain.Records.RecordKinds.All)
        {
            var page = await client.GetAsync($"/records/new/{Dossier.Domain.Records.RecordKinds.Name(kind)}");
            page.StatusCode.ShouldBe(HttpStatusCode.OK, kind.ToString());
        }

        // Saving the edit form unchanged writes a revision equal to the record: nothing is lost on the way through the form.
        var before = await client.GetFromJsonAsync<JsonElement>("/api/v1/records/massacre-1988");
        var form = await client.GetStringAsync("/records/massacre-1988/edit");
        var fields = FormFields(form);
        fields["reason"] = "round trip";
        (await PostFormAsync(client, "/records/massacre-1988/edit", fields)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await client.GetFromJsonAsync<JsonElement>("/api/v1/records/massacre-1988");
        after.GetProperty("record").GetProperty("record").GetRawText().ShouldBe(before.GetProperty("record").GetProperty("record").GetRawText());
    }

    /// <summary>Loads the form page, takes every field as a browser would post it (antiforgery token and form name included), and posts it with the given values.</summary>
    [Fact]
    public async Task A_quantitys_qualifier_is_a_select_of_the_values_the_record_model_accepts_and_a_chosen_one_is_saved()
    {
        var client = await Demo.ClientAsync(App, Role.Investigator);
        // The oracle is the record model's own JSON contract, not the form code.
        var accepted = Enum.GetValues<Dossier.Domain.Records.QuantityQualifier>()
            .Select(q => JsonSerializer.Serialize(q, Dossier.Application.Serialization.RecordJson.Options).Trim('"')).ToList();

        var html = await client.GetStringAsync("/records/new/claim?subject=hamid-noury");
        var select = SelectPattern().Matches(html).Single(m => m.Groups["name"].Value == "quantity.qualifier");
        var offered = OptionPattern().Matches(select.Groups["options"].Value).Select(m => m.Groups["value"].Value).ToList();
        offered.ShouldBe(["", .. accepted]);
        var persian = await client.GetStringAsync("/records/new/claim?subject=hamid-noury&lang=fa");
        persian.ShouldContain("دست‌کم");

        var id = "claim-qualifier-" + Guid.NewGuid().ToString("N")[..6];
        var response = await PostAsync(client, "/records/new/claim?subject=hamid-noury", new()
        {
            ["id"] = id, ["statement"] = "Over 30,000 were executed.", ["sourceId"] = "s9-stockholm-judgment", ["property"] = "death-toll",
            ["quantity.value"] = "30000", ["quantity.unit"] = "people", ["quantity.qualifier"] = accepted[1], ["reason"] = "qualifier test",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var record = await client.GetFromJsonAsync<JsonElement>($"/api/v1/records/{id}");
        record.GetProperty("record").GetProperty("record").GetProperty("quantity").GetProperty("qualifier").GetString().ShouldBe(accepted[1]);
    }

    internal static async Task<HttpResponseMessage> PostAsync(HttpClient client, string page, Dictionary<string, string> values)
    {
        var fields = FormFields(await client.GetStringAsync(page));
        foreach (var (key, value) in values)
        {
            fields[key] = value;
        }

        return await PostFormAsync(client, page, fields);
    }

    private static Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, Dictionary<string, string> fields) =>
        client.PostAsync(page, new FormUrlEncodedContent(fields));

    /// <summary>The inputs of the record form as a browser would post them (text inputs, selected options, textareas, checked boxes).</summary>
    internal static Dictionary<string, string> FormFields(string html)
    {
        var form = html[html.IndexOf("<form method=\"post\"", html.IndexOf("record-form", StringComparison.Ordinal) - 40, StringComparison.Ordinal)..];
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match input in InputPattern().Matches(form))
        {
            var tag = input.Value;
            var name = WebUtility.HtmlDecode(Attribute(tag, "name") ?? string.Empty);
            var type = Attribute(tag, "type") ?? "text";
            if (name.Length == 0 || (type == "checkbox" && !tag.Contains(" checked", StringComparison.Ordinal)))
            {
                continue;
            }

            fields[name] = WebUtility.HtmlDecode(Attribute(tag, "value") ?? string.Empty);
        }

        foreach (Match area in TextAreaPattern().Matches(form))
        {
            fields[WebUtility.HtmlDecode(area.Groups["name"].Value)] = WebUtility.HtmlDecode(area.Groups["text"].Value);
        }

        foreach (Match select in SelectPattern().Matches(form))
        {
            var selected = SelectedPattern().Match(select.Groups["options"].Value);
            var first = OptionPattern().Match(select.Groups["options"].Value);
            fields[WebUtility.HtmlDecode(select.Groups["name"].Value)] = WebUtility.HtmlDecode((selected.Success ? selected : first).Groups["value"].Value);
        }

        return fields;
    }

    private static string? Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, $"\\s{name}=\"(?<v>[^\"]*)\"", RegexOptions.ExplicitCapture);
        return match.Success ? match.Groups["v"].Value : null;
    }

    [GeneratedRegex("<input[^>]*>", RegexOptions.ExplicitCapture)]
    private static partial Regex InputPattern();

    [GeneratedRegex("<textarea[^>]*name=\"(?<name>[^\"]+)\"[^>]*>(?<text>[^<]*)</textarea>", RegexOptions.ExplicitCapture)]
    private static partial Regex TextAreaPattern();

    [GeneratedRegex("<select[^>]*name=\"(?<name>[^\"]+)\"[^>]*>(?<options>.*?)</select>", RegexOptions.ExplicitCapture | RegexOptions.Singleline)]
    private static partial Regex SelectPattern();

    [GeneratedRegex("<option value(=\"(?<value>[^\"]*)\")? selected", RegexOptions.ExplicitCapture)]
    private static partial Regex SelectedPattern();

    [GeneratedRegex("<option value(=\"(?<value>[^\"]*)\")?[ >]", RegexOptions.ExplicitCapture)]
    private static partial Regex OptionPattern();
}
