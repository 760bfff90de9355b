using SapSandbox.Core.Store;

namespace SapSandbox.Server.Hosting;

/// <summary>
/// Parses <c>--store</c>: <c>sqlite:PATH</c> (the embedded default) or <c>postgres:CONNECTION STRING</c> (Npgsql's
/// keywords: <c>Host=...;Database=...;Username=...;Password=...</c>).
/// </summary>
public abstract record StoreLocation
{
    public static StoreLocation Parse(string store)
    {
        if (store.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            var path = store["sqlite:".Length..];
            if (path.Length == 0) throw new ArgumentException("--store sqlite: needs a file path, e.g. sqlite:./data/sandbox.db");
            return new SqliteLocation(path);
        }
        if (store.StartsWith("postgres:", StringComparison.OrdinalIgnoreCase) || store.StartsWith("postgresql:", StringComparison.OrdinalIgnoreCase))
        {
            var connection = store[(store.IndexOf(':') + 1)..];
            if (connection.Length == 0) throw new ArgumentException("--store postgres: needs a connection string, e.g. postgres:Host=127.0.0.1;Database=sandbox;Username=sandbox;Password=...");
            try { _ = new Npgsql.NpgsqlConnectionStringBuilder(connection); }
            catch (ArgumentException e) { throw new ArgumentException($"--store postgres: the connection string is not understood: {e.Message}"); }
            return new PostgresLocation(connection);
        }
        throw new ArgumentException($"--store '{store}' is not understood; use sqlite:PATH (for example sqlite:./data/sandbox.db) or postgres:Host=...;Database=...;Username=...;Password=...");
    }

    /// <summary>The store's file path, for the commands that work on a SQLite store only.</summary>
    public static string SqlitePath(string store) => Parse(store) is SqliteLocation sqlite ? sqlite.Path
        : throw new ArgumentException("this works on a SQLite store (sqlite:PATH) only");

    public abstract SandboxStore Open();

    /// <summary>The SQL the store speaks, known before it is opened: the services' models are built for it meanwhile.</summary>
    public abstract SqlDialect Dialect { get; }

    /// <summary>Removes everything the sandbox keeps in the store, so the next start seeds it anew (<c>--reset</c>).</summary>
    public abstract void Reset();

    /// <summary>What the logs say was reset.</summary>
    public abstract string Description { get; }

    /// <summary>A folder of this machine's for what stays beside the store: the development certificate authority.</summary>
    public abstract string LocalFolder { get; }

    /// <summary>The development certificate authority of the HTTPS endpoint: <c>ca</c> in <see cref="LocalFolder"/>.</summary>
    public string CaFolder => System.IO.Path.Combine(LocalFolder, "ca");
}

/// <summary>A SQLite file: the CSRF key ring and the certificate authority live in folders beside it.</summary>
public sealed record SqliteLocation(string Path) : StoreLocation
{
    public override SandboxStore Open() => new SqliteStore(Path);
    public override SqlDialect Dialect => SqliteDialect.Instance;
    public override void Reset() => SqliteStore.Delete(System.IO.Path.GetFullPath(Path));
    public override string Description => System.IO.Path.GetFullPath(Path);
    public override string LocalFolder => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;

    /// <summary>The Data Protection key ring that signs CSRF tokens: <c>keys</c> in the store file's folder.</summary>
    public string KeysFolder => System.IO.Path.Combine(LocalFolder, "keys");
}

/// <summary>
/// A PostgreSQL database, possibly shared by several sandbox processes: the CSRF key ring lives in the database so
/// that a token one process issued is accepted by all. The certificate authority stays in <c>./data</c> of each.
/// </summary>
public sealed record PostgresLocation(string ConnectionString) : StoreLocation
{
    public override SandboxStore Open() => new PostgresStore(ConnectionString);
    public override SqlDialect Dialect => PostgresDialect.Instance;
    public override void Reset() => PostgresStore.Reset(ConnectionString);
    public override string Description => PostgresStore.Describe(ConnectionString);
    public override string LocalFolder => System.IO.Path.GetFullPath("data");
}
