using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SapSandbox.Server.Configuration;
using SapSandbox.Server.Hosting;
using SapSandbox.Server.Security;

namespace SapSandbox.Server.Tests;

/// <summary>
/// A sandbox whose buckets refill slowly (1 request per second, bursts to 50), so that how many requests of a burst
/// get through is known in advance; one service has a smaller bucket of its own. No concurrency cap gets in the way.
/// </summary>
public sealed class RateLimitSandboxServer : SandboxServer
{
    public const string Password = "Welcome1!";
    static readonly string Hash = PasswordHash.Create(Password);

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sandbox:Limits:RequestsPerSecond"] = "1",
        ["Sandbox:Limits:Burst"] = "50",
        ["Sandbox:Limits:MaxConcurrentConnections"] = "5000",
        ["Sandbox:Limits:Services:CE_SALESORDER_0001:Burst"] = "3",
        ["Sandbox:Limits:Services:CE_PURCHASEORDER_0001:Burst"] = "2",
        ["Sandbox:Users:alice:PasswordHash"] = Hash,
        ["Sandbox:Users:alice:RoleCollections:0"] = "S4_Display",
    };
}

/// <summary>Throttling per client and service: a token bucket, 429 with Retry-After and SAP's error body beyond it.</summary>
public class RateLimitTests(RateLimitSandboxServer server) : IClassFixture<RateLimitSandboxServer>
{
    [Fact]
    public async Task A_burst_of_1000_requests_gets_the_bucket_through_and_429_for_the_rest()
    {
        // Sockets enough for all 1,000 at once.
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1000 };
        using var client = new HttpClient(handler) { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("sandbox:sandbox")));
        client.DefaultRequestHeaders.Accept.ParseAdd("application/json");

        var clock = Stopwatch.StartNew();
        var responses = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => client.GetAsync("/sap/opu/odata/sap/API_SALES_ORDER_SRV/")));
        var seconds = clock.Elapsed.TotalSeconds;

        var ok = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        var rejected = responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Equal(1000, ok + rejected);
        // 50 at once, then one more per second that the burst lasted.
        Assert.InRange(ok, 50, 50 + (int)Math.Ceiling(seconds) + 1);
        Assert.InRange(rejected, 1000 - 50 - (int)Math.Ceiling(seconds) - 1, 950);

        var refused = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single()) >= 1);
        var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("/SAPSANDBOX/TOO_MANY_REQUESTS", error.GetProperty("code").GetString());
        Assert.Contains("Too Many Requests", error.GetProperty("message").GetProperty("value").GetString());
        Assert.Equal("API_SALES_ORDER_SRV", error.GetProperty("innererror").GetProperty("application").GetProperty("service_id").GetString());
        foreach (var response in responses) response.Dispose();
    }

    [Fact]
    public async Task A_service_override_has_its_own_bucket_and_answers_in_V4s_error_body()
    {
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 6; i++)
        {
            var response = await server.Client.GetAsync("/odata/v4/CE_SALESORDER_0001/");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) refused ??= response;
        }
        // The default bucket (50) of another service is untouched by it.
        var others = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => server.Client.GetAsync("/sap/opu/odata/sap/API_BUSINESS_PARTNER/?$format=json")));

        Assert.InRange(statuses.Count(s => s == HttpStatusCode.OK), 3, 4);
        Assert.All(statuses.Skip(4), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        Assert.All(others, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal("4.0", refused!.Headers.GetValues("OData-Version").Single());
        Assert.True(refused.Headers.Contains("Retry-After"));
        var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("/SAPSANDBOX/TOO_MANY_REQUESTS", error.GetProperty("code").GetString());
        Assert.Contains("Burst", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Each_user_has_a_bucket_of_their_own_that_refills_over_time()
    {
        const string url = "/odata/v4/CE_PURCHASEORDER_0001/";
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync(url)).StatusCode);
        var sandboxAgain = await server.Client.GetAsync(url);
        using var alice = server.NewClient("alice", RateLimitSandboxServer.Password);
        var aliceFirst = await alice.GetAsync(url);
        // One request per second refills the bucket.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var sandboxLater = await server.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.TooManyRequests, sandboxAgain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, aliceFirst.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sandboxLater.StatusCode);
    }
}

