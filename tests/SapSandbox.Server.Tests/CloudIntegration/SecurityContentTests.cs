using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SapSandbox.Server.Certificates;
using SapSandbox.Server.Security;

namespace SapSandbox.Server.Tests.CloudIntegration;

/// <summary>
/// A tenant of its own for the security content tests, with an HTTPS listener for client certificates and a user,
/// <c>supplier1</c>, whom no configuration maps a certificate to: only the tenant's certificate-to-user mappings do.
/// </summary>
public sealed class SecurityContentServer : SandboxServer
{
    public const string Api = "/api/v1/";
    public const string Supplier = "supplier1";

    protected override string HttpsUrls => "https://127.0.0.1:0";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [$"Sandbox:Users:{Supplier}:PasswordHash"] = PasswordHash.Create("Welcome1!"),
        [$"Sandbox:Users:{Supplier}:RoleCollections:0"] = "Sandbox_Administrator",
    };

    /// <summary>A change as Cloud Integration clients send it: a CSRF token fetched on the service root (with its cookie), then the request.</summary>
    public async Task<HttpResponseMessage> Send(HttpMethod method, string url, HttpContent? content = null, HttpClient? client = null)
    {
        client ??= Client;
        var token = await FetchCsrfToken(client, Api);
        using var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Add("X-CSRF-Token", token);
        request.Headers.Add("Accept", "application/json");
        return await client.SendAsync(request);
    }

    public Task<HttpResponseMessage> SendJson(HttpMethod method, string url, object body, HttpClient? client = null) =>
        Send(method, url, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"), client);

    /// <summary>The <c>d</c> of a JSON read that must answer 200.</summary>
    public async Task<JsonElement> D(string url, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Accept", "application/json");
        using var response = await (client ?? Client).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("d").Clone();
    }

    public async Task<List<JsonElement>> Results(string url) => [.. (await D(url)).GetProperty("results").EnumerateArray()];

    public async Task<byte[]> Bytes(string url)
    {
        using var response = await Client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    public static JsonElement Golden(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "CloudIntegration", file))).RootElement.Clone();

    /// <summary>A client certificate signed by the development CA, made here from the CA's files as a developer's tooling makes one.</summary>
    public X509Certificate2 ClientCertificate(string subject)
    {
        var folder = App.Services.GetRequiredService<DevelopmentCertificateAuthority>().Folder;
        using var ca = X509Certificate2.CreateFromPemFile(Path.Combine(folder, "ca.pem"), Path.Combine(folder, "ca-key.pem"));
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        if (start < ca.NotBefore.ToUniversalTime()) start = ca.NotBefore.ToUniversalTime();
        using var issued = request.Create(ca, start, DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(8));
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>An HTTPS client that presents <paramref name="certificate"/> and has no other credentials.</summary>
    public HttpClient HttpsClient(X509Certificate2 certificate)
    {
        var handler = new HttpClientHandler
        {
            ClientCertificateOptions = ClientCertificateOption.Manual,
            ServerCertificateCustomValidationCallback = (_, _, _, errors) => (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None,
            UseCookies = true,
        };
        handler.ClientCertificates.Add(certificate);
        return new HttpClient(handler) { BaseAddress = HttpsAddress };
    }
}

/// <summary>
/// The Security Content API as key-store scripts and CI/CD pipelines use it, with real cryptography: entries whose
/// fingerprints, validity and key sizes are the certificates' own; key pairs generated, exported and imported again
/// byte for byte; signing requests answered with a CA's chain; PKCS#12, JKS and JCEKS in and out; renewal, history,
/// backup and restore; write-only secrets; certificate-to-user mappings that sign a client certificate in; access policies.
/// </summary>
public class SecurityContentTests(SecurityContentServer server) : IClassFixture<SecurityContentServer>
{
    const string Api = SecurityContentServer.Api;

    static string Hex(string alias) => Convert.ToHexString(Encoding.UTF8.GetBytes(alias));
    static string Entry(string alias) => $"{Api}KeystoreEntries('{Hex(alias)}')";
    static string Fingerprint(byte[] hash) => string.Join(":", hash.Select(b => b.ToString("X2")));
    static long Milliseconds(DateTime time) => new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero).ToUnixTimeMilliseconds();
    static long Milliseconds(JsonElement date) => long.Parse(date.GetString()!.Replace("/Date(", "").Replace(")/", "").Split('+')[0], CultureInfo.InvariantCulture);

    static X509Certificate2 Pem(byte[] body) => X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(body));

    /// <summary>The certificates of a PKCS#7 SignedData (RFC 5652: contentType, [0] SignedData with [0] certificates).</summary>
    static List<X509Certificate2> Pkcs7Certificates(byte[] der)
    {
        var content = new AsnReader(der, AsnEncodingRules.BER).ReadSequence();
        Assert.Equal("1.2.840.113549.1.7.2", content.ReadObjectIdentifier());
        var signedData = content.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)).ReadSequence();
        signedData.ReadInteger();
        signedData.ReadSetOf();
        signedData.ReadSequence();
        var set = signedData.ReadSetOf(skipSortOrderValidation: true, expectedTag: new Asn1Tag(TagClass.ContextSpecific, 0, true));
        var certificates = new List<X509Certificate2>();
        while (set.HasData) certificates.Add(X509CertificateLoader.LoadCertificate(set.ReadEncodedValue().ToArray()));
        return certificates;
    }

    /// <summary>The entry's properties must be what the certificate itself says, computed here independently.</summary>
    static void AssertDescribes(JsonElement entry, X509Certificate2 certificate)
    {
        Assert.Equal(Fingerprint(SHA1.HashData(certificate.RawData)), entry.GetProperty("FingerprintSha1").GetString());
        Assert.Equal(Fingerprint(SHA256.HashData(certificate.RawData)), entry.GetProperty("FingerprintSha256").GetString());
        Assert.Equal(Fingerprint(SHA512.HashData(certificate.RawData)), entry.GetProperty("FingerprintSha512").GetString());
        Assert.Equal(certificate.GetCertHashString(HashAlgorithmName.SHA256), entry.GetProperty("FingerprintSha256").GetString()!.Replace(":", ""));
        Assert.Equal(Milliseconds(certificate.NotBefore), Milliseconds(entry.GetProperty("ValidNotBefore")));
        Assert.Equal(Milliseconds(certificate.NotAfter), Milliseconds(entry.GetProperty("ValidNotAfter")));
        Assert.Equal("0x" + certificate.SerialNumber.TrimStart('0'), entry.GetProperty("SerialNumber").GetString());
        Assert.Equal(certificate.Version, entry.GetProperty("Version").GetInt32());
        var size = certificate.GetRSAPublicKey()?.KeySize ?? certificate.GetECDsaPublicKey()?.KeySize;
        Assert.Equal(size, entry.GetProperty("KeySize").GetInt32());
        // The common name as the certificate's own distinguished name writes it (quoted when it holds a ';').
        Assert.Contains(certificate.Subject.Split(", ").First(part => part.StartsWith("CN=", StringComparison.Ordinal)), entry.GetProperty("SubjectDN").GetString());
    }

    /// <summary>Every property name of the Hub's or the tenant's example is in the sandbox's answer.</summary>
    static void AssertHasShapeOf(JsonElement golden, JsonElement actual)
    {
        var missing = golden.EnumerateObject().Select(p => p.Name).Where(n => n != "__metadata" && !actual.TryGetProperty(n, out _)).ToList();
        Assert.True(missing.Count == 0, "missing: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task Seeded_entries_report_what_their_certificates_say_in_the_shape_of_the_Hub()
    {
        var entries = await server.Results(Api + "KeystoreEntries");
        var golden = SecurityContentServer.Golden("KeystoreEntries__GET__200.json").GetProperty("d").GetProperty("results");
        Assert.Contains(entries, e => e.GetProperty("Alias").GetString() == "sap_cloudintegrationcertificate" && e.GetProperty("Type").GetString() == "Key Pair"
                                      && e.GetProperty("Owner").GetString() == "SAP");
        Assert.Contains(entries, e => e.GetProperty("Type").GetString() == "Certificate" && e.GetProperty("Owner").GetString() == "Tenant Administrator");
        Assert.Contains(entries, e => e.GetProperty("KeyType").GetString() == "EC" && e.GetProperty("EllipticCurve").GetString() == "secp256r1");
        foreach (var entry in entries)
        {
            AssertHasShapeOf(golden[0], entry);
            Assert.Equal(Hex(entry.GetProperty("Alias").GetString()!), entry.GetProperty("Hexalias").GetString());
            var certificate = Pem(await server.Bytes(Entry(entry.GetProperty("Alias").GetString()!) + "/Certificate/$value"));
            AssertDescribes(entry, certificate);
        }

        // A key pair's chain: its own certificate, the issuing CA, the root, each described from its bytes.
        var chain = await server.Results(Entry("sap_cloudintegrationcertificate") + "/ChainCertificates");
        Assert.Equal([0, 1, 2], chain.Select(c => c.GetProperty("Index").GetInt32()));
        AssertHasShapeOf(SecurityContentServer.Golden("KeystoreEntries_key_Hexalias_ChainCertificates__GET__200.json").GetProperty("d").GetProperty("results")[0], chain[0]);
        var pkcs7 = Pkcs7Certificates(await server.Bytes(Entry("sap_cloudintegrationcertificate") + "/ChainResource/$value"));
        Assert.Equal(3, pkcs7.Count);
        for (var i = 0; i < 3; i++) AssertDescribes(chain[i], pkcs7[i]);
        Assert.Equal(chain[0].GetProperty("IssuerDN").GetString(), chain[1].GetProperty("SubjectDN").GetString());

        // The Hub's example chain starts with DigiCert Global Root G2 (its CN replaced by the Hub): the same validity and fingerprint ends.
        var hub = SecurityContentServer.Golden("KeystoreEntries_key_Hexalias_ChainCertificates__GET__200.json").GetProperty("d").GetProperty("results")[0];
        var digicert = (await server.D(Entry("digicert global root g2")));
        Assert.Equal(Milliseconds(hub.GetProperty("ValidNotBefore")), Milliseconds(digicert.GetProperty("ValidNotBefore")));
        Assert.Equal(Milliseconds(hub.GetProperty("ValidNotAfter")), Milliseconds(digicert.GetProperty("ValidNotAfter")));
        Assert.StartsWith(hub.GetProperty("FingerprintSha1").GetString()![..11], digicert.GetProperty("FingerprintSha1").GetString());
        Assert.EndsWith(hub.GetProperty("FingerprintSha1").GetString()![^5..], digicert.GetProperty("FingerprintSha1").GetString());
        Assert.Equal(hub.GetProperty("SignatureAlgorithm").GetString(), digicert.GetProperty("SignatureAlgorithm").GetString());

        var keystore = await server.D(Api + "Keystores('system')?$expand=Entries");
        Assert.Equal(entries.Count, keystore.GetProperty("Size").GetInt32());
        Assert.Equal(entries.Count, keystore.GetProperty("Entries").GetProperty("results").GetArrayLength());
        AssertHasShapeOf(SecurityContentServer.Golden("Keystores_key_KeystoreName__GET__200.json").GetProperty("d"), keystore);
        var history = await server.Results(Api + "HistoryKeystoreEntries");
        AssertHasShapeOf(SecurityContentServer.Golden("HistoryKeystoreEntries__GET__200.json").GetProperty("d").GetProperty("results")[0], history[0]);
    }

    [Fact]
    public async Task A_generated_key_pair_exported_and_imported_under_a_new_alias_is_the_same_certificate_byte_for_byte()
    {
        using (var generated = await server.SendJson(HttpMethod.Post, Api + "KeyPairGenerationRequests?returnKeystoreEntries=false", new
               {
                   Hexalias = "00", Alias = "roundtrip_key", KeyType = "RSA", KeySize = 2048, SignatureAlgorithm = "SHA-256/RSA",
                   CommonName = "roundtrip.example.com", OrganizationUnit = "Integration", Organization = "Example Corp", Locality = "Berlin",
                   Country = "DE", ValidNotBefore = "/Date(1767225600000)/", ValidNotAfter = "/Date(1861920000000)/",
               }))
            Assert.Equal(HttpStatusCode.NoContent, generated.StatusCode);

        var entry = await server.D(Entry("roundtrip_key"));
        Assert.Equal("Key Pair", entry.GetProperty("Type").GetString());
        Assert.Equal("SHA256withRSA", entry.GetProperty("SignatureAlgorithm").GetString());
        Assert.Equal("CN=roundtrip.example.com, OU=Integration, O=Example Corp, L=Berlin, C=DE", entry.GetProperty("SubjectDN").GetString());
        Assert.Equal(1767225600000, Milliseconds(entry.GetProperty("ValidNotBefore")));
        // The tenant's serial numbers of generated keys are the start of validity in seconds.
        Assert.Equal("0x" + (1767225600L).ToString("X"), entry.GetProperty("SerialNumber").GetString());

        var exported = Pem(await server.Bytes(Entry("roundtrip_key") + "/Certificate/$value"));
        AssertDescribes(entry, exported);

        // Without fingerprintVerified a self-signed certificate has no trust path: 409, the entry in the error text, notTrusted.
        var copy = Api + $"CertificateResources('{Hex("roundtrip_copy")}')/$value";
        using (var untrusted = await server.Send(HttpMethod.Put, copy + "?fingerprintVerified=false&returnKeystoreEntries=false&update=false",
                   new ByteArrayContent(exported.RawData) { Headers = { ContentType = new MediaTypeHeaderValue("application/pkix-cert") } }))
        {
            Assert.Equal(HttpStatusCode.Conflict, untrusted.StatusCode);
            var error = JsonDocument.Parse(await untrusted.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
            Assert.Equal("Conflict", error.GetProperty("code").GetString());
            var shown = JsonDocument.Parse(error.GetProperty("message").GetProperty("value").GetString()!).RootElement.GetProperty("d");
            Assert.Equal("notTrusted", shown.GetProperty("Validity").GetString());
            Assert.Equal(entry.GetProperty("FingerprintSha256").GetString(), shown.GetProperty("FingerprintSha256").GetString());
        }
        using (var imported = await server.Send(HttpMethod.Put, copy + "?fingerprintVerified=true&returnKeystoreEntries=true&update=false",
                   new ByteArrayContent(exported.RawData) { Headers = { ContentType = new MediaTypeHeaderValue("application/pkix-cert") } }))
        {
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
            var all = JsonDocument.Parse(await imported.Content.ReadAsStringAsync()).RootElement.GetProperty("d").GetProperty("results");
            Assert.Equal("new", all.EnumerateArray().Single(e => e.GetProperty("Alias").GetString() == "roundtrip_copy").GetProperty("Status").GetString());
        }

        var again = Pem(await server.Bytes(Entry("roundtrip_copy") + "/Certificate/$value"));
        Assert.Equal(exported.RawData, again.RawData);
        Assert.Equal(exported.Thumbprint, again.Thumbprint);
        var copied = await server.D(Entry("roundtrip_copy"));
        Assert.Equal("Certificate", copied.GetProperty("Type").GetString());
        Assert.Equal(entry.GetProperty("FingerprintSha512").GetString(), copied.GetProperty("FingerprintSha512").GetString());

        // The same certificate as PEM text and as base64 text without the PEM lines: update=true replaces, update=false refuses.
        using (var pem = await server.Send(HttpMethod.Put, copy + "?fingerprintVerified=true&returnKeystoreEntries=false&update=true", new StringContent(exported.ExportCertificatePem())))
            Assert.Equal(HttpStatusCode.NoContent, pem.StatusCode);
        using (var twice = await server.Send(HttpMethod.Put, copy + "?fingerprintVerified=true&returnKeystoreEntries=false&update=false", new StringContent(Convert.ToBase64String(exported.RawData))))
            Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        using (var garbage = await server.Send(HttpMethod.Put, Api + $"CertificateResources('{Hex("garbage")}')/$value?fingerprintVerified=true&returnKeystoreEntries=false&update=false", new ByteArrayContent([1, 2, 3])))
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, garbage.StatusCode);
        using (var reserved = await server.Send(HttpMethod.Put, Api + $"CertificateResources('{Hex("sap_mine")}')/$value?fingerprintVerified=true&returnKeystoreEntries=false&update=false", new ByteArrayContent(exported.RawData)))
            Assert.Equal(HttpStatusCode.Forbidden, reserved.StatusCode);

        // The OpenSSH public key is the certificate's RSA key.
        var ssh = Encoding.ASCII.GetString(await server.Bytes(Entry("roundtrip_key") + "/Sshkey/$value")).Split(' ');
        Assert.Equal("ssh-rsa", ssh[0]);
        var modulus = exported.GetRSAPublicKey()!.ExportParameters(false).Modulus!;
        Assert.Contains(Convert.ToHexString(modulus), Convert.ToHexString(Convert.FromBase64String(ssh[1])));
    }

    [Fact]
    public async Task An_EC_key_pair_is_generated_on_the_curve_its_size_names()
    {
        using (var generated = await server.SendJson(HttpMethod.Post, Api + "KeyPairGenerationRequests?returnKeystoreEntries=true", new
               {
                   Hexalias = "00", Alias = "ec_key", KeyType = "EC", KeySize = 384, SignatureAlgorithm = "SHA-512/ECDSA", CommonName = "ec.example.com", Country = "DE",
               }))
        {
            Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
            Assert.Contains("\"ec_key\"", await generated.Content.ReadAsStringAsync());
        }
        var entry = await server.D(Entry("ec_key"));
        Assert.Equal(("EC", 384, "secp384r1", "SHA512withECDSA"), (entry.GetProperty("KeyType").GetString(), entry.GetProperty("KeySize").GetInt32(),
            entry.GetProperty("EllipticCurve").GetString(), entry.GetProperty("SignatureAlgorithm").GetString()));
        AssertDescribes(entry, Pem(await server.Bytes(Entry("ec_key") + "/Certificate/$value")));

        using (var taken = await server.SendJson(HttpMethod.Post, Api + "KeyPairGenerationRequests", new { Alias = "ec_key", KeyType = "EC", KeySize = 256, CommonName = "x", Country = "DE" }))
            Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        using (var unnamed = await server.SendJson(HttpMethod.Post, Api + "KeyPairGenerationRequests", new { Alias = "no_cn", KeyType = "RSA", KeySize = 2048 }))
            Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
        using (var ssh = await server.Send(HttpMethod.Get, Entry("ec_key") + "/Sshkey/$value"))
            Assert.Equal(HttpStatusCode.BadRequest, ssh.StatusCode);
    }

    [Fact]
    public async Task A_signing_request_signed_by_a_CA_comes_back_as_the_key_pairs_chain()
    {
        using (var generated = await server.SendJson(HttpMethod.Post, Api + "KeyPairGenerationRequests", new { Alias = "csr_key", KeyType = "RSA", KeySize = 2048, CommonName = "csr.example.com", Country = "DE" }))
            Assert.Equal(HttpStatusCode.NoContent, generated.StatusCode);
        var csr = Encoding.ASCII.GetString(await server.Bytes(Entry("csr_key") + "/SigningRequest/$value"));
        // The request's signature verifies (LoadSigningRequestPem checks it) and names the key pair's subject.
        var request = CertificateRequest.LoadSigningRequestPem(csr, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default, RSASignaturePadding.Pkcs1);
        Assert.Equal("CN=csr.example.com, C=DE", request.SubjectName.Name);

        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Example Issuing CA, O=Example Corp, C=DE", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        using var signed = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddYears(1), RandomNumberGenerator.GetBytes(12));

        var chainUrl = Api + $"CertificateChainResources('{Hex("csr_key")}')/$value?fingerprintVerified=true&returnKeystoreEntries=false";
        using (var wrong = await server.Send(HttpMethod.Put, chainUrl, new StringContent(ca.ExportCertificatePem())))
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        // The CA's certificate first, the key pair's after: the keystore puts them in chain order.
        using (var imported = await server.Send(HttpMethod.Put, chainUrl, new StringContent(ca.ExportCertificatePem() + "\n" + signed.ExportCertificatePem())))
            Assert.Equal(HttpStatusCode.NoContent, imported.StatusCode);

        var chain = await server.Results(Entry("csr_key") + "/ChainCertificates");
        Assert.Equal(2, chain.Count);
        AssertDescribes(chain[0], signed);
        AssertDescribes(chain[1], ca);
        Assert.Equal(signed.RawData, Pem(await server.Bytes(Entry("csr_key") + "/Certificate/$value")).RawData);
        Assert.Equal(ca.RawData, Pem(await server.Bytes(Entry("csr_key") + "/Certificate/$value?rootCA=true")).RawData);
        var entry = await server.D(Entry("csr_key"));
        Assert.Equal("CN=Example Issuing CA, O=Example Corp, C=DE", entry.GetProperty("IssuerDN").GetString());
        Assert.Equal("changed", entry.GetProperty("Status").GetString());

        // A chain as PKCS#7 (DER), as a CA returns it, is taken as well.
        using (var again = await server.Send(HttpMethod.Put, chainUrl, new ByteArrayContent(CmsOf(signed, ca)) { Headers = { ContentType = new MediaTypeHeaderValue("application/pkcs7-mime") } }))
            Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
    }

    /// <summary>A degenerate PKCS#7 of certificates (no signers), as <c>openssl crl2pkcs7</c> writes one.</summary>
    static byte[] CmsOf(params X509Certificate2[] certificates) => new X509Certificate2Collection(certificates).Export(X509ContentType.Pkcs7)!;

    [Fact]
    public async Task A_key_pair_imported_from_PKCS12_keeps_its_key_and_a_wrong_password_is_refused()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=partner-signing, O=ACME Corp, C=US", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var pfx = certificate.Export(X509ContentType.Pkcs12, "Secret1!");

        using (var wrong = await server.SendJson(HttpMethod.Post, Api + "KeyPairResources?fingerprintVerified=true&returnKeystoreEntries=false&update=false",
                   new { Hexalias = "00", Alias = "pfx_key", Password = "wrong", Resource = Convert.ToBase64String(pfx) }))
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        using (var notPfx = await server.SendJson(HttpMethod.Post, Api + "KeyPairResources?fingerprintVerified=true&returnKeystoreEntries=false&update=false",
                   new { Hexalias = "00", Alias = "pfx_key", Password = "x", Resource = Convert.ToBase64String(certificate.RawData) }))
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, notPfx.StatusCode);
        using (var imported = await server.SendJson(HttpMethod.Post, Api + "KeyPairResources?fingerprintVerified=true&returnKeystoreEntries=false&update=false",
                   new { Hexalias = "00", Alias = "pfx_key", Password = "Secret1!", Resource = Convert.ToBase64String(pfx) }))
            Assert.Equal(HttpStatusCode.NoContent, imported.StatusCode);

        var entry = await server.D(Entry("pfx_key"));
        Assert.Equal("Key Pair", entry.GetProperty("Type").GetString());
        AssertDescribes(entry, certificate);
        // The keystore signs with the imported key: the signing request verifies against the certificate's public key.
        var csr = CertificateRequest.LoadSigningRequestPem(Encoding.ASCII.GetString(await server.Bytes(Entry("pfx_key") + "/SigningRequest/$value")), HashAlgorithmName.SHA256);
        Assert.Equal(certificate.PublicKey.ExportSubjectPublicKeyInfo(), csr.PublicKey.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public async Task Existing_RSA_and_SSH_private_keys_become_key_pairs_with_their_own_public_keys()
    {
        using var rsa = RSA.Create(2048);
        var pkcs1 = Convert.ToBase64String(Encoding.ASCII.GetBytes(rsa.ExportRSAPrivateKeyPem()));
        using (var imported = await server.SendJson(HttpMethod.Post, Api + "RSAKeyGenerationRequests?returnKeystoreEntries=false",
                   new { Hexalias = "AB", Alias = "rsa_file_key", RSAFile = pkcs1, SignatureAlgorithm = "SHA-384/RSA", CommonName = "rsa file", Country = "DE" }))
            Assert.Equal(HttpStatusCode.NoContent, imported.StatusCode);
        var certificate = Pem(await server.Bytes(Entry("rsa_file_key") + "/Certificate/$value"));
        Assert.Equal(rsa.ExportSubjectPublicKeyInfo(), certificate.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Equal("SHA384withRSA", (await server.D(Entry("rsa_file_key"))).GetProperty("SignatureAlgorithm").GetString());
        using (var noCountry = await server.SendJson(HttpMethod.Post, Api + "RSAKeyGenerationRequests", new { Alias = "rsa_2", RSAFile = pkcs1, CommonName = "x" }))
            Assert.Equal(HttpStatusCode.BadRequest, noCountry.StatusCode);

        // An SSH key file is named by its algorithm: id_ec for an EC key; update=true replaces it.
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var file = Convert.ToBase64String(Encoding.ASCII.GetBytes(ec.ExportECPrivateKeyPem()));
        using (var ssh = await server.SendJson(HttpMethod.Post, Api + "SSHKeyGenerationRequests?update=false&returnKeystoreEntries=false", new { SSHFile = file, CommonName = "ssh" }))
        {
            Assert.Equal(HttpStatusCode.OK, ssh.StatusCode);
            Assert.Equal("id_ec", JsonDocument.Parse(await ssh.Content.ReadAsStringAsync()).RootElement.GetProperty("d").GetProperty("Alias").GetString());
        }
        Assert.Equal(ec.ExportSubjectPublicKeyInfo(), Pem(await server.Bytes(Entry("id_ec") + "/Certificate/$value")).PublicKey.ExportSubjectPublicKeyInfo());
        using (var again = await server.SendJson(HttpMethod.Post, Api + "SSHKeyGenerationRequests?update=false", new { SSHFile = file, CommonName = "ssh" }))
            Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        using (var replaced = await server.SendJson(HttpMethod.Post, Api + "SSHKeyGenerationRequests?update=true", new { SSHFile = file, CommonName = "ssh again" }))
            Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.StartsWith("CN=ssh again", (await server.D(Entry("id_ec"))).GetProperty("SubjectDN").GetString());
    }

    [Fact]
    public async Task Entries_are_renamed_and_deleted_and_SAPs_aliases_are_refused()
    {
        using (var generated = await server.SendJson(HttpMethod.Post, Api + "KeyPairGenerationRequests", new { Alias = "old name", KeyType = "RSA", KeySize = 2048, CommonName = "rename", Country = "DE" }))
            Assert.Equal(HttpStatusCode.NoContent, generated.StatusCode);
        var before = await server.D(Entry("old name"));

        // The hexalias is taken in either case of hex digits, as the documentation's examples write it in lower case.
        using (var renamed = await server.SendJson(HttpMethod.Put, Api + $"KeystoreEntries('{Hex("old name").ToLowerInvariant()}')?renameAlias=new%20name&returnHexAlias=true", new { Status = (string?)null }))
        {
            Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
            Assert.Equal($"[{Hex("new name")}]", await renamed.Content.ReadAsStringAsync());
        }
        using (var gone = await server.Send(HttpMethod.Get, Entry("old name")))
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        var after = await server.D(Api + $"KeystoreEntries('{Hex("new name").ToLowerInvariant()}')");
        Assert.Equal(before.GetProperty("FingerprintSha256").GetString(), after.GetProperty("FingerprintSha256").GetString());

        using (var sap = await server.Send(HttpMethod.Delete, Entry("sap_cloudintegrationcertificate")))
            Assert.Equal(HttpStatusCode.Forbidden, sap.StatusCode);
        using (var toSap = await server.SendJson(HttpMethod.Put, Entry("new name") + "?renameAlias=hcicertificate", new { Status = (string?)null }))
            Assert.Equal(HttpStatusCode.Forbidden, toSap.StatusCode);
        using (var deleted = await server.Send(HttpMethod.Delete, Entry("new name")))
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using (var again = await server.Send(HttpMethod.Delete, Entry("new name")))
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        using (var post = await server.SendJson(HttpMethod.Post, Api + "KeystoreEntries", new { Alias = "x" }))
            Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }

    [Fact]
    public async Task A_renewed_SAP_key_is_activated_the_old_one_goes_to_the_history_and_comes_back_to_the_renewal_keystore()
    {
        var current = await server.D(Entry("sap_cloudintegrationcertificate"));
        var renewal = (await server.Results(Api + "KeystoreEntries?keystoreName=KeyRenewal")).Single(e => e.GetProperty("Alias").GetString() == "sap_cloudintegrationcertificate");
        Assert.NotEqual(current.GetProperty("FingerprintSha256").GetString(), renewal.GetProperty("FingerprintSha256").GetString());
        Assert.Equal("1", Encoding.ASCII.GetString(await server.Bytes(Api + "Keystores('KeyRenewal')/Size/$value")));

        using (var activated = await server.Send(HttpMethod.Delete, Entry("sap_cloudintegrationcertificate") + "?keystoreName=KeyRenewal&activate=true"))
            Assert.Equal(HttpStatusCode.NoContent, activated.StatusCode);
        var active = await server.D(Entry("sap_cloudintegrationcertificate"));
        Assert.Equal(renewal.GetProperty("FingerprintSha256").GetString(), active.GetProperty("FingerprintSha256").GetString());
        Assert.Equal("0", Encoding.ASCII.GetString(await server.Bytes(Api + "Keystores('KeyRenewal')/Size/$value")));

        var history = await server.Results(Api + "HistoryKeystoreEntries");
        var retired = history.Single(h => h.GetProperty("FingerprintSha256").GetString() == current.GetProperty("FingerprintSha256").GetString());
        Assert.Equal("[2]_sap_cloudintegrationcertificate", retired.GetProperty("Alias").GetString());
        Assert.Equal(2, retired.GetProperty("ActivationSequenceNumber").GetInt32());
        Assert.Equal("sap_cloudintegrationcertificate", retired.GetProperty("OriginalAlias").GetString());
        Assert.Equal("sandbox", retired.GetProperty("DeactivatedBy").GetString());
        // The retired key's certificate is still the one it was.
        var retiredPem = Pem(await server.Bytes(Api + $"HistoryKeystoreEntries('{Hex("[2]_sap_cloudintegrationcertificate")}')/Certificate/$value"));
        AssertDescribes(current, retiredPem);

        using (var notSap = await server.SendJson(HttpMethod.Put, Api + $"HistoryKeystoreEntries('{Hex("[2]_sap_cloudintegrationcertificate")}')?copy=true&destinationAlias=mine", new { Status = (string?)null }))
            Assert.Equal(HttpStatusCode.BadRequest, notSap.StatusCode);
        using (var restored = await server.SendJson(HttpMethod.Put, Api + $"HistoryKeystoreEntries('{Hex("[2]_sap_cloudintegrationcertificate")}')?copy=true", new { Status = (string?)null }))
            Assert.Equal(HttpStatusCode.NoContent, restored.StatusCode);
        var waiting = (await server.Results(Api + "KeystoreEntries?keystoreName=KeyRenewal")).Single();
        Assert.Equal("sap_cloudintegrationcertificate", waiting.GetProperty("Alias").GetString());
        Assert.Equal(current.GetProperty("FingerprintSha256").GetString(), waiting.GetProperty("FingerprintSha256").GetString());
    }

    [Fact]
    public async Task The_tenant_administrators_entries_are_backed_up_mass_deleted_and_restored()
    {
        foreach (var alias in new[] { "backup_a", "backup;b" })
            using (var generated = await server.SendJson(HttpMethod.Post, Api + "KeyPairGenerationRequests", new { Alias = alias, KeyType = "EC", KeySize = 256, CommonName = alias, Country = "DE" }))
                Assert.Equal(HttpStatusCode.NoContent, generated.StatusCode);
        var fingerprint = (await server.D(Entry("backup;b"))).GetProperty("FingerprintSha256").GetString();

        using (var backup = await server.SendJson(HttpMethod.Post, Api + "KeystoreResources?returnKeystoreEntries=true", new { Name = "backup_admin_system" }))
        {
            Assert.Equal(HttpStatusCode.OK, backup.StatusCode);
            var saved = JsonDocument.Parse(await backup.Content.ReadAsStringAsync()).RootElement.GetProperty("d").GetProperty("results").EnumerateArray().ToList();
            Assert.All(saved, e => Assert.Equal("Tenant Administrator", e.GetProperty("Owner").GetString()));
            Assert.Contains(saved, e => e.GetProperty("Alias").GetString() == "backup;b");
        }

        using (var sap = await server.SendJson(HttpMethod.Put, Api + "KeystoreResources('system')?deleteEntries=true&returnKeystoreEntries=false", new { Aliases = "backup_a;sap_cloudintegrationcertificate" }))
            Assert.Equal(HttpStatusCode.Forbidden, sap.StatusCode);
        using (var deleted = await server.SendJson(HttpMethod.Put, Api + "KeystoreResources('system')?deleteEntries=true&returnKeystoreEntries=false", new { Aliases = "backup_a;backup\\;b" }))
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using (var gone = await server.Send(HttpMethod.Get, Entry("backup;b")))
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);

        using (var restored = await server.SendJson(HttpMethod.Put, Api + "KeystoreResources('system')?retrieveBackup=backup_admin_system&importOption=overwrite&returnKeystoreEntries=true", new { Resource = (string?)null }))
        {
            Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
            var statuses = JsonDocument.Parse(await restored.Content.ReadAsStringAsync()).RootElement.GetProperty("d").GetProperty("results").EnumerateArray()
                .ToDictionary(e => e.GetProperty("Alias").GetString()!, e => e.GetProperty("Status").GetString());
            Assert.Equal("new", statuses["backup;b"]);
            Assert.Equal("new", statuses["backup_a"]);
        }
        Assert.Equal(fingerprint, (await server.D(Entry("backup;b"))).GetProperty("FingerprintSha256").GetString());
        // The restored key pair still holds its key: it signs a request for its certificate's key.
        var csr = CertificateRequest.LoadSigningRequestPem(Encoding.ASCII.GetString(await server.Bytes(Entry("backup;b") + "/SigningRequest/$value")), HashAlgorithmName.SHA256);
        Assert.Equal(Pem(await server.Bytes(Entry("backup;b") + "/Certificate/$value")).PublicKey.ExportSubjectPublicKeyInfo(), csr.PublicKey.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public async Task The_public_keystore_export_is_a_JCEKS_file_of_the_certificates_and_a_JKS_import_brings_keys_in()
    {
        var export = await server.D(Api + "KeystoreResources('system')");
        AssertHasShapeOf(SecurityContentServer.Golden("KeystoreResources_key_KeystoreName__GET__200.json").GetProperty("d"), export);
        var file = Convert.FromBase64String(export.GetProperty("Resource").GetString()!);
        var entries = ReadJceksCertificates(file);
        var certificate = Pem(await server.Bytes(Entry("isrg root x1") + "/Certificate/$value"));
        Assert.Equal(certificate.RawData, entries["isrg root x1"]);
        // A key pair's chain is exported as alias, alias_1, alias_2.
        var chain = await server.Results(Entry("sap_cloudintegrationcertificate") + "/ChainCertificates");
        Assert.Equal(chain.Count, entries.Keys.Count(k => k == "sap_cloudintegrationcertificate" || k.StartsWith("sap_cloudintegrationcertificate_", StringComparison.Ordinal)));

        // An import of the file that was exported changes nothing; with merge, the aliases taken are not imported.
        using var imported = await server.SendJson(HttpMethod.Post, Api + "KeystoreResources?importOption=merge&returnKeystoreEntries=true",
            new { Name = "system", Resource = Convert.ToBase64String(file), Password = "" });
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var statuses = JsonDocument.Parse(await imported.Content.ReadAsStringAsync()).RootElement.GetProperty("d").GetProperty("results").EnumerateArray()
            .Select(e => (Alias: e.GetProperty("Alias").GetString()!, Status: e.GetProperty("Status").GetString()!)).ToList();
        Assert.Contains(("isrg root x1", "notImported: An entry with the same alias already exists"), statuses);
        Assert.Contains(("sap_cloudintegrationcertificate", "notImported: The alias is reserved for SAP"), statuses);
        using var wrongPassword = await server.SendJson(HttpMethod.Post, Api + "KeystoreResources?importOption=merge", new { Name = "system", Resource = Convert.ToBase64String(file), Password = "nope" });
        Assert.Equal(HttpStatusCode.BadRequest, wrongPassword.StatusCode);
    }

    /// <summary>Reads a JCEKS file's trusted certificates and checks its integrity digest (empty password), independently of the sandbox.</summary>
    static Dictionary<string, byte[]> ReadJceksCertificates(byte[] file)
    {
        Assert.Equal(0xCECECECEu, BinaryPrimitives.ReadUInt32BigEndian(file));
        var digest = SHA1.HashData([.. Encoding.UTF8.GetBytes("Mighty Aphrodite"), .. file[..^20]]);
        Assert.Equal(digest, file[^20..]);
        var at = 8;
        var count = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at));
        at += 4;
        var result = new Dictionary<string, byte[]>();
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at)));
            at += 4;
            var aliasLength = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(at));
            var alias = Encoding.UTF8.GetString(file, at + 2, aliasLength);
            at += 2 + aliasLength + 8;
            var typeLength = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(at));
            Assert.Equal("X.509", Encoding.UTF8.GetString(file, at + 2, typeLength));
            at += 2 + typeLength;
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at));
            result[alias] = file[(at + 4)..(at + 4 + length)];
            at += 4 + length;
        }
        return result;
    }

    [Fact]
    public async Task Secrets_are_taken_kept_for_the_runtime_and_never_returned()
    {
        using (var created = await server.SendJson(HttpMethod.Post, Api + "UserCredentials", new { Name = "ERP_User", Kind = "default", Description = "ERP", User = "erp", Password = "Top-Secret-1" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
            Assert.Empty(await created.Content.ReadAsByteArrayAsync());
        }
        using (var taken = await server.SendJson(HttpMethod.Post, Api + "UserCredentials", new { Name = "ERP_User", Kind = "default", User = "erp", Password = "x" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
            Assert.Equal("Conflict", JsonDocument.Parse(await taken.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString());
        }
        using (var wrongKind = await server.SendJson(HttpMethod.Post, Api + "UserCredentials", new { Name = "Odd", Kind = "kerberos", User = "x", Password = "x" }))
            Assert.Equal(HttpStatusCode.InternalServerError, wrongKind.StatusCode);
        using (var noCompany = await server.SendJson(HttpMethod.Post, Api + "UserCredentials", new { Name = "SF", Kind = "successfactors", User = "x", Password = "x" }))
            Assert.Equal(HttpStatusCode.InternalServerError, noCompany.StatusCode);
        using (var changed = await server.SendJson(HttpMethod.Put, Api + "UserCredentials('ERP_User')", new { Name = "ERP_User", Kind = "default", User = "erp2", Password = "Top-Secret-2" }))
            Assert.Equal(HttpStatusCode.Accepted, changed.StatusCode);
        using (var missing = await server.SendJson(HttpMethod.Put, Api + "UserCredentials('Nobody')", new { Kind = "default", User = "x" }))
            Assert.Equal(HttpStatusCode.Conflict, missing.StatusCode);
        using (var oauth = await server.SendJson(HttpMethod.Post, Api + "OAuth2ClientCredentials", new
               {
                   Name = "Token_Client", TokenServiceUrl = "https://auth.example.com/oauth/token", ClientId = "client-1", ClientSecret = "client-secret-1",
                   ClientAuthentication = "header", Scope = "read", ScopeContentType = "json", CustomParameters = new[] { new { Key = "audience", Value = "erp", SendAsPartOf = "body" } },
               }))
            Assert.Equal(HttpStatusCode.Accepted, oauth.StatusCode);
        using (var parameter = await server.SendJson(HttpMethod.Post, Api + "SecureParameters", new { Name = "Api_Key", SecureParam = "key-value-1" }))
            Assert.Equal(HttpStatusCode.Accepted, parameter.StatusCode);
        using (var noValue = await server.SendJson(HttpMethod.Post, Api + "SecureParameters", new { Name = "Empty" }))
            Assert.Equal(HttpStatusCode.BadRequest, noValue.StatusCode);

        var credential = await server.D(Api + "UserCredentials('ERP_User')");
        Assert.Equal(JsonValueKind.Null, credential.GetProperty("Password").ValueKind);
        Assert.Equal("erp2", credential.GetProperty("User").GetString());
        Assert.Equal("DEPLOYED", credential.GetProperty("SecurityArtifactDescriptor").GetProperty("Status").GetString());
        AssertHasShapeOf(SecurityContentServer.Golden("UserCredentials__GET_list__neo-tenant.json").GetProperty("d").GetProperty("results")[0], credential);
        Assert.All(await server.Results(Api + "UserCredentials"), c => Assert.Equal(JsonValueKind.Null, c.GetProperty("Password").ValueKind));
        Assert.All(await server.Results(Api + "UserCredentials?$select=Name,Password"), c => Assert.Equal(JsonValueKind.Null, c.GetProperty("Password").ValueKind));
        var client = await server.D(Api + "OAuth2ClientCredentials('Token_Client')?$expand=CustomParameters");
        Assert.Equal(JsonValueKind.Null, client.GetProperty("ClientSecret").ValueKind);
        Assert.Equal("audience", client.GetProperty("CustomParameters").GetProperty("results")[0].GetProperty("Key").GetString());
        AssertHasShapeOf(SecurityContentServer.Golden("OAuth2ClientCredentials__GET__200.json").GetProperty("d").GetProperty("results")[0], client);
        var secure = await server.D(Api + "SecureParameters('Api_Key')");
        Assert.Equal(JsonValueKind.Null, secure.GetProperty("SecureParam").ValueKind);
        AssertHasShapeOf(SecurityContentServer.Golden("SecureParameters__GET__200.json").GetProperty("d").GetProperty("results")[0], secure);
        // Atom, the default format, leaves them out the same way.
        var atom = await server.Client.GetStringAsync(Api + "UserCredentials('ERP_User')");
        Assert.DoesNotContain("Top-Secret", atom);

        // What the runtime uses (a connectivity test, a flow) is kept, and the latest value wins.
        Assert.Equal("Top-Secret-2", Secret("UserCredentials", "ERP_User"));
        Assert.Equal("client-secret-1", Secret("OAuth2ClientCredentials", "Token_Client"));
        Assert.Equal("key-value-1", Secret("SecureParameters", "Api_Key"));

        using (var deleted = await server.Send(HttpMethod.Delete, Api + "UserCredentials('ERP_User')"))
            Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        Assert.Null(Secret("UserCredentials", "ERP_User"));
        using (var gone = await server.Send(HttpMethod.Get, Api + "UserCredentials('ERP_User')"))
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    string? Secret(string kind, string name)
    {
        using var session = server.OpenStore().Rent();
        return session.Scalar("SELECT \"secret\" FROM \"_cloudintegration_secrets\" WHERE \"kind\" = $p0 AND \"name\" = $p1", kind, name) as string;
    }

    [Fact]
    public async Task A_certificate_to_user_mapping_signs_a_client_certificate_in_as_its_user()
    {
        using var certificate = server.ClientCertificate("CN=supplier1 system, O=Supplier Inc");
        using var https = server.HttpsClient(certificate);
        using (var before = await https.GetAsync(Api + "UserCredentials"))
            Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);

        var pem = Convert.ToBase64String(Encoding.ASCII.GetBytes(certificate.ExportCertificatePem()));
        string id;
        using (var created = await server.SendJson(HttpMethod.Post, Api + "CertificateUserMappings", new { User = "somebody", Certificate = pem }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var mapping = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("d");
            id = mapping.GetProperty("Id").GetString()!;
            // The key is the MD5 of the DER bytes in lower-case hex; ValidUntil the certificate's end in milliseconds.
            Assert.Equal(Convert.ToHexStringLower(MD5.HashData(certificate.RawData)), id);
            Assert.Equal(Milliseconds(certificate.NotAfter).ToString(CultureInfo.InvariantCulture), mapping.GetProperty("ValidUntil").GetString());
            Assert.Equal(certificate.RawData, X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(Convert.FromBase64String(mapping.GetProperty("Certificate").GetString()!))).RawData);
            AssertHasShapeOf(SecurityContentServer.Golden("CertificateUserMappings_key_Id__GET__200.json").GetProperty("d"), mapping);
        }
        // The same certificate again changes the user of its mapping (no duplicate key error, as on the tenant).
        using (var changed = await server.SendJson(HttpMethod.Post, Api + "CertificateUserMappings", new { User = SecurityContentServer.Supplier, Certificate = pem }))
            Assert.Equal(HttpStatusCode.Created, changed.StatusCode);
        Assert.Single(await server.Results(Api + $"CertificateUserMappings?$filter=User eq '{SecurityContentServer.Supplier}'"));

        using (var signedIn = await https.GetAsync(Api + "UserCredentials"))
            Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        // Signed in as supplier1: what it deploys names it.
        using (var deployed = await server.SendJson(HttpMethod.Post, Api + "SecureParameters", new { Name = "Supplier_Key", SecureParam = "s" }, https))
            Assert.Equal(HttpStatusCode.Accepted, deployed.StatusCode);
        Assert.Equal(SecurityContentServer.Supplier, (await server.D(Api + "SecureParameters('Supplier_Key')")).GetProperty("DeployedBy").GetString());

        using (var garbage = await server.SendJson(HttpMethod.Post, Api + "CertificateUserMappings", new { User = "x", Certificate = Convert.ToBase64String([1, 2, 3]) }))
            Assert.Equal(HttpStatusCode.InternalServerError, garbage.StatusCode);
        using (var deleted = await server.Send(HttpMethod.Delete, Api + $"CertificateUserMappings('{id}')"))
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using (var after = await https.GetAsync(Api + "UserCredentials"))
            Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Access_policies_are_created_with_their_references_extended_and_deleted_with_them()
    {
        int policy;
        using (var created = await server.SendJson(HttpMethod.Post, Api + "AccessPolicies", new
               {
                   RoleName = "Finance_Restricted", Description = "Finance flows",
                   ArtifactReferences = new[] { new { Name = "Finance flows", Description = "All FI flows", Type = "INTEGRATION_FLOW", ConditionAttribute = "Name", ConditionValue = "^FI_.*", ConditionType = "regularExpression" } },
               }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            policy = int.Parse(JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("d").GetProperty("Id").GetString()!, CultureInfo.InvariantCulture);
        }
        using (var taken = await server.SendJson(HttpMethod.Post, Api + "AccessPolicies", new { RoleName = "Finance_Restricted" }))
            Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        using (var badType = await server.SendJson(HttpMethod.Post, Api + "AccessPolicies", new
               {
                   RoleName = "Other", ArtifactReferences = new[] { new { Name = "q", Type = "MESSAGE_QUEUE", ConditionAttribute = "ID", ConditionValue = "Q", ConditionType = "exactString" } },
               }))
            Assert.Equal(HttpStatusCode.BadRequest, badType.StatusCode);
        using (var added = await server.SendJson(HttpMethod.Post, Api + "ArtifactReferences", new
               {
                   Name = "Finance queue", Type = "MESSAGE_QUEUE", ConditionAttribute = "Name", ConditionValue = "FI_IN", ConditionType = "exactString", AccessPolicy = new { Id = policy.ToString(CultureInfo.InvariantCulture) },
               }))
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        var expanded = await server.D(Api + $"AccessPolicies({policy}L)?$expand=ArtifactReferences");
        AssertHasShapeOf(SecurityContentServer.Golden("AccessPolicies__GET__200.json").GetProperty("d").GetProperty("results")[0], expanded);
        var references = expanded.GetProperty("ArtifactReferences").GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["Finance flows", "Finance queue"], references.Select(r => r.GetProperty("Name").GetString()).Order());
        AssertHasShapeOf(SecurityContentServer.Golden("ArtifactReferences__GET__200.json").GetProperty("d").GetProperty("results")[0], references[0]);
        // The Hub writes the key bare; clients also send it with L.
        Assert.Equal(2, (await server.Results(Api + $"AccessPolicies({policy})/ArtifactReferences")).Count);

        var queue = references.Single(r => r.GetProperty("Name").GetString() == "Finance queue").GetProperty("Id").GetString();
        using (var removed = await server.Send(HttpMethod.Delete, Api + $"ArtifactReferences({queue}L)"))
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        using (var deleted = await server.Send(HttpMethod.Delete, Api + $"AccessPolicies({policy}L)"))
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.DoesNotContain(await server.Results(Api + "ArtifactReferences"), r => r.GetProperty("Name").GetString() == "Finance flows");
    }
}
