using Microsoft.Data.Sqlite;

namespace SapSandbox.Core.Store;

/// <summary>A change's transaction: committed once everything in it has worked, rolled back otherwise (on dispose).</summary>
public sealed class StoreTransaction : IDisposable
{
    readonly StoreSession _session;
    readonly SqliteTransaction _transaction;
    bool _done;

    internal StoreTransaction(StoreSession session, SqliteTransaction transaction)
    {
        _session = session;
        _transaction = transaction;
    }

    public void Commit()
    {
        // A request past its time limit is answered 504; what it changed must not stay.
        _session.Deadline.ThrowIfCancellationRequested();
        _transaction.Commit();
        Finish();
    }

    public void Dispose()
    {
        if (_done) return;
        _transaction.Rollback();
        Finish();
    }

    void Finish()
    {
        _done = true;
        _transaction.Dispose();
        _session.EndWrite();
    }
}
