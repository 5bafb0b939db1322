using Dossier.Web.Visuals;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dossier.Web;

/// <summary>Endpoints of the investigator's workbench that are not pages: the calendar choice.</summary>
internal static class Workbench
{
    public static IEndpointRouteBuilder MapWorkbench(this IEndpointRouteBuilder endpoints)
    {
        // access: none (a display preference, like /lang/{culture})
        endpoints.MapGet("/calendar/{name}", async (string name, string? returnUrl, HttpContext context) =>
        {
            var chosen = name == CalendarChoice.SolarHijri ? CalendarChoice.SolarHijri : CalendarChoice.Gregorian;
            await Security.AccountPreferences.SaveAsync(context, null, chosen == CalendarChoice.SolarHijri);
            context.Response.Cookies.Append(CalendarChoice.CookieName, chosen,
                new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, Secure = context.Request.IsHttps, MaxAge = TimeSpan.FromDays(365) });
            // Only local paths, as for the language: no link may lead off the machine.
            var target = returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.Contains('\\', StringComparison.Ordinal) ? returnUrl : "/";
            return Results.LocalRedirect(target);
        }).ExcludeFromDescription();
        return endpoints;
    }
}
