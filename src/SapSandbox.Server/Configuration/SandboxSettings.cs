namespace SapSandbox.Server.Configuration;

/// <summary>
/// The <c>Sandbox</c> section of the configuration (<c>sandbox.json</c>, <c>SAPSANDBOX__</c> environment variables):
/// who may sign in and what each user may do. Empty means the built-in user <c>sandbox</c> with every role.
/// </summary>
public sealed class SandboxSettings
{
    public const string Section = "Sandbox";

    /// <summary>Users by name.</summary>
    public Dictionary<string, UserSettings> Users { get; set; } = [];

    /// <summary>Role collections by name, beside the built-in ones (<see cref="Security.BuiltInRoles"/>).</summary>
    public Dictionary<string, RoleCollectionSettings> RoleCollections { get; set; } = [];

    /// <summary>OAuth clients by client id, beside the built-in client <c>sandbox</c> (see <see cref="OAuthClientSettings"/>).</summary>
    public Dictionary<string, OAuthClientSettings> OAuthClients { get; set; } = [];

    /// <summary>SAML identity providers by origin, for the SAML bearer grant (see <see cref="IdentityProviderSettings"/>).</summary>
    public Dictionary<string, IdentityProviderSettings> IdentityProviders { get; set; } = [];

    /// <summary>
    /// CA certificates whose client certificates are trusted on the HTTPS endpoint, beside the development CA: PEM text,
    /// or the path of a PEM or DER file (relative to the current folder). A client's self-signed certificate works too.
    /// </summary>
    public List<string> TrustedCertificates { get; set; } = [];

    /// <summary>
    /// The client certificates each user signs in with, by user name: subjects (<c>CN=alice, O=Example</c>), SHA-1 or
    /// SHA-256 thumbprints, or PEM certificates (see <see cref="Certificates.ConfiguredCertificateUserMappings"/>).
    /// </summary>
    public Dictionary<string, List<string>> CertificateUserMappings { get; set; } = [];

    /// <summary>Whether the built-in user <c>sandbox</c>/<c>sandbox</c> (every role) may sign in; on unless switched off.</summary>
    public bool BuiltInUser { get; set; } = true;

    /// <summary>Rate limits and request limits, with per-service overrides (see <see cref="LimitSettings"/>).</summary>
    public LimitSettings Limits { get; set; } = new();

    /// <summary>Fault rules: errors, latency, dropped connections, expired CSRF tokens and stale ETags injected on purpose (see <see cref="FaultInjection.FaultRuleSettings"/>).</summary>
    public List<FaultInjection.FaultRuleSettings> Faults { get; set; } = [];

    /// <summary>Where metrics are exported (see <see cref="Monitoring.TelemetrySettings"/>).</summary>
    public Monitoring.TelemetrySettings Telemetry { get; set; } = new();
}

public sealed class UserSettings
{
    /// <summary>The password as <c>sapsandbox hash-password</c> prints it (PBKDF2); plain passwords are refused.</summary>
    public string? PasswordHash { get; set; }
    public List<string> RoleCollections { get; set; } = [];
}

public sealed class RoleCollectionSettings
{
    /// <summary>Role templates: Cloud Integration's (<c>WorkspacePackagesRead</c>, ...) or a service's (<c>API_SALES_ORDER_SRV.Read</c>).</summary>
    public List<string> Roles { get; set; } = [];
}

/// <summary>A setting that cannot be used: start-up stops with the key and the reason.</summary>
public sealed class ConfigurationError(string key, string reason) : Exception($"Configuration error at '{key}': {reason}")
{
    public string Key { get; } = key;
}
