#if POSTGRES_STORE
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace SapSandbox.Server.Tests.Stores;

/// <summary>
/// Two <c>sapsandbox serve</c> processes on one PostgreSQL database, behind nginx from Debian's packages, behave as
/// one system: what one issues (CSRF tokens, OAuth tokens, deployments) the other knows, and concurrent changes to
/// one entity through both have one winner.
/// </summary>
public sealed class SeveralInstancesTests(SeveralInstancesTests.Cluster cluster) : IClassFixture<SeveralInstancesTests.Cluster>
{
    const string Orders = "/odata/v4/CE_SALESORDER_0001/SalesOrder";
    const string Api = "/api/v1/";

    [Fact]
    public async Task A_CSRF_token_fetched_from_one_instance_is_accepted_by_the_other()
    {
        using var client = cluster.Client();
        var token = await FetchToken(client, cluster.First, Orders);

        using var created = await Send(client, HttpMethod.Post, new Uri(cluster.Second, Orders), """{"SalesOrderType":"OR"}""", token);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task An_OAuth_token_issued_by_one_instance_is_accepted_by_the_other()
    {
        using var client = cluster.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(cluster.First, "/oauth/token?grant_type=client_credentials"));
        request.Headers.Authorization = Basic("sandbox", "sandbox");
        using var issued = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var accessToken = JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString();

        using var read = new HttpRequestMessage(HttpMethod.Get, new Uri(cluster.Second, Orders + "?$top=1"));
        read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var answer = await client.SendAsync(read);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Fact]
    public async Task Concurrent_changes_with_one_ETag_through_both_instances_have_exactly_one_winner()
    {
        using var client = cluster.Client();
        var entity = Orders + "('0000001010')";
        using var read = await client.GetAsync(new Uri(cluster.First, entity));
        var etag = read.Headers.ETag!.ToString();
        var tokens = new[] { await FetchToken(client, cluster.First, Orders), await FetchToken(client, cluster.Second, Orders) };

        // Eight changes at once, half through each instance, all naming the ETag read before.
        var changes = Enumerable.Range(0, 8).Select(async i =>
        {
            var instance = i % 2 == 0 ? cluster.First : cluster.Second;
            using var response = await Send(client, HttpMethod.Patch, new Uri(instance, entity), $$"""{"PurchaseOrderByCustomer":"RACE-{{i}}"}""",
                tokens[i % 2], ("If-Match", etag));
            return response.StatusCode;
        });
        var statuses = await Task.WhenAll(changes);

        Assert.Single(statuses, status => status is HttpStatusCode.NoContent or HttpStatusCode.OK);
        Assert.Equal(7, statuses.Count(status => status == HttpStatusCode.PreconditionFailed));
    }

    [Fact]
    public async Task A_deployment_started_on_one_instance_is_seen_finishing_on_the_other()
    {
        using var client = cluster.Client();
        var token = await FetchToken(client, cluster.First, Api);
        using var deploy = await Send(client, HttpMethod.Post,
            new Uri(cluster.First, Api + "DeployIntegrationDesigntimeArtifact?Id='Aggregate_Stock_Updates'&Version='active'"), null, token);
        Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);
        var taskId = (await deploy.Content.ReadAsStringAsync()).Trim();

