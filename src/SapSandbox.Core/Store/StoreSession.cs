using System.Data.Common;

namespace SapSandbox.Core.Store;

/// <summary>
/// An open connection with its prepared statements, lent to one request at a time. Preparing a
/// statement over a wide SAP entity costs more than running it, and both drivers keep a statement
/// prepared only while its command lives, so commands are kept here by SQL text.
/// </summary>
public sealed class StoreSession : IDisposable
{
    const int MaxStatements = 512;

    readonly SandboxStore _store;
    readonly Dictionary<string, DbCommand> _idle = new(StringComparer.Ordinal);
    readonly HashSet<DbCommand> _lent = [];
    readonly Dictionary<DbCommand, string> _sqlOf = [];

    internal StoreSession(SandboxStore store, DbConnection connection)
    {
        _store = store;
        Connection = connection;
    }

    public DbConnection Connection { get; }

    public SqlDialect Dialect => _store.Dialect;

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
    public DbCommand Rent(string sql, IReadOnlyList<object?> parameters)
    {
        var prepare = !_idle.Remove(sql, out var command);
        if (prepare)
        {
            command = Connection.CreateCommand();
            command.CommandText = _store.CommandText(sql);
            for (var i = 0; i < parameters.Count; i++) command.Parameters.Add(_store.NewParameter(i));
            _sqlOf[command] = sql;
        }
        Bind(command!, parameters);
        command!.Transaction = _transaction;
        if (prepare) command.Prepare();
        _lent.Add(command);
        return command;
    }

    /// <summary>Binds <paramref name="value"/> to parameter <paramref name="index"/> of a rented command (an expansion's correlation).</summary>
    public void Bind(DbCommand command, int index, object? value) => command.Parameters[index].Value = _store.Bind(value);

    /// <summary>Binds all parameters of a rented command anew, to run it again (a row of a bulk insert).</summary>
    public void Bind(DbCommand command, IReadOnlyList<object?> parameters)
    {
        for (var i = 0; i < parameters.Count; i++) command.Parameters[i].Value = _store.Bind(parameters[i]);
    }

    /// <summary>Runs a statement that returns no rows; the number of rows it changed.</summary>
    public int Execute(string sql, params IReadOnlyList<object?> parameters)
    {
        var command = Rent(sql, parameters);
        try { return Timed(command.ExecuteNonQuery); }
        finally { Return(command); }
    }

    /// <summary>Every row a query answers, each made by <paramref name="row"/> while the reader stands on it.</summary>
    public List<T> Rows<T>(string sql, IReadOnlyList<object?> parameters, Func<DbDataReader, T> row)
    {
        var command = Rent(sql, parameters);
        try
        {
            using var reader = Timed(command.ExecuteReader);
            var rows = new List<T>();
            while (reader.Read()) rows.Add(row(reader));
            return rows;
        }
        finally { Return(command); }
    }

    /// <summary>The first column of the first row, or null.</summary>
    public object? Scalar(string sql, params IReadOnlyList<object?> parameters)
    {
        var command = Rent(sql, parameters);
        try { return Timed(command.ExecuteScalar) is var value and not DBNull ? value : null; }
        finally { Return(command); }
    }

    /// <summary>Runs a statement once, unprepared: DDL and other statements that are not worth keeping.</summary>
    public void ExecuteOnce(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        Timed(command.ExecuteNonQuery);
    }

    DbTransaction? _transaction;

    /// <summary>
    /// Starts the one transaction of a change (a request or a changeset). Changes queue for this process's write gate
    /// first, in order, rather than polling the store's lock (which lets a busy writer starve the others); then the
    /// store's write lock orders them across processes, so two changes never read the same ETag and both write.
    /// </summary>
    public async Task<StoreTransaction> BeginWriteAsync()
    {
        if (_transaction != null) throw new InvalidOperationException("a change is already running in this session");
        await _store.WriteGate.WaitAsync();
        return StartWrite();
    }

    /// <summary><see cref="BeginWriteAsync"/> for start-up work (seeding), which has no request to yield to.</summary>
    public StoreTransaction BeginWrite()
    {
        if (_transaction != null) throw new InvalidOperationException("a change is already running in this session");
        _store.WriteGate.Wait();
        return StartWrite();
    }

    StoreTransaction StartWrite()
    {
        try
        {
            _transaction = _store.BeginWrite(Connection);
        }
        catch
        {
            _store.WriteGate.Release();
            throw;
        }
        return new StoreTransaction(this, _transaction);
    }

    public bool InTransaction => _transaction != null;

    internal SandboxStore Store => _store;

    /// <summary>Whether a reader must be read to its end before another statement runs on this session (<see cref="SandboxStore.OneReaderAtATime"/>).</summary>
    public bool OneReaderAtATime => _store.OneReaderAtATime;

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

    public void Return(DbCommand command)
    {
        if (!_lent.Remove(command)) return;
        // The same statement may be lent twice at once (an expansion nested in itself); keep one of them.
        if (_idle.Count >= MaxStatements || !_sqlOf.TryGetValue(command, out var sql) || !_idle.TryAdd(sql, command)) Drop(command);
    }

    void Drop(DbCommand command)
    {
        _sqlOf.Remove(command);
        command.Dispose();
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
        foreach (var command in _lent) Drop(command);
        _lent.Clear();
        _store.Return(this);
    }

    internal void Close()
    {
        foreach (var command in _idle.Values) command.Dispose();
        _idle.Clear();
        _sqlOf.Clear();
        Connection.Dispose();
    }
}
