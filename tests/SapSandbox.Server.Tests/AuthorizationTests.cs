using System.Net;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SapSandbox.Server.Configuration;
using SapSandbox.Server.Hosting;
using SapSandbox.Server.Security;

namespace SapSandbox.Server.Tests;

/// <summary>A sandbox with configured users: a display user, an editor, and a Cloud Integration read-only user.</summary>
public sealed class UsersSandboxServer : SandboxServer
{
    public const string Password = "Welcome1!";
    static readonly string Hash = PasswordHash.Create(Password);

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sandbox:Users:alice:PasswordHash"] = Hash,
        ["Sandbox:Users:alice:RoleCollections:0"] = "S4_Display",
        ["Sandbox:Users:bob:PasswordHash"] = Hash,
        ["Sandbox:Users:bob:RoleCollections:0"] = "SalesOrderClerk",
        ["Sandbox:Users:carol:PasswordHash"] = Hash,
        ["Sandbox:Users:carol:RoleCollections:0"] = "PI_Read_Only",
        ["Sandbox:RoleCollections:SalesOrderClerk:Roles:0"] = "API_SALES_ORDER_SRV.*",
    };
}

public class AuthorizationTests(UsersSandboxServer server) : IClassFixture<UsersSandboxServer>
{
    const string V2 = "/sap/opu/odata/sap/API_SALES_ORDER_SRV/";

    async Task<HttpResponseMessage> Change(HttpClient client, string url, string json)
    {
        using var fetch = new HttpRequestMessage(HttpMethod.Head, V2) { Headers = { { "X-CSRF-Token", "Fetch" } } };
        using var fetched = await client.SendAsync(fetch);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Accept", "application/json");
        if (fetched.Headers.TryGetValues("X-CSRF-Token", out var token)) request.Headers.Add("X-CSRF-Token", token);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task A_display_user_reads_both_protocols_and_any_change_is_403_naming_the_missing_role()
    {
        using var alice = server.NewClient("alice", UsersSandboxServer.Password);

        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync(V2 + "A_SalesOrder?$top=1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/odata/v4/CE_SALESORDER_0001/SalesOrder?$top=1")).StatusCode);
        using var change = await Change(alice, V2 + "A_SalesOrder", """{"SalesOrderType":"OR"}""");

