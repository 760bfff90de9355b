using System.Globalization;
using SapSandbox.Core.Query;
using SapSandbox.Core.Store;

namespace SapSandbox.Core.Changes;

/// <summary>
/// The store's record of which entities changed, in order: one row per insert, update or delete, written by
/// <see cref="Write.EntityWriter"/> in the change's own transaction, so a change rolled back leaves no entry.
/// Delta links (<c>$deltatoken</c>) are positions in it. Rows hold the stored key values as they are (columns
/// without a type keep text, integers and blobs apart), so the changed rows are found by a plain join.
/// </summary>
public static class ChangeLog
{
    /// <summary>Key columns the log holds; an entity with a longer stored key is not tracked.</summary>
    public const int MaxKeyParts = 8;
    /// <summary>Entries kept: older ones are dropped, and a token older than the oldest kept is refused.</summary>
    public const long Kept = 100_000;
    const long PruneEvery = 1024;

    public const char Inserted = 'I', Updated = 'U', Deleted = 'D';
    /// <summary>The table's data was loaded anew (a reseed): tokens from before it no longer describe its rows.</summary>
    public const char Reloaded = 'R';
    const char Start = 'S';

    static readonly string[] KeyColumns = Enumerable.Range(0, MaxKeyParts).Select(i => "\"k" + i + "\"").ToArray();
    static readonly string[] RecordSql = Enumerable.Range(0, MaxKeyParts + 1).Select(n =>
        $"INSERT INTO {StoreTables.Changes} (\"table\", \"op\"{string.Concat(KeyColumns.Take(n).Select(k => ", " + k))}) " +
        $"VALUES ({string.Join(", ", Enumerable.Range(0, n + 2).Select(i => "$p" + i))}) RETURNING \"seq\"").ToArray();

    /// <summary>
    /// Creates the log with the store. Its first entry takes a random position, so a token from another store file
    /// (one deleted by <c>--reset</c>) almost surely falls outside this log's positions and is refused.
    /// </summary>
    public static void EnsureCreated(StoreSession session)
    {
        var dialect = session.Dialect;
        session.ExecuteOnce(
            $"CREATE TABLE IF NOT EXISTS {StoreTables.Changes} (\"seq\" {dialect.AutoNumberKey}, \"table\" TEXT NOT NULL, \"op\" TEXT NOT NULL, " +
            string.Join(", ", KeyColumns.Select(k => (k + " " + dialect.AnyValueType).TrimEnd())) + ")");
        session.ExecuteOnce($"CREATE INDEX IF NOT EXISTS \"_sandbox_changes_by_table\" ON {StoreTables.Changes} (\"table\", \"seq\")");
        if (session.Scalar($"SELECT 1 FROM {StoreTables.Changes} LIMIT 1") != null) return;
        session.Execute($"INSERT INTO {StoreTables.Changes} (\"seq\", \"table\", \"op\") VALUES ($p0, '', '{Start}')", Random.Shared.NextInt64(1, 1L << 40));
        foreach (var statement in dialect.ContinueAutoNumber(StoreTables.Changes, "seq")) session.ExecuteOnce(statement);
    }

    /// <summary>Notes that the rows of <paramref name="tables"/> were loaded anew, inside the seeding transaction.</summary>
    public static void MarkReloaded(StoreSession session, IEnumerable<EntityTableMap> tables)
    {
        foreach (var map in tables)
            session.Execute($"INSERT INTO {StoreTables.Changes} (\"table\", \"op\") VALUES ($p0, '{Reloaded}')", map.TableName);
    }

    /// <summary>Records a change to the row with stored key <paramref name="key"/>, in the session's transaction.</summary>
    public static void Record(StoreSession session, EntityTableMap table, IReadOnlyDictionary<ColumnMap, object?> key, char operation)
    {
        var parts = table.StoredKey;
        if (parts.Count > MaxKeyParts) return;
        var parameters = new object?[parts.Count + 2];
        parameters[0] = table.TableName;
        parameters[1] = OperationText(operation);
        for (var i = 0; i < parts.Count; i++) parameters[i + 2] = key.TryGetValue(parts[i], out var value) ? value : null;
        var command = session.Rent(RecordSql[parts.Count], parameters);
        long seq;
        try { seq = (long)session.Timed(command.ExecuteScalar)!; }
        finally { session.Return(command); }
        // Pruning in steps keeps the log bounded without a delete on every change.
        if (seq % PruneEvery == 0) Execute(session, $"DELETE FROM {StoreTables.Changes} WHERE \"seq\" <= $p0", [seq - Kept]);
    }

