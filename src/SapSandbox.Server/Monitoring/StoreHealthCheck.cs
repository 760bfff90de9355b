using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SapSandbox.Server.Monitoring;

/// <summary>
/// Readiness: the store answers a <c>SELECT 1</c> over its schema. Opened read-write without creating, so a store file that was deleted
/// or cannot be written is unready rather than silently recreated empty.
/// </summary>
public sealed class StoreHealthCheck(string path) : IHealthCheck
{
    public const string ReadyTag = "ready";

    readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = Path.GetFullPath(path),
        Mode = SqliteOpenMode.ReadWrite,
        Pooling = false,
    }.ToString();

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            // Over the schema, not a bare SELECT 1: that would answer without reading the file, even from a file that is no database.
            command.CommandText = "SELECT 1 FROM sqlite_master LIMIT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("The store answers");
        }
        catch (SqliteException e)
        {
            return HealthCheckResult.Unhealthy($"The store at {Path.GetFullPath(path)} does not answer: {e.Message}", e);
        }
    }
}
