using Dossier.Web.Visuals;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Dossier.Web;

/// <summary>Endpoints of the investigator's workbench that are not pages: the calendar choice and a browse table's CSV.</summary>
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

        // access: the reader's store (classification ceiling, audited reads); signed-in readers only, each download one
        // `access.exported` entry naming the view. Protected people are pseudonymous records: their sealed identity is
        // never part of a record, so never part of a row.
        endpoints.MapGet("/browse/{kind}/csv", async (string kind, HttpContext context, Application.Access.RecordAccess access,
            Application.Access.AuditTrail audit, CancellationToken cancellationToken) =>
        {
            if (!Domain.Records.RecordKinds.TryParse(kind, out var recordKind))
            {
                return Results.NotFound();
            }

            if (access.Principal is not { } principal)
            {
                return Results.Unauthorized();
            }

            var errors = new List<string>();
            var query = BrowseRequest.Parse(recordKind, context.Request.Query, errors);
            if (errors.Count > 0)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["query"] = [.. errors] });
            }

            var (csv, rows) = await BrowseCsv.WriteAsync(access.Store, query, cancellationToken);
            await audit.ExportedAsync(principal.Name, principal.Role, "browse CSV", $"{kind}{context.Request.QueryString}: {rows} rows", cancellationToken);
            return Results.File(csv, "text/csv; charset=utf-8", $"dossier-{kind}.csv");
        }).ExcludeFromDescription();
        return endpoints;
    }
}
