namespace SapSandbox.Server.Configuration;

/// <summary>
/// An OAuth client (<c>Sandbox:OAuthClients:&lt;client id&gt;</c>), as a service key of SAP's XSUAA hands out
/// <c>clientid</c>/<c>clientsecret</c>: it fetches tokens at <c>/oauth/token</c>.
/// </summary>
public sealed class OAuthClientSettings
{
    /// <summary>The client secret as <c>sapsandbox hash-password</c> prints it (PBKDF2); plain secrets are refused.</summary>
    public string? SecretHash { get; set; }

    /// <summary>The role collections whose roles a client-credentials token carries as scopes.</summary>
    public List<string> RoleCollections { get; set; } = [];

    /// <summary>How long the client's tokens are valid; XSUAA's default is 12 hours.</summary>
    public int TokenLifetimeSeconds { get; set; } = DefaultTokenLifetimeSeconds;

    public const int DefaultTokenLifetimeSeconds = 43200;
}

/// <summary>
/// A SAML 2.0 identity provider (<c>Sandbox:IdentityProviders:&lt;origin&gt;</c>) whose signed assertions the
/// SAML bearer grant exchanges for a token of the user they name (principal propagation).
/// </summary>
public sealed class IdentityProviderSettings
{
    /// <summary>The certificate the identity provider signs with: PEM text, or the path of a PEM or DER file.</summary>
    public string? Certificate { get; set; }

    /// <summary>The assertion's <c>Issuer</c> this provider signs as; when not set, the certificate alone decides.</summary>
    public string? EntityId { get; set; }

    /// <summary>The SAML attribute that holds the user name; when not set, the subject's <c>NameID</c>.</summary>
    public string? UserAttribute { get; set; }
}