    /// <summary>The position of the latest change committed: a token issued now delivers every change after it.</summary>
    public static long Position(StoreSession session) => Scalar(session, $"SELECT max(\"seq\") FROM {StoreTables.Changes}", []) ?? 0;

    /// <summary>A row's stored key, as the log holds it, and the last thing that happened to it.</summary>
    public sealed record Change(object?[] Key, char Operation);

    /// <summary>
    /// The rows of <paramref name="table"/> changed after position <paramref name="since"/>, each once with its last
    /// change, in the order they last changed. A position the log no longer covers, or one from before the table's
    /// data was reloaded, is a 400: the client has to read the set again.
    /// </summary>
    public static IReadOnlyList<Change> Since(StoreSession session, EntityTableMap table, long since)
    {
        var oldest = Scalar(session, $"SELECT min(\"seq\") FROM {StoreTables.Changes}", []) ?? 0;
        var latest = Position(session);
        if (since < oldest - 1 || since > latest)
            throw QueryException.BadRequest("The delta token is older than the changes the service keeps, or was not issued by it; read the entity set again with Prefer: odata.track-changes", "$deltatoken");

        var parts = table.StoredKey.Count;
        var sql = $"SELECT \"op\"{string.Concat(KeyColumns.Take(parts).Select(k => ", " + k))} FROM {StoreTables.Changes} " +
                  "WHERE \"table\" = $p0 AND \"seq\" > $p1 ORDER BY \"seq\"";
        // Per key its last change and when that was (a Dictionary keeps no order once entries are removed).
        var last = new Dictionary<string, (Change Change, long Order)>(StringComparer.Ordinal);
        long order = 0;
        var command = session.Rent(sql, [table.TableName, since]);
        try
        {
            using var reader = session.Timed(command.ExecuteReader);
            while (reader.Read())
            {
                var operation = reader.GetString(0)[0];
                if (operation == Reloaded)
                    throw QueryException.BadRequest($"The data of {table.Name} was loaded anew since the delta token was issued; read the entity set again with Prefer: odata.track-changes", "$deltatoken");
                var key = new object?[parts];
                for (var i = 0; i < parts; i++) key[i] = reader.IsDBNull(i + 1) ? null : reader.GetValue(i + 1);
                var text = KeyText(key);
                // The last change wins, and moves the row to where it last changed.
                last[text] = (new Change(key, operation), order++);
            }
        }
        finally { session.Return(command); }
        return last.Values.OrderBy(entry => entry.Order).Select(entry => entry.Change).ToList();
    }

    /// <summary>
    /// A condition on <paramref name="alias"/> (rows of <paramref name="table"/>) that keeps the rows changed after the
    /// position in parameter <paramref name="sinceParameter"/>; the table name goes in <paramref name="tableParameter"/>.
    /// </summary>
    public static string ChangedCondition(SqlDialect dialect, EntityTableMap table, string alias, string tableParameter, string sinceParameter)
    {
        // The log's key columns hold any type of value; PostgreSQL compares them as text.
        var keys = table.StoredKey.Select(k => dialect.AsText(alias + "." + SqlDialect.Quote(k.Name))).ToList();
        var left = keys.Count == 1 ? keys[0] : "(" + string.Join(", ", keys) + ")";
        return $"{left} IN (SELECT {string.Join(", ", KeyColumns.Take(keys.Count))} FROM {StoreTables.Changes} " +
               $"WHERE \"table\" = {tableParameter} AND \"seq\" > {sinceParameter})";
    }

    /// <summary>
    /// Text for a stored key, to match a row read back with its log entry. By value, not type: SQLite's column
    /// affinity may hold a value the writer bound as text as a number, and the join above matches them alike.
    /// </summary>
    public static string KeyText(object?[] key) => string.Join("\u0001", key.Select(v => v switch
    {
        null => "",
        byte[] bytes => Convert.ToHexString(bytes),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture),
    }));

    static string OperationText(char operation) => operation switch
    {
        Inserted => "I",
        Updated => "U",
        Deleted => "D",
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    static long? Scalar(StoreSession session, string sql, IReadOnlyList<object?> parameters)
    {
        var command = session.Rent(sql, parameters);
        try { return session.Timed(command.ExecuteScalar) is long value ? value : null; }
        finally { session.Return(command); }
    }

    static void Execute(StoreSession session, string sql, IReadOnlyList<object?> parameters)
    {
        var command = session.Rent(sql, parameters);
        try { session.Timed(command.ExecuteNonQuery); }
        finally { session.Return(command); }
    }
}
