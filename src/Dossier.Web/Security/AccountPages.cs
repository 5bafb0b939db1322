using Dossier.Application.Access;
using Dossier.Web.Components.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Dossier.Web.Security;

/// <summary>Form posts of the account page (own API tokens) and of the admin's account management.</summary>
internal static class AccountPages
{
    public static IEndpointRouteBuilder MapAccountPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/tokens", CreateTokenAsync);
        endpoints.MapPost("/account/tokens/revoke", RevokeTokenAsync);
        endpoints.MapPost("/account/preferences", SavePreferencesAsync);
        endpoints.MapPost("/account/password", ChangePasswordAsync).RequireRateLimiting(SignInEndpoints.RateLimitPolicy);
        endpoints.MapPost("/admin/accounts", AddAccountAsync);
        endpoints.MapPost("/admin/accounts/disable", DisableAccountAsync);
        endpoints.MapPost("/admin/accounts/enable", EnableAccountAsync);
        endpoints.MapPost("/admin/accounts/reset-second-factor", ResetSecondFactorAsync);
        return endpoints;
    }

    private static async Task<IResult> CreateTokenAsync(HttpContext context, AccountService accounts, [FromForm] string? label)
    {
        if (Authentication.PrincipalOf(context.User) is not { } principal)
        {
            return Results.LocalRedirect("/login?returnUrl=%2Faccount");
        }

        var (token, error) = await accounts.CreateTokenAsync(principal.Name, string.IsNullOrWhiteSpace(label) ? "token" : label.Trim(), TimeSpan.FromDays(90), principal.Name, context.RequestAborted);
        return token is null
            ? Results.LocalRedirect("/account?failed=true")
            : Secret("API token", "Use it as 'Authorization: Bearer …' with the API or the CLI. It expires in 90 days and is shown only now; Dossier keeps only its hash. {0}", [error ?? string.Empty], [token], "/account");
    }

    private static async Task<IResult> SavePreferencesAsync(HttpContext context, AccountService accounts, [FromForm] string? language, [FromForm] string? calendar)
    {
        if (Authentication.PrincipalOf(context.User) is not { } principal)
        {
            return Results.LocalRedirect("/login?returnUrl=%2Faccount");
        }

        // An empty choice means "as this browser says" (the cookie).
        bool? solarHijri = calendar switch { "solar-hijri" => true, "gregorian" => false, _ => null };
        var error = await accounts.SetPreferencesAsync(principal.Name, string.IsNullOrEmpty(language) ? null : language, solarHijri, context.RequestAborted);
        return Results.LocalRedirect(error is null ? "/account?saved=true" : "/account?failed=true");
    }

    private static async Task<IResult> ChangePasswordAsync(HttpContext context, AccountService accounts,
        [FromForm] string? current, [FromForm] string? password, [FromForm] string? confirmation)
    {
        if (Authentication.PrincipalOf(context.User) is not { } principal)
        {
            return Results.LocalRedirect("/login?returnUrl=%2Faccount");
        }

        if (await accounts.ChangePasswordAsync(principal.Name, current, password, confirmation, context.RequestAborted) is not null)
        {
            return Results.LocalRedirect("/account?failed=true#password");
        }

        // Every session of the account ended with the change; the person who made it goes on in a new one.
        if (await accounts.CurrentAsync(principal.Name, context.RequestAborted) is { } current2)
        {
            await SignInEndpoints.SignInSessionAsync(context, accounts, current2);
        }

        return Results.LocalRedirect("/account?password=changed#password");
    }

    private static async Task<IResult> RevokeTokenAsync(HttpContext context, AccountService accounts, [FromForm] string? token)
    {
        if (Authentication.PrincipalOf(context.User) is not { } principal)
        {
            return Results.LocalRedirect("/login?returnUrl=%2Faccount");
        }

        await accounts.RevokeTokenAsync(principal.Name, token ?? string.Empty, principal.Name, context.RequestAborted);
        return Results.LocalRedirect("/account");
    }

    private static async Task<IResult> AddAccountAsync(HttpContext context, AccountService accounts, AuditTrail audit,
        [FromForm] string? name, [FromForm] string? role, [FromForm] string? reason)
    {
        if (await AdminAsync(context, audit) is not { } admin)
        {
            return Results.NotFound();
        }

        if (!AccessPolicy.TryParse(role, out var parsed) || string.IsNullOrWhiteSpace(reason))
        {
            return Results.LocalRedirect("/admin/accounts?failed=true");
        }

        var (account, password, error) = await accounts.AddAsync(name?.Trim() ?? string.Empty, parsed, admin.Name, reason.Trim(), context.RequestAborted);
        return account is null
            ? Results.LocalRedirect("/admin/accounts?failed=true")
            : Secret("One-time password", "Give this password to '{0}' by a safe channel. They set up their authenticator at first sign-in. It is shown only now. {1}", [account.Name, error ?? string.Empty], [password!], "/admin/accounts");
    }

    private static async Task<IResult> DisableAccountAsync(HttpContext context, AccountService accounts, AuditTrail audit, [FromForm] string? name, [FromForm] string? reason)
    {
        if (await AdminAsync(context, audit) is not { } admin)
        {
            return Results.NotFound();
        }

        var error = await accounts.DisableAsync(name ?? string.Empty, admin.Name, reason?.Trim() ?? string.Empty, context.RequestAborted);
        return Results.LocalRedirect(error is null ? "/admin/accounts" : "/admin/accounts?failed=true");
    }

    private static async Task<IResult> EnableAccountAsync(HttpContext context, AccountService accounts, AuditTrail audit, [FromForm] string? name, [FromForm] string? reason)
    {
        if (await AdminAsync(context, audit) is not { } admin)
        {
            return Results.NotFound();
        }

        var error = await accounts.EnableAsync(name ?? string.Empty, admin.Name, reason?.Trim() ?? string.Empty, context.RequestAborted);
        return Results.LocalRedirect(error is null ? "/admin/accounts" : "/admin/accounts?failed=true");
    }

    private static async Task<IResult> ResetSecondFactorAsync(HttpContext context, AccountService accounts, AuditTrail audit, [FromForm] string? name, [FromForm] string? reason)
    {
        if (await AdminAsync(context, audit) is not { } admin)
        {
            return Results.NotFound();
        }

        var error = await accounts.ResetSecondFactorAsync(name ?? string.Empty, admin.Name, reason?.Trim() ?? string.Empty, context.RequestAborted);
        return Results.LocalRedirect(error is null ? "/admin/accounts" : "/admin/accounts?failed=true");
    }

    private static async Task<Principal?> AdminAsync(HttpContext context, AuditTrail audit)
    {
        var principal = Authentication.PrincipalOf(context.User);
        if (AccessPolicy.Can(principal?.Role, Operation.ManageAccounts))
        {
            return principal;
        }

        await audit.DeniedAsync(principal, "manage accounts", null, context.RequestAborted);
        return null;
    }

    // Title and explanation are resource keys (translated on the page); the arguments fill the explanation's {0}, {1}.
    private static RazorComponentResult<OneTimeSecrets> Secret(string title, string explanation, IReadOnlyList<string> arguments, IReadOnlyList<string> secrets, string continueTo) =>
        new(new { Title = title, Explanation = explanation, Arguments = arguments, Secrets = secrets, ContinueTo = continueTo });
}
