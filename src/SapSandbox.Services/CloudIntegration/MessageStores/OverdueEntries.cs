using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;
using SapSandbox.Core.Write;
using static SapSandbox.Services.CloudIntegration.MessageStores.StoreRows;

namespace SapSandbox.Services.CloudIntegration.MessageStores;

/// <summary>
/// Data store entries fall due: an entry waits for the flow that reads it until its <c>DueAt</c>, and from then on
/// the tenant shows it as <c>Overdue</c>, counts it in its store's <c>NumberOfOverdueMessages</c> and lists it under
/// <c>overdueonly=true</c>. The status is kept in the row (rather than computed per read) so that what a read shows,
/// what <c>overdueonly=true</c> selects and what the store counts are always the same entries.
/// </summary>
static class OverdueEntries
{
    public const string Waiting = "Waiting";
    public const string Overdue = "Overdue";

    /// <summary>Marks every waiting entry due at <paramref name="now"/> as overdue and counts its store again.</summary>
    /// <returns>How many entries fell due.</returns>
    public static int Advance(EntityContext context, DateTimeOffset now)
    {
        var table = Table(context, "DataStoreEntries");
        string Name(string path) => SqlDialect.Quote(Column(table, path).Name);
        var due = $"{Name("Status")} = $p0 AND {Name("DueAt")} IS NOT NULL AND {Name("DueAt")} <= $p1";
        List<object?> parameters = [Waiting, StoredValue.FromDateTimeOffset(now)];

        var stores = new List<(string Name, string Flow, string Type)>();
        var command = context.Session.Rent(
            $"SELECT DISTINCT {Name("DataStoreName")}, {Name("IntegrationFlow")}, {Name("Type")} FROM {table.TableName} WHERE {due}", parameters);
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read()) stores.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }
        finally { context.Session.Return(command); }
        if (stores.Count == 0) return 0;

        command = context.Session.Rent($"UPDATE {table.TableName} SET {Name("Status")} = $p2 WHERE {due}", [.. parameters, Overdue]);
        int changed;
        try { changed = command.ExecuteNonQuery(); }
        finally { context.Session.Return(command); }
        foreach (var (name, flow, type) in stores) DataStoreCounts.Refresh(context, name, flow, type);
        return changed;
    }
}

/// <summary>
/// Moves data store entries to <c>Overdue</c> as their due time passes. Once a second, so that a client polling a
/// store sees an entry fall due about when its <c>DueAt</c> says; the starting content, seeded as of the tenant's
/// fixed history date, catches up with the clock on the first tick.
/// </summary>
public sealed class OverdueEntriesTicker : IServiceTicker
{
    public TimeSpan Interval => TimeSpan.FromSeconds(1);

    public void Tick(EntityContext context) => OverdueEntries.Advance(context, DateTimeOffset.UtcNow);
}
