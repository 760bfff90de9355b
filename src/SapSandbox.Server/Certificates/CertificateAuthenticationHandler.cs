using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SapSandbox.Server.Security;

namespace SapSandbox.Server.Certificates;

/// <summary>
/// X.509 client certificate authentication on the HTTPS endpoint: a certificate the TLS handshake presented, trusted by
/// <see cref="ClientCertificateTrust"/>, signs in as the user an <see cref="ICertificateUserMappings"/> names, with that
/// user's roles. An untrusted or unmapped certificate is a 401 that says why, never a failed handshake.
/// </summary>
public sealed class CertificateAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    UserDirectory users, ClientCertificateTrust trust, IEnumerable<ICertificateUserMappings> mappings)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Certificate";

    /// <summary>
    /// Whether a request signs in with its certificate: it came with one and has no <c>Authorization</c> header. Explicit
    /// credentials win, so a client that has a certificate installed can still sign in as someone else with Basic.
    /// </summary>
    public static bool Applies(HttpContext context) =>
        context.Connection.ClientCertificate != null && context.Request.Headers.Authorization.Count == 0;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var certificate = Context.Connection.ClientCertificate;
        if (certificate == null) return AuthenticateResult.NoResult();
        var described = $"The client certificate {certificate.Subject} (SHA-1 {certificate.Thumbprint})";

        var distrust = trust.Check(certificate);
        if (distrust != null) return AuthenticateResult.Fail($"{described} is not trusted: {distrust}");

        string? user = null;
        foreach (var mapping in mappings)
            if ((user = await mapping.FindUserAsync(certificate, Context.RequestAborted)) != null)
                break;
        if (user == null) return AuthenticateResult.Fail($"{described} is mapped to no user (CertificateUserMappings)");

        var identity = users.Find(user, SchemeName);
        if (identity == null) return AuthenticateResult.Fail($"{described} is mapped to '{user}', who is not a user");
        identity.AddClaim(new Claim(ClaimTypes.Thumbprint, certificate.Thumbprint));
        identity.AddClaim(new Claim(ClaimTypes.X500DistinguishedName, certificate.Subject));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        // The other ways in remain open on the same endpoint: Basic credentials and a bearer token from /oauth/token.
        Response.Headers.WWWAuthenticate = new Microsoft.Extensions.Primitives.StringValues(
            [$"Basic realm=\"{BasicAuthenticationHandler.Realm}\"", $"Bearer realm=\"{BasicAuthenticationHandler.Realm}\""]);
        Response.ContentType = "text/plain;charset=utf-8";
        await Response.WriteAsync($"Logon failed: {result.Failure?.Message ?? "the client certificate was not accepted"}.");
    }
}
