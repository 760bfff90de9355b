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

    /// <summary>Whether the built-in user <c>sandbox</c>/<c>sandbox</c> (every role) may sign in; on unless switched off.</summary>
    public bool BuiltInUser { get; set; } = true;
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