/// <summary>A sandbox that answers one request at a time, to show the concurrency cap.</summary>
public sealed class BusySandboxServer : SandboxServer
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sandbox:Limits:MaxConcurrentConnections"] = "1",
    };
}

/// <remarks>Runs with parallel tests stopped: under their load the slow request may not hold its place long enough to be seen.</remarks>
[Collection(TimingCollection.Name)]
public class ConcurrencyLimitTests(BusySandboxServer server) : IClassFixture<BusySandboxServer>
{
    [Fact]
    public async Task A_request_over_the_concurrency_cap_is_503_in_SAPs_error_body()
    {
        const string orders = "/odata/v4/CE_SALESORDER_0001/SalesOrder";
        var token = await server.FetchCsrfToken(server.Client, "/odata/v4/CE_SALESORDER_0001/");
        HttpResponseMessage? busy = null;
        var creates = new List<HttpStatusCode>();
        // A create whose body is still on its way holds the one place. A machine busy with other tests (the other test
        // assembly runs at the same time) may answer no read while it does: then a new create holds it; the bound is
        // time, not tries.
        var until = DateTime.UtcNow.AddSeconds(60);
        while (busy == null && DateTime.UtcNow < until)
        {
            var release = new TaskCompletionSource();
            using var slow = new HttpRequestMessage(HttpMethod.Post, orders) { Content = new SlowContent("""{"SalesOrderType":"OR"}""", release.Task) };
            slow.Headers.Add("X-CSRF-Token", token);
            var pending = server.Client.SendAsync(slow);
            var window = DateTime.UtcNow.AddSeconds(4);
            while (busy == null && DateTime.UtcNow < window)
            {
                var response = await server.Client.GetAsync("/sap/opu/odata/sap/API_SALES_ORDER_SRV/?$format=json");
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable) busy = response;
                else await Task.Delay(20);
            }
            release.SetResult();
            using var created = await pending;
            creates.Add(created.StatusCode);
        }
        using var afterwards = await server.Client.GetAsync("/sap/opu/odata/sap/API_SALES_ORDER_SRV/?$format=json");

        Assert.True(busy != null, $"no read was refused in 60 s; the creates answered {string.Join(", ", creates)}");
        var error = JsonDocument.Parse(await busy!.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("/SAPSANDBOX/SERVICE_UNAVAILABLE", error.GetProperty("code").GetString());
        Assert.Contains("MaxConcurrentConnections", error.GetProperty("message").GetProperty("value").GetString());
        // The create that held the place while a read was refused went through.
        Assert.Equal(HttpStatusCode.Created, creates.Last());
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "timing";
}

/// <summary>A body that sends its first half, then the rest once <c>release</c> completes.</summary>
sealed class SlowContent : HttpContent
{
    readonly byte[] _body;
    readonly Task _release;

    public SlowContent(string json, Task release)
    {
        _body = Encoding.UTF8.GetBytes(json);
        _release = release;
        Headers.ContentType = new MediaTypeHeaderValue("application/json");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(_body.AsMemory(0, _body.Length / 2));
        await stream.FlushAsync();
        await _release;
        await stream.WriteAsync(_body.AsMemory(_body.Length / 2));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _body.Length;
        return true;
    }
}

/// <summary>A sandbox whose requests may run one second: plenty for a read, too little for a body that takes longer to arrive.</summary>
public sealed class TimeoutSandboxServer : SandboxServer
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sandbox:Limits:RequestTimeoutSeconds"] = "1",
    };
}

public class TimeoutTests(TimeoutSandboxServer server) : IClassFixture<TimeoutSandboxServer>
{
    const string Orders = "/odata/v4/CE_SALESORDER_0001/SalesOrder";

    async Task<long> Count() => long.Parse(await server.Client.GetStringAsync(Orders + "/$count"));

