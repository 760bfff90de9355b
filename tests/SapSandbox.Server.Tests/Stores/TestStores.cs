using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;
using SapSandbox.Core.Store;
using SapSandbox.Server.Hosting;

namespace SapSandbox.Server.Tests.Stores;

/// <summary>
/// The store each test server runs on. This assembly runs on SQLite; the same tests built as
/// SapSandbox.Server.Tests.Postgres (with POSTGRES_STORE defined) run every server on a PostgreSQL database of its own,
/// created from a database seeded once per run (PostgreSQL's <c>CREATE DATABASE ... TEMPLATE</c>, its file copy).
/// </summary>
public static class TestStores
{
    // Read-only rather than const: the compiler would call the other store's code unreachable in each build.
#if POSTGRES_STORE
    public static readonly bool OnPostgres = true;
#else
    public static readonly bool OnPostgres = false;
#endif

    /// <summary>The <c>--store</c> of a new server whose SQLite file would be <paramref name="sqliteFile"/>.</summary>
    public static async Task<string> CreateAsync(string sqliteFile, string? servicesFolder, int pageSize, bool seeded)
    {
        if (!OnPostgres)
        {
            if (seeded) await SeededStoreTemplates.CopyTo(sqliteFile, servicesFolder, pageSize);
            return "sqlite:" + sqliteFile;
        }
        var name = "sbx_" + Guid.NewGuid().ToString("N");
        var template = seeded ? await PostgresTemplates.GetOrAdd((servicesFolder == null ? null : Path.GetFullPath(servicesFolder), pageSize),
            key => new Lazy<Task<string>>(() => Task.Run(() => SeedTemplate(key.Item1, key.Item2)))).Value : null;
        Admin($"CREATE DATABASE {SqlDialect.Quote(name)}" + (template == null ? "" : $" TEMPLATE {SqlDialect.Quote(template)}"));
        return "postgres:" + ConnectionString(name);
    }

    /// <summary>Removes a store <see cref="CreateAsync"/> made (the SQLite file goes with its folder).</summary>
    public static void Drop(string store)
    {
        if (StoreLocation.Parse(store) is PostgresLocation postgres)
            Admin($"DROP DATABASE IF EXISTS {SqlDialect.Quote(new NpgsqlConnectionStringBuilder(postgres.ConnectionString).Database!)} WITH (FORCE)");
        else Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    static readonly ConcurrentDictionary<(string? ServicesFolder, int PageSize), Lazy<Task<string>>> PostgresTemplates = new();

    /// <summary>Seeds a database for these inputs and leaves out what each store makes for itself (the change log).</summary>
    static string SeedTemplate(string? servicesFolder, int pageSize)
    {
        var name = "sbx_template_" + Guid.NewGuid().ToString("N");
        Admin($"CREATE DATABASE {SqlDialect.Quote(name)}");
        var store = "postgres:" + ConnectionString(name);
        SandboxHost.Seed(new SandboxOptions { Store = store, ServicesFolder = servicesFolder, PageSize = pageSize });
        using (var connection = new NpgsqlConnection(ConnectionString(name)))
        {
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP TABLE {StoreTables.Changes}", connection);
            drop.ExecuteNonQuery();
        }
        // A template must have no other sessions while it is copied: end the seeding's pooled ones.
        Admin($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()");
        return name;
    }

    static void Admin(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    static string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(Server.Value) { Database = database, Pooling = false }.ConnectionString;

    /// <summary>
    /// SAPSANDBOX_TEST_POSTGRES when set (.ci/run sets it), otherwise a server started by tests/postgres/start.sh,
    /// which installs and starts Debian's PostgreSQL on loopback.
    /// </summary>
    static readonly Lazy<string> Server = new(() =>
    {
        if (Environment.GetEnvironmentVariable("SAPSANDBOX_TEST_POSTGRES") is { Length: > 0 } given) return given;
        var root = AppContext.BaseDirectory;
        while (root != null && !File.Exists(Path.Combine(root, "SapSandbox.slnx"))) root = Path.GetDirectoryName(root);
        var script = Path.Combine(root ?? throw new InvalidOperationException("the repository root is not above the test binaries"), "tests", "postgres", "start.sh");
        using var start = Process.Start(new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = start.StandardOutput.ReadToEnd();
        var error = start.StandardError.ReadToEnd();
        start.WaitForExit();
        return start.ExitCode == 0 ? output.Trim() : throw new InvalidOperationException($"tests/postgres/start.sh failed ({start.ExitCode}): {error}");
    });
}
