using System.Security.Claims;
using SapSandbox.Server.Configuration;

namespace SapSandbox.Server.Security;

/// <summary>
/// The users who may sign in and the roles their role collections give them. Built from the configuration once;
/// anything in it that cannot work stops start-up with the key that is wrong.
/// </summary>
public sealed class UserDirectory
{
    public const string BuiltInUser = "sandbox";
    const string BuiltInPassword = "sandbox";
    public const string RoleCollectionClaim = "role_collection";

    readonly Dictionary<string, (string Hash, IReadOnlyList<string> Collections)> _users = new(StringComparer.Ordinal);
    readonly Dictionary<string, IReadOnlyList<string>> _collections = new(StringComparer.Ordinal);
    readonly bool _builtIn;

    public UserDirectory(SandboxSettings settings)
    {
        foreach (var (name, roles) in BuiltInRoles.Collections) _collections[name] = roles;
        foreach (var (name, collection) in settings.RoleCollections)
        {
            for (var i = 0; i < collection.Roles.Count; i++)
                if (string.IsNullOrWhiteSpace(collection.Roles[i]))
                    throw new ConfigurationError($"{SandboxSettings.Section}:RoleCollections:{name}:Roles:{i}", "a role must have a name");
            _collections[name] = collection.Roles;
        }
        foreach (var (name, user) in settings.Users)
        {
            var key = $"{SandboxSettings.Section}:Users:{name}";
            if (name == BuiltInUser) throw new ConfigurationError(key, $"'{BuiltInUser}' is the built-in user; give your users other names");
            if (!PasswordHash.IsWellFormed(user.PasswordHash))
                throw new ConfigurationError(key + ":PasswordHash", "set the hash that 'sapsandbox hash-password <password>' prints (plain passwords are not stored)");
            for (var i = 0; i < user.RoleCollections.Count; i++)
                if (!_collections.ContainsKey(user.RoleCollections[i]))
                    throw new ConfigurationError($"{key}:RoleCollections:{i}", $"there is no role collection '{user.RoleCollections[i]}' (built in: {string.Join(", ", BuiltInRoles.Collections.Keys)})");
            _users[name] = (user.PasswordHash!, user.RoleCollections);
        }
        _builtIn = settings.BuiltInUser;
    }

    /// <summary>The roles of a role collection (built in or configured), or null when there is none of that name.</summary>
    public IReadOnlyList<string>? RolesOf(string collection) => _collections.GetValueOrDefault(collection);

    public IEnumerable<string> UserNames => (_builtIn ? [BuiltInUser] : Array.Empty<string>()).Concat(_users.Keys);

    /// <summary>The user with their role collections and roles as claims, or null when name or password is wrong.</summary>
    public ClaimsIdentity? SignIn(string user, string password, string authenticationType)
    {
        if (user == BuiltInUser && _builtIn)
            return password == BuiltInPassword ? Identity(user, ["Sandbox_Administrator"], authenticationType) : null;
        if (!_users.TryGetValue(user, out var known) || !PasswordHash.Verify(password, known.Hash)) return null;
        return Identity(user, known.Collections, authenticationType);
    }

    /// <summary>A known user's identity without a password check (a certificate or a SAML assertion vouched for them).</summary>
    public ClaimsIdentity? Find(string user, string authenticationType) =>
        user == BuiltInUser && _builtIn ? Identity(user, ["Sandbox_Administrator"], authenticationType)
        : _users.TryGetValue(user, out var known) ? Identity(user, known.Collections, authenticationType) : null;

    ClaimsIdentity Identity(string user, IReadOnlyList<string> collections, string authenticationType)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, user) };
        foreach (var collection in collections)
        {
            claims.Add(new Claim(RoleCollectionClaim, collection));
            foreach (var role in _collections[collection]) claims.Add(new Claim(ClaimTypes.Role, role));
        }
        return new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role);
    }
}
