using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SapSandbox.Server.Tests;

/// <summary>Captures the request log of one sandbox, with each line's structured values.</summary>
public sealed class RequestLogCapture : ILoggerProvider
{
    public ConcurrentQueue<(string Text, IReadOnlyDictionary<string, object?> Values)> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName == "SapSandbox.Requests" ? this : null);

    public void Dispose() { }

    sealed class Logger(RequestLogCapture? capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => capture != null;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (capture == null) return;
            var values = state is IReadOnlyList<KeyValuePair<string, object?>> pairs ? pairs.ToDictionary(p => p.Key, p => p.Value) : [];
            capture.Lines.Enqueue((formatter(state, exception), values));
        }
    }
}

/// <summary>The request log, the error log, the health checks and the metrics, seen from outside.</summary>
public class ObservabilityTests(FaultSandboxServer server) : IClassFixture<FaultSandboxServer>
{
    const string V4 = "/odata/v4/CE_SALESORDER_0001/";

    [Fact]
    public async Task Every_request_is_one_log_line_with_user_service_status_duration_and_rows()
    {
        var capture = new RequestLogCapture();
        server.App.Services.GetRequiredService<ILoggerFactory>().AddProvider(capture);

        using var read = await server.Client.GetAsync(V4 + "SalesOrder?$top=3&$select=SalesOrder");
        using var atom = await server.Client.GetAsync("/sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder?$top=4");
        using var missing = await server.NewClient("alice", FaultSandboxServer.Password).GetAsync(V4 + "SalesOrder('none')");
        // The log is handed on a batch at a time (RequestLog.Interval): wait for this test's three lines.
        string[] paths = ["SalesOrder?$top=3", "A_SalesOrder?$top=4", "SalesOrder('none')"];
        for (var waited = 0; waited < 5000 && !paths.All(p => capture.Lines.Any(l => l.Text.Contains(p))); waited += 20) await Task.Delay(20);

        var line = capture.Lines.Single(l => l.Text.Contains("SalesOrder?$top=3"));
        Assert.StartsWith("GET /odata/v4/CE_SALESORDER_0001/SalesOrder?$top=3&$select=SalesOrder 200 ", line.Text);
        Assert.Equal("sandbox", line.Values["User"]);
        Assert.Equal("CE_SALESORDER_0001", line.Values["Service"]);
        Assert.Equal(200, line.Values["Status"]);
        Assert.Equal(3L, line.Values["Rows"]);
        Assert.IsType<double>(line.Values["DurationMs"]);
        Assert.Contains("3 rows, user sandbox, service CE_SALESORDER_0001", line.Text);
        Assert.Equal(4L, capture.Lines.Single(l => l.Text.Contains("A_SalesOrder?$top=4")).Values["Rows"]);
        var failed = capture.Lines.Single(l => l.Text.Contains("SalesOrder('none')"));
        Assert.Equal(404, failed.Values["Status"]);
        Assert.Equal("alice", failed.Values["User"]);
    }

    [Fact]
    public async Task A_failed_request_is_in_the_error_log_with_request_and_response_and_no_credentials()
    {
        using var alice = server.NewClient("alice", FaultSandboxServer.Password);
        var marker = Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Post, V4 + "SalesOrder")
        {
            Content = new StringContent($$"""{"PurchaseOrderByCustomer":"{{marker}}"}""", Encoding.UTF8, "application/json"),
        };
        using var refused = await alice.SendAsync(request);

