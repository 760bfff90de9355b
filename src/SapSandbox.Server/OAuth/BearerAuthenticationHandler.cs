using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SapSandbox.Server.Security;

namespace SapSandbox.Server.OAuth;

/// <summary>
/// <c>Authorization: Bearer &lt;access token&gt;</c> on every API, as an application bound to XSUAA takes it: the token
/// must be one the sandbox issued (<see cref="AccessTokens.Validate"/>); its scopes are the caller's roles. A token
/// that does not get in is a 401 with RFC 6750's <c>error="invalid_token"</c> and the reason.
/// </summary>
public sealed class BearerAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccessTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    /// <summary>Whether the request presents a bearer token (however it turns out).</summary>
    public static bool Applies(HttpContext context) =>
        context.Request.Headers.Authorization.ToString().TrimStart().StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase)
        || context.Request.Headers.Authorization.ToString().Trim().Equals(SchemeName, StringComparison.OrdinalIgnoreCase);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Applies(Context)) return Task.FromResult(AuthenticateResult.NoResult());
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header) || string.IsNullOrWhiteSpace(header.Parameter))
            return Task.FromResult(AuthenticateResult.Fail("The Authorization header has no bearer token"));
        try
        {
            var identity = tokens.Validate(header.Parameter.Trim(), SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }
        catch (TokenRejectedException e)
        {
            return Task.FromResult(AuthenticateResult.Fail(e.Message));
        }
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var reason = result.Failure?.Message ?? "The bearer token was not accepted";
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        // RFC 6750 3: the quoted description holds printable ASCII but '"' and '\'; the reason may quote the token's own header.
        var description = new string(reason.Select(c => c is >= ' ' and <= '~' and not '"' and not '\\' ? c : '?').ToArray());
        Response.Headers.WWWAuthenticate = $"Bearer realm=\"{BasicAuthenticationHandler.Realm}\", error=\"invalid_token\", error_description=\"{description}\"";
        Response.ContentType = "text/plain;charset=utf-8";
        await Response.WriteAsync($"Logon failed: {reason}. Fetch a new token at {AccessTokens.TokenPath}.");
    }
}
