using System.Globalization;
using Dossier.Application;
using Dossier.Application.Workspace;
using Dossier.Web.Api;
using Dossier.Web.Components;
using Dossier.Web.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dossier.Web;

/// <summary>How the web app is served.</summary>
public sealed record WebOptions
{
    /// <summary>Port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; } = 5088;

    /// <summary>Only loopback unless changed on purpose: the UI holds case data.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The master key of sealed identities (keys/master.key or DOSSIER_MASTER_KEY); null: unsealing is unavailable here.</summary>
    public Dossier.Application.Protection.MasterKeyStore? IdentityKeys { get; init; }

    /// <summary>The legal frameworks cases are charged under (the shipped ones and the workspace's own); null: the shipped ones.</summary>
    public Dossier.Application.Cases.LegalFrameworks? Frameworks { get; init; }

    /// <summary>Sign-in form posts allowed per client address per minute.</summary>
    public int SignInPostsPerMinute { get; init; } = 10;

    /// <summary>How refused requests are aggregated before they reach the ledger.</summary>
    public Dossier.Application.Access.RefusalLogOptions Refusals { get; init; } = new();

    /// <summary>
    /// Addresses of reverse proxies whose X-Forwarded-For is believed (the client's address for rate limits
    /// and refusal budgets). Empty: the header is ignored, and the connection's address counts.
    /// </summary>
    public IReadOnlyList<string> TrustedProxies { get; init; } = [];
}

/// <summary>Builds the ASP.NET Core app: the REST API under /api/v1, its OpenAPI document, and the server-rendered UI.</summary>
public static class DossierWeb
{
    public static readonly CultureInfo[] Cultures = [new("en"), new("fa")];

    /// <summary>The address a started app listens on (useful with port 0).</summary>
    public static string AddressOf(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.GetRequiredFeature<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>().Addresses.First();
    }

    public static WebApplication Build(IWorkspaceStore store, WebOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(DossierWeb).Assembly.GetName().Name,
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore().UseUrls($"http://{options.Host}:{options.Port}");
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);

        builder.Services.AddSingleton(options);
        builder.Services.TryAddSingleton(TimeProvider.System);
        // Access first: its audit trail (refusals aggregated per client address) is the one the services use.
        builder.Services.AddDossierAccess(options);
        builder.Services.AddDossierApplication(store, options.IdentityKeys, options.Frameworks);

        // Requests are small (records are JSON, forms are short); an upload endpoint that needs more says so itself.
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = AccessSetup.MaxRequestBytes);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi("v1");
        builder.Services.AddLocalization();
        // Persian and other scripts are written as text, not as numeric character references.
        builder.Services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddRazorComponents();
        builder.Services.AddAntiforgery();
        // Antiforgery tokens only need to outlive one page; keys in memory leave nothing on disk to protect.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        // Uploaded spreadsheets between upload, mapping and import, encrypted with those same in-memory keys (ADR 1805).
        builder.Services.AddSingleton<Dossier.Web.Imports.SheetStaging>();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            foreach (var converter in Dossier.Application.Serialization.RecordJson.Options.Converters)
            {
                o.SerializerOptions.Converters.Add(converter);
            }
        });
        configure?.Invoke(builder);

        var app = builder.Build();
        // First, so that error answers (which clear the response's headers) carry them too.
        app.UseSecurityHeaders();
        app.UseErrorPages();
        app.UseRouting();
        app.UseDossierAccess(options);
        // After authentication, so a signed-in person's own language wins over the browser's cookie.
        app.UseAccountPreferences();
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture("en"),
            SupportedCultures = Cultures,
            SupportedUICultures = Cultures,
            RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider { QueryStringKey = "lang", UIQueryStringKey = "lang" },
                new AccountCultureProvider(),
                new CookieRequestCultureProvider(),
            ],
        });
        app.UseAntiforgery();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapRecordsApi();
        app.MapTextApi();
        app.MapSignIn();
        app.MapAccountPages();
        app.MapLinkageApi();
        app.MapEvidenceApi();
        app.MapIngestApi();
        app.MapEvidenceFiles();
        app.MapEvidenceLinksApi();
        app.MapTestimonyApi();
        app.MapCasesApi();
        app.MapSuggestionsApi();
        app.MapAssets();
        app.MapWorkbench();
        // A POST, because it changes state (a cookie; a signed-in person's saved preference, a ledger entry).
        // No antiforgery token: the session cookie is SameSite=Strict, so a cross-site post arrives anonymous and
        // can at most set the language cookie of the browser that sent it.
        app.MapPost("/lang/{culture}", async (string culture, [Microsoft.AspNetCore.Mvc.FromForm] string? returnUrl, HttpContext context) =>
        {
            var chosen = Cultures.FirstOrDefault(c => c.Name == culture)?.Name ?? "en";
            await AccountPreferences.SaveAsync(context, chosen, null);
            context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, Secure = context.Request.IsHttps, MaxAge = TimeSpan.FromDays(365) });
            return Results.LocalRedirect(SignInEndpoints.SafeReturn(returnUrl));
        }).DisableAntiforgery().ExcludeFromDescription();
        app.MapRazorComponents<App>();
        return app;
    }
}
