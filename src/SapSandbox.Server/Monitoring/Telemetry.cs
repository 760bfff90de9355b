using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using SapSandbox.Server.Configuration;

namespace SapSandbox.Server.Monitoring;

/// <summary>Where the metrics go: the <c>Sandbox:Telemetry</c> section.</summary>
public sealed class TelemetrySettings
{
    /// <summary>
    /// An OTLP collector (<c>http://localhost:4317</c> for gRPC, <c>http://localhost:4318</c> for HTTP): the metrics are
    /// exported there. Without it, <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> does the same; without either, nothing is exported.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (OpenTelemetry's default) or <c>http/protobuf</c>; otherwise <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> decides.</summary>
    public string? OtlpProtocol { get; set; }

    /// <summary>Seconds between exports (OpenTelemetry's default: 60).</summary>
    public int? ExportIntervalSeconds { get; set; }
}

/// <summary>
/// OpenTelemetry metrics export over OTLP, switched on by an endpoint in the configuration or OpenTelemetry's own
/// environment variables: the sandbox's meter and ASP.NET Core's own (<c>http.server.request.duration</c>, Kestrel's
/// connections). Without an endpoint no SDK is started; the meter stays readable with <c>dotnet-counters</c>.
/// </summary>
public static class Telemetry
{
    const string Key = SandboxSettings.Section + ":Telemetry";

    public static void Add(IServiceCollection services, TelemetrySettings settings)
    {
        Uri? endpoint = null;
        if (settings.OtlpEndpoint != null
            && (!Uri.TryCreate(settings.OtlpEndpoint, UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("http" or "https")))
            throw new ConfigurationError(Key + ":OtlpEndpoint", $"'{settings.OtlpEndpoint}' is not an http:// or https:// URL");
        OtlpExportProtocol? protocol = settings.OtlpProtocol switch
        {
            null => null,
            "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            _ => throw new ConfigurationError(Key + ":OtlpProtocol", $"'{settings.OtlpProtocol}' is not grpc or http/protobuf"),
        };
        if (settings.ExportIntervalSeconds is < 1)
            throw new ConfigurationError(Key + ":ExportIntervalSeconds", "must be 1 or more");
        if (endpoint == null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"))
                             && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT")))
            return;

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("sapsandbox"))
            .WithMetrics(metrics => metrics
                .AddMeter(SandboxMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
                .AddOtlpExporter((exporter, reader) =>
                {
                    if (protocol != null) exporter.Protocol = protocol.Value;
                    // Given in code, the HTTP exporter posts to the URL as it is; the environment variable's form is the
                    // collector's base URL, to which OpenTelemetry adds the signal's path. The setting takes that form too.
                    if (endpoint != null)
                        exporter.Endpoint = exporter.Protocol == OtlpExportProtocol.HttpProtobuf && !endpoint.AbsolutePath.EndsWith("/v1/metrics", StringComparison.Ordinal)
                            ? new Uri(endpoint.ToString().TrimEnd('/') + "/v1/metrics")
                            : endpoint;
                    if (settings.ExportIntervalSeconds is { } seconds)
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = seconds * 1000;
                }));
    }
}
