using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Dossier.Web;

/// <summary>
/// Answers without a body of their own (a route that does not exist, a missing record, a refused admin page,
/// an unhandled exception): a browser gets an HTML page in the site layout (the request is re-executed at
/// /error/{status} in a fresh scope), an API client problem+json. Neither carries exception detail.
/// </summary>
internal static class ErrorPages
{
    public static IApplicationBuilder UseErrorPages(this IApplicationBuilder app)
    {
        app.UseWhen(context => WantsHtml(context.Request), html =>
        {
            html.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/error/500", CreateScopeForErrors = true });
            html.UseStatusCodePagesWithReExecute("/error/{0}", createScopeForStatusCodePages: true);
        });
        app.UseWhen(context => !WantsHtml(context.Request), api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        return app;
    }

    /// <summary>
    /// A browser navigating to a page: it asks for HTML and the path is not the API's. API clients, scripts and
    /// anything that does not ask for HTML keep problem+json.
    /// </summary>
    public static bool WantsHtml(HttpRequest request) =>
        !request.Path.StartsWithSegments("/api", StringComparison.Ordinal)
        && !request.Path.StartsWithSegments("/openapi", StringComparison.Ordinal)
        && !request.Path.StartsWithSegments("/assets", StringComparison.Ordinal)
        && request.Headers.Accept.Any(value => value?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
}
