using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SapSandbox.Server.Certificates;
using SapSandbox.Server.Cli;
using SapSandbox.Server.Configuration;
using SapSandbox.Server.Hosting;
using SapSandbox.Server.Security;

namespace SapSandbox.Server.Tests;

/// <summary>
/// A sandbox with an HTTPS listener: alice (display) and bob (editor) sign in with client certificates mapped by
/// subject, carol with a self-signed certificate that the configuration trusts and maps by thumbprint.
/// </summary>
public sealed class CertificateSandboxServer : SandboxServer
{
    public const string Password = "Welcome1!";
    static readonly string Hash = PasswordHash.Create(Password);

    /// <summary>Carol's own certificate: self-signed, trusted by <c>TrustedCertificates</c>, mapped by its SHA-256 thumbprint.</summary>
    public static readonly X509Certificate2 Carol = CertificateTests.SelfSigned("CN=carol, O=Example");

    protected override string HttpsUrls => "https://127.0.0.1:0";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sandbox:Users:alice:PasswordHash"] = Hash,
        ["Sandbox:Users:alice:RoleCollections:0"] = "S4_Display",
        ["Sandbox:Users:bob:PasswordHash"] = Hash,
        ["Sandbox:Users:bob:RoleCollections:0"] = "S4_Edit",
        ["Sandbox:Users:carol:PasswordHash"] = Hash,
        ["Sandbox:Users:carol:RoleCollections:0"] = "S4_Display",
        ["Sandbox:CertificateUserMappings:alice:0"] = "CN=alice",
        ["Sandbox:CertificateUserMappings:bob:0"] = "cn=bob",
        ["Sandbox:CertificateUserMappings:carol:0"] = Carol.GetCertHashString(HashAlgorithmName.SHA256),
        ["Sandbox:TrustedCertificates:0"] = Carol.ExportCertificatePem(),
    };

    /// <summary>The development CA as its files hold it (certificate and private key), as a developer's tooling reads it.</summary>
    public X509Certificate2 ReadCa()
    {
        var folder = App.Services.GetRequiredService<DevelopmentCertificateAuthority>().Folder;
        return X509Certificate2.CreateFromPemFile(Path.Combine(folder, "ca.pem"), Path.Combine(folder, "ca-key.pem"));
    }

    public string StorePath => Path.Combine(Path.GetDirectoryName(App.Services.GetRequiredService<DevelopmentCertificateAuthority>().Folder)!, "sandbox.db");
}

public class CertificateTests(CertificateSandboxServer server) : IClassFixture<CertificateSandboxServer>
{
    const string V2 = "/sap/opu/odata/sap/API_SALES_ORDER_SRV/";
    const string V4 = "/odata/v4/CE_SALESORDER_0001/";

    /// <summary>
    /// A client of the HTTPS endpoint that trusts the development CA only (not any certificate), and checks the host
    /// name, as a careful client does; it presents <paramref name="certificate"/> when given one.
    /// </summary>
    HttpClient HttpsClient(X509Certificate2? certificate, string? basicUser = null, string? basicPassword = null)
    {
        var handler = new HttpClientHandler
        {
            ClientCertificateOptions = ClientCertificateOption.Manual,
            ServerCertificateCustomValidationCallback = (_, presented, _, errors) => IsSandboxServer(presented, errors),
        };
        if (certificate != null) handler.ClientCertificates.Add(certificate);
        var client = new HttpClient(handler) { BaseAddress = server.HttpsAddress };
        if (basicUser != null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{basicUser}:{basicPassword}")));
        return client;
    }

    /// <summary>Whether the server's certificate chains to the development CA and names the host that was called.</summary>
    bool IsSandboxServer(X509Certificate? presented, SslPolicyErrors errors)
    {
        if (presented == null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None) return false;
        using var ca = server.ReadCa();
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificate(ca.RawData));
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(X509CertificateLoader.LoadCertificate(presented.GetRawCertData()));
    }

