using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Text.Json;
using System.Xml;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SapSandbox.Server.Configuration;
using SapSandbox.Server.Hosting;
using SapSandbox.Server.Security;

namespace SapSandbox.Server.Tests;

/// <summary>
/// A sandbox with OAuth clients (display only, editor, one whose tokens live a second), users for the password and
/// SAML bearer grants, and a test identity provider whose certificate the tests sign assertions with.
/// </summary>
public sealed class OAuthSandboxServer : SandboxServer
{
    public const string Secret = "s3cr3t!";
    public const string IdpEntityId = "https://idp.example.com/saml";
    static readonly string Hash = PasswordHash.Create(Secret);

    /// <summary>The identity provider's signing certificate, with its private key; the sandbox is given the certificate only.</summary>
    public static readonly X509Certificate2 IdpCertificate = SelfSigned("CN=Test IdP");

    public static X509Certificate2 SelfSigned(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sandbox:Users:alice:PasswordHash"] = Hash,
        ["Sandbox:Users:alice:RoleCollections:0"] = "S4_Display",
        ["Sandbox:Users:erin:PasswordHash"] = Hash,
        ["Sandbox:Users:erin:RoleCollections:0"] = "S4_Edit",
        ["Sandbox:OAuthClients:sb-display!t1:SecretHash"] = Hash,
        ["Sandbox:OAuthClients:sb-display!t1:RoleCollections:0"] = "S4_Display",
        ["Sandbox:OAuthClients:sb-editor!t1:SecretHash"] = Hash,
        ["Sandbox:OAuthClients:sb-editor!t1:RoleCollections:0"] = "S4_Edit",
        ["Sandbox:OAuthClients:sb-brief!t1:SecretHash"] = Hash,
        ["Sandbox:OAuthClients:sb-brief!t1:RoleCollections:0"] = "S4_Display",
        ["Sandbox:OAuthClients:sb-brief!t1:TokenLifetimeSeconds"] = "1",
        ["Sandbox:IdentityProviders:test-idp:Certificate"] = IdpCertificate.ExportCertificatePem(),
        ["Sandbox:IdentityProviders:test-idp:EntityId"] = IdpEntityId,
    };
}

public class OAuthTests(OAuthSandboxServer server) : IClassFixture<OAuthSandboxServer>
{
    const string V4 = "/odata/v4/CE_SALESORDER_0001/";
    const string V2 = "/sap/opu/odata/sap/API_SALES_ORDER_SRV/";
    const string Orders = V4 + "SalesOrder?$top=1";

    // ---- fetching tokens

    static Task<HttpResponseMessage> FetchToken(HttpClient client, params (string Name, string Value)[] form) =>
        client.PostAsync("/oauth/token", new FormUrlEncodedContent(form.Select(field => KeyValuePair.Create(field.Name, field.Value))));

