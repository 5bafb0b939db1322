using System.Security.Claims;
using System.Text.Encodings.Web;
using Dossier.Application.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dossier.Web.Security;

/// <summary>
/// How a request says who it is: a session cookie (browsers, after password and second factor), or a
/// bearer API token (CLI and API clients). A third, short-lived cookie carries a sign-in that has passed
/// the password but not yet the second factor.
/// </summary>
public static class Authentication
{
    public const string Scheme = "dossier";
    public const string SessionScheme = "session";
    public const string PendingScheme = "pending";
    public const string TokenScheme = "token";

    public const string SessionCookie = "dossier.session";
    public const string PendingCookie = "dossier.pending";

    /// <summary>Claim holding the id of the server-side session (sessions table) the session cookie stands for.</summary>
    public const string SessionIdClaim = "dossier:session";

    /// <summary>Claim marking a pending sign-in whose one-time password must be replaced before it goes on.</summary>
    public const string ChangePasswordClaim = "dossier:change-password";

    /// <summary>Claim holding the enrolment secret while a new account sets up its authenticator (inside the encrypted pending cookie).</summary>
    public const string EnrolmentSecretClaim = "dossier:totp-enrolment";

    public static IServiceCollection AddDossierAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Session or token", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.FirstOrDefault()?.StartsWith("Bearer ", StringComparison.Ordinal) == true ? TokenScheme : SessionScheme)
            .AddCookie(SessionScheme, o =>
            {
                Harden(o.Cookie, SessionCookie);
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.LoginPath = "/login";
                o.AccessDeniedPath = "/login";
                o.Events.OnRedirectToLogin = context => RefuseApi(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => RefuseApi(context, StatusCodes.Status403Forbidden);
                // The cookie stands for a session row on the server: signing out, a disabled account or a changed
                // role takes effect on the next request, not at cookie expiry, and a copied cookie dies with its session.
                o.Events.OnValidatePrincipal = async context =>
                {
                    var accounts = context.HttpContext.RequestServices.GetRequiredService<AccountService>();
                    var session = context.Principal?.FindFirstValue(SessionIdClaim);
                    var current = await accounts.SessionAsync(session, context.HttpContext.RequestAborted);
                    if (current is null || current.Name != context.Principal?.Identity?.Name)
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(SessionScheme);
                    }
                    else if (context.Principal!.FindFirstValue(ClaimTypes.Role) != AccessPolicy.Name(current.Role))
                    {
                        context.ReplacePrincipal(ToClaims(current, SessionScheme, new Claim(SessionIdClaim, session!)));
                        context.ShouldRenew = true;
                    }
                };
            })
            .AddCookie(PendingScheme, o =>
            {
                Harden(o.Cookie, PendingCookie);
                o.ExpireTimeSpan = TimeSpan.FromMinutes(10);
                o.SlidingExpiration = false;
                o.LoginPath = "/login";
            })
            .AddScheme<AuthenticationSchemeOptions, TokenHandler>(TokenScheme, null);
        services.AddAuthorization();
        return services;
    }

    /// <summary>The signed-in principal of a request, or null for an anonymous visitor.</summary>
    public static Principal? PrincipalOf(ClaimsPrincipal? user)
    {
        if (user?.Identity is not { IsAuthenticated: true, AuthenticationType: SessionScheme or TokenScheme } identity || identity.Name is null)
        {
            return null;
        }

        return AccessPolicy.TryParse(user.FindFirstValue(ClaimTypes.Role), out var role) ? new Principal(identity.Name, role) : null;
    }

    public static ClaimsPrincipal ToClaims(Principal principal, string scheme, params Claim[] extra)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var claims = new List<Claim> { new(ClaimTypes.Name, principal.Name), new(ClaimTypes.Role, AccessPolicy.Name(principal.Role)) };
        claims.AddRange(extra);
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    private static void Harden(CookieBuilder cookie, string name)
    {
        cookie.Name = name;
        cookie.HttpOnly = true;
        cookie.SameSite = SameSiteMode.Strict;
        // Secure whenever served over TLS; plain HTTP is allowed only because the default bind is loopback.
        cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.IsEssential = true;
    }

    // The API answers with a status, never a redirect to a login page.
    private static Task RefuseApi(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>Bearer API tokens: looked up by their SHA-256 digest.</summary>
    private sealed class TokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccountService accounts)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var header = Request.Headers.Authorization.FirstOrDefault();
            if (header is null || !header.StartsWith("Bearer ", StringComparison.Ordinal))
            {
                return AuthenticateResult.NoResult();
            }

            var principal = await accounts.AuthenticateTokenAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
            // The reason stays generic: which part of a token was wrong helps only someone forging one.
            return principal is null
                ? AuthenticateResult.Fail("invalid token")
                : AuthenticateResult.Success(new AuthenticationTicket(ToClaims(principal, TokenScheme), TokenScheme));
        }
    }
}