        Assert.Equal(HttpStatusCode.Forbidden, change.StatusCode);
        var body = await change.Content.ReadAsStringAsync();
        Assert.Contains("API_SALES_ORDER_SRV.Write", body);
        Assert.Contains("/IWFND/CM_CONSUMER/102", body);
    }

    [Fact]
    public async Task A_role_collection_from_the_configuration_grants_its_service_and_nothing_else()
    {
        using var bob = server.NewClient("bob", UsersSandboxServer.Password);

        using var created = await Change(bob, V2 + "A_SalesOrder", """{"SalesOrderType":"OR"}""");
        var other = await bob.GetAsync("/odata/v4/CE_SALESORDER_0001/SalesOrder?$top=1");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }

    [Fact]
    public async Task A_Cloud_Integration_persona_has_no_S4_roles()
    {
        using var carol = server.NewClient("carol", UsersSandboxServer.Password);

        Assert.Equal(HttpStatusCode.Forbidden, (await carol.GetAsync(V2 + "A_SalesOrder?$top=1")).StatusCode);
    }

    [Fact]
    public async Task Operations_in_a_batch_are_authorised_one_by_one()
    {
        using var alice = server.NewClient("alice", UsersSandboxServer.Password);
        var batch = "--b\r\nContent-Type: application/http\r\n\r\nGET A_SalesOrder?$top=1 HTTP/1.1\r\nAccept: application/json\r\n\r\n\r\n" +
                    "--b\r\nContent-Type: multipart/mixed; boundary=c\r\n\r\n--c\r\nContent-Type: application/http\r\n\r\nPOST A_SalesOrder HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{}\r\n--c--\r\n\r\n--b--\r\n";
        using var fetch = new HttpRequestMessage(HttpMethod.Head, V2) { Headers = { { "X-CSRF-Token", "Fetch" } } };
        var token = (await alice.SendAsync(fetch)).Headers.GetValues("X-CSRF-Token").First();
        using var request = new HttpRequestMessage(HttpMethod.Post, V2 + "$batch") { Content = new StringContent(batch) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/mixed; boundary=b");
        request.Headers.Add("X-CSRF-Token", token);

        using var response = await alice.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Contains("HTTP/1.1 200 OK", body);
        Assert.Contains("HTTP/1.1 403 Forbidden", body);
    }

    [Fact]
    public async Task A_display_user_can_change_nothing_on_any_service_by_any_method()
    {
        using var alice = server.NewClient("alice", UsersSandboxServer.Password);
        var (_, index) = await server.GetJson("/");
        var mounts = index.GetProperty("services").EnumerateArray()
            .SelectMany(s => s.GetProperty("v2").EnumerateArray().Concat(s.GetProperty("v4").EnumerateArray()))
            .Select(m => m.GetString()!).ToList();
        Assert.True(mounts.Count >= 8, $"only {mounts.Count} mount paths");

        foreach (var mount in mounts)
        {
            using var fetch = new HttpRequestMessage(HttpMethod.Get, mount) { Headers = { { "X-CSRF-Token", "Fetch" }, { "Accept", "application/json" } } };
            using var document = await alice.SendAsync(fetch);
            // Cloud Integration's roles are the templates of its task table, none of which S/4's display role covers.
            if (mount == "/api/v1/" || mount.Contains("/CloudIntegration/", StringComparison.Ordinal))
            {
                Assert.Equal(HttpStatusCode.Forbidden, document.StatusCode);
                continue;
            }
            Assert.True(document.IsSuccessStatusCode, $"{mount} is not readable for a display user");
            var token = document.Headers.GetValues("X-CSRF-Token").First();
            var json = System.Text.Json.JsonDocument.Parse(await document.Content.ReadAsStringAsync()).RootElement;
            var set = json.TryGetProperty("d", out var d) ? d.GetProperty("EntitySets")[0].GetString() : json.GetProperty("value")[0].GetProperty("url").GetString();
            foreach (var (method, url) in new[] { ("POST", mount + set), ("PUT", mount + set + "('1')"), ("PATCH", mount + set + "('1')"), ("MERGE", mount + set + "('1')"), ("DELETE", mount + set + "('1')") })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
                request.Headers.Add("X-CSRF-Token", token);
                using var response = await alice.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {url} answered {(int)response.StatusCode} for a display user");
            }
        }
    }

    [Fact]
    public async Task A_wrong_password_is_401()
    {
        using var alice = server.NewClient("alice", "wrong");

        Assert.Equal(HttpStatusCode.Unauthorized, (await alice.GetAsync(V2)).StatusCode);
    }

    [Fact]
    public async Task Every_route_the_server_maps_refuses_anonymous_access()
    {
        // The documented exceptions: the health probes, which tell nothing but Healthy or Unhealthy; the token endpoint, to
        // which a client authenticates itself; the keys that verify tokens, public as XSUAA's are (README, OAuth 2.0); and
        // the API hub's sign-in page. The hub's other pages send an anonymous browser to that page instead of a 401.
        string[] documentedPublic = ["/health/live", "/health/ready", "/hub/signin", "/oauth/token", "/token_keys"];
        using var anonymous = server.NewClient(null, null);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        var routes = server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        Assert.NotEmpty(routes);
        var open = new List<string>();
        foreach (var route in routes)
        {
            var url = "/" + route.RoutePattern.RawText!.TrimStart('/').Replace("{**rest}", "");
            if (route.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() != null) open.Add(url);
            if (documentedPublic.Contains(url)) continue;
            var method = route.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.FirstOrDefault() ?? "GET";
            if (url.StartsWith("/hub", StringComparison.Ordinal))
            {
                using var page = await browser.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));
                Assert.True(page.StatusCode == HttpStatusCode.Redirect && page.Headers.Location!.AbsolutePath == "/hub/signin",
                    $"{method} {url} answered {(int)page.StatusCode} {page.Headers.Location} without a sign-in");
                continue;
            }
            using var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {url} answered {(int)response.StatusCode} without credentials");
        }
        Assert.Equal(documentedPublic, open.Order(StringComparer.Ordinal));
        using var keys = await anonymous.GetAsync("/token_keys");
        using var token = await anonymous.PostAsync("/oauth/token", new FormUrlEncodedContent([KeyValuePair.Create("grant_type", "client_credentials")]));
        Assert.Equal(HttpStatusCode.OK, keys.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, token.StatusCode);
    }

    [Theory]
    [InlineData("Sandbox:Users:dave:PasswordHash", "secret", "Sandbox:Users:dave:PasswordHash")]
    [InlineData("Sandbox:Users:dave:RoleCollections:0", "NoSuchCollection", "Sandbox:Users:dave:RoleCollections:0")]
    public void A_configuration_error_stops_start_up_naming_the_key(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?> { ["Sandbox:Users:dave:PasswordHash"] = PasswordHash.Create("x"), [key] = value };

        var error = Assert.Throws<ConfigurationError>(() => SandboxHost.Build(new SandboxOptions
        {
            Urls = "http://127.0.0.1:0",
            Store = "sqlite:" + Path.Combine(Path.GetTempPath(), $"sapsandbox-config-{Guid.NewGuid():N}", "sandbox.db"),
            Settings = settings,
        }));

        Assert.Equal(named, error.Key);
    }

    [Fact]
    public void Password_hashes_verify_only_their_password()
    {
        var hash = PasswordHash.Create("Welcome1!");

        Assert.True(PasswordHash.Verify("Welcome1!", hash));
        Assert.False(PasswordHash.Verify("welcome1!", hash));
        Assert.NotEqual(hash, PasswordHash.Create("Welcome1!"));
    }
}
