using System.Data.Common;

namespace SapSandbox.Core.Store;

/// <summary>
/// A change's transaction: committed once everything in it has worked, rolled back otherwise (on dispose). A commit
/// that breaks a foreign key is a 400 <see cref="Query.QueryException"/>, and the transaction stays open to roll back.
/// </summary>
public sealed class StoreTransaction : IDisposable
{
    readonly StoreSession _session;
    readonly DbTransaction _transaction;
    bool _done;

    internal StoreTransaction(StoreSession session, DbTransaction transaction)
    {
        _session = session;
        _transaction = transaction;
    }

    public void Commit()
    {
        // A request past its time limit is answered 504; what it changed must not stay.
        _session.Deadline.ThrowIfCancellationRequested();
        try { _transaction.Commit(); }
        catch (DbException e) when (_session.Store.Classify(e) != StoreFailure.Other)
        {
            // Foreign keys are checked at commit (they are deferred), so a dangling reference surfaces here.
            throw Query.QueryException.BadRequest($"The change leaves a reference to an entity that does not exist, or deletes one that others still refer to ({e.Message})");
        }
        Finish();
    }

    public void Dispose()
    {
        if (_done) return;
        // A PostgreSQL transaction whose commit failed has already ended; there is nothing left to roll back.
        if (_transaction.Connection != null) _transaction.Rollback();
        Finish();
    }

    void Finish()
    {
        _done = true;
        _transaction.Dispose();
        _session.EndWrite();
    }
}
