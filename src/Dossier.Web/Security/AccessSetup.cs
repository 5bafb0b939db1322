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

    public static IServiceCollection AddDossierAccess(this IServiceCollection services, IWorkspaceStore store, WebOptions options)
    {
        var accounts = store as IAccountStore ?? throw new ArgumentException("The store keeps no accounts.", nameof(store));
        services.AddSingleton(accounts);
        services.AddSingleton(store as IAuditLog ?? throw new ArgumentException("The store keeps no audit log.", nameof(store)));
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
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > MaxRequestBytes && !context.Request.Path.StartsWithSegments("/api/v1/evidence", StringComparison.Ordinal))
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
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
