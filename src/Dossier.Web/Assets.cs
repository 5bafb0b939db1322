using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dossier.Web;

/// <summary>Stylesheets and scripts embedded in the assembly and served from /assets: the UI needs nothing from elsewhere.</summary>
internal static class Assets
{
    private static readonly Dictionary<string, string> MediaTypes = new(StringComparer.Ordinal)
    {
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".json"] = "application/json",
    };

    public static IEndpointRouteBuilder MapAssets(this IEndpointRouteBuilder endpoints)
    {
        var assembly = typeof(Assets).Assembly;
        var prefix = assembly.GetName().Name + ".Assets.";
        var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(n => n[prefix.Length..], n => n, StringComparer.Ordinal);
        endpoints.MapGet("/assets/{name}", (string name, HttpContext context) =>
        {
            // Only names in the manifest are served: no path from the request ever reaches the file system.
            if (!names.TryGetValue(name, out var resource) || !MediaTypes.TryGetValue(Path.GetExtension(name), out var mediaType))
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Stream(assembly.GetManifestResourceStream(resource)!, mediaType);
        }).ExcludeFromDescription();
        return endpoints;
    }
}
