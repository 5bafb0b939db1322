using System.Net;
using Microsoft.AspNetCore.Builder;

namespace Dossier.Web.Tests;

/// <summary>
/// The pages the sign-in and account forms redirect to after a failure or a save answer with their message.
/// Their flags are read as booleans, which take "true", not "1": a redirect with "=1" was a 500.
/// </summary>
public abstract class NoticePageTests(DemoWorkspaceFixture demo) : DemoAppTests(demo)
{
    [Theory]
    [InlineData("/login?failed=true", null, "role=\"alert\"")]
    [InlineData("/login?expired=true", null, "</form>")]
    [InlineData("/login/code?failed=true", null, "role=\"alert\"")]
    [InlineData("/login/enrol?failed=true", null, "</html>")]
    [InlineData("/account?saved=true", Dossier.Application.Access.Role.Viewer, "role=\"status\"")]
    [InlineData("/account?failed=true", Dossier.Application.Access.Role.Viewer, "role=\"alert\"")]
    public async Task A_page_reached_after_a_form_answers_with_its_notice(string path, Dossier.Application.Access.Role? role, string expected)
    {
        var client = await Demo.ClientAsync(App, role);

        var response = await client.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain(expected);
    }
}
