using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace SapSandbox.Core.Store;

/// <summary>The embedded store: one SQLite file in WAL mode, opened per request from the connection pool.</summary>
public sealed class SqliteStore
{
    const int MaxIdleSessions = 32;

    readonly string _connectionString;
    readonly ConcurrentBag<StoreSession> _sessions = [];

    public SqliteStore(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Pooling = true,
            ForeignKeys = true,
        }.ToString();
        using var connection = Open();
        using var wal = connection.CreateCommand();
        wal.CommandText = "PRAGMA journal_mode=WAL";
        wal.ExecuteNonQuery();
        Changes.ChangeLog.EnsureCreated(connection);
    }

    public string Path { get; }

    /// <summary>One writer at a time in this process, queued fairly; SQLite itself allows only one.</summary>
    internal SemaphoreSlim WriteGate { get; } = new(1, 1);
    public SqlDialect Dialect => SqliteDialect.Instance;

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.CreateCollation(DecimalCollation.Name, DecimalCollation.Compare);
        connection.CreateFunction("regexp", (string pattern, string? input) => input != null && Regex.IsMatch(input, pattern), isDeterministic: true);
        connection.Open();
        return connection;
    }

    /// <summary>A session for one request: a pooled open connection that keeps its prepared statements.</summary>
    public StoreSession Rent() => _sessions.TryTake(out var session) ? session : new StoreSession(this, Open());

    internal void Return(StoreSession session)
    {
        if (_sessions.Count < MaxIdleSessions) _sessions.Add(session);
        else session.Close();
    }

    /// <summary>Closes the idle sessions, so the file can be deleted or replaced.</summary>
    public void CloseSessions()
    {
        while (_sessions.TryTake(out var session)) session.Close();
    }

    /// <summary>Deletes the database file and its WAL companions; the next <see cref="Open"/> starts empty.</summary>
    public static void Delete(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(path + suffix);
    }
}
