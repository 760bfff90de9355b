using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using SapSandbox.Server.Configuration;
using SapSandbox.Server.Hosting;
using SapSandbox.Server.Security;

namespace SapSandbox.Server.Tests;

/// <summary>A sandbox with a fault rule in its configuration and a display user who is no administrator.</summary>
public sealed class FaultSandboxServer : SandboxServer
{
    public const string Password = "Welcome1!";
    static readonly string Hash = PasswordHash.Create(Password);

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sandbox:Users:alice:PasswordHash"] = Hash,
        ["Sandbox:Users:alice:RoleCollections:0"] = "S4_Display",
        // Spelt in another case than the catalog's, as a user may write it.
        ["Sandbox:Faults:0:Service"] = "api_business_partner",
        ["Sandbox:Faults:0:Path"] = "^A_BusinessPartnerAddress",
        ["Sandbox:Faults:0:Status"] = "500",
        ["Sandbox:Faults:0:Message"] = "Configured failure",
    };

    /// <summary>Adds a rule through the admin API; returns its id.</summary>
    public async Task<string> AddFault(string json)
    {
        using var response = await Client.PostAsync("/sandbox/admin/faults", new StringContent(json, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    public async Task RemoveFault(string id)
    {
        using var response = await Client.DeleteAsync($"/sandbox/admin/faults/{id}");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    public static string FaultHeader(HttpResponseMessage response) =>
        response.Headers.TryGetValues("sap-sandbox-fault", out var values) ? values.Single() : "";
}

/// <summary>Each kind of fault over real HTTP: what the client sees, and that the sandbox is itself again afterwards.</summary>
public class FaultTests(FaultSandboxServer server) : IClassFixture<FaultSandboxServer>
{
    const string V2 = "/sap/opu/odata/sap/API_SALES_ORDER_SRV/";
    const string V4 = "/odata/v4/CE_SALESORDER_0001/";

    async Task<T> WithFault<T>(string json, Func<string, Task<T>> test)
    {
        var id = await server.AddFault(json);
        try { return await test(id); }
        finally { await server.RemoveFault(id); }
    }

    [Fact]
    public async Task A_429_fault_answers_Retry_After_and_Gateways_V2_error_body()
    {
        await WithFault("""{"Service":"API_SALES_ORDER_SRV","Status":429,"RetryAfterSeconds":7}""", async id =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, V2 + "A_SalesOrder?$top=1") { Headers = { { "Accept", "application/json" } } };
            using var response = await server.Client.SendAsync(request);
            var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");

            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.Equal("7", response.Headers.GetValues("Retry-After").Single());
            Assert.Equal(id, FaultSandboxServer.FaultHeader(response));
            Assert.Equal("en", error.GetProperty("message").GetProperty("lang").GetString());
            Assert.Contains("retry after 7 s", error.GetProperty("message").GetProperty("value").GetString());
            Assert.Equal("API_SALES_ORDER_SRV", error.GetProperty("innererror").GetProperty("application").GetProperty("service_id").GetString());
            return 0;
        });
    }

    [Fact]
    public async Task A_503_fault_on_a_V4_path_answers_maintenance_in_the_V4_error_body()
    {
        await WithFault("""{"Service":"CE_SALESORDER_0001","Status":503}""", async id =>
        {
            using var response = await server.Client.GetAsync(V4 + "SalesOrder?$top=1");
            var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(id, FaultSandboxServer.FaultHeader(response));
            Assert.Contains("maintenance", error.GetProperty("message").GetString());
            Assert.Equal("Server_Error", error.GetProperty("@SAP__common.ExceptionCategory").GetString());
            Assert.Equal("4.0", response.Headers.GetValues("OData-Version").Single());
            return 0;
        });
    }

    [Fact]
    public async Task A_500_fault_answers_an_Atom_client_with_Gateways_XML_error()
    {
        await WithFault("""{"Service":"API_SALES_ORDER_SRV","Status":500}""", async id =>
        {
            using var response = await server.Client.GetAsync(V2 + "A_SalesOrder?$top=1");
            var body = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal(id, FaultSandboxServer.FaultHeader(response));
            Assert.StartsWith("application/xml", response.Content.Headers.ContentType!.MediaType);
            Assert.Contains("unknown internal server error", body);
            return 0;
        });
    }

    [Fact]
    public async Task Latency_is_added_and_the_request_is_then_served()
    {
        await WithFault("""{"Service":"CE_SALESORDER_0001","Path":"^SalesOrder$","Latency":400}""", async id =>
        {
            var clock = Stopwatch.StartNew();
            using var response = await server.Client.GetAsync(V4 + "SalesOrder?$top=2");
            clock.Stop();
            var rows = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("value").GetArrayLength();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(2, rows);
            Assert.Equal(id, FaultSandboxServer.FaultHeader(response));
            Assert.True(clock.ElapsedMilliseconds >= 400, $"answered after {clock.ElapsedMilliseconds} ms");
            return 0;
        });
    }

    [Fact]
    public async Task A_dropped_connection_fails_the_client_and_the_next_request_is_served()
    {
        await WithFault("""{"Service":"CE_SALESORDER_0001","Drop":true}""", async _ =>
        {
            // A client of its own: HttpClient resends a request that failed on a connection it had used before.
            using var client = server.NewClient("sandbox", "sandbox");
            await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(V4 + "SalesOrder?$top=1"));
            return 0;
        });

        using var response = await server.Client.GetAsync(V4 + "SalesOrder?$top=1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_expired_CSRF_token_is_403_Required_for_changes_only_and_the_retry_goes_through()
    {
        using var client = server.NewClient("sandbox", "sandbox");
        var token = await server.FetchCsrfToken(client, V4);
        HttpRequestMessage Patch(string value) => new(HttpMethod.Patch, V4 + "SalesOrder('0000001002')")
        {
            Content = new StringContent($$"""{"PurchaseOrderByCustomer":"{{value}}"}""", Encoding.UTF8, "application/json"),
            Headers = { { "X-CSRF-Token", token }, { "If-Match", "*" } },
        };

        await WithFault("""{"Service":"CE_SALESORDER_0001","ExpireCsrfToken":true,"Count":1}""", async id =>
        {
            using var read = await client.GetAsync(V4 + "SalesOrder('0000001002')");
            using var refused = await client.SendAsync(Patch("refused"));
            var stored = await PurchaseOrderByCustomer(client, "0000001002");
            using var retried = await client.SendAsync(Patch("retried"));

            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Equal("", FaultSandboxServer.FaultHeader(read));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("Required", refused.Headers.GetValues("X-CSRF-Token").Single());
            Assert.Equal(id, FaultSandboxServer.FaultHeader(refused));
            Assert.Contains("CSRF token validation failed", await refused.Content.ReadAsStringAsync());
            Assert.NotEqual("refused", stored);
            Assert.Equal(HttpStatusCode.NoContent, retried.StatusCode);
            Assert.Equal("retried", await PurchaseOrderByCustomer(client, "0000001002"));
            return 0;
        });
    }

    [Fact]
    public async Task A_stale_ETag_is_412_and_changes_nothing()
    {
        using var client = server.NewClient("sandbox", "sandbox");
        var token = await server.FetchCsrfToken(client, V4);
        using var before = await client.GetAsync(V4 + "SalesOrder('0000001003')");
        var etag = before.Headers.ETag!.ToString();
        var value = await PurchaseOrderByCustomer(client, "0000001003");
        HttpRequestMessage Patch() => new(HttpMethod.Patch, V4 + "SalesOrder('0000001003')")
        {
            Content = new StringContent("""{"PurchaseOrderByCustomer":"changed"}""", Encoding.UTF8, "application/json"),
            Headers = { { "X-CSRF-Token", token }, { "If-Match", etag } },
        };

        await WithFault("""{"Service":"CE_SALESORDER_0001","Method":"PATCH","StaleETag":true,"Count":1}""", async id =>
        {
            using var refused = await client.SendAsync(Patch());
            using var after = await client.GetAsync(V4 + "SalesOrder('0000001003')");
            var unchanged = await PurchaseOrderByCustomer(client, "0000001003");
            using var accepted = await client.SendAsync(Patch());

            Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
            Assert.Equal(id, FaultSandboxServer.FaultHeader(refused));
            Assert.Contains("/IWBEP/CM_V4_APPS/018", await refused.Content.ReadAsStringAsync());
            Assert.Equal(etag, after.Headers.ETag!.ToString());
            Assert.Equal(value, unchanged);
            Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
            return 0;
        });
    }

    [Fact]
    public async Task A_rule_for_the_next_N_requests_faults_exactly_N_and_then_serves_normally()
    {
        var statuses = await WithFault("""{"Service":"CE_SALESORDER_0001","Status":500,"Count":2}""", async _ =>
        {
            var seen = new List<int>();
            for (var i = 0; i < 4; i++)
            {
                using var response = await server.Client.GetAsync(V4 + "SalesOrder?$top=1");
                seen.Add((int)response.StatusCode);
            }
            return seen;
        });

        Assert.Equal([500, 500, 200, 200], statuses);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public async Task Probability_0_never_faults_and_1_always_does(double probability)
    {
        var statuses = await WithFault($$"""{"Service":"CE_SALESORDER_0001","Status":500,"Probability":{{probability.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}""", async _ =>
        {
            var seen = new List<HttpStatusCode>();
            for (var i = 0; i < 10; i++)
            {
                using var response = await server.Client.GetAsync(V4 + "SalesOrder?$top=1");
                seen.Add(response.StatusCode);
            }
            return seen;
        });

        Assert.All(statuses, status => Assert.Equal(probability == 0 ? HttpStatusCode.OK : HttpStatusCode.InternalServerError, status));
    }

    [Fact]
    public async Task A_seeded_probability_picks_the_same_requests_on_every_run()
    {
        var random = new Random(7);
        var expected = Enumerable.Range(0, 20).Select(_ => random.NextDouble() < 0.5).ToList();

        var faulted = await WithFault("""{"Service":"CE_SALESORDER_0001","Status":503,"Probability":0.5,"Seed":7}""", async _ =>
        {
            var seen = new List<bool>();
            for (var i = 0; i < 20; i++)
            {
                using var response = await server.Client.GetAsync(V4 + "SalesOrder?$top=1");
                seen.Add(response.StatusCode == HttpStatusCode.ServiceUnavailable);
            }
            return seen;
        });

        Assert.Equal(expected, faulted);
        Assert.Contains(true, faulted);
        Assert.Contains(false, faulted);
    }

    [Fact]
    public async Task Rules_match_service_method_and_path_on_every_mount_of_the_service()
    {
        var statuses = await WithFault("""{"Service":"API_SALES_ORDER_SRV","Method":"GET","Path":"^A_SalesOrder\\(","Status":500}""", async _ =>
        {
            async Task<int> Get(string url)
            {
                using var response = await server.Client.GetAsync(url);
                return (int)response.StatusCode;
            }
            return new[]
            {
                await Get(V2 + "A_SalesOrder('1')"),
                await Get("/odata/v2/API_SALES_ORDER_SRV/A_SalesOrder('1')"),
                await Get("/odata/v4/API_SALES_ORDER_SRV/A_SalesOrder('1')"),
                await Get(V2 + "A_SalesOrder?$top=1"),
                await Get(V2 + "A_SalesOrderItem?$top=1"),
                await Get("/odata/v2/CE_SALESORDER_0001/SalesOrder?$top=1"),
            };
        });

        Assert.Equal([500, 500, 500, 200, 200, 200], statuses);
    }

    [Fact]
    public async Task A_rule_from_the_configuration_applies_from_the_start_and_is_listed()
    {
        using var response = await server.Client.GetAsync("/sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartnerAddress?$top=1&$format=json");
        var body = await response.Content.ReadAsStringAsync();
        var list = JsonDocument.Parse(await server.Client.GetStringAsync("/sandbox/admin/faults")).RootElement.GetProperty("faults");
        var configured = list.EnumerateArray().Single(rule => rule.GetProperty("source").GetString() == "configuration");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("Configured failure", body);
        Assert.Equal(configured.GetProperty("id").GetString(), FaultSandboxServer.FaultHeader(response));
        Assert.Equal("API_BUSINESS_PARTNER", configured.GetProperty("service").GetString());
        Assert.True(configured.GetProperty("injected").GetInt64() >= 1);
    }

    [Theory]
    [InlineData("Status", "200", "Sandbox:Faults:0:Status")]
    [InlineData("Service", "NO_SUCH_SRV", "Sandbox:Faults:0:Service")]
    [InlineData("Probability", "1.5", "Sandbox:Faults:0:Probability")]
    [InlineData("Path", "([", "Sandbox:Faults:0:Path")]
    [InlineData("Drop", "true", "Sandbox:Faults:0:Drop")]
    public void A_fault_rule_that_cannot_work_stops_start_up_naming_its_key(string field, string value, string key)
    {
        var settings = new Dictionary<string, string?> { ["Sandbox:Faults:0:Status"] = "500", [$"Sandbox:Faults:0:{field}"] = value };

        var error = Assert.Throws<ConfigurationError>(() => SandboxHost.Build(new SandboxOptions
        {
            Urls = "http://127.0.0.1:0",
            Store = "sqlite:" + Path.Combine(Path.GetTempPath(), $"sapsandbox-faults-{Guid.NewGuid():N}", "sandbox.db"),
            Settings = settings,
        }));

        Assert.Equal(key, error.Key);
    }

    static async Task<string?> PurchaseOrderByCustomer(HttpClient client, string order) =>
        JsonDocument.Parse(await client.GetStringAsync(V4 + $"SalesOrder('{order}')?$select=PurchaseOrderByCustomer"))
            .RootElement.GetProperty("PurchaseOrderByCustomer").GetString();
}

/// <summary><c>/sandbox/admin/faults</c>: adding, listing, removing rules, and who may.</summary>
public class FaultAdminTests(FaultSandboxServer server) : IClassFixture<FaultSandboxServer>
{
    const string Faults = "/sandbox/admin/faults";

    [Fact]
    public async Task Rules_are_added_listed_read_and_removed()
    {
        using var created = await server.Client.PostAsync(Faults, new StringContent(
            """{"service":"CE_SALESORDER_0001","method":"patch","path":"^SalesOrder","staleETag":true,"count":3}""", Encoding.UTF8, "application/json"));
        var rule = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var id = rule.GetProperty("id").GetString()!;
        var listed = JsonDocument.Parse(await server.Client.GetStringAsync(Faults)).RootElement.GetProperty("faults");
        var read = JsonDocument.Parse(await server.Client.GetStringAsync($"{Faults}/{id}")).RootElement;
        using var removed = await server.Client.DeleteAsync($"{Faults}/{id}");
        using var gone = await server.Client.GetAsync($"{Faults}/{id}");
        using var removedAgain = await server.Client.DeleteAsync($"{Faults}/{id}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"{Faults}/{id}", created.Headers.Location!.ToString());
        Assert.Equal("PATCH", rule.GetProperty("method").GetString());
        Assert.Equal(3, rule.GetProperty("remaining").GetInt32());
        Assert.Equal("admin", rule.GetProperty("source").GetString());
        Assert.Contains(listed.EnumerateArray(), r => r.GetProperty("id").GetString() == id);
        Assert.True(read.GetProperty("staleETag").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, removedAgain.StatusCode);
    }

    [Fact]
    public async Task Delete_without_an_id_removes_every_rule_the_configured_ones_too()
    {
        await server.AddFault("""{"Service":"CE_SALESORDER_0001","Latency":1}""");

        using var cleared = await server.Client.DeleteAsync(Faults);
        var listed = JsonDocument.Parse(await server.Client.GetStringAsync(Faults)).RootElement.GetProperty("faults");
        using var formerlyFaulted = await server.Client.GetAsync("/sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartnerAddress?$top=1");

        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Equal(0, listed.GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, formerlyFaulted.StatusCode);
    }

    [Theory]
    [InlineData("""{"Status":200}""", "Status")]
    [InlineData("""{"Status":500,"Drop":true}""", "Drop")]
    [InlineData("""{"Service":"NO_SUCH_SRV","Status":500}""", "NO_SUCH_SRV")]
    [InlineData("""{"Colour":"red"}""", "Colour")]
    [InlineData("""{"Method":"GET"}""", "does nothing")]
    [InlineData("""{"Status":500,"Count":0}""", "Count")]
    public async Task A_rule_that_cannot_work_is_400_naming_what_is_wrong(string json, string named)
    {
        using var response = await server.Client.PostAsync(Faults, new StringContent(json, Encoding.UTF8, "application/json"));
        var message = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("message").GetProperty("value").GetString();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, message);
    }

    [Fact]
    public async Task Only_the_Sandbox_Admin_role_may_use_it()
    {
        using var alice = server.NewClient("alice", FaultSandboxServer.Password);
        using var anonymous = server.NewClient(null, null);

        using var list = await alice.GetAsync(Faults);
        using var add = await alice.PostAsync(Faults, new StringContent("""{"Status":500}""", Encoding.UTF8, "application/json"));
        using var clear = await alice.DeleteAsync(Faults);
        using var errors = await alice.GetAsync("/sandbox/admin/errors");
        using var unknown = await anonymous.GetAsync(Faults);

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Contains("Sandbox.Admin", await list.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, add.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, clear.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, errors.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
    }

    [Fact]
    public async Task A_rule_for_everything_leaves_the_administration_and_the_health_checks_alone()
    {
        var id = await server.AddFault("""{"Status":503}""");
        try
        {
            using var service = await server.Client.GetAsync("/odata/v4/CE_SALESORDER_0001/SalesOrder?$top=1");
            using var admin = await server.Client.GetAsync(Faults);
            using var ready = await server.Client.GetAsync("/health/ready");
            using var index = await server.Client.GetAsync("/");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, service.StatusCode);
            Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        }
        finally { await server.RemoveFault(id); }
    }
}
