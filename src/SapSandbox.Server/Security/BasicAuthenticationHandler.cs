using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace SapSandbox.Server.Security;

/// <summary>
/// HTTP Basic authentication as SAP systems require it, against the configured users (<see cref="UserDirectory"/>).
/// The built-in user <c>sandbox</c>/<c>sandbox</c> has every role, so a first start needs no configuration.
/// </summary>
public sealed class BasicAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, UserDirectory users)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Basic";
    public const string Realm = "SapSandbox";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !header.Scheme.Equals(SchemeName, StringComparison.OrdinalIgnoreCase) || header.Parameter == null)
            return Task.FromResult(AuthenticateResult.NoResult());

        string credentials;
        try
        {
            credentials = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return Task.FromResult(AuthenticateResult.Fail("The Basic credentials are not valid base64"));
        }
        var colon = credentials.IndexOf(':');
        if (colon < 0) return Task.FromResult(AuthenticateResult.Fail("The Basic credentials have no ':'"));
        var identity = users.SignIn(credentials[..colon], credentials[(colon + 1)..], SchemeName);
        if (identity == null) return Task.FromResult(AuthenticateResult.Fail("Unknown user or wrong password"));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        // Both ways in are announced: Basic credentials, and a bearer token from /oauth/token.
        Response.Headers.WWWAuthenticate = new Microsoft.Extensions.Primitives.StringValues([$"Basic realm=\"{Realm}\"", $"Bearer realm=\"{Realm}\""]);
        Response.ContentType = "text/plain;charset=utf-8";
        await Response.WriteAsync("Logon failed: send HTTP Basic credentials (the built-in user is sandbox / sandbox) or an OAuth bearer token from /oauth/token.");
    }
}
