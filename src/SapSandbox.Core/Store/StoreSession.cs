using Microsoft.Data.Sqlite;

namespace SapSandbox.Core.Store;

/// <summary>
/// An open connection with its prepared statements, lent to one request at a time. Preparing a
/// statement over a wide SAP entity costs more than running it, and Microsoft.Data.Sqlite keeps a
/// statement prepared only while its command lives, so commands are kept here by SQL text.
/// </summary>
public sealed class StoreSession : IDisposable
{
    const int MaxStatements = 512;

    readonly SqliteStore _store;
    readonly Dictionary<string, SqliteCommand> _idle = new(StringComparer.Ordinal);
    readonly HashSet<SqliteCommand> _lent = [];

    internal StoreSession(SqliteStore store, SqliteConnection connection)
    {
        _store = store;
        Connection = connection;
    }

    public SqliteConnection Connection { get; }

    /// <summary>Time spent executing statements since the session was rented (SAP's <c>sap-statistics</c> reports it).</summary>
    public TimeSpan StoreTime => TimeSpan.FromTicks(_storeTicks);
    long _storeTicks;

    /// <summary>Runs a store call and adds its duration to <see cref="StoreTime"/>.</summary>
    public T Timed<T>(Func<T> call)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        try { return call(); }
        finally { _storeTicks += System.Diagnostics.Stopwatch.GetElapsedTime(start).Ticks; }
    }

    /// <summary>A prepared command for <paramref name="sql"/> with its parameters bound; give it back with <see cref="Return"/>.</summary>
    public SqliteCommand Rent(string sql, IReadOnlyList<object?> parameters)
    {
        if (!_idle.Remove(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < parameters.Count; i++) command.Parameters.Add(new SqliteParameter("$p" + i, null));
            command.Prepare();
        }
        for (var i = 0; i < parameters.Count; i++) command.Parameters[i].Value = parameters[i] ?? DBNull.Value;
        command.Transaction = _transaction;
        _lent.Add(command);
        return command;
    }

    SqliteTransaction? _transaction;

    /// <summary>
    /// Starts the one transaction of a change (a request or a changeset). Changes queue for the store's write gate
    /// first, in order, rather than polling SQLite's lock (which lets a busy writer starve the others); then
    /// <c>BEGIN IMMEDIATE</c> takes the write lock, so two changes never read the same ETag and both write.
    /// </summary>
    public async Task<StoreTransaction> BeginWriteAsync()
    {
        if (_transaction != null) throw new InvalidOperationException("a change is already running in this session");
        await _store.WriteGate.WaitAsync();
        try
        {
            _transaction = Connection.BeginTransaction(deferred: false);
        }
        catch
        {
            _store.WriteGate.Release();
            throw;
        }
        return new StoreTransaction(this, _transaction);
    }

    public bool InTransaction => _transaction != null;

    /// <summary>
    /// Cancelled when the request the session serves has run past its time limit: a transaction then rolls back
    /// instead of committing, so a request answered 504 leaves nothing behind. Cleared when the session goes back.
    /// </summary>
    public CancellationToken Deadline { get; set; }

    internal void EndWrite()
    {
        if (_transaction == null) return;
        _transaction = null;
        _store.WriteGate.Release();
    }

    public void Return(SqliteCommand command)
    {
        if (!_lent.Remove(command)) return;
        // The same statement may be lent twice at once (an expansion nested in itself); keep one of them.
        if (_idle.Count >= MaxStatements || !_idle.TryAdd(command.CommandText, command)) command.Dispose();
    }

    /// <summary>Gives the session back to the store's pool; the connection stays open for the next request.</summary>
    public void Dispose()
    {
        _storeTicks = 0;
        Deadline = default;
        if (_transaction != null)
        {
            _transaction.Dispose();
            EndWrite();
        }
        foreach (var command in _lent) command.Dispose();
        _lent.Clear();
        _store.Return(this);
    }

    internal void Close()
    {
        foreach (var command in _idle.Values) command.Dispose();
        _idle.Clear();
        Connection.Dispose();
    }
}
