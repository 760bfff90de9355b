using System.Collections.Concurrent;
using System.Data.Common;

namespace SapSandbox.Core.Store;

/// <summary>
/// Where the services' data lives: SQLite (<see cref="SqliteStore"/>, embedded) or PostgreSQL
/// (<see cref="PostgresStore"/>, shared by several sandbox processes). Both run the same SQL, written with
/// <c>$p0</c>, <c>$p1</c>... placeholders; what differs is in the <see cref="Dialect"/> and in the few members here.
/// </summary>
public abstract class SandboxStore
{
    const int MaxIdleSessions = 32;

    readonly ConcurrentBag<StoreSession> _sessions = [];

    public abstract SqlDialect Dialect { get; }

    /// <summary>What the logs and the health check name: a file path, or a server and database without the password.</summary>
    public abstract string Description { get; }

    /// <summary>A new open connection, for the store's own bookkeeping; requests use <see cref="Rent"/>.</summary>
    public abstract DbConnection Open();

    /// <summary>Throws a <see cref="DbException"/> unless the store answers on a new connection (the readiness check).</summary>
    public abstract Task ProbeAsync(CancellationToken cancellation);

    /// <summary>One writer at a time in this process, queued fairly; the store's own lock then orders the processes.</summary>
    internal SemaphoreSlim WriteGate { get; } = new(1, 1);

    /// <summary>Starts the transaction of a change and takes the store's write lock, held until it ends.</summary>
    internal abstract DbTransaction BeginWrite(DbConnection connection);

    /// <summary>The command text the driver reads for the sandbox's SQL (placeholders and all).</summary>
    internal virtual string CommandText(string sql) => sql;

    /// <summary>The parameter behind placeholder <c>$p{index}</c>.</summary>
    internal abstract DbParameter NewParameter(int index);

    /// <summary>A value as the driver binds it.</summary>
    internal virtual object Bind(object? value) => value ?? DBNull.Value;

    /// <summary>
    /// Whether a connection runs one statement at a time: a reader must be read to its end before the next command
    /// (PostgreSQL's protocol). SQLite steps any number of statements side by side.
    /// </summary>
    internal virtual bool OneReaderAtATime => false;

    /// <summary>Which rule a failed statement broke, if it broke one of the model's.</summary>
    public abstract StoreFailure Classify(DbException exception);

    /// <summary>A session for one request: a pooled open connection that keeps its prepared statements.</summary>
    public StoreSession Rent() => _sessions.TryTake(out var session) ? session : new StoreSession(this, Open());

    internal void Return(StoreSession session)
    {
        if (_sessions.Count < MaxIdleSessions) _sessions.Add(session);
        else session.Close();
    }

    /// <summary>Closes the idle sessions, so the store can be deleted or replaced.</summary>
    public void CloseSessions()
    {
        while (_sessions.TryTake(out var session)) session.Close();
    }
}

/// <summary>The rule a statement broke (<see cref="SandboxStore.Classify"/>).</summary>
public enum StoreFailure
{
    /// <summary>Not a rule of the model: a fault of the store or of the statement.</summary>
    Other,
    DuplicateKey,
    MissingValue,
    /// <summary>A reference to a row that does not exist, or a delete of one that others still refer to.</summary>
    Reference,
    /// <summary>Another rule of the table (a check, a value of the wrong type).</summary>
    Constraint,
}
