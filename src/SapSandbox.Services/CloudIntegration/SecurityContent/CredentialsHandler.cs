using System.Text.Json;
using System.Text.RegularExpressions;
using SapSandbox.Core.Query;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;

namespace SapSandbox.Services.CloudIntegration.SecurityContent;

/// <summary>
/// Deployed security material: user credentials, secure parameters and OAuth2 client credentials. Creating, changing
/// and deleting answer 202 (the tenant deploys asynchronously), 409 for a name taken or missing, and the Hub's 500s for
/// a wrong kind. Secrets (<c>Password</c>, <c>SecureParam</c>, <c>ClientSecret</c>) are taken and kept in the
/// <see cref="SecretStore"/>, never in the entity sets, so every read returns them as null. Reads go through the runtime.
/// </summary>
public sealed partial class CredentialsHandler : IResourceHandler
{
    public static readonly Core.Store.NavigationLink CustomParameters = new("OAuth2ClientCredentials", "CustomParameters");

    public ResourceAnswer? Handle(ResourceRequest request)
    {
        if (request.IsRead) return null;
        var path = ResourcePath.Parse(request.Path);
        if (path == null || path.Set is not (SecretStore.UserCredential or SecretStore.SecureParameter or SecretStore.OAuth2ClientCredential)) return null;
        if (path.Navigation != null || path.Value) throw new QueryException(405, $"{request.Method} is not available for {request.Path}");
        var rows = new TenantRows(request);
        var existing = path.Key == null ? null : rows.Select(path.Set, "Name", path.Key).FirstOrDefault();
        switch (request.Method)
        {
            case "POST" when path.IsSet:
            {
                var body = RequestBody.Object(request);
                var name = Text(body, "Name")?.Trim() ?? throw QueryException.BadRequest("Name is null or empty", "Name");
                if (rows.Select(path.Set, "Name", name).Count > 0) throw QueryException.Conflict($"Entity with specified name '{name}' already exists.");
                Deploy(request, rows, path.Set, name, body, null);
                return ResourceAnswer.Empty(202);
            }
            case "PUT" or "MERGE" or "PATCH" when path.IsEntity:
            {
                if (existing == null) throw QueryException.Conflict($"Entity with specified name '{path.Key}' does not exist.");
                var body = RequestBody.Object(request);
                if (Text(body, "Name") is { } named && named != path.Key)
                    throw QueryException.BadRequest($"The name in the body ('{named}') differs from the name in the path ('{path.Key}')", "Name");
                Remove(request, rows, path.Set, path.Key!, keepSecret: true);
                Deploy(request, rows, path.Set, path.Key!, body, request.Method == "PUT" ? null : existing);
                return ResourceAnswer.Empty(202);
            }
            case "DELETE" when path.IsEntity:
                if (existing == null) throw QueryException.NotFound($"There is no {Singular(path.Set)} '{path.Key}'");
                Remove(request, rows, path.Set, path.Key!, keepSecret: false);
                return ResourceAnswer.Empty(202);
            default:
                throw new QueryException(405, $"{request.Method} is not available for {request.Path}");
        }
    }