        var errors = JsonDocument.Parse(await server.Client.GetStringAsync("/sandbox/admin/errors")).RootElement.GetProperty("errors");
        var summary = errors.EnumerateArray().First(e => e.GetProperty("user").GetString() == "alice" && e.GetProperty("method").GetString() == "POST");
        var id = summary.GetProperty("id").GetInt64();
        var detailText = await server.Client.GetStringAsync($"/sandbox/admin/errors/{id}");
        var detail = JsonDocument.Parse(detailText).RootElement;

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(403, summary.GetProperty("status").GetInt32());
        Assert.Equal("CE_SALESORDER_0001", summary.GetProperty("service").GetString());
        Assert.EndsWith(V4 + "SalesOrder", detail.GetProperty("request").GetProperty("url").GetString());
        Assert.Equal("Basic [redacted]", detail.GetProperty("request").GetProperty("headers").GetProperty("Authorization").GetString());
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:" + FaultSandboxServer.Password)), detailText);
        Assert.Contains(marker, detail.GetProperty("request").GetProperty("body").GetString());
        Assert.Equal(403, detail.GetProperty("response").GetProperty("status").GetInt32());
        Assert.Equal("Required", detail.GetProperty("response").GetProperty("headers").GetProperty("X-CSRF-Token").GetString());
        Assert.Contains("CSRF token validation failed", detail.GetProperty("response").GetProperty("body").GetString());

        // As in Gateway's error log, the transaction id of the error body finds the entry.
        var transaction = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error")
            .GetProperty("innererror").GetProperty("ErrorDetails").GetProperty("@SAP__common.TransactionId").GetString();
        var byTransaction = JsonDocument.Parse(await server.Client.GetStringAsync($"/sandbox/admin/errors/{transaction}")).RootElement;
        Assert.Equal(id, byTransaction.GetProperty("id").GetInt64());
        Assert.Equal(transaction, byTransaction.GetProperty("transactionId").GetString());
    }

    [Fact]
    public async Task Successful_requests_stay_out_of_the_error_log_and_unknown_entries_are_404()
    {
        var marker = Guid.NewGuid().ToString("N");
        using var served = await server.Client.GetAsync(V4 + $"SalesOrder?$top=1&$filter=SalesOrder ne '{marker}'");
        var text = await server.Client.GetStringAsync("/sandbox/admin/errors");
        using var unknown = await server.Client.GetAsync("/sandbox/admin/errors/999999");
        using var notANumber = await server.Client.GetAsync("/sandbox/admin/errors/abc");

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.DoesNotContain(marker, text);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notANumber.StatusCode);
    }

    [Fact]
    public async Task A_dropped_connection_is_in_the_error_log_with_its_fault_rule()
    {
        var id = await server.AddFault("""{"Service":"CE_SALESORDER_0001","Path":"^SalesOrderItem$","Drop":true}""");
        try
        {
            using var client = server.NewClient("sandbox", "sandbox");
            await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(V4 + "SalesOrderItem?$top=1"));
        }
        finally { await server.RemoveFault(id); }

        // The client sees the connection drop before the server has finished logging it.
        JsonElement? entry = null;
        for (var until = DateTime.UtcNow.AddSeconds(30); entry == null && DateTime.UtcNow < until; await Task.Delay(50))
        {
            var errors = JsonDocument.Parse(await server.Client.GetStringAsync("/sandbox/admin/errors")).RootElement.GetProperty("errors");
            entry = errors.EnumerateArray().Where(e => e.GetProperty("url").GetString()!.EndsWith("SalesOrderItem?$top=1")).Select(e => (JsonElement?)e.Clone()).FirstOrDefault();
        }
        Assert.NotNull(entry);
        Assert.Equal(0, entry.Value.GetProperty("status").GetInt32());
        Assert.Equal(id, entry.Value.GetProperty("faultRule").GetString());
    }

    [Fact]
    public async Task Health_checks_answer_without_credentials()
    {
        using var anonymous = server.NewClient(null, null);

        using var live = await anonymous.GetAsync("/health/live");
        using var ready = await anonymous.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_is_503_when_the_store_is_gone_while_live_stays_200()
    {
        var own = new SandboxServer();
        await own.InitializeAsync();
        try
        {
            using var anonymous = own.NewClient(null, null);
            using var before = await anonymous.GetAsync("/health/ready");
            own.RemoveStore();

            using var ready = await anonymous.GetAsync("/health/ready");
            using var live = await anonymous.GetAsync("/health/live");

            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        finally { await own.DisposeAsync(); }
    }

    [Fact]
    public async Task The_meter_counts_requests_their_duration_and_rows()
    {
        var factory = server.App.Services.GetRequiredService<IMeterFactory>();
        var counts = new ConcurrentBag<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        // Only this sandbox's meter: other tests run sandboxes of their own in the same process.
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "SapSandbox" && ReferenceEquals(instrument.Meter.Scope, factory)) l.EnableMeasurementEvents(instrument);
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            counts.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();

        using var response = await server.Client.GetAsync(V4 + "SalesOrder?$top=5&$select=SalesOrder");
        await response.Content.ReadAsStringAsync();
        await Task.Delay(100);

        bool ForThisRead(Dictionary<string, object?> tags) => (string?)tags["service"] == "CE_SALESORDER_0001";
        var request = counts.Where(c => c.Instrument == "sapsandbox.requests" && ForThisRead(c.Tags)).ToList();
        Assert.Contains(request, c => c.Value == 1 && (int)c.Tags["http.response.status_code"]! == 200 && (string?)c.Tags["http.request.method"] == "GET");
        Assert.Contains(counts, c => c.Instrument == "sapsandbox.request.duration" && ForThisRead(c.Tags) && c.Value > 0);
        Assert.Contains(counts, c => c.Instrument == "sapsandbox.rows" && ForThisRead(c.Tags) && c.Value == 5);
    }
}

