using Dossier.Application.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection;

namespace Dossier.Web.Security;

/// <summary>
/// A signed-in person's display preferences as their account holds them, read once per request. Null members
/// were never chosen; the browser's cookies decide those, as they do for anonymous visitors.
/// </summary>
internal sealed record AccountPreferences(string? Language, bool? SolarHijri)
{
    public static AccountPreferences? Of(HttpContext? context) => context?.Features.Get<AccountPreferences>();

    /// <summary>
    /// Saves a choice made with the header's language or calendar links on the account of a signed-in person, so it
    /// follows them to every browser; the cookie is set as well, for when they sign out. Anonymous visitors: nothing here.
    /// </summary>
    public static async Task SaveAsync(HttpContext context, string? language, bool? solarHijri)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Authentication.PrincipalOf(context.User) is not { } principal)
        {
            return;
        }

        var current = Of(context);
        await context.RequestServices.GetRequiredService<AccountService>().SetPreferencesAsync(principal.Name,
            language ?? current?.Language, solarHijri ?? current?.SolarHijri, context.RequestAborted);
    }
}

internal static class AccountPreferencesSetup
{
    /// <summary>Loads the preferences of the request's account; must run after authentication and before localisation.</summary>
    public static IApplicationBuilder UseAccountPreferences(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (Authentication.PrincipalOf(context.User) is { } principal
            && await context.RequestServices.GetRequiredService<IAccountStore>().GetAccountAsync(principal.Name, context.RequestAborted) is { } account)
        {
            context.Features.Set(new AccountPreferences(account.Language, account.SolarHijri));
        }

        await next();
    });
}

/// <summary>The account's language, consulted before the cookie: "chosen per user" holds on any browser they sign in from.</summary>
internal sealed class AccountCultureProvider : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext) =>
        AccountPreferences.Of(httpContext)?.Language is { } language ? Task.FromResult<ProviderCultureResult?>(new(language)) : NullProviderCultureResult;
}
