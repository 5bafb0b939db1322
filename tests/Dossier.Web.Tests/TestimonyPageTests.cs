using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dossier.Application.Access;
using Dossier.Testing;
using Microsoft.AspNetCore.TestHost;

namespace Dossier.Web.Tests;

/// <summary>
/// The testimony pages and API on the demo's SYNTHETIC testimonies (demo/noury-testimonies.yaml), whose groups
/// were written with known answers: for al-syn-corridor three coached near-copies (one line), three honest
/// witnesses in their own words (three lines, two of them protected), one contradicting witness placing the
/// accused in Evin that day, and one statement whose consent was withdrawn.
/// </summary>
public abstract partial class TestimonyPageTests(DemoWorkspaceFixture demo) : DemoAppTests(demo)
{
    private const string Corridor = "/testimony/allegations/al-syn-corridor";
    private const string WithdrawnWords = "I saw Hamid Noury in the corridor of Gohardasht on 30 July 1988.";
    private const string SealedPersian = "از زیر چشم‌بند دیدم که حمید نوری";

    [Fact]
    public async Task The_allegation_matrix_counts_lines_per_stance_explains_joins_and_lists_contradictions()
    {
        var client = await Demo.ClientAsync(App, Role.Investigator);

        var html = WebUtility.HtmlDecode(await client.GetStringAsync(Corridor));
        var json = await client.GetFromJsonAsync<JsonElement>("/api/v1/testimony/allegations/al-syn-corridor");

        var supports = json.GetProperty("supports");
        (supports.GetProperty("statements").GetInt32(), supports.GetProperty("lines").GetInt32()).ShouldBe((6, 4));
        (json.GetProperty("contradicts").GetProperty("statements").GetInt32(), json.GetProperty("contradicts").GetProperty("lines").GetInt32()).ShouldBe((1, 1));
        var coached = supports.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("statements").GetArrayLength() == 3);
        coached.GetProperty("statements").EnumerateArray().Select(s => s.GetString()).ShouldBe(["st-syn-a1", "st-syn-b1", "st-syn-c1"]);
        coached.GetProperty("joins").EnumerateArray().Select(j => j.GetProperty("reason").GetString()).Distinct().ShouldBe(["near-copy"]);
        json.GetProperty("nearCopies").GetArrayLength().ShouldBe(3);
        json.GetProperty("contradictions").EnumerateArray().Select(c => c.GetProperty("kind").GetString()).ShouldBe(["opposing-stances", "two-places-at-once"]);
        json.GetProperty("leftOut").EnumerateArray().Select(s => (s.GetProperty("statement").GetString(), s.GetProperty("why").GetString())).ShouldBe([("st-syn-h1", "withdrawn")]);