    [Fact]
    public async Task A_change_that_runs_past_the_time_limit_is_504_and_rolled_back()
    {
        var before = await Count();
        var token = await server.FetchCsrfToken(server.Client, "/odata/v4/CE_SALESORDER_0001/");
        // The body arrives after the limit: the create runs, but its transaction must not commit.
        using var request = new HttpRequestMessage(HttpMethod.Post, Orders) { Content = new SlowContent("""{"SalesOrderType":"OR"}""", Task.Delay(2500)) };
        request.Headers.Add("X-CSRF-Token", token);
        using var response = await server.Client.SendAsync(request);
        var after = await Count();

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("/SAPSANDBOX/GATEWAY_TIMEOUT", error.GetProperty("code").GetString());
        Assert.Contains("RequestTimeoutSeconds", error.GetProperty("message").GetString());
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task A_batch_past_the_time_limit_runs_no_operation_and_is_504()
    {
        var before = await Count();
        var token = await server.FetchCsrfToken(server.Client, "/sap/opu/odata/sap/API_SALES_ORDER_SRV/");
        const string body = "--batch\r\nContent-Type: multipart/mixed; boundary=changeset\r\n\r\n" +
                            "--changeset\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
                            "POST A_SalesOrder HTTP/1.1\r\nContent-Type: application/json\r\nAccept: application/json\r\n\r\n" +
                            "{\"SalesOrderType\":\"OR\"}\r\n--changeset--\r\n--batch--\r\n";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/sap/opu/odata/sap/API_SALES_ORDER_SRV/$batch")
        {
            Content = new SlowContent(body, Task.Delay(2500)),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/mixed; boundary=batch");
        request.Headers.Add("X-CSRF-Token", token);
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("API_SALES_ORDER_SRV", error.GetProperty("innererror").GetProperty("application").GetProperty("service_id").GetString());
        Assert.Equal(before, await Count());
    }

    [Fact]
    public async Task A_request_within_the_limit_is_answered()
    {
        using var response = await server.Client.GetAsync(Orders + "?$top=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

/// <summary>URL length, <c>$expand</c> depth, <c>$filter</c> size and body size, with the default limits.</summary>
public class RequestLimitTests(SandboxServer server) : IClassFixture<SandboxServer>
{
    const string V2 = "/sap/opu/odata/sap/API_SALES_ORDER_SRV/";
    const string V4 = "/odata/v4/CE_SALESORDER_0001/";

    [Fact]
    public async Task A_URL_over_8192_characters_is_414_naming_the_limit()
    {
        var (response, body) = await server.GetJson(V2 + "A_SalesOrder?$format=json&$filter=SalesOrder eq '" + new string('1', 9000) + "'");

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
        Assert.Equal("/SAPSANDBOX/URI_TOO_LONG", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("MaxUrlLength allows 8192", body.GetProperty("error").GetProperty("message").GetProperty("value").GetString());
    }

    [Fact]
    public async Task Expand_five_levels_deep_is_400_naming_the_limit_and_four_levels_are_served()
    {
        var (deep, body) = await server.GetJson(V2 + "A_SalesOrder?$format=json&$top=1&$expand=to_Item/to_SalesOrder/to_Item/to_SalesOrder/to_Item");
        var (four, _) = await server.GetJson(V2 + "A_SalesOrder?$format=json&$top=1&$expand=to_Item/to_SalesOrder/to_Item/to_SalesOrder");
        var (deepV4, bodyV4) = await server.GetJson(V4 + "SalesOrder?$top=1&$expand=_Item($expand=_SalesOrder($expand=_Item($expand=_SalesOrder($expand=_Item))))");

        Assert.Equal(HttpStatusCode.BadRequest, deep.StatusCode);
        Assert.Contains("$expand is 5 levels deep; the limit MaxExpandDepth allows 4", body.GetProperty("error").GetProperty("message").GetProperty("value").GetString());
        Assert.Equal(HttpStatusCode.OK, four.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, deepV4.StatusCode);
        Assert.Contains("MaxExpandDepth", bodyV4.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("$expand", bodyV4.GetProperty("error").GetProperty("target").GetString());
    }

    [Fact]
    public async Task A_filter_of_more_than_500_nodes_is_400_naming_the_limit()
    {
        // 200 comparisons: 600 operands and operators, and 199 'or'.
        var big = string.Join(" or ", Enumerable.Range(0, 200).Select(i => $"SalesOrder eq '{i}'"));
        var small = string.Join(" or ", Enumerable.Range(0, 100).Select(i => $"SalesOrder eq '{i}'"));

        var (refused, body) = await server.GetJson(V4 + "SalesOrder?$filter=" + Uri.EscapeDataString(big));
        var (served, _) = await server.GetJson(V4 + "SalesOrder?$filter=" + Uri.EscapeDataString(small));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("$filter has 799 nodes", body.GetProperty("error").GetProperty("message").GetString());
        Assert.Contains("MaxFilterNodes allows 500", body.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task A_60_MB_body_is_413_and_never_reaches_the_store()
    {
        const string orders = V4 + "SalesOrder";
        var before = long.Parse(await server.Client.GetStringAsync(orders + "/$count"));
        var token = await server.FetchCsrfToken(server.Client, V4);
        // A valid create, padded to 60 MB.
        var json = "{\"SalesOrderType\":\"OR\",\"PurchaseOrderByCustomer\":\"" + new string('x', 60 * 1024 * 1024) + "\"}";
        using var request = new HttpRequestMessage(HttpMethod.Post, orders) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-CSRF-Token", token);
        // As curl does for large bodies: the server can refuse before the body is sent.
        request.Headers.ExpectContinue = true;
        using var response = await server.Client.SendAsync(request);
        var after = long.Parse(await server.Client.GetStringAsync(orders + "/$count"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("/SAPSANDBOX/PAYLOAD_TOO_LARGE", error.GetProperty("code").GetString());
        Assert.Contains("50 MB", error.GetProperty("message").GetString());
        Assert.Equal(before, after);
    }
}

/// <summary>Limits that cannot work stop start-up with the key that holds them.</summary>
public class LimitConfigurationTests
{
    static void Build(params (string Key, string Value)[] settings)
    {
        var folder = Directory.CreateTempSubdirectory("sapsandbox-limits-").FullName;
        try
        {
            using var app = SandboxHost.Build(new SandboxOptions
            {
                Urls = "http://127.0.0.1:0",
                Store = "sqlite:" + Path.Combine(folder, "sandbox.db"),
                Settings = settings.ToDictionary(s => s.Key, s => (string?)s.Value),
            });
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("Sandbox:Limits:RequestsPerSecond", "0")]
    [InlineData("Sandbox:Limits:Burst", "-5")]
    [InlineData("Sandbox:Limits:RequestTimeoutSeconds", "0")]
    [InlineData("Sandbox:Limits:Services:API_SALES_ORDER_SRV:MaxExpandDepth", "0")]
    public void A_limit_that_is_not_positive_is_a_configuration_error_naming_its_key(string key, string value)
    {
        var error = Assert.Throws<ConfigurationError>(() => Build((key, value)));

        Assert.Equal(key, error.Key);
        Assert.Contains("positive", error.Message);
    }

    [Fact]
    public void The_defaults_are_SAPs_and_an_override_changes_only_what_it_names()
    {
        var policy = new Limits.LimitPolicy(new LimitSettings { Services = { ["API_SALES_ORDER_SRV"] = new ServiceLimitSettings { Burst = 10 } } });

        Assert.Equal((100, 200, 8192, TimeSpan.FromSeconds(600)), (policy.Default.RequestsPerSecond, policy.Default.Burst, policy.Default.MaxUrlLength, policy.Default.RequestTimeout));
        Assert.Equal(new Core.Query.QueryLimits(4, 500, 1000), policy.Default.Query);
        Assert.Equal(500, policy.MaxConcurrentConnections);
        Assert.Equal(policy.Default with { Burst = 10 }, policy.For("api_sales_order_srv"));
    }

    [Fact]
    public void An_override_for_a_service_that_is_not_served_is_a_configuration_error()
    {
        var error = Assert.Throws<ConfigurationError>(() => Build(("Sandbox:Limits:Services:NO_SUCH_SRV:Burst", "5")));

        Assert.Equal("Sandbox:Limits:Services:NO_SUCH_SRV", error.Key);
    }
}
