using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Primitives;
using SapSandbox.Server.Security;

namespace SapSandbox.Server.OAuth;

/// <summary>
/// <c>POST /oauth/token</c> as XSUAA answers it: the client authenticates with HTTP Basic or <c>client_id</c> and
/// <c>client_secret</c>, and gets <c>{"access_token","token_type":"bearer","expires_in","scope","jti"}</c> for the
/// grants <c>client_credentials</c> (the client's roles), <c>password</c> (a user's roles) and
/// <c>urn:ietf:params:oauth:grant-type:saml2-bearer</c> (the roles of the user a trusted SAML assertion names).
/// Errors are RFC 6749's JSON: 401 <c>invalid_client</c>, 400 <c>invalid_request</c>, <c>invalid_grant</c>,
/// <c>invalid_scope</c>, <c>unsupported_grant_type</c>. <c>GET /token_keys</c> publishes the keys that verify tokens.
/// </summary>
public sealed class TokenEndpoint(OAuthClients clients, UserDirectory users, SamlBearerAssertions saml, AccessTokens tokens, ILogger logger)
{
    public const string ClientCredentials = "client_credentials";
    public const string Password = "password";
    public const string SamlBearer = "urn:ietf:params:oauth:grant-type:saml2-bearer";
    /// <summary>The origin of users who sign in with a password, XSUAA's default identity provider.</summary>
    public const string DefaultOrigin = "sap.default";

    /// <summary>Keys in PEM and scopes read as they are (<c>+</c>, <c>!</c>); the answer is JSON, never HTML.</summary>
    static readonly JsonWriterOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    sealed class OAuthError(int status, string error, string description) : Exception(description)
    {
        public int Status { get; } = status;
        public string Error { get; } = error;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        // RFC 6749 5.1: token answers must not be cached.
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        try
        {
            // The form as RFC 6749 sends it; the query string too, as XSUAA takes it and SAP's examples often send it.
            IFormCollection? form;
            try { form = request.HasFormContentType ? await request.ReadFormAsync(context.RequestAborted) : null; }
            catch (InvalidDataException e) { throw new OAuthError(400, "invalid_request", $"The form cannot be read: {e.Message}"); }
            string? Parameter(string name)
            {
                var value = form != null && form.TryGetValue(name, out var inForm) ? inForm : StringValues.Empty;
                if (StringValues.IsNullOrEmpty(value)) value = request.Query[name];
                return StringValues.IsNullOrEmpty(value) ? null : value.ToString();
            }

            var client = AuthenticateClient(request, Parameter);
            var grantType = Parameter("grant_type") ?? throw new OAuthError(400, "invalid_request", "grant_type is missing");
            var grant = grantType switch
            {
                ClientCredentials => new TokenGrant(client.Id, grantType, ["uaa.resource", .. client.Roles.Select(AccessTokens.ScopeOf)], client.TokenLifetimeSeconds),
                Password => UserGrant(client, grantType, DefaultOrigin,
                    users.SignIn(Parameter("username") ?? throw new OAuthError(400, "invalid_request", "username is missing for the password grant"),
                                 Parameter("password") ?? throw new OAuthError(400, "invalid_request", "password is missing for the password grant"), "OAuth")
                    ?? throw new OAuthError(400, "invalid_grant", "Bad credentials: unknown user or wrong password")),
                SamlBearer => SamlGrant(client, grantType, Parameter("assertion") ?? throw new OAuthError(400, "invalid_request", "assertion is missing for the SAML bearer grant")),
                _ => throw new OAuthError(400, "unsupported_grant_type",
                    $"The grant type '{grantType}' is not supported; use {ClientCredentials}, {Password} or {SamlBearer}"),
            };
            if (Parameter("scope") is { } requested) grant = Narrow(grant, requested);

            var origin = $"{request.Scheme}://{request.Host}{request.PathBase}";
            var issued = tokens.Issue(grant, origin);
            logger.LogInformation("Issued a {GrantType} token to client {Client}{User}", grant.GrantType, grant.ClientId,
                grant.UserName != null ? $" for user {grant.UserName} ({grant.Origin})" : "");
            response.ContentType = "application/json;charset=UTF-8";
            await using var json = new Utf8JsonWriter(response.Body, Relaxed);
            json.WriteStartObject();
            json.WriteString("access_token", issued.AccessToken);
            json.WriteString("token_type", "bearer");
            json.WriteNumber("expires_in", issued.ExpiresIn);
            json.WriteString("scope", string.Join(' ', grant.Scopes));
            json.WriteString("jti", issued.Jti);
            json.WriteEndObject();
        }
        catch (OAuthError e)
        {
            response.StatusCode = e.Status;
            if (e.Status == StatusCodes.Status401Unauthorized) response.Headers.WWWAuthenticate = $"Basic realm=\"{BasicAuthenticationHandler.Realm}\"";
            response.ContentType = "application/json;charset=UTF-8";
            await using var json = new Utf8JsonWriter(response.Body, Relaxed);
            json.WriteStartObject();
            json.WriteString("error", e.Error);
            json.WriteString("error_description", e.Message);
            json.WriteEndObject();
        }
    }