        html.ShouldContain("4</strong> independent lines from 6 statements");
        html.ShouldContain("near-copies (0.80)");
        html.ShouldContain("One person placed in two places at the same time: Hamid Noury");
        // In Persian the person is named in Persian script and the scores and line numbers are in Persian digits.
        var persian = WebUtility.HtmlDecode(await client.GetStringAsync(Corridor + "?lang=fa"));
        persian.ShouldContain(": حمید نوری");
        persian.ShouldContain("(۰٫۸۰)");
        persian.ShouldNotMatch("\\(lines? [0-9]|[0-9],[0-9]{2}\\)");
        html.ShouldContain("st-syn-h1</code>: consent withdrawn");
        html.ShouldNotContain(WithdrawnWords);
        // The names of the protected witnesses' records are their pseudonyms.
        html.ShouldContain(">W-001</a>");
    }

    [Fact]
    public async Task A_reader_counts_only_the_testimony_they_may_read()
    {
        var viewer = await Demo.ClientAsync(App, Role.Viewer);
        var anonymous = App.GetTestClient();

        var json = await viewer.GetFromJsonAsync<JsonElement>("/api/v1/testimony/allegations/al-syn-corridor");
        var html = WebUtility.HtmlDecode(await viewer.GetStringAsync(Corridor));

        // The two protected witnesses' statements are restricted: a viewer counts the other four, in two lines.
        (json.GetProperty("supports").GetProperty("statements").GetInt32(), json.GetProperty("supports").GetProperty("lines").GetInt32()).ShouldBe((4, 2));
        html.ShouldNotContain(SealedPersian);
        html.ShouldNotContain("st-syn-w001-1");
        (await viewer.GetAsync("/api/v1/testimony/statements/st-syn-w001-1")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await anonymous.GetAsync("/api/v1/testimony/allegations/al-syn-corridor")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_protected_witnesss_statement_is_opened_for_readers_and_a_withdrawn_one_is_never_shown()
    {
        var analyst = await Demo.ClientAsync(App, Role.Analyst);

        var sealedStatement = await analyst.GetFromJsonAsync<JsonElement>("/api/v1/testimony/statements/st-syn-w001-1");
        var record = await analyst.GetFromJsonAsync<JsonElement>("/api/v1/records/st-syn-w001-1");
        var page = WebUtility.HtmlDecode(await analyst.GetStringAsync("/records/st-syn-w001-1"));
        var withdrawn = await analyst.GetFromJsonAsync<JsonElement>("/api/v1/testimony/statements/st-syn-h1");
        var withdrawnPage = WebUtility.HtmlDecode(await analyst.GetStringAsync("/records/st-syn-h1"));

        sealedStatement.GetProperty("text").GetString()!.ShouldContain(SealedPersian);
        sealedStatement.GetProperty("translations")[0].GetProperty("language").GetString().ShouldBe("en");
        // The record itself holds ciphertext only.
        var body = record.GetProperty("record").GetProperty("record");
        body.TryGetProperty("text", out _).ShouldBeFalse();
        body.GetProperty("sealed").GetProperty("ciphertext").GetString().ShouldNotBeNullOrEmpty();
        page.ShouldContain(SealedPersian);
        page.ShouldContain("From under my blindfold I saw Hamid Noury");
        page.ShouldContain("Sealed under the witness's key; opened for you.");
        withdrawn.TryGetProperty("text", out _).ShouldBeFalse();
        withdrawn.GetProperty("status").GetString().ShouldBe("withdrawn");
        withdrawnPage.ShouldNotContain(WithdrawnWords);
        withdrawnPage.ShouldContain("The witness withdrew consent");
    }

    [Fact]
    public async Task Coached_statements_are_compared_side_by_side_with_the_shared_passages_marked()
    {
        var client = await Demo.ClientAsync(App, Role.Analyst);

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/testimony/compare/st-syn-a1/st-syn-c1"));

        var marked = MarkPattern().Matches(html).Select(m => m.Groups["text"].Value).ToList();
        marked.ShouldNotBeEmpty();
        // Shared runs are marked across spellings (Nouri / Nuri); the words the copy changed are not.
        marked.ShouldContain(m => m.Contains("stood at the end of", StringComparison.Ordinal));
        marked.ShouldContain(m => m.Contains("Hamid Nuri", StringComparison.Ordinal) || m.Contains("Hamid Nouri", StringComparison.Ordinal));
        marked.ShouldAllBe(m => !m.Contains("brought", StringComparison.Ordinal) && !m.Contains("holding", StringComparison.Ordinal));
        var withdrawn = WebUtility.HtmlDecode(await client.GetStringAsync("/testimony/compare/st-syn-a1/st-syn-h1"));
        withdrawn.ShouldNotContain(WithdrawnWords);
    }

    [Fact]
    public async Task A_witnesss_account_and_an_accuseds_allegations_are_listed_by_pseudonym_and_by_lines()
    {
        var investigator = await Demo.ClientAsync(App, Role.Investigator);
        var analyst = await Demo.ClientAsync(App, Role.Analyst);

        var asInvestigator = WebUtility.HtmlDecode(await investigator.GetStringAsync("/testimony/witnesses/w-001"));
        var asAnalyst = WebUtility.HtmlDecode(await analyst.GetStringAsync("/testimony/witnesses/w-001"));
        var accused = WebUtility.HtmlDecode(await analyst.GetStringAsync("/testimony/accused/hamid-noury"));

        asInvestigator.ShouldContain("<h1 dir=\"auto\">W-001");
        asInvestigator.ShouldContain(SealedPersian);
        // An analyst may read the restricted statement but not the protected-identity record: the witness is its id.
        asAnalyst.ShouldContain("<h1 dir=\"auto\">w-001");
        asAnalyst.ShouldContain(SealedPersian);
        var body = accused[accused.IndexOf("<tbody>", StringComparison.Ordinal)..];
        var rows = RowPattern().Matches(body).Select(m => m.Groups["row"].Value).ToList();
        rows.Count.ShouldBe(2);
        rows[0].ShouldContain("al-syn-corridor");
        rows[0].ShouldContain("4</strong>");
        rows[1].ShouldContain("al-syn-names");
        rows[1].ShouldContain("3</strong>");
    }

    [Fact]
    public async Task A_sealed_statement_edited_by_form_keeps_its_words_sealed_anew()
    {
        var client = await Demo.ClientAsync(App, Role.Investigator);
        var before = await client.GetFromJsonAsync<JsonElement>("/api/v1/records/st-syn-w001-1");

        var form = WebUtility.HtmlDecode(await client.GetStringAsync("/records/st-syn-w001-1/edit"));
        var saved = await FormTests.PostAsync(client, "/records/st-syn-w001-1/edit", new() { ["reason"] = "form round trip of a sealed statement" });

        form.ShouldContain(SealedPersian);
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await client.GetFromJsonAsync<JsonElement>("/api/v1/records/st-syn-w001-1");
        after.GetProperty("record").GetProperty("version").GetInt32().ShouldBe(before.GetProperty("record").GetProperty("version").GetInt32() + 1);
        var sealedBefore = before.GetProperty("record").GetProperty("record").GetProperty("sealed");
        var sealedAfter = after.GetProperty("record").GetProperty("record").GetProperty("sealed");
        sealedAfter.GetProperty("ciphertext").GetString().ShouldNotBe(sealedBefore.GetProperty("ciphertext").GetString());
        after.GetProperty("record").GetProperty("record").TryGetProperty("text", out _).ShouldBeFalse();
        var opened = await client.GetFromJsonAsync<JsonElement>("/api/v1/testimony/statements/st-syn-w001-1");
        opened.GetProperty("text").GetString()!.ShouldContain(SealedPersian);
        opened.GetProperty("translations").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task A_transcript_is_split_into_proposed_statements_and_the_kept_ones_are_created_sealed()
    {
        var client = await Demo.ClientAsync(App, Role.Investigator);
        const string page = "/testimony/interviews/int-syn-w002/split";
        const string first = "They moved us downstairs at night (SYNTHETIC split test).";
        const string second = "The second paragraph is dropped by the analyst (SYNTHETIC).";
        const string third = "A third passage is kept and edited (SYNTHETIC).";

        var proposed = await FormTests.PostAsync(client, page, new() { ["transcript"] = $"{first}\n\n{second}\n\n{third}", ["_handler"] = "propose" });
        var html = WebUtility.HtmlDecode(await proposed.Content.ReadAsStringAsync());
        html.ShouldContain(first);
        var fields = FormTests.FormFields(html);
        fields.Remove("keep[1]");
        fields["text[2]"] = third + " Edited.";
        fields["reason"] = "split test";
        fields["_handler"] = "create";
        var created = await client.PostAsync(page, new FormUrlEncodedContent(fields));

        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var statements = await client.GetFromJsonAsync<JsonElement>("/api/v1/testimony/witnesses/w-002");
        var ids = statements.GetProperty("statements").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToList();
        ids.ShouldContain("int-syn-w002-s2");
        ids.ShouldContain("int-syn-w002-s3");
        ids.ShouldNotContain("int-syn-w002-s4");
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/testimony/statements/int-syn-w002-s3")).GetProperty("text").GetString().ShouldBe(third + " Edited.");
        var record = await client.GetFromJsonAsync<JsonElement>("/api/v1/records/int-syn-w002-s2");
        record.GetProperty("record").GetProperty("record").TryGetProperty("sealed", out _).ShouldBeTrue();
        record.GetProperty("record").GetProperty("record").GetProperty("sequence").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task Names_and_dates_in_a_statements_words_are_suggested_in_any_spelling_and_confirmed_by_the_analyst()
    {
        var client = await Demo.ClientAsync(App, Role.Analyst);
        var created = await client.PostAsJsonAsync("/api/v1/records", new
        {
            kind = "statement",
            reason = "mention test (SYNTHETIC)",
            record = new { id = "st-mention-test", interviewId = "int-syn-e", text = "That night I saw Hamid Abbasi at Evin prison, on 30 July 1988.", classification = "internal", synthetic = true },
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/records/st-mention-test"));
        page.ShouldContain("<code>hamid-noury</code>");
        page.ShouldContain("<code>evin-prison-site</code>");
        page.ShouldContain("<code>1988-07-30</code>");
        var html = page[(page.IndexOf("mention-suggestions", StringComparison.Ordinal) - 200)..];
        var boxes = Regex.Matches(html, "name=\"(?<name>confirm\\[\\d+\\])\"", RegexOptions.ExplicitCapture).Select(m => m.Groups["name"].Value).ToList();
        boxes.Count.ShouldBe(3);
        var form = FormTests.FormFields(page);
        foreach (var box in boxes)
        {
            form[box] = "on";
        }

        form["reason"] = "the witness names the accused, Evin and the date";
        form["_handler"] = "mentions";
        (await client.PostAsync("/records/st-mention-test", new FormUrlEncodedContent(form))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var record = (await client.GetFromJsonAsync<JsonElement>("/api/v1/records/st-mention-test")).GetProperty("record").GetProperty("record");
        record.GetProperty("personIds").EnumerateArray().Select(p => p.GetString()).ShouldBe(["hamid-noury"]);
        record.GetProperty("placeIds").EnumerateArray().Select(p => p.GetString()).ShouldBe(["evin-prison-site"]);
        record.GetProperty("time").GetString().ShouldBe("1988-07-30");
    }

    [ChromiumFact]
    public async Task In_Persian_the_matrix_runs_right_to_left_with_the_supporting_column_first_on_the_right()
    {
        await using var session = await BrowserSession.StartAsync(Demo, await Demo.TokenForAsync(Role.Analyst));
        var page = session.Page;
        await page.GotoAsync(session.Address + Corridor + "?lang=fa");

        (await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.allegation-matrix')).direction")).ShouldBe("rtl");
        var supports = await page.Locator(".stance-column.supports").BoundingBoxAsync();
        var contradicts = await page.Locator(".stance-column.contradicts").BoundingBoxAsync();
        supports!.X.ShouldBeGreaterThan(contradicts!.X);
        (await page.Locator(".stance-column.supports h2").InnerTextAsync()).ShouldBe("تأیید می‌کند");
        (await page.Locator("h1").InnerTextAsync()).ShouldContain("حمید نوری");
        await session.ScreenshotAsync("testimony-allegation-fa.png");
        session.ShouldHaveStayedOnThisMachine();
    }

    [GeneratedRegex("<mark>(?<text>[^<]*)</mark>", RegexOptions.ExplicitCapture)]
    private static partial Regex MarkPattern();

    [GeneratedRegex("<tr>(?<row>.*?)</tr>", RegexOptions.ExplicitCapture | RegexOptions.Singleline)]
    private static partial Regex RowPattern();
}
