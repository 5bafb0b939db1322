using System.Net;
using Dossier.Application.Access;
using Dossier.Testing;
using Microsoft.Playwright;

namespace Dossier.Web.Tests;

/// <summary>
/// A person's file (issue 18 §9) from the demo's record of Hamid Noury (demo/noury-case.yaml): names in both scripts,
/// the post he held, the claims about him with their sources; refused to roles that may not export; the same bytes
/// twice; a document policy that lets it show without script. And every record page prints as the record alone.
/// </summary>
public abstract class PersonFileTests(DemoWorkspaceFixture demo) : DemoAppTests(demo)
{
    [Fact]
    public async Task The_file_of_Hamid_Noury_holds_his_names_his_post_and_the_claims_about_him_and_only_exporters_get_it()
    {
        var legal = await Demo.ClientAsync(App, Role.Legal);
        var viewer = await Demo.ClientAsync(App, Role.Viewer);
        var before = await Demo.Store.GetTreeHeadAsync(CancellationToken.None);

        var first = await legal.GetAsync("/api/v1/records/hamid-noury/file");
        var second = await legal.GetByteArrayAsync("/api/v1/records/hamid-noury/file?format=html");

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        first.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        first.Content.Headers.ContentDisposition.ShouldBeNull();
        first.Headers.GetValues("Content-Security-Policy").Single().ShouldStartWith("default-src 'none'");
        var bytes = await first.Content.ReadAsByteArrayAsync();
        second.ShouldBe(bytes);
        var html = System.Text.Encoding.UTF8.GetString(bytes);
        html.ShouldContain("<h1>Hamid Noury</h1>");
        html.ShouldContain("حمید نوری");
        html.ShouldContain("حمید عباسی");
        html.ShouldContain("assistant to the deputy prosecutor");
        html.ShouldContain("Claims about this person");
        html.ShouldNotContain("<script");
        html.ShouldNotContain("http://");
        html.ShouldNotContain("https://fonts");
        // Each making is audited after it is made: two files, two access.exported entries.
        (await Demo.Store.GetTreeHeadAsync(CancellationToken.None)).Size.ShouldBeGreaterThanOrEqualTo(before.Size + 2);

        var saved = await legal.GetAsync("/api/v1/records/hamid-noury/file?download=true");
        saved.Content.Headers.ContentDisposition!.FileName!.Trim('"').ShouldBe("hamid-noury-file.html");
        var page = await legal.GetStringAsync("/records/hamid-noury");
        page.ShouldContain("/api/v1/records/hamid-noury/file");
        // The PDF link asks for a download: its ampersand is escaped once, so "download" is a parameter, not "amp;download".
        page.ShouldContain("/api/v1/records/hamid-noury/file?format=pdf&amp;download=true\"");
        page.ShouldNotContain("&amp;amp;");
        (await viewer.GetStringAsync("/records/hamid-noury")).ShouldNotContain("/api/v1/records/hamid-noury/file");
        (await viewer.GetAsync("/api/v1/records/hamid-noury/file")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await legal.GetAsync("/api/v1/records/no-such-person/file")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await legal.GetAsync("/api/v1/records/hamid-noury/file?format=docx")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await (await Demo.ClientAsync(App, null)).GetAsync("/api/v1/records/hamid-noury/file")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [ChromiumFact]
    public async Task A_record_page_prints_without_navigation_or_forms_and_the_file_prints_to_pdf()
    {
        var token = await Demo.TokenForAsync(Role.Legal);
        await using var session = await BrowserSession.StartAsync(Demo, bearer: token);
        var page = session.Page;
        await page.GotoAsync(session.Address + "/records/hamid-noury");
        (await page.Locator("header.top").IsVisibleAsync()).ShouldBeTrue();

        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });

        (await page.Locator("header.top").IsVisibleAsync()).ShouldBeFalse();
        (await page.Locator("p.actions").First.IsVisibleAsync()).ShouldBeFalse();
        (await page.Locator("h1").IsVisibleAsync()).ShouldBeTrue();
        (await page.Locator("footer").IsVisibleAsync()).ShouldBeTrue();
        // The page uses the paper's width: the main column is not held to the screen's reading width.
        var main = await page.Locator("main").BoundingBoxAsync();
        main!.Width.ShouldBeGreaterThan(1000);
        await session.ScreenshotAsync("18-record-printed.png");

        // The file in the browser: its own styles and font apply under its document policy (no console error).
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") { errors.Add(message.Text); } };
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });
        await page.GotoAsync(session.Address + "/api/v1/records/hamid-noury/file");
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("Hamid Noury");
        (await page.Locator("body").EvaluateAsync<string>("b => getComputedStyle(b).fontFamily")).ShouldContain("Dossier Report");
        errors.ShouldBeEmpty();
        await session.ScreenshotAsync("18-person-file.png");

        var pdf = await page.APIRequest.GetAsync(session.Address + "/api/v1/records/hamid-noury/file?format=pdf&download=true",
            new APIRequestContextOptions { Headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["Authorization"] = "Bearer " + token } });
        pdf.Status.ShouldBe(200);
        var body = await pdf.BodyAsync();
        System.Text.Encoding.ASCII.GetString(body, 0, 5).ShouldBe("%PDF-");
        session.ShouldHaveStayedOnThisMachine();
    }
}
