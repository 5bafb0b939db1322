using Microsoft.AspNetCore.Builder;

namespace Dossier.Web;

/// <summary>
/// Headers that keep the UI to itself: everything from this origin only (no CDN, fonts or tiles from
/// elsewhere, no inline script), never framed, no content sniffing, no referrer leaving the machine, nothing cached.
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// For a self-contained report shown in the browser (a person's file): no script, nothing fetched, only its own inline
    /// styles and the font embedded in it. An endpoint sets it; <see cref="Apply"/> leaves a policy already set alone.
    /// </summary>
    public const string StaticDocumentPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    // Set as the response starts, not as the request comes in: an error answer clears the headers set before it.
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            Apply(context);
            return Task.CompletedTask;
        });
        return next();
    });

    private static void Apply(Microsoft.AspNetCore.Http.HttpContext context)
    {
        var headers = context.Response.Headers;
        if (!headers.ContainsKey("Content-Security-Policy"))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
        }

        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        // Nothing is kept in a browser's or a proxy's cache — not the one-time secrets (recovery codes, a new
        // password or token, the enrolment QR code), not case data — unless a response says otherwise (assets).
        if (!headers.ContainsKey("Cache-Control"))
        {
            headers.CacheControl = "no-store";
        }
        if (context.Request.IsHttps)
        {
            headers.StrictTransportSecurity = "max-age=31536000";
        }
    }
}
