using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using SapSandbox.Server.Security;

namespace SapSandbox.Server.Hub;

/// <summary>
/// Signing in to the hub: a sign-in page sets a cookie for a user of the <see cref="UserDirectory"/>. The cookie is
/// accepted by the services too, when a request has no credentials of its own, so Try out calls them in the
/// signed-in user's name (writes still need a CSRF token; the cookie is SameSite=Strict).
/// </summary>
public static class HubAuthentication
{
    public const string SchemeName = "HubCookie";
    public const string CookieName = "sapsandbox-hub";
    /// <summary>The authorization policy of every hub page: a signed-in hub user (the sign-in page is exempt).</summary>
    public const string Policy = "Hub";
    public const string SignInPath = "/hub/signin";

    public static void Add(IServiceCollection services)
    {
        services.AddAuthentication().AddCookie(SchemeName, cookie =>
        {
            cookie.Cookie.Name = CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.Cookie.Path = "/";
            cookie.LoginPath = SignInPath;
            cookie.LogoutPath = "/hub/signout";
            cookie.AccessDeniedPath = SignInPath;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
            cookie.Events.OnRedirectToLogin = context =>
            {
                // A service call whose cookie has expired answers like any other unauthenticated service call.
                if (!IsHubPath(context.Request.Path))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{BasicAuthenticationHandler.Realm}\"";
                    return Task.CompletedTask;
                }
                context.Response.Redirect(context.RedirectUri);
                return Task.CompletedTask;
            };
        });
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(SchemeName)
            .RequireAuthenticatedUser());
    }

    /// <summary>
    /// Whether a request signs in with the hub cookie: it carries the cookie and no credentials of its own
    /// (an Authorization header wins, as a client certificate does).
    /// </summary>
    public static bool Applies(HttpContext context) =>
        context.Request.Cookies.ContainsKey(CookieName) && string.IsNullOrEmpty(context.Request.Headers.Authorization);

    public static bool IsHubPath(PathString path) => path.StartsWithSegments("/hub", StringComparison.OrdinalIgnoreCase);
}
