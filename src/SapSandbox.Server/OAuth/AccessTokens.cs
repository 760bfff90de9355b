using System.Buffers.Text;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SapSandbox.Server.Security;

namespace SapSandbox.Server.OAuth;

/// <summary>What a token is issued for: the client, the grant, the scopes, and for a user's token the user.</summary>
public sealed record TokenGrant(string ClientId, string GrantType, IReadOnlyList<string> Scopes, int LifetimeSeconds,
    string? UserName = null, string? Origin = null, IReadOnlyList<string>? RoleCollections = null);

public sealed record IssuedToken(string AccessToken, string Jti, int ExpiresIn);

/// <summary>A bearer token that does not get in, with the reason the 401 tells.</summary>
public sealed class TokenRejectedException(string reason) : Exception(reason);

/// <summary>
/// Access tokens as SAP's XSUAA issues them: JWTs signed RS256 with the store's key (<see cref="TokenSigningKeys"/>),
/// with XSUAA's claims (<c>scope</c> as an array of <c>xsappname.scope</c>, <c>client_id</c>, <c>cid</c>, <c>azp</c>,
/// <c>grant_type</c>, <c>zid</c>, and <c>user_name</c>, <c>origin</c>, <c>xs.system.attributes</c> for a user), and
/// the check a resource server makes of them.
/// </summary>
public sealed class AccessTokens(TimeProvider? clock = null)
{
    /// <summary>The sandbox's <c>xsappname</c>: a role <c>API_SALES_ORDER_SRV.Read</c> is the scope <c>sapsandbox!t1.API_SALES_ORDER_SRV.Read</c>.</summary>
    public const string AppName = "sapsandbox!t1";
    /// <summary>The identity zone (XSUAA's subaccount tenant) every token names in <c>zid</c>.</summary>
    public const string ZoneId = "sandbox";
    public const string Algorithm = "RS256";
    public const string TokenPath = "/oauth/token";
    public const string KeysPath = "/token_keys";

    readonly TimeProvider _clock = clock ?? TimeProvider.System;
    IReadOnlyList<TokenSigningKey> _keys = [];

    /// <summary>The keys from the store; the first signs new tokens, every one of them verifies.</summary>
    public IReadOnlyList<TokenSigningKey> Keys
    {
        get => _keys;
        set => _keys = value.Count > 0 ? value : throw new ArgumentException("At least one signing key is needed", nameof(value));
    }

    public static string ScopeOf(string role) => AppName + "." + role;

    /// <param name="origin">Where the client reached the sandbox (<c>http://127.0.0.1:5080</c>): the issuer is its token
    /// endpoint and <c>jku</c> its key set, as XSUAA names its own URLs, so a client that verifies tokens itself finds the keys.</param>
    public IssuedToken Issue(TokenGrant grant, string origin)
    {
        var key = _keys.Count > 0 ? _keys[0] : throw new InvalidOperationException("The signing keys were not loaded from the store");
        var issuedAt = _clock.GetUtcNow().ToUnixTimeSeconds();
        var jti = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

        var header = Json(json =>
        {
            json.WriteString("alg", Algorithm);
            json.WriteString("jku", origin + KeysPath);
            json.WriteString("kid", key.KeyId);
            json.WriteString("typ", "JWT");
        });
        var user = grant.UserName != null;
        var payload = Json(json =>
        {
            json.WriteString("jti", jti);
            json.WriteStartObject("ext_attr");
            json.WriteString("enhancer", "XSUAA");
            json.WriteString("zdn", ZoneId);
            json.WriteEndObject();
            if (user)
            {
                json.WriteStartObject("xs.system.attributes");
                Strings(json, "xs.rolecollections", grant.RoleCollections ?? []);
                json.WriteEndObject();
                json.WriteStartObject("xs.user.attributes");
                json.WriteEndObject();
            }
            json.WriteString("sub", grant.UserName ?? grant.ClientId);
            if (!user) Strings(json, "authorities", grant.Scopes);
            Strings(json, "scope", grant.Scopes);
            json.WriteString("client_id", grant.ClientId);
            json.WriteString("cid", grant.ClientId);
            json.WriteString("azp", grant.ClientId);
            json.WriteString("grant_type", grant.GrantType);
            if (user)
            {
                json.WriteString("user_id", grant.UserName);
                json.WriteString("origin", grant.Origin);
                json.WriteString("user_name", grant.UserName);
                json.WriteNumber("auth_time", issuedAt);
            }
            json.WriteNumber("iat", issuedAt);
            json.WriteNumber("exp", issuedAt + grant.LifetimeSeconds);
            json.WriteString("iss", origin + TokenPath);
            json.WriteString("zid", ZoneId);
            Strings(json, "aud", [grant.ClientId, AppName]);
        });
        var signed = Base64Url.EncodeToString(header) + "." + Base64Url.EncodeToString(payload);
        var signature = key.Key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return new IssuedToken(signed + "." + Base64Url.EncodeToString(signature), jti, grant.LifetimeSeconds);
    }

