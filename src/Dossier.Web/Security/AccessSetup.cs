using System.Threading.RateLimiting;
using Dossier.Application.Access;
using Dossier.Application.Workspace;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace Dossier.Web.Security;

/// <summary>Wires accounts, authentication, per-request record access with its audit, rate limits and request limits.</summary>
internal static class AccessSetup
{
    public const long MaxRequestBytes = 4 * 1024 * 1024;

    /// <summary>The spreadsheet import page takes more: a victim list of a hundred thousand rows is a few tens of megabytes.</summary>
    public const long MaxSheetBytes = 64L * 1024 * 1024;

    /// <summary>Where the larger sheet limit applies.</summary>
    public const string SheetImportPath = "/import";

    public static IServiceCollection AddDossierAccess(this IServiceCollection services, WebOptions options)
    {
        services.AddSingleton<IPasswordHashing, IdentityPasswordHashing>();
        services.AddSingleton<AccountService>();
        services.AddHttpContextAccessor();
        // Refusals are aggregated per interval and source (the client's address, after the forwarded-header
        // rules of WebOptions.TrustedProxies), and flushed by RefusalFlusher on a timer and at shutdown.
        services.AddSingleton(sp => new RefusalLog(sp.GetRequiredService<IWorkspaceStore>(), sp.GetRequiredService<TimeProvider>(), options.Refusals));
        services.AddSingleton(sp =>
        {
            var http = sp.GetRequiredService<IHttpContextAccessor>();
            return new AuditTrail(sp.GetRequiredService<IWorkspaceStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<RefusalLog>(),
                () => http.HttpContext?.Connection.RemoteIpAddress?.ToString());
        });
        services.AddHostedService<RefusalFlusher>();
        // One view of the records per request, for the signed-in person (or an anonymous visitor).
        services.AddScoped(sp => new RecordAccess(sp.GetRequiredService<IWorkspaceStore>(), sp.GetRequiredService<AuditTrail>(),
            Authentication.PrincipalOf(sp.GetRequiredService<IHttpContextAccessor>().HttpContext?.User)));
        services.AddDossierAuthentication();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Per client address: 10 sign-in posts a minute (the default) is plenty for a person and slows guessing to a crawl.
            o.AddPolicy(SignInEndpoints.RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.SignInPostsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return services;
    }

    public static IApplicationBuilder UseDossierAccess(this IApplicationBuilder app, WebOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.TrustedProxies.Count > 0)
        {
            // Only a proxy named on purpose may say who the client is; otherwise X-Forwarded-For is ignored.
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor, ForwardLimit = 1 };
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in options.TrustedProxies)
            {
                forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }

            app.UseForwardedHeaders(forwarded);
        }

        // A declared body larger than the limit is refused before anything reads it (Kestrel also enforces it while reading).
        // Evidence uploads set their own limit; the sheet import page has a larger one than every other request.
        app.Use(async (context, next) =>
        {
            var sheet = context.Request.Path.StartsWithSegments(SheetImportPath, StringComparison.Ordinal);
            var limit = sheet ? MaxSheetBytes : MaxRequestBytes;
            if (context.Request.ContentLength > limit && !context.Request.Path.StartsWithSegments("/api/v1/evidence", StringComparison.Ordinal))
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }

            if (sheet && context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } body)
            {
                body.MaxRequestBodySize = MaxSheetBytes;
            }

            await next();
        });
        app.Use(async (context, next) =>
        {
            if (IsCrossOriginChange(context.Request))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }

            await next();
        });
        app.UseAuthentication();
        app.Use(async (context, next) =>
        {
            // A bearer token that does not check out is refused outright, never treated as an anonymous visit.
            if (context.Request.Headers.Authorization.Count > 0 && Authentication.PrincipalOf(context.User) is null)
            {
                await context.RequestServices.GetRequiredService<AuditTrail>().DeniedAsync(null, "api token", null, context.RequestAborted);
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return;
            }

            await next();
            // What this request read of restricted or protected records, and what it was refused: one audit entry each.
            // The path is kept, never the query string, which may hold what someone typed into search.
            await context.RequestServices.GetRequiredService<RecordAccess>().FlushAsync(context.Request.Path.Value ?? "/", CancellationToken.None);
        });
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// A state change (any method but GET, HEAD, OPTIONS, TRACE) that a browser sent from another origin. Cookies
    /// go with such requests (the session cookie is SameSite=Strict, but a sibling site or an old browser is
    /// not to be relied on), so a request without a bearer token is refused when its Origin header names another
    /// origin, or when it has no usable Origin and its Sec-Fetch-Site says anything but same-origin or none.
    /// Origin "null" is not usable: under this app's own Referrer-Policy: no-referrer, browsers send it on
    /// same-origin form posts too, and Sec-Fetch-Site then decides. Token-authenticated calls are not affected:
    /// a browser never adds an Authorization header by itself. Forms are also checked by antiforgery tokens.
    /// </summary>
    public static bool IsCrossOriginChange(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || HttpMethods.IsTrace(request.Method) || request.Headers.Authorization.Count > 0)
        {
            return false;
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && origin != "null")
        {
            return !string.Equals(origin, $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase);
        }

        var site = request.Headers["Sec-Fetch-Site"].ToString();
        return site.Length > 0 && site is not ("same-origin" or "none");
    }
}

/// <summary>Writes the refusals counted by <see cref="RefusalLog"/> once per interval, and at shutdown.</summary>
internal sealed class RefusalFlusher(RefusalLog refusals, TimeProvider time, WebOptions options) : Microsoft.Extensions.Hosting.BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Refusals.Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await refusals.FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync writes what is left.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await refusals.FlushAsync(CancellationToken.None);
    }
}