    /// <summary>A client certificate signed by the development CA, made here from the CA's files.</summary>
    X509Certificate2 FromDevelopmentCa(string subject, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, string usage = "1.3.6.1.5.5.7.3.2")
    {
        using var ca = server.ReadCa();
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        // Not before the CA itself (a day before its creation): the issuer's validity bounds the certificate's.
        var start = Max(notBefore ?? DateTimeOffset.UtcNow.AddMinutes(-5), new DateTimeOffset(ca.NotBefore.ToUniversalTime()));
        using var issued = request.Create(ca, start, notAfter ?? DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(8));
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    public static X509Certificate2 SelfSigned(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    static async Task<HttpResponseMessage> Create(HttpClient client, bool withToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, V2 + "A_SalesOrder")
        {
            Content = new StringContent("""{"SalesOrderType":"OR"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Accept", "application/json");
        if (withToken)
        {
            using var fetch = new HttpRequestMessage(HttpMethod.Head, V2) { Headers = { { "X-CSRF-Token", "Fetch" } } };
            using var fetched = await client.SendAsync(fetch);
            Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
            request.Headers.Add("X-CSRF-Token", fetched.Headers.GetValues("X-CSRF-Token"));
        }
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task A_mapped_certificate_signs_in_as_its_user_with_that_users_roles()
    {
        using var certificate = FromDevelopmentCa("CN=alice");
        using var alice = HttpsClient(certificate);

        using var v2 = await alice.GetAsync(V2 + "A_SalesOrder?$top=1");
        using var v4 = await alice.GetAsync(V4 + "SalesOrder?$top=1");
        using var change = await Create(alice, withToken: true);

        Assert.Equal(HttpStatusCode.OK, v2.StatusCode);
        Assert.Equal(HttpStatusCode.OK, v4.StatusCode);
        // alice has S4_Display: the certificate gave her identity, her role collections decide the rest.
        Assert.Equal(HttpStatusCode.Forbidden, change.StatusCode);
        var refusal = await change.Content.ReadAsStringAsync();
        Assert.Contains("User alice", refusal);
        Assert.Contains("API_SALES_ORDER_SRV.Write", refusal);
    }

    [Fact]
    public async Task A_certificate_authenticated_change_needs_a_CSRF_token_and_succeeds_with_one()
    {
        using var certificate = FromDevelopmentCa("CN=bob");
        using var bob = HttpsClient(certificate);

        using var without = await Create(bob, withToken: false);
        using var with = await Create(bob, withToken: true);

        // A browser sends its certificate to any site that asks, so a forged cross-site request would carry it too.
        Assert.Equal(HttpStatusCode.Forbidden, without.StatusCode);
        Assert.Equal("Required", without.Headers.GetValues("X-CSRF-Token").Single());
        Assert.Equal(HttpStatusCode.Created, with.StatusCode);
    }

    [Fact]
    public async Task A_trusted_certificate_mapped_to_nobody_is_401_saying_so()
    {
        using var certificate = FromDevelopmentCa("CN=mallory");
        using var mallory = HttpsClient(certificate);

        using var response = await mallory.GetAsync(V2 + "A_SalesOrder?$top=1");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("mapped to no user", await response.Content.ReadAsStringAsync());
        Assert.Contains(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Basic");
    }

    [Fact]
    public async Task An_untrusted_certificate_is_401_even_with_a_mapped_subject()
    {
        using var certificate = SelfSigned("CN=alice");
        using var forger = HttpsClient(certificate);

        using var response = await forger.GetAsync(V2 + "A_SalesOrder?$top=1");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("is not trusted", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Expired_certificates_and_certificates_not_for_client_authentication_are_401()
    {
        using var expired = FromDevelopmentCa("CN=alice", DateTimeOffset.MinValue, DateTimeOffset.UtcNow.AddMinutes(-1));
        using var serverOnly = FromDevelopmentCa("CN=alice", usage: "1.3.6.1.5.5.7.3.1");
        using var expiredClient = HttpsClient(expired);
        // .NET's HttpClientHandler never offers a certificate that is not for client authentication; choosing it in the
        // TLS handshake directly plays a client that does.
        using var serverOnlyClient = new HttpClient(new SocketsHttpHandler
        {
            SslOptions =
            {
                LocalCertificateSelectionCallback = (_, _, _, _, _) => serverOnly,
                RemoteCertificateValidationCallback = (_, presented, _, errors) => IsSandboxServer(presented, errors),
            },
        }) { BaseAddress = server.HttpsAddress };

        using var first = await expiredClient.GetAsync(V2 + "A_SalesOrder?$top=1");
        using var second = await serverOnlyClient.GetAsync(V2 + "A_SalesOrder?$top=1");

        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Contains("is not trusted", await first.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Contains("is not trusted", await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_self_signed_certificate_from_TrustedCertificates_signs_in_by_its_thumbprint()
    {
        using var carol = HttpsClient(CertificateSandboxServer.Carol);

        using var response = await carol.GetAsync(V4 + "SalesOrder?$top=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_certificate_the_HTTPS_endpoint_takes_Basic_and_refuses_anonymous_calls()
    {
        using var anonymous = HttpsClient(null);
        using var basic = HttpsClient(null, "alice", CertificateSandboxServer.Password);

        using var refused = await anonymous.GetAsync(V2 + "A_SalesOrder?$top=1");
        using var accepted = await basic.GetAsync(V2 + "A_SalesOrder?$top=1");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync(V2 + "A_SalesOrder?$top=1")).StatusCode);
    }

    [Fact]
    public async Task An_OAuth_bearer_token_works_on_the_HTTPS_endpoint()
    {
        using var client = HttpsClient(null, "sandbox", "sandbox");
        using var issued = await client.PostAsync("/oauth/token", new FormUrlEncodedContent([new("grant_type", "client_credentials")]));
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var token = System.Text.Json.JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await client.GetAsync(V4 + "SalesOrder?$top=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Basic_credentials_win_over_a_certificate()
    {
        using var certificate = FromDevelopmentCa("CN=alice");
        using var wrongPassword = HttpsClient(certificate, "alice", "wrong");
        using var bob = HttpsClient(certificate, "bob", CertificateSandboxServer.Password);

        using var refused = await wrongPassword.GetAsync(V2 + "A_SalesOrder?$top=1");
        using var created = await Create(bob, withToken: true);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task The_ca_command_prints_the_development_CA_certificate()
    {
        var output = new StringWriter();

        var exit = await SandboxCommand.Create().Parse(["ca", "--store", "sqlite:" + server.StorePath])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = new StringWriter() });

        Assert.Equal(0, exit);
        using var printed = X509Certificate2.CreateFromPem(output.ToString());
        using var ca = server.ReadCa();
        Assert.Equal(ca.Thumbprint, printed.Thumbprint);
        Assert.False(printed.HasPrivateKey);
        Assert.True(printed.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
    }

    [Theory]
    [InlineData("alice.pem")]
    [InlineData("alice.pfx")]
    public async Task A_certificate_from_issue_client_cert_signs_in(string file)
    {
        var path = Path.Combine(Path.GetDirectoryName(server.StorePath)!, file);
        var output = new StringWriter();

        var exit = await SandboxCommand.Create().Parse(["issue-client-cert", "--user", "alice", "--out", path, "--store", "sqlite:" + server.StorePath])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = new StringWriter() });

        Assert.Equal(0, exit);
        Assert.Contains("\"CN=alice\"", output.ToString());
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        using var certificate = file.EndsWith(".pfx")
            ? X509CertificateLoader.LoadPkcs12FromFile(path, null)
            : X509Certificate2.CreateFromPemFile(path);
        using var alice = HttpsClient(X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null));
        using var response = await alice.GetAsync(V2 + "A_SalesOrder?$top=1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

public class CertificateConfigurationTests
{
    static ConfigurationError BuildFails(Dictionary<string, string?> settings)
    {
        var folder = Directory.CreateTempSubdirectory("sapsandbox-cert-config-").FullName;
        try
        {
            return Assert.Throws<ConfigurationError>(() => SandboxHost.Build(new SandboxOptions
            {
                Urls = "http://127.0.0.1:0",
                Store = "sqlite:" + Path.Combine(folder, "sandbox.db"),
                Settings = settings,
            }));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_mapping_to_a_user_who_does_not_exist_stops_start_up_naming_the_key()
    {
        var error = BuildFails(new() { ["Sandbox:CertificateUserMappings:nobody:0"] = "CN=nobody" });

        Assert.Equal("Sandbox:CertificateUserMappings:nobody", error.Key);
    }

    [Fact]
    public void A_mapping_entry_that_names_no_certificate_stops_start_up_naming_the_key()
    {
        var error = BuildFails(new() { ["Sandbox:CertificateUserMappings:sandbox:0"] = "alice" });

        Assert.Equal("Sandbox:CertificateUserMappings:sandbox:0", error.Key);
    }

    [Fact]
    public void A_trusted_certificate_that_cannot_be_read_stops_start_up_naming_the_key()
    {
        var error = BuildFails(new() { ["Sandbox:TrustedCertificates:0"] = "/no/such/ca.pem" });

        Assert.Equal("Sandbox:TrustedCertificates:0", error.Key);
        Assert.Contains("/no/such/ca.pem", error.Message);
    }
}