/// <summary>OTLP export: a sandbox configured with a collector's address sends its metrics there.</summary>
public class TelemetryExportTests
{
    sealed class TelemetrySandboxServer(string collector) : SandboxServer
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Sandbox:Telemetry:OtlpEndpoint"] = collector,
            ["Sandbox:Telemetry:OtlpProtocol"] = "http/protobuf",
            ["Sandbox:Telemetry:ExportIntervalSeconds"] = "1",
        };
    }

    [Fact]
    public async Task Metrics_go_to_the_configured_OTLP_endpoint()
    {
        // A stand-in collector: OTLP over HTTP posts protobuf to /v1/metrics, in which instrument names are plain UTF-8.
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var collector = builder.Build();
        collector.MapPost("/v1/metrics", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var text = Encoding.UTF8.GetString(body.ToArray());
            if (text.Contains("sapsandbox.requests")) received.TrySetResult(text);
            return Results.Ok();
        });
        await collector.StartAsync();
        var address = collector.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var sandbox = new TelemetrySandboxServer(address);
        await sandbox.InitializeAsync();
        try
        {
            using var response = await sandbox.Client.GetAsync("/odata/v4/CE_SALESORDER_0001/SalesOrder?$top=1");
            var export = await received.Task.WaitAsync(TimeSpan.FromSeconds(20));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("sapsandbox.request.duration", export);
            Assert.Contains("CE_SALESORDER_0001", export);
        }
        finally
        {
            await sandbox.DisposeAsync();
            await collector.StopAsync();
        }
    }

    [Theory]
    [InlineData("Sandbox:Telemetry:OtlpEndpoint", "localhost:4317")]
    [InlineData("Sandbox:Telemetry:OtlpProtocol", "udp")]
    public void A_telemetry_setting_that_cannot_work_stops_start_up_naming_its_key(string key, string value)
    {
        var error = Assert.Throws<SapSandbox.Server.Configuration.ConfigurationError>(() => SapSandbox.Server.Hosting.SandboxHost.Build(new SapSandbox.Server.Hosting.SandboxOptions
        {
            Urls = "http://127.0.0.1:0",
            Store = "sqlite:" + Path.Combine(Path.GetTempPath(), $"sapsandbox-telemetry-{Guid.NewGuid():N}", "sandbox.db"),
            Settings = new Dictionary<string, string?> { [key] = value },
        }));

        Assert.Equal(key, error.Key);
    }
}