    async Task<(HttpResponseMessage Response, JsonElement Body)> Token(string? basicUser, string? basicSecret, params (string Name, string Value)[] form)
    {
        using var client = server.NewClient(basicUser, basicSecret);
        var response = await FetchToken(client, form);
        return (response, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    async Task<string> AccessToken(string client, string secret, params (string Name, string Value)[] form)
    {
        var (response, body) = await Token(client, secret, form.Length > 0 ? form : [("grant_type", "client_credentials")]);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return body.GetProperty("access_token").GetString()!;
    }

    HttpClient BearerClient(string token)
    {
        var client = server.NewClient(null, null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    static JsonElement Part(string jwt, int index) => JsonDocument.Parse(Base64Url.DecodeFromChars(jwt.Split('.')[index])).RootElement.Clone();

    static string Encode(object value) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(value));

    [Fact]
    public async Task Client_credentials_with_Basic_answer_XSUAA_s_token_response_and_the_token_opens_every_API()
    {
        var (response, body) = await Token("sandbox", "sandbox", ("grant_type", "client_credentials"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["access_token", "token_type", "expires_in", "scope", "jti"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(43200, body.GetProperty("expires_in").GetInt32());
        var scopes = body.GetProperty("scope").GetString()!.Split(' ');
        Assert.Equal("uaa.resource", scopes[0]);
        Assert.Contains("sapsandbox!t1.*", scopes);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());

        var token = body.GetProperty("access_token").GetString()!;
        var header = Part(token, 0);
        var claims = Part(token, 1);
        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        Assert.Equal(server.BaseAddress.GetLeftPart(UriPartial.Authority) + "/token_keys", header.GetProperty("jku").GetString());
        Assert.Equal(server.BaseAddress.GetLeftPart(UriPartial.Authority) + "/oauth/token", claims.GetProperty("iss").GetString());
        Assert.Equal("sandbox", claims.GetProperty("client_id").GetString());
        Assert.Equal("sandbox", claims.GetProperty("cid").GetString());
        Assert.Equal("sandbox", claims.GetProperty("sub").GetString());
        Assert.Equal("client_credentials", claims.GetProperty("grant_type").GetString());
        Assert.Equal(body.GetProperty("jti").GetString(), claims.GetProperty("jti").GetString());
        Assert.Equal(scopes, claims.GetProperty("scope").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(43200, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());
        Assert.True(claims.TryGetProperty("zid", out _));
        Assert.Contains("sandbox", claims.GetProperty("aud").EnumerateArray().Select(a => a.GetString()));

        using var bearer = BearerClient(token);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync(Orders)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync(V2 + "A_SalesOrder?$top=1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Client_credentials_as_form_fields_give_the_configured_client_its_role_collections_scopes()
    {
        var (response, body) = await Token(null, null, ("grant_type", "client_credentials"), ("client_id", "sb-display!t1"), ("client_secret", OAuthSandboxServer.Secret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("uaa.resource sapsandbox!t1.*.Read", body.GetProperty("scope").GetString());
        Assert.Equal("sb-display!t1", Part(body.GetProperty("access_token").GetString()!, 1).GetProperty("client_id").GetString());
    }

    [Fact]
    public async Task The_grant_type_in_the_query_string_is_taken_as_SAP_s_examples_send_it()
    {
        using var client = server.NewClient("sandbox", "sandbox");

        using var response = await client.PostAsync("/oauth/token?grant_type=client_credentials", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_wrong_client_secret_is_401_invalid_client_in_RFC_6749_s_body()
    {
        var (basic, basicBody) = await Token("sb-display!t1", "wrong", ("grant_type", "client_credentials"));
        var (form, formBody) = await Token(null, null, ("grant_type", "client_credentials"), ("client_id", "sb-display!t1"), ("client_secret", "wrong"));
        var (none, noneBody) = await Token(null, null, ("grant_type", "client_credentials"));

        foreach (var (response, body) in new[] { (basic, basicBody), (form, formBody), (none, noneBody) })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("invalid_client", body.GetProperty("error").GetString());
            Assert.False(string.IsNullOrEmpty(body.GetProperty("error_description").GetString()));
            Assert.Contains("Basic", response.Headers.WwwAuthenticate.ToString());
        }
    }

    [Theory]
    [InlineData("authorization_code", "unsupported_grant_type")]
    [InlineData("", "invalid_request")]
    public async Task An_unsupported_or_missing_grant_type_is_400(string grantType, string error)
    {
        var (response, body) = await Token("sandbox", "sandbox", grantType.Length > 0 ? [("grant_type", grantType)] : []);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(error, body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_scope_parameter_narrows_the_token_and_one_not_granted_is_invalid_scope()
    {
        var (narrow, narrowBody) = await Token("sandbox", "sandbox", ("grant_type", "client_credentials"), ("scope", "uaa.resource"));
        var (wide, wideBody) = await Token("sb-display!t1", OAuthSandboxServer.Secret, ("grant_type", "client_credentials"), ("scope", "sapsandbox!t1.*.Write"));

        Assert.Equal(HttpStatusCode.OK, narrow.StatusCode);
        Assert.Equal("uaa.resource", narrowBody.GetProperty("scope").GetString());
        using var bearer = BearerClient(narrowBody.GetProperty("access_token").GetString()!);
        Assert.Equal(HttpStatusCode.Forbidden, (await bearer.GetAsync(Orders)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wide.StatusCode);
        Assert.Equal("invalid_scope", wideBody.GetProperty("error").GetString());
    }

    // ---- user grants

    [Fact]
    public async Task The_password_grant_gives_a_token_of_the_user_with_the_user_s_roles()
    {
        var (response, body) = await Token("sandbox", "sandbox", ("grant_type", "password"), ("username", "alice"), ("password", OAuthSandboxServer.Secret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("openid sapsandbox!t1.*.Read", body.GetProperty("scope").GetString());
        var token = body.GetProperty("access_token").GetString()!;
        var claims = Part(token, 1);
        Assert.Equal("alice", claims.GetProperty("user_name").GetString());
        Assert.Equal("sap.default", claims.GetProperty("origin").GetString());
        Assert.Equal("password", claims.GetProperty("grant_type").GetString());
        Assert.Equal(["S4_Display"], claims.GetProperty("xs.system.attributes").GetProperty("xs.rolecollections").EnumerateArray().Select(c => c.GetString()));

        using var bearer = BearerClient(token);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync(Orders)).StatusCode);
        using var change = await bearer.PostAsync(V4 + "SalesOrder", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, change.StatusCode);
        Assert.Contains("User alice is not authorized", await change.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_password_grant_refuses_a_wrong_password_with_invalid_grant_and_needs_the_client()
    {
        var (wrong, wrongBody) = await Token("sandbox", "sandbox", ("grant_type", "password"), ("username", "alice"), ("password", "wrong"));
        var (noClient, noClientBody) = await Token(null, null, ("grant_type", "password"), ("username", "alice"), ("password", OAuthSandboxServer.Secret));

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("invalid_grant", wrongBody.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, noClient.StatusCode);
        Assert.Equal("invalid_client", noClientBody.GetProperty("error").GetString());
    }

    /// <summary>A SAML 2.0 assertion as an identity provider issues it, signed enveloped (exclusive C14N, RSA-SHA256).</summary>
    static string Assertion(X509Certificate2 signer, string nameId, string issuer = OAuthSandboxServer.IdpEntityId, int validMinutes = 5, Func<string, string>? afterSigning = null)
    {
        var id = "_" + Guid.NewGuid().ToString("N");
        var now = DateTime.UtcNow;
        string Time(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        var document = new XmlDocument { PreserveWhitespace = true };
        document.LoadXml($"""
            <saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" ID="{id}" IssueInstant="{Time(now)}" Version="2.0"><saml2:Issuer>{issuer}</saml2:Issuer><saml2:Subject>
                <saml2:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified">{nameId}</saml2:NameID>
                <saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
                  <saml2:SubjectConfirmationData NotOnOrAfter="{Time(now.AddMinutes(validMinutes))}" Recipient="http://127.0.0.1/oauth/token"/>
                </saml2:SubjectConfirmation>
              </saml2:Subject>
              <saml2:Conditions NotBefore="{Time(now.AddMinutes(-1))}" NotOnOrAfter="{Time(now.AddMinutes(validMinutes))}">
                <saml2:AudienceRestriction><saml2:Audience>sandbox</saml2:Audience></saml2:AudienceRestriction>
              </saml2:Conditions>
              <saml2:AuthnStatement AuthnInstant="{Time(now)}"><saml2:AuthnContext><saml2:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml2:AuthnContextClassRef></saml2:AuthnContext></saml2:AuthnStatement>
            </saml2:Assertion>
            """);
        var signature = new SignedXml(document) { SigningKey = signer.GetRSAPrivateKey() };
        signature.SignedInfo!.CanonicalizationMethod = SignedXml.XmlDsigExcC14NTransformUrl;
        signature.SignedInfo.SignatureMethod = SignedXml.XmlDsigRSASHA256Url;
        var reference = new Reference("#" + id) { DigestMethod = SignedXml.XmlDsigSHA256Url };
        reference.AddTransform(new XmlDsigEnvelopedSignatureTransform());
        reference.AddTransform(new XmlDsigExcC14NTransform());
        signature.AddReference(reference);
        signature.KeyInfo = new KeyInfo();
        signature.KeyInfo.AddClause(new KeyInfoX509Data(signer));
        signature.ComputeSignature();
        // SAML's schema puts the signature right after the issuer.
        document.DocumentElement!.InsertAfter(document.ImportNode(signature.GetXml(), true), document.DocumentElement.FirstChild);
        var xml = document.OuterXml;
        if (afterSigning != null) xml = afterSigning(xml);
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(xml));
    }

    Task<(HttpResponseMessage Response, JsonElement Body)> SamlToken(string assertion) =>
        Token("sandbox", "sandbox", ("grant_type", "urn:ietf:params:oauth:grant-type:saml2-bearer"), ("assertion", assertion));

    [Fact]
    public async Task A_SAML_assertion_signed_by_the_configured_identity_provider_gives_a_token_of_the_user_it_names()
    {
        var (response, body) = await SamlToken(Assertion(OAuthSandboxServer.IdpCertificate, "erin"));

        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        var token = body.GetProperty("access_token").GetString()!;
        var claims = Part(token, 1);
        Assert.Equal("erin", claims.GetProperty("user_name").GetString());
        Assert.Equal("test-idp", claims.GetProperty("origin").GetString());
        Assert.Equal("urn:ietf:params:oauth:grant-type:saml2-bearer", claims.GetProperty("grant_type").GetString());
        Assert.Equal("openid sapsandbox!t1.*.Read sapsandbox!t1.*.Write", body.GetProperty("scope").GetString());

        using var bearer = BearerClient(token);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync(Orders)).StatusCode);
    }

    [Fact]
    public async Task A_SAML_assertion_that_cannot_be_trusted_is_invalid_grant()
    {
        using var stranger = OAuthSandboxServer.SelfSigned("CN=Test IdP");
        var cases = new[]
        {
            ("another key", Assertion(stranger, "erin"), "not signed by a configured identity provider"),
            ("altered after signing", Assertion(OAuthSandboxServer.IdpCertificate, "erin", afterSigning: xml => xml.Replace(">erin<", ">sandbox<")), "not signed by a configured identity provider"),
            ("another issuer", Assertion(OAuthSandboxServer.IdpCertificate, "erin", issuer: "https://other.example.com"), "issuer 'https://other.example.com'"),
            ("expired", Assertion(OAuthSandboxServer.IdpCertificate, "erin", validMinutes: -5), "expired"),
            ("unknown user", Assertion(OAuthSandboxServer.IdpCertificate, "mallory"), "'mallory' is not a user"),
            ("not signed", Base64Url.EncodeToString(Encoding.UTF8.GetBytes("<saml2:Assertion xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_1\"><saml2:Subject><saml2:NameID>erin</saml2:NameID></saml2:Subject></saml2:Assertion>")), "is not signed"),
            ("not XML", Base64Url.EncodeToString("not xml"u8), "not XML"),
        };
        foreach (var (name, assertion, reason) in cases)
        {
            var (response, body) = await SamlToken(assertion);

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode} {body}");
            Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
            Assert.Contains(reason, body.GetProperty("error_description").GetString());
        }
    }

    // ---- the key set

    [Fact]
    public async Task Token_keys_publish_the_key_that_verifies_the_token_anonymously()
    {
        var token = await AccessToken("sandbox", "sandbox");
        using var anonymous = server.NewClient(null, null);

        using var response = await anonymous.GetAsync("/token_keys");
        var keys = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("keys");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var key = Assert.Single(keys.EnumerateArray());
        Assert.Equal("RSA", key.GetProperty("kty").GetString());
        Assert.Equal("RS256", key.GetProperty("alg").GetString());
        Assert.Equal("sig", key.GetProperty("use").GetString());
        Assert.Equal(Part(token, 0).GetProperty("kid").GetString(), key.GetProperty("kid").GetString());
        var parts = token.Split('.');
        var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        var signature = Base64Url.DecodeFromChars(parts[2]);
        using var jwk = RSA.Create(new RSAParameters
        {
            Modulus = Base64Url.DecodeFromChars(key.GetProperty("n").GetString()),
            Exponent = Base64Url.DecodeFromChars(key.GetProperty("e").GetString()),
        });
        Assert.True(jwk.VerifyData(signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        using var pem = RSA.Create();
        pem.ImportFromPem(key.GetProperty("value").GetString());
        Assert.True(pem.VerifyData(signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    // ---- tokens that must not get in

    async Task AssertRefused(string token, string because, string reason)
    {
        using var bearer = BearerClient(token);
        using var response = await bearer.GetAsync(Orders);
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{because}: {(int)response.StatusCode}");
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.StartsWith("Bearer realm=\"SapSandbox\", error=\"invalid_token\"", challenge);
        Assert.Contains(reason, challenge);
    }

    [Fact]
    public async Task A_forged_token_is_401()
    {
        var token = await AccessToken("sb-display!t1", OAuthSandboxServer.Secret);
        var parts = token.Split('.');
        var claims = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Base64Url.DecodeFromChars(parts[1]))!;
        claims["scope"] = JsonSerializer.SerializeToElement(new[] { "sapsandbox!t1.*" });
        var header = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Base64Url.DecodeFromChars(parts[0]))!;
        var signed = Encode(header) + "." + Encode(claims);

        // The payload changed, the signature kept.
        await AssertRefused(signed + "." + parts[2], "tampered payload", "signature does not verify");
        // Signed with a key of its own under the sandbox's key id.
        using var other = RSA.Create(2048);
        await AssertRefused(signed + "." + Base64Url.EncodeToString(other.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)), "another key", "signature does not verify");
        // alg none, no signature.
        header["alg"] = JsonSerializer.SerializeToElement("none");
        await AssertRefused(Encode(header) + "." + Encode(claims) + ".", "alg none", "algorithm 'none'");
        // HS256 keyed with the public key the sandbox publishes.
        header["alg"] = JsonSerializer.SerializeToElement("HS256");
        using var anonymous = server.NewClient(null, null);
        var published = JsonDocument.Parse(await anonymous.GetStringAsync("/token_keys")).RootElement.GetProperty("keys")[0].GetProperty("value").GetString()!;
        var hs = Encode(header) + "." + Encode(claims);
        await AssertRefused(hs + "." + Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.ASCII.GetBytes(published), Encoding.ASCII.GetBytes(hs))), "HS256", "algorithm 'HS256'");
        // Not a JWT at all.
        await AssertRefused("not-a-token", "garbage", "not a JWT");

        // The untouched token still works, so the refusals above are the forgeries'.
        using var genuine = BearerClient(token);
        Assert.Equal(HttpStatusCode.OK, (await genuine.GetAsync(Orders)).StatusCode);
    }

    [Fact]
    public async Task An_expired_token_is_401()
    {
        var token = await AccessToken("sb-brief!t1", OAuthSandboxServer.Secret);
        var expires = DateTimeOffset.FromUnixTimeSeconds(Part(token, 1).GetProperty("exp").GetInt64());

        await Task.Delay(expires - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200));

        await AssertRefused(token, "expired", "expired at");
    }

    // ---- roles and CSRF

    [Fact]
    public async Task A_display_client_s_token_reads_and_any_change_is_403_naming_the_missing_role()
    {
        using var bearer = BearerClient(await AccessToken("sb-display!t1", OAuthSandboxServer.Secret));

        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync(Orders)).StatusCode);
        using var change = await bearer.PostAsync(V4 + "SalesOrder", new StringContent("""{"SalesOrderType":"OR"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Forbidden, change.StatusCode);
        var body = await change.Content.ReadAsStringAsync();
        Assert.Contains("CE_SALESORDER_0001.Write", body);
        Assert.DoesNotContain("CSRF", body);
    }

    [Fact]
    public async Task A_bearer_change_needs_no_CSRF_token_and_a_Basic_one_still_does()
    {
        using var bearer = BearerClient(await AccessToken("sb-editor!t1", OAuthSandboxServer.Secret));
        using var basic = server.NewClient("erin", OAuthSandboxServer.Secret);
        HttpContent Body() => new StringContent("""{"SalesOrderType":"OR","PurchaseOrderByCustomer":"oauth"}""", Encoding.UTF8, "application/json");

        using var withBearer = await bearer.PostAsync(V4 + "SalesOrder", Body());
        using var withBasic = await basic.PostAsync(V4 + "SalesOrder", Body());

        Assert.Equal(HttpStatusCode.Created, withBearer.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, withBasic.StatusCode);
        Assert.Equal("Required", withBasic.Headers.GetValues("X-CSRF-Token").Single());
    }

    [Fact]
    public async Task Without_credentials_the_challenge_names_Basic_and_Bearer()
    {
        using var anonymous = server.NewClient(null, null);

        using var response = await anonymous.GetAsync(Orders);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(["Basic", "Bearer"], response.Headers.WwwAuthenticate.Select(challenge => challenge.Scheme));
        Assert.All(response.Headers.WwwAuthenticate, challenge => Assert.Equal("realm=\"SapSandbox\"", challenge.Parameter));
    }

    // ---- the store keeps the key; the configuration is checked

    static async Task<(WebApplication App, HttpClient Client)> Start(string folder, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var app = SandboxHost.Build(new SandboxOptions { Urls = "http://127.0.0.1:0", Store = "sqlite:" + Path.Combine(folder, "sandbox.db"), Settings = settings });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new HttpClient { BaseAddress = new Uri(address) });
    }

    static async Task Stop(WebApplication app, HttpClient client)
    {
        client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task The_signing_key_survives_a_restart_and_so_do_the_tokens()
    {
        var folder = Directory.CreateTempSubdirectory("sapsandbox-oauth-").FullName;
        try
        {
            var (first, firstClient) = await Start(folder);
            firstClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("sandbox:sandbox"u8));
            using var fetched = await firstClient.PostAsync("/oauth/token", new FormUrlEncodedContent([KeyValuePair.Create("grant_type", "client_credentials")]));
            var token = JsonDocument.Parse(await fetched.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
            var keys = await firstClient.GetStringAsync("/token_keys");
            await Stop(first, firstClient);

            var (second, secondClient) = await Start(folder);
            secondClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var read = await secondClient.GetAsync(Orders);
            var keysAfter = await secondClient.GetStringAsync("/token_keys");
            await Stop(second, secondClient);

            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Equal(keys, keysAfter);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Without_the_built_in_user_there_is_no_built_in_client()
    {
        var folder = Directory.CreateTempSubdirectory("sapsandbox-oauth-").FullName;
        try
        {
            var (app, client) = await Start(folder, new Dictionary<string, string?> { ["Sandbox:BuiltInUser"] = "false" });
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("sandbox:sandbox"u8));
            using var response = await client.PostAsync("/oauth/token", new FormUrlEncodedContent([KeyValuePair.Create("grant_type", "client_credentials")]));
            await Stop(app, client);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("Sandbox:OAuthClients:c1:SecretHash", "plain", "Sandbox:OAuthClients:c1:SecretHash")]
    [InlineData("Sandbox:OAuthClients:c1:RoleCollections:0", "NoSuchCollection", "Sandbox:OAuthClients:c1:RoleCollections:0")]
    [InlineData("Sandbox:OAuthClients:c1:TokenLifetimeSeconds", "0", "Sandbox:OAuthClients:c1:TokenLifetimeSeconds")]
    [InlineData("Sandbox:OAuthClients:sandbox:SecretHash", null, "Sandbox:OAuthClients:sandbox")]
    [InlineData("Sandbox:IdentityProviders:idp:Certificate", "no-such-file.pem", "Sandbox:IdentityProviders:idp:Certificate")]
    [InlineData("Sandbox:IdentityProviders:idp:Certificate", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", "Sandbox:IdentityProviders:idp:Certificate")]
    [InlineData("Sandbox:IdentityProviders:idp:EntityId", "https://idp", "Sandbox:IdentityProviders:idp:Certificate")]
    public void A_configuration_error_in_clients_or_identity_providers_stops_start_up_naming_the_key(string key, string? value, string named)
    {
        var settings = new Dictionary<string, string?> { ["Sandbox:OAuthClients:c1:SecretHash"] = PasswordHash.Create("x") };
        if (key.StartsWith("Sandbox:OAuthClients:sandbox", StringComparison.Ordinal)) settings[key] = PasswordHash.Create("x");
        else settings[key] = value;

        var error = Assert.Throws<ConfigurationError>(() => SandboxHost.Build(new SandboxOptions
        {
            Urls = "http://127.0.0.1:0",
            Store = "sqlite:" + Path.Combine(Path.GetTempPath(), $"sapsandbox-config-{Guid.NewGuid():N}", "sandbox.db"),
            Settings = settings,
        }));

        Assert.Equal(named, error.Key);
    }
}
