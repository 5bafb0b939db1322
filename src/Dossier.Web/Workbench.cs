using Dossier.Web.Visuals;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Dossier.Web;

/// <summary>Endpoints of the investigator's workbench that are not pages: the calendar choice.</summary>
internal static class Workbench
{
    public static IEndpointRouteBuilder MapWorkbench(this IEndpointRouteBuilder endpoints)
    {
        // access: none (a display preference, like /lang/{culture}). A POST, because it changes state; see
        // the /lang endpoint in DossierWeb.Build for why it needs no antiforgery token.
        endpoints.MapPost("/calendar/{name}", async (string name, [FromForm] string? returnUrl, HttpContext context) =>
        {
            var chosen = name == CalendarChoice.SolarHijri ? CalendarChoice.SolarHijri : CalendarChoice.Gregorian;
            await Security.AccountPreferences.SaveAsync(context, null, chosen == CalendarChoice.SolarHijri);
            context.Response.Cookies.Append(CalendarChoice.CookieName, chosen,
                new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, Secure = context.Request.IsHttps, MaxAge = TimeSpan.FromDays(365) });
            return Results.LocalRedirect(Security.SignInEndpoints.SafeReturn(returnUrl), permanent: false, preserveMethod: false);
        }).DisableAntiforgery().ExcludeFromDescription();
        return endpoints;
    }
}
