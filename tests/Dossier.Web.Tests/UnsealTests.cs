using System.Net;
using System.Text.RegularExpressions;
using Dossier.Application.Access;
using Dossier.Testing;
using Microsoft.AspNetCore.Builder;

namespace Dossier.Web.Tests;

/// <summary>Opening a sealed identity in the browser: investigator or legal, with a reason, recorded before anything is shown.</summary>
public abstract partial class UnsealTests(DemoWorkspaceFixture demo) : DemoAppTests(demo)
{
    [Fact]
    public async Task An_investigator_opens_a_sealed_identity_with_a_reason_and_the_ledger_records_it_first()
    {
        var client = await Demo.ClientAsync(App, Role.Investigator);
        var page = await client.GetAsync("/records/w-001/identity");
        var form = await page.Content.ReadAsStringAsync();
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Headers.CacheControl!.NoStore.ShouldBeTrue();
        DemoSecrets.Strings.ShouldAllBe(secret => !form.Contains(secret, StringComparison.Ordinal));

        var refused = await PostAsync(client, form, string.Empty);
        var opened = await PostAsync(client, form, "preparing the witness's hearing in Durrës");

        DemoSecrets.Strings.ShouldAllBe(secret => !refused.Contains(secret, StringComparison.Ordinal));
        opened.ShouldContain(DemoSecrets.Names[0]);
        var audit = await Demo.Store.Audit.QueryAuditAsync(new AuditFilter(Actor: "test-investigator", Type: "identity", Target: "w-001"), CancellationToken.None);
        audit.ShouldContain(row => row.Reason.Contains("Durrës", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Role.Viewer)]
    [InlineData(Role.Analyst)]
    [InlineData(Role.Admin)]
    public async Task Other_roles_do_not_even_see_that_the_page_exists(Role role)
    {
        var client = await Demo.ClientAsync(App, role);

        (await client.GetAsync("/records/w-001/identity")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await Demo.ClientAsync(App, null)).GetAsync("/records/w-001/identity")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static async Task<string> PostAsync(HttpClient client, string form, string reason)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal) { ["reason"] = reason };
        foreach (Match hidden in HiddenPattern().Matches(form))
        {
            fields[hidden.Groups["name"].Value] = WebUtility.HtmlDecode(hidden.Groups["value"].Value);
        }

        var response = await client.PostAsync("/records/w-001/identity", new FormUrlEncodedContent(fields));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"", RegexOptions.ExplicitCapture)]
    private static partial Regex HiddenPattern();
}
