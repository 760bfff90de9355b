using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Console;
using SapSandbox.Server.Hosting;

namespace SapSandbox.Server.Monitoring;

/// <summary>Request log, error log, metrics and health checks, as <see cref="SandboxHost"/> wires them.</summary>
public static class MonitoringSetup
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    public static void AddSandboxMonitoring(this WebApplicationBuilder builder, TelemetrySettings telemetry, Core.Store.SandboxStore store)
    {
        var services = builder.Services;
        // The slim builder registers the simple console format only, and fixes it in code. With all of them registered and
        // the configuration applied after, "Logging:Console:FormatterName": "json" gives one JSON object per line, with
        // the request log's fields (User, Service, Status, DurationMs, Rows) as properties.
        builder.Logging.AddConsole();
        services.Configure<ConsoleLoggerOptions>(builder.Configuration.GetSection("Logging:Console"));
        services.AddSingleton<RequestLog>();
        services.AddHostedService(provider => provider.GetRequiredService<RequestLog>());
        services.AddSingleton<SandboxMetrics>();
        services.AddSingleton<ErrorLog>();
        services.AddHealthChecks().Add(new HealthCheckRegistration("store", _ => new StoreHealthCheck(store), HealthStatus.Unhealthy, [StoreHealthCheck.ReadyTag]));
        Telemetry.Add(services, telemetry);
    }

    /// <summary>First in the pipeline, so that the log and the metrics see every request and its whole duration.</summary>
    public static void UseSandboxMonitoring(this WebApplication app, ServiceMounts mounts) => app.UseMiddleware<RequestMonitoringMiddleware>(mounts);

    /// <summary>
    /// <c>/health/live</c> (the process answers) and <c>/health/ready</c> (and its store does), without credentials as
    /// Kubernetes probes call them: they tell nothing but <c>Healthy</c> or <c>Unhealthy</c>.
    /// </summary>
    public static void MapSandboxHealth(this WebApplication app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(StoreHealthCheck.ReadyTag) }).AllowAnonymous();
    }
}