    /// <summary>Writes the artifact as deployed now by the user; <paramref name="merged"/> holds the stored values a partial update keeps.</summary>
    static void Deploy(ResourceRequest request, TenantRows rows, string set, string name, JsonElement body, Dictionary<string, object?>? merged)
    {
        string? Value(string property) => body.TryGetProperty(property, out var sent)
            ? sent.ValueKind == JsonValueKind.Null ? null : sent.ValueKind == JsonValueKind.String ? sent.GetString() : sent.ToString()
            : merged?.GetValueOrDefault(property) as string;
        var user = request.User?.Identity?.Name ?? "sandbox";
        var now = DateTimeOffset.UtcNow;
        var values = new Dictionary<string, object?> { ["Name"] = name };
        string secretProperty;
        switch (set)
        {
            case SecretStore.UserCredential:
                var kind = Value("Kind") ?? throw QueryException.BadRequest("Kind is null or empty", "Kind");
                if (kind is not ("default" or "successfactors" or "openconnectors") && !kind.StartsWith("oauth2:", StringComparison.Ordinal))
                    throw new QueryException(500, $"Wrong kind value '{kind}', must be one of [successfactors, default, openconnectors]", "Kind");
                if (kind == "successfactors" && string.IsNullOrWhiteSpace(Value("CompanyId")))
                    throw new QueryException(500, "Company ID is expected for credentials of kind successfactors", "CompanyId");
                if (kind == "openconnectors" && Text(body, "Password") is { } password && !OpenConnectors().IsMatch(password))
                    throw new QueryException(500, "Password does not match Open Connectors Credentials pattern.", "Password");
                values["Kind"] = kind;
                values["Description"] = Value("Description");
                values["User"] = Value("User");
                values["CompanyId"] = Value("CompanyId");
                Deployed(values, user, now);
                secretProperty = "Password";
                break;
            case SecretStore.SecureParameter:
                if (name.Length > 150 || name.IndexOfAny(['/', '\\', '\'', '"', '<', '>']) >= 0)
                    throw QueryException.BadRequest($"The name '{name}' is too long or contains an invalid character", "Name");
                if (merged == null && Text(body, "SecureParam") == null) throw QueryException.BadRequest("SecureParam is null or empty", "SecureParam");
                if (Text(body, "SecureParam") is { Length: > 4096 }) throw QueryException.BadRequest("SecureParam is longer than 4096 characters", "SecureParam");
                values["Description"] = Value("Description");
                values["DeployedBy"] = user;
                values["DeployedOn"] = now;
                values["Status"] = "DEPLOYED";
                secretProperty = "SecureParam";
                break;
            default:
                values["Description"] = Value("Description");
                values["TokenServiceUrl"] = Value("TokenServiceUrl") ?? throw QueryException.BadRequest("TokenServiceUrl is null or empty", "TokenServiceUrl");
                values["ClientId"] = Value("ClientId") ?? throw QueryException.BadRequest("ClientId is null or empty", "ClientId");
                var authentication = Value("ClientAuthentication") ?? "body";
                if (authentication is not ("body" or "header"))
                    throw QueryException.BadRequest($"ClientAuthentication is body or header, not '{authentication}'", "ClientAuthentication");
                var scopeContentType = Value("ScopeContentType") ?? "urlencoded";
                if (scopeContentType is not ("urlencoded" or "json"))
                    throw QueryException.BadRequest($"ScopeContentType is urlencoded or json, not '{scopeContentType}'", "ScopeContentType");
                values["ClientAuthentication"] = authentication;
                values["ScopeContentType"] = scopeContentType;
                values["Scope"] = Value("Scope");
                values["Resource"] = Value("Resource");
                values["Audience"] = Value("Audience");
                Deployed(values, user, now);
                secretProperty = "ClientSecret";
                break;
        }
        rows.Insert(set, values);
        if (set == SecretStore.OAuth2ClientCredential) WriteCustomParameters(rows, name, body);
        if (body.TryGetProperty(secretProperty, out var secret) && secret.ValueKind == JsonValueKind.String)
            SecretStore.Put(request, set, name, secret.GetString());
    }

    /// <summary>The parameters an OAuth2 client credential sends to its token service, as a list or <c>{"results":[...]}</c>.</summary>
    static void WriteCustomParameters(TenantRows rows, string name, JsonElement body)
    {
        if (!body.TryGetProperty("CustomParameters", out var parameters)) return;
        if (parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty("results", out var results)) parameters = results;
        if (parameters.ValueKind != JsonValueKind.Array) return;
        foreach (var parameter in parameters.EnumerateArray())
        {
            var key = Text(parameter, "Key") ?? throw QueryException.BadRequest("A custom parameter needs a Key", "CustomParameters");
            rows.Insert("CustomParameters", new Dictionary<string, object?>
            {
                ["Key"] = key,
                ["Value"] = Text(parameter, "Value") ?? "",
                ["SendAsPartOf"] = Text(parameter, "SendAsPartOf") ?? "body",
                [CustomParameters.Path("Name")] = name,
            });
        }
    }

    static void Remove(ResourceRequest request, TenantRows rows, string set, string name, bool keepSecret)
    {
        rows.Delete(set, "Name", name);
        if (set == SecretStore.OAuth2ClientCredential) rows.Delete("CustomParameters", CustomParameters.Path("Name"), name);
        if (!keepSecret) SecretStore.Put(request, set, name, null);
    }

    static string Singular(string set) => set switch
    {
        SecretStore.UserCredential => "user credential",
        SecretStore.SecureParameter => "secure parameter",
        _ => "OAuth2 client credential",
    };

    /// <summary>Open Connectors credentials: the user and organization secrets, and optionally the element token.</summary>
    [GeneratedRegex(@"^User \S+, Organization \S+(, Element \S+)?$")]
    private static partial Regex OpenConnectors();

    /// <summary>The descriptor a user credential and an OAuth2 client credential share: deployed now, by this user.</summary>
    static void Deployed(Dictionary<string, object?> values, string user, DateTimeOffset now)
    {
        values["SecurityArtifactDescriptor/Type"] = "CREDENTIALS";
        values["SecurityArtifactDescriptor/DeployedBy"] = user;
        values["SecurityArtifactDescriptor/DeployedOn"] = now;
        values["SecurityArtifactDescriptor/Status"] = "DEPLOYED";
    }

    static string? Text(JsonElement body, string name) => KeystoreHandler.Text(body, name);
}
