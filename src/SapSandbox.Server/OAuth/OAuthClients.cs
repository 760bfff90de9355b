using SapSandbox.Server.Configuration;
using SapSandbox.Server.Security;

namespace SapSandbox.Server.OAuth;

/// <summary>An OAuth client that authenticated: its id, the roles its role collections give, its tokens' lifetime.</summary>
public sealed record OAuthClient(string Id, IReadOnlyList<string> Roles, int TokenLifetimeSeconds);

/// <summary>
/// The clients that may fetch tokens, from <c>Sandbox:OAuthClients</c>, and the built-in client <c>sandbox</c> with
/// secret <c>sandbox</c> and every role (off with the built-in user, <c>"BuiltInUser": false</c>), so a first start can
/// fetch a token without a configuration file. Anything that cannot work stops start-up with the key that is wrong.
/// </summary>
public sealed class OAuthClients
{
    public const string BuiltInClient = "sandbox";
    const string BuiltInSecret = "sandbox";
    const string BuiltInCollection = "Sandbox_Administrator";

    readonly Dictionary<string, (string Hash, OAuthClient Client)> _clients = new(StringComparer.Ordinal);
    readonly OAuthClient? _builtIn;

    public OAuthClients(SandboxSettings settings, UserDirectory users)
    {
        foreach (var (id, client) in settings.OAuthClients)
        {
            var key = $"{SandboxSettings.Section}:OAuthClients:{id}";
            if (id == BuiltInClient) throw new ConfigurationError(key, $"'{BuiltInClient}' is the built-in client; give your clients other ids");
            if (!PasswordHash.IsWellFormed(client.SecretHash))
                throw new ConfigurationError(key + ":SecretHash", "set the hash that 'sapsandbox hash-password <secret>' prints (plain secrets are not stored)");
            if (client.TokenLifetimeSeconds < 1)
                throw new ConfigurationError(key + ":TokenLifetimeSeconds", $"a token must be valid for at least 1 second (XSUAA's default is {OAuthClientSettings.DefaultTokenLifetimeSeconds})");
            var roles = new List<string>();
            for (var i = 0; i < client.RoleCollections.Count; i++)
                roles.AddRange(users.RolesOf(client.RoleCollections[i])
                               ?? throw new ConfigurationError($"{key}:RoleCollections:{i}", $"there is no role collection '{client.RoleCollections[i]}' (built in: {string.Join(", ", BuiltInRoles.Collections.Keys)})"));
            _clients[id] = (client.SecretHash!, new OAuthClient(id, roles.Distinct().ToList(), client.TokenLifetimeSeconds));
        }
        if (settings.BuiltInUser)
            _builtIn = new OAuthClient(BuiltInClient, users.RolesOf(BuiltInCollection)!, OAuthClientSettings.DefaultTokenLifetimeSeconds);
    }

    /// <summary>The client, or null when the id is unknown or the secret wrong.</summary>
    public OAuthClient? Authenticate(string id, string secret)
    {
        if (id == BuiltInClient && _builtIn != null) return secret == BuiltInSecret ? _builtIn : null;
        return _clients.TryGetValue(id, out var known) && PasswordHash.Verify(secret, known.Hash) ? known.Client : null;
    }
}