    /// <summary>
    /// The identity a token stands for, its scopes of the sandbox as roles; or <see cref="TokenRejectedException"/> when
    /// it is not a JWT, is signed with anything but RS256 and a key of this store, has expired or is not valid yet, or was
    /// not issued by a token endpoint.
    /// </summary>
    public ClaimsIdentity Validate(string token, string authenticationType)
    {
        var parts = token.Split('.');
        if (parts.Length != 3) throw new TokenRejectedException("The bearer token is not a JWT (header.payload.signature)");
        using var header = Decode(parts[0], "header");
        var alg = header.RootElement.TryGetProperty("alg", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
        // The algorithm is the sandbox's to choose, never the token's: "none" or an HMAC keyed with the public key would
        // let anyone mint tokens.
        if (alg != Algorithm) throw new TokenRejectedException($"The token's algorithm '{Shorten(alg)}' is not accepted; tokens are signed {Algorithm}");
        if (header.RootElement.TryGetProperty("crit", out _)) throw new TokenRejectedException("The token has critical header parameters the sandbox does not know");
        var kid = header.RootElement.TryGetProperty("kid", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
        var key = _keys.FirstOrDefault(candidate => candidate.KeyId == kid)
                  ?? throw new TokenRejectedException($"The token is signed with a key the sandbox does not have (kid '{Shorten(kid)}'; see {KeysPath})");
        byte[] signature;
        try { signature = Base64Url.DecodeFromChars(parts[2]); }
        catch (FormatException) { throw new TokenRejectedException("The token's signature is not base64url"); }
        if (!key.Key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            throw new TokenRejectedException("The token's signature does not verify");

        using var payload = Decode(parts[1], "payload");
        var claims = payload.RootElement;
        var now = _clock.GetUtcNow().ToUnixTimeSeconds();
        var exp = Seconds(claims, "exp") ?? throw new TokenRejectedException("The token has no expiry (exp)");
        if (now >= exp) throw new TokenRejectedException($"The token expired at {Time(exp)}");
        if (Seconds(claims, "nbf") is { } nbf && now < nbf) throw new TokenRejectedException($"The token is not valid before {Time(nbf)}");
        // The signature proves the sandbox issued the token; the issuer must still be a token endpoint. Its host is not
        // compared: a sandbox answers as localhost, 127.0.0.1, a container name, over HTTP and HTTPS alike.
        var iss = Text(claims, "iss");
        if (iss == null || !Uri.TryCreate(iss, UriKind.Absolute, out var issuer) || issuer.Scheme is not ("http" or "https") || issuer.AbsolutePath != TokenPath)
            throw new TokenRejectedException($"The token's issuer '{Shorten(iss)}' is not a token endpoint ({TokenPath})");
        var clientId = Text(claims, "client_id") ?? throw new TokenRejectedException("The token names no client (client_id)");

        var userName = Text(claims, "user_name");
        var identity = new List<Claim>
        {
            new(ClaimTypes.Name, userName ?? clientId),
            new("client_id", clientId),
        };
        if (Text(claims, "grant_type") is { } grantType) identity.Add(new Claim("grant_type", grantType));
        if (Text(claims, "origin") is { } origin) identity.Add(new Claim("origin", origin));
        if (claims.TryGetProperty("xs.system.attributes", out var system) && system.ValueKind == JsonValueKind.Object
            && system.TryGetProperty("xs.rolecollections", out var collections) && collections.ValueKind == JsonValueKind.Array)
            foreach (var collection in collections.EnumerateArray())
                if (collection.ValueKind == JsonValueKind.String) identity.Add(new Claim(UserDirectory.RoleCollectionClaim, collection.GetString()!));
        if (claims.TryGetProperty("scope", out var scopes) && scopes.ValueKind == JsonValueKind.Array)
            foreach (var scope in scopes.EnumerateArray())
                if (scope.ValueKind == JsonValueKind.String && scope.GetString()!.StartsWith(AppName + ".", StringComparison.Ordinal))
                    identity.Add(new Claim(ClaimTypes.Role, scope.GetString()![(AppName.Length + 1)..]));
        return new ClaimsIdentity(identity, authenticationType, ClaimTypes.Name, ClaimTypes.Role);
    }

    static JsonDocument Decode(string part, string name)
    {
        try
        {
            var document = JsonDocument.Parse(Base64Url.DecodeFromChars(part));
            if (document.RootElement.ValueKind == JsonValueKind.Object) return document;
            document.Dispose();
        }
        catch (Exception e) when (e is FormatException or JsonException) { }
        throw new TokenRejectedException($"The token's {name} is not base64url JSON");
    }

    /// <summary>What the token says, cut short: it is quoted back in the 401.</summary>
    static string? Shorten(string? text) => text is { Length: > 80 } ? text[..80] + "..." : text;

    static string? Text(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    static long? Seconds(JsonElement claims, string name)
    {
        if (!claims.TryGetProperty(name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds)) return seconds;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var fractional)) return (long)Math.Floor(fractional);
        throw new TokenRejectedException($"The token's {name} is not a number of seconds");
    }

    static string Time(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    static byte[] Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    static void Strings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values) json.WriteStringValue(value);
        json.WriteEndArray();
    }
}