        var statuses = new List<string>();
        for (var attempt = 0; attempt < 100 && statuses.LastOrDefault() is null or "DEPLOYING"; attempt++)
        {
            if (attempt > 0) await Task.Delay(100);
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(cluster.Second, $"{Api}BuildAndDeployStatus(TaskId='{taskId}')?$format=json"));
            using var status = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
            statuses.Add(JsonDocument.Parse(await status.Content.ReadAsStringAsync()).RootElement.GetProperty("d").GetProperty("Status").GetString()!);
        }

        Assert.Equal("SUCCESS", statuses.Last());
        using var runtime = await client.GetAsync(new Uri(cluster.Second, Api + "IntegrationRuntimeArtifacts('Aggregate_Stock_Updates')?$format=json"));
        Assert.Equal("STARTED", JsonDocument.Parse(await runtime.Content.ReadAsStringAsync()).RootElement.GetProperty("d").GetProperty("Status").GetString());
    }

    [Fact]
    public async Task Through_the_load_balancer_a_client_fetches_a_token_once_and_writes_on_whichever_instance_answers()
    {
        using var client = cluster.Client();
        var token = await FetchToken(client, cluster.Balancer, Orders);

        // nginx sends requests to the instances in turn, so these land on both.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var created = await Send(client, HttpMethod.Post, new Uri(cluster.Balancer, Orders), """{"SalesOrderType":"OR"}""", token);
            statuses.Add(created.StatusCode);
        }

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.Created, status));
        Assert.True(cluster.BothServed(), "nginx sent every request to one instance");
    }

    static async Task<string> FetchToken(HttpClient client, Uri instance, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(instance, path));
        request.Headers.Add("X-CSRF-Token", "Fetch");
        using var response = await client.SendAsync(request);
        return response.Headers.GetValues("X-CSRF-Token").Single();
    }

    static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, Uri url, string? json, string token, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, url);
        if (json != null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        request.Headers.Add("X-CSRF-Token", token);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return client.SendAsync(request);
    }

    static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));

    /// <summary>The database, two server processes on it and nginx in front of them, for the class's tests.</summary>
    public sealed class Cluster(IMessageSink sink) : IAsyncLifetime
    {
        readonly string _folder = Directory.CreateTempSubdirectory("sapsandbox-cluster-").FullName;
        readonly List<SandboxProcess> _servers = [];
        Process? _nginx;
        string _store = "";

        public Uri First => _servers[0].BaseAddress;
        public Uri Second => _servers[1].BaseAddress;
        public Uri Balancer { get; private set; } = null!;

        /// <summary>A client that signs in as the sandbox user and keeps cookies (the CSRF session) for 127.0.0.1, whichever port.</summary>
        public HttpClient Client()
        {
            var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() });
            client.DefaultRequestHeaders.Authorization = Basic("sandbox", "sandbox");
            return client;
        }

        public async Task InitializeAsync()
        {
            _store = await TestStores.CreateAsync(Path.Combine(_folder, "unused.db"), null, 1000, seeded: true);
            var output = new SinkOutput(sink);
            // One after the other, as a deployment would roll them out; the second finds the store seeded.
            foreach (var name in new[] { "first", "second" })
            {
                var folder = Directory.CreateDirectory(Path.Combine(_folder, name)).FullName;
                _servers.Add(await SandboxProcess.Start(_store, folder, output));
            }
            Balancer = StartNginx();
            await WaitForPort(Balancer);
        }

        Uri StartNginx()
        {
            var port = FreePort();
            var prefix = Directory.CreateDirectory(Path.Combine(_folder, "nginx")).FullName;
            var upstreams = string.Concat(_servers.Select(s => $"server {s.BaseAddress.Host}:{s.BaseAddress.Port}; "));
            File.WriteAllText(Path.Combine(prefix, "nginx.conf"), $$"""
                daemon off;
                worker_processes 1;
                pid {{prefix}}/nginx.pid;
                error_log {{prefix}}/error.log;
                events { worker_connections 256; }
                http {
                    access_log {{prefix}}/access.log combined;
                    log_format upstreams '$upstream_addr';
                    client_body_temp_path {{prefix}}/body;
                    proxy_temp_path {{prefix}}/proxy;
                    fastcgi_temp_path {{prefix}}/fastcgi;
                    uwsgi_temp_path {{prefix}}/uwsgi;
                    scgi_temp_path {{prefix}}/scgi;
                    upstream sandbox { {{upstreams}} }
                    server {
                        listen 127.0.0.1:{{port}};
                        access_log {{prefix}}/upstreams.log upstreams;
                        location / {
                            proxy_pass http://sandbox;
                            proxy_set_header Host $http_host;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                        }
                    }
                }
                """);
            var nginx = File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";
            _nginx = Process.Start(new ProcessStartInfo(nginx, ["-p", prefix, "-c", Path.Combine(prefix, "nginx.conf")])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            }) ?? throw new InvalidOperationException("nginx did not start");
            return new Uri($"http://127.0.0.1:{port}");
        }

        /// <summary>Whether nginx's log shows requests sent to both instances.</summary>
        public bool BothServed()
        {
            var log = File.ReadAllLines(Path.Combine(_folder, "nginx", "upstreams.log"));
            return _servers.All(s => log.Any(line => line.Contains($":{s.BaseAddress.Port}")));
        }

        static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        async Task WaitForPort(Uri address)
        {
            for (var attempt = 0; attempt < 100; attempt++)
            {
                if (_nginx!.HasExited) throw new InvalidOperationException($"nginx ended: {await _nginx.StandardError.ReadToEndAsync()}");
                try
                {
                    using var socket = new TcpClient();
                    await socket.ConnectAsync(address.Host, address.Port);
                    return;
                }
                catch (SocketException) { await Task.Delay(100); }
            }
            throw new TimeoutException("nginx does not listen");
        }

        public async Task DisposeAsync()
        {
            if (_nginx is { HasExited: false }) { _nginx.Kill(); await _nginx.WaitForExitAsync(); }
            foreach (var server in _servers) await server.DisposeAsync();
            if (_store.Length > 0) TestStores.Drop(_store);
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>A fixture has no test output; the server logs go to the runner's diagnostic messages instead.</summary>
    sealed class SinkOutput(IMessageSink sink) : ITestOutputHelper
    {
        public void WriteLine(string message) => sink.OnMessage(new Xunit.Sdk.DiagnosticMessage(message));
        public void WriteLine(string format, params object[] args) => sink.OnMessage(new Xunit.Sdk.DiagnosticMessage(format, args));
    }
}
#endif
