using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Win32.SafeHandles;
using SapSandbox.Core.Store;
using SapSandbox.Server.Hosting;

namespace SapSandbox.Server.Tests.Stores;

/// <summary>
/// One seeded store per seeding input per test run, which every test server starts from a copy of. Seeding every
/// bundled service and the whole Cloud Integration tenant takes seconds; a copy takes milliseconds, and the server
/// started on it finds its seed hashes current and seeds nothing, as on any restart. What a start makes besides the
/// seeded tables (the OAuth signing key, the CSRF key ring, the HTTPS authority, the change log's random start, the
/// tables created on first use) is not in the template, so every server still makes its own.
/// <para>
/// The seeding inputs are the services folder (its services, its data files and settings: sizes the seed hash does
/// not cover) and the page size; configuration settings do not reach seeding. Should the key ever miss an input, the
/// server reseeds a template whose hash differs, and the test run is only slower.
/// </para>
/// </summary>
public static class SeededStoreTemplates
{
    static readonly ConcurrentDictionary<(string? ServicesFolder, int PageSize), Lazy<Task<SafeFileHandle>>> Templates = new();

    /// <summary>Puts a seeded store at <paramref name="storeFile"/>: the first caller for these inputs seeds the template, the others wait for it.</summary>
    public static async Task CopyTo(string storeFile, string? servicesFolder, int pageSize)
    {
        var key = (servicesFolder == null ? null : Path.GetFullPath(servicesFolder), pageSize);
        // Lazy: one seeding per key however many servers start at once (xunit runs collections in parallel); a
        // task, so that the others wait without holding a thread.
        var template = await Templates.GetOrAdd(key, k => new Lazy<Task<SafeFileHandle>>(() => Task.Run(() => Create(k.Item1, k.Item2)))).Value;
        using var target = new FileStream(storeFile, FileMode.CreateNew, FileAccess.Write);
        var buffer = new byte[1 << 20];
        long offset = 0;
        // Reads at an offset: servers starting together copy from the one handle at once.
        for (int read; (read = RandomAccess.Read(template, buffer, offset)) > 0; offset += read)
            target.Write(buffer, 0, read);
    }

    /// <summary>
    /// Seeds in a folder of its own and keeps a self-contained copy (no WAL beside it) open, with its folder already
    /// deleted: nothing is left on disk however the test run ends, even killed.
    /// </summary>
    static SafeFileHandle Create(string? servicesFolder, int pageSize)
    {
        var building = Directory.CreateTempSubdirectory("sapsandbox-seeding-").FullName;
        try
        {
            var seeded = Path.Combine(building, "sandbox.db");
            SandboxHost.Seed(new SandboxOptions { Store = "sqlite:" + seeded, ServicesFolder = servicesFolder, PageSize = pageSize });

            // SQLite's backup copies the database as a reader sees it, WAL included, into one file.
            var template = Path.Combine(building, "template.db");
            using (var source = new SqliteConnection($"Data Source={seeded};Mode=ReadOnly;Pooling=False"))
            using (var target = new SqliteConnection($"Data Source={template};Pooling=False"))
            {
                source.Open();
                target.Open();
                source.BackupDatabase(target);
                // The services' seed hashes stay: a server started on a copy finds its services seeded.
                foreach (var table in TablesOfANewStore(Path.Combine(building, "new.db")).Where(t => SqlDialect.Quote(t) != StoreTables.Services))
                    Execute(target, $"DROP TABLE {SqlDialect.Quote(table)}");
            }
            return File.OpenHandle(template, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        }
        finally
        {
            // The seeding's pooled connections hold the seeded store open; closing them lets the folder go.
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(building, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>
    /// The tables a store makes for itself when it is created, before any seeding: each store's own (the change log
    /// starts at a random position, so that a delta token from another store is refused). The template leaves them
    /// out, so every server's store makes them anew as a new store does; only the seeded tables are shared.
    /// </summary>
    static List<string> TablesOfANewStore(string path)
    {
        using var connection = new SqliteStore(path).Open();
        using var tables = connection.CreateCommand();
        tables.CommandText = "SELECT \"name\" FROM sqlite_master WHERE \"type\" = 'table' AND \"name\" NOT LIKE 'sqlite_%'";
        using var reader = tables.ExecuteReader();
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
