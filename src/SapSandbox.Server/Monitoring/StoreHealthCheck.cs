using Microsoft.Extensions.Diagnostics.HealthChecks;
using SapSandbox.Core.Store;

namespace SapSandbox.Server.Monitoring;

/// <summary>
/// Readiness: the store answers a query over the sandbox's own table on a new connection. A SQLite file that was
/// deleted or cannot be written, or a PostgreSQL server that is down, is unready.
/// </summary>
public sealed class StoreHealthCheck(SandboxStore store) : IHealthCheck
{
    public const string ReadyTag = "ready";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.ProbeAsync(cancellationToken);
            return HealthCheckResult.Healthy("The store answers");
        }
        catch (System.Data.Common.DbException e)
        {
            return HealthCheckResult.Unhealthy($"The store at {store.Description} does not answer: {e.Message}", e);
        }
    }
}
