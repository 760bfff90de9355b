namespace SapSandbox.Core.Store;

/// <summary>The sandbox's own tables beside the services' ones.</summary>
public static class StoreTables
{
    /// <summary>Each service seeded into the store, with the hash of the metadata and seed it was seeded from.</summary>
    public const string Services = "\"_sandbox_services\"";

    /// <summary>The last number each number range handed out (<see cref="Write.EntityWriter"/> assigns keys from them).</summary>
    public const string NumberRanges = "\"_sandbox_numbers\"";

    /// <summary>The keys the sandbox signs OAuth access tokens with, created on first start and kept with the data.</summary>
    public const string Keys = "\"_sandbox_keys\"";

    /// <summary>Which entities changed, in order (<see cref="Changes.ChangeLog"/>): what delta links deliver.</summary>
    public const string Changes = "\"_sandbox_changes\"";

    /// <summary>Creates the tables every store has, under the write lock so that processes starting together agree.</summary>
    internal static void EnsureCreated(SandboxStore store)
    {
        using var session = store.Rent();
        using var transaction = session.BeginWrite();
        var integer = store.Dialect.IntegerType;
        session.ExecuteOnce($"CREATE TABLE IF NOT EXISTS {Services} (\"name\" TEXT PRIMARY KEY, \"metadata_hash\" TEXT NOT NULL, \"rows\" {integer} NOT NULL)");
        session.ExecuteOnce($"CREATE TABLE IF NOT EXISTS {NumberRanges} (\"name\" TEXT PRIMARY KEY, \"last\" {integer} NOT NULL)");
        Core.Changes.ChangeLog.EnsureCreated(session);
        transaction.Commit();
    }
}