    OAuthClient AuthenticateClient(HttpRequest request, Func<string, string?> parameter)
    {
        string? id, secret;
        if (AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header) && header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            string credentials;
            try { credentials = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter ?? "")); }
            catch (FormatException) { throw new OAuthError(401, "invalid_client", "The Basic credentials are not valid base64"); }
            var colon = credentials.IndexOf(':');
            if (colon < 0) throw new OAuthError(401, "invalid_client", "The Basic credentials have no ':' between client id and secret");
            (id, secret) = (credentials[..colon], credentials[(colon + 1)..]);
        }
        else (id, secret) = (parameter("client_id"), parameter("client_secret"));
        if (id == null)
            throw new OAuthError(401, "invalid_client", "Send the client id and secret as HTTP Basic credentials, or as client_id and client_secret");

        // RFC 6749 2.3.1 form-encodes id and secret inside Basic; most clients (and XSUAA's examples) send them as they are.
        var client = clients.Authenticate(id, secret ?? "");
        if (client == null && (id.Contains('%') || id.Contains('+') || secret?.Contains('%') == true || secret?.Contains('+') == true))
            client = clients.Authenticate(Uri.UnescapeDataString(id.Replace('+', ' ')), Uri.UnescapeDataString((secret ?? "").Replace('+', ' ')));
        return client ?? throw new OAuthError(401, "invalid_client", $"Bad credentials: unknown client '{id}' or wrong secret");
    }

    TokenGrant SamlGrant(OAuthClient client, string grantType, string assertion)
    {
        string origin, user;
        try { (origin, user) = saml.Verify(assertion); }
        catch (SamlAssertionException e) { throw new OAuthError(400, "invalid_grant", e.Message); }
        var identity = users.Find(user, "OAuth")
                       ?? throw new OAuthError(400, "invalid_grant", $"The assertion's subject '{user}' is not a user of the sandbox (from identity provider {origin})");
        return UserGrant(client, grantType, origin, identity);
    }

    /// <summary>A user's token carries the user's roles (principal propagation), whatever the client's own are.</summary>
    static TokenGrant UserGrant(OAuthClient client, string grantType, string origin, ClaimsIdentity identity) =>
        new(client.Id, grantType, ["openid", .. identity.FindAll(ClaimTypes.Role).Select(role => AccessTokens.ScopeOf(role.Value)).Distinct()],
            client.TokenLifetimeSeconds, identity.Name, origin, identity.FindAll(UserDirectory.RoleCollectionClaim).Select(claim => claim.Value).ToList());

    /// <summary>A <c>scope</c> parameter asks for fewer scopes than the grant gives; one the grant does not give is <c>invalid_scope</c>.</summary>
    static TokenGrant Narrow(TokenGrant grant, string requested)
    {
        var scopes = requested.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
        var missing = scopes.Where(scope => !grant.Scopes.Contains(scope)).ToList();
        if (missing.Count > 0)
            throw new OAuthError(400, "invalid_scope", $"Invalid scope: {string.Join(' ', missing)} (granted: {string.Join(' ', grant.Scopes)})");
        return grant with { Scopes = scopes };
    }

    /// <summary><c>GET /token_keys</c>: the keys as XSUAA publishes them, a JWKS with each public key also in PEM (<c>value</c>).</summary>
    public static async Task KeysAsync(HttpContext context, AccessTokens tokens)
    {
        context.Response.ContentType = "application/json;charset=UTF-8";
        await using var json = new Utf8JsonWriter(context.Response.Body, Relaxed);
        json.WriteStartObject();
        json.WriteStartArray("keys");
        foreach (var key in tokens.Keys)
        {
            var (n, e) = key.PublicParameters;
            json.WriteStartObject();
            json.WriteString("kty", "RSA");
            json.WriteString("e", e);
            json.WriteString("use", "sig");
            json.WriteString("kid", key.KeyId);
            json.WriteString("alg", AccessTokens.Algorithm);
            json.WriteString("value", key.PublicKeyPem);
            json.WriteString("n", n);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
