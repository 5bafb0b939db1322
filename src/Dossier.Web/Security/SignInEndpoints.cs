using System.Security.Claims;
using Dossier.Application.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Dossier.Web.Security;

/// <summary>
/// The form posts of signing in and out: password, then either enrolment of an authenticator (first
/// sign-in) or a TOTP / recovery code. Every post needs the antiforgery token of the page it came from
/// and is rate-limited per client address.
/// </summary>
internal static class SignInEndpoints
{
    public const string RateLimitPolicy = "sign-in";

    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/login", PasswordAsync).RequireRateLimiting(RateLimitPolicy);
        endpoints.MapPost("/login/password", FirstPasswordAsync).RequireRateLimiting(RateLimitPolicy);
        endpoints.MapPost("/login/enrol", EnrolAsync).RequireRateLimiting(RateLimitPolicy);
        endpoints.MapPost("/login/code", CodeAsync).RequireRateLimiting(RateLimitPolicy);
        endpoints.MapPost("/logout", async (HttpContext context, AccountService accounts) =>
        {
            // Ended on the server first: a copy of the cookie must not outlive the sign-out.
            if (context.User.FindFirstValue(Authentication.SessionIdClaim) is { } session)
            {
                await accounts.EndSessionAsync(session, context.RequestAborted);
            }

            await context.SignOutAsync(Authentication.SessionScheme);
            await context.SignOutAsync(Authentication.PendingScheme);
            return Results.LocalRedirect("/");
        });
        return endpoints;
    }

    /// <summary>
    /// Only local paths: an open redirect would let a link lead people off the machine. A local path starts
    /// with one '/' not followed by '/' or '\', and holds no control character anywhere: browsers drop tabs
    /// and line breaks from URLs, so "/\t/evil.example" would become "//evil.example", another host.
    /// </summary>
    public static string SafeReturn(string? returnUrl) => IsLocalPath(returnUrl) ? returnUrl! : "/";

    public static bool IsLocalPath(string? url) =>
        url is { Length: > 0 } && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);

    private static async Task<IResult> PasswordAsync(HttpContext context, AccountService accounts,
        [FromForm] string? name, [FromForm] string? password, [FromForm] string? returnUrl)
    {
        var step = await accounts.CheckPasswordAsync(name?.Trim(), password, context.RequestAborted);
        return await NextStepAsync(context, step, name?.Trim(), returnUrl);
    }

    /// <summary>Where a sign-in goes after a step: choose a password, enrol an authenticator, give a code, or back to the form.</summary>
    private static async Task<IResult> NextStepAsync(HttpContext context, SignInStep step, string? name, string? returnUrl)
    {
        var back = Uri.EscapeDataString(SafeReturn(returnUrl));
        switch (step)
        {
            case SignInStep.ChangePassword:
                await SignInPendingAsync(context, name!, new Claim(Authentication.ChangePasswordClaim, "true"));
                return Results.LocalRedirect($"/login/password?returnUrl={back}");
            case SignInStep.Enrol:
                var secret = Totp.NewSecret();
                await SignInPendingAsync(context, name!, new Claim(Authentication.EnrolmentSecretClaim, Base32.Encode(secret)));
                return Results.LocalRedirect($"/login/enrol?returnUrl={back}");
            case SignInStep.SecondFactor:
                await SignInPendingAsync(context, name!);
                return Results.LocalRedirect($"/login/code?returnUrl={back}");
            default:
                // Locked or refused look the same from outside: neither tells whether the name exists.
                return Results.LocalRedirect($"/login?failed=true&returnUrl={back}");
        }
    }

    // The one-time password was right a moment ago (the pending cookie says so, for ten minutes): choose your own.
    private static async Task<IResult> FirstPasswordAsync(HttpContext context, AccountService accounts,
        [FromForm] string? password, [FromForm] string? confirmation, [FromForm] string? returnUrl)
    {
        var pending = await context.AuthenticateAsync(Authentication.PendingScheme);
        var name = pending.Principal?.Identity?.Name;
        if (name is null || pending.Principal!.FindFirstValue(Authentication.ChangePasswordClaim) is null)
        {
            return Results.LocalRedirect("/login?expired=true");
        }

        var (next, _) = await accounts.ChooseFirstPasswordAsync(name, password, confirmation, context.RequestAborted);
        return next is { } step
            ? await NextStepAsync(context, step, name, returnUrl)
            : Results.LocalRedirect($"/login/password?failed=true&returnUrl={Uri.EscapeDataString(SafeReturn(returnUrl))}");
    }

    private static async Task<IResult> EnrolAsync(HttpContext context, AccountService accounts, [FromForm] string? code, [FromForm] string? returnUrl)
    {
        var pending = await context.AuthenticateAsync(Authentication.PendingScheme);
        var name = pending.Principal?.Identity?.Name;
        var secret = pending.Principal?.FindFirstValue(Authentication.EnrolmentSecretClaim);
        if (name is null || secret is null)
        {
            return Results.LocalRedirect("/login?expired=true");
        }

        var codes = await accounts.ConfirmEnrolmentAsync(name, Base32.Decode(secret), code, context.RequestAborted);
        if (codes is null)
        {
            return Results.LocalRedirect($"/login/enrol?failed=true&returnUrl={Uri.EscapeDataString(SafeReturn(returnUrl))}");
        }

        var principal = await accounts.CurrentAsync(name, context.RequestAborted);
        await context.SignOutAsync(Authentication.PendingScheme);
        if (principal is null)
        {
            return Results.LocalRedirect("/login?failed=true");
        }

        await SignInSessionAsync(context, accounts, principal);
        return new Microsoft.AspNetCore.Http.HttpResults.RazorComponentResult<Components.Pages.OneTimeSecrets>(new
        {
            Title = "Recovery codes",
            Explanation = "Keep these codes somewhere safe, away from this computer. Each one signs you in once if you lose your authenticator. They are shown only now.",
            Arguments = (IReadOnlyList<string>)[],
            Secrets = (IReadOnlyList<string>)codes,
            ContinueTo = SafeReturn(returnUrl),
        });
    }

    private static async Task<IResult> CodeAsync(HttpContext context, AccountService accounts, [FromForm] string? code, [FromForm] string? returnUrl)
    {
        var pending = await context.AuthenticateAsync(Authentication.PendingScheme);
        var name = pending.Principal?.Identity?.Name;
        if (name is null)
        {
            return Results.LocalRedirect("/login?expired=true");
        }

        var principal = await accounts.CheckSecondFactorAsync(name, code, context.RequestAborted);
        if (principal is null)
        {
            return Results.LocalRedirect($"/login/code?failed=true&returnUrl={Uri.EscapeDataString(SafeReturn(returnUrl))}");
        }

        await context.SignOutAsync(Authentication.PendingScheme);
        await SignInSessionAsync(context, accounts, principal);
        return Results.LocalRedirect(SafeReturn(returnUrl));
    }

    public static async Task SignInSessionAsync(HttpContext context, AccountService accounts, Principal principal)
    {
        var session = await accounts.StartSessionAsync(principal.Name, context.RequestAborted);
        await context.SignInAsync(Authentication.SessionScheme,
            Authentication.ToClaims(principal, Authentication.SessionScheme, new Claim(Authentication.SessionIdClaim, session)));
    }

    private static Task SignInPendingAsync(HttpContext context, string name, params Claim[] extra) =>
        context.SignInAsync(Authentication.PendingScheme, new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name), .. extra], Authentication.PendingScheme, ClaimTypes.Name, ClaimTypes.Role)));
}
