using System.Globalization;
using System.Data.Common;
using SapSandbox.Core.Changes;
using SapSandbox.Core.Query;
using SapSandbox.Core.Store;

namespace SapSandbox.Core.Write;

/// <summary>
/// Creates, changes and deletes rows for one change, inside the session's transaction: fills what the client
/// left out (server keys, initial values, the concurrency token), links nested entities of a deep insert to
/// their parent, and turns the store's constraint errors into messages that name the entity.
/// </summary>
public sealed class EntityWriter(StoreSession session, SqlDialect dialect)
{
    readonly KeyRange _keys = new(session, dialect);

    /// <summary>
    /// Inserts <paramref name="input"/> and what is nested in it. <paramref name="linked"/> holds the values the
    /// path or the parent decides (the order an item belongs to); they win over the body only when equal.
    /// Returns the stored values of the new row by column.
    /// </summary>
    public IReadOnlyDictionary<ColumnMap, object?> Insert(EntityInput input, IReadOnlyDictionary<ColumnMap, object?>? linked = null)
    {
        var table = input.Table;
        var row = new Dictionary<ColumnMap, object?>();
        foreach (var column in table.Columns)
        {
            if (linked != null && linked.TryGetValue(column, out var fixedValue))
            {
                if (input.Values.TryGetValue(column, out var sent) && sent != null && !Equals(sent, fixedValue))
                    throw QueryException.BadRequest($"Property '{column.Path}' is {fixedValue} by the parent entity; the body says {sent}", column.Path);
                row[column] = fixedValue;
            }
            else if (input.Values.TryGetValue(column, out var value) && (column.Facts.Creatable || column.IsKey)) row[column] = value;
        }

        foreach (var (join, _) in input.Nested.Where(n => !CanCreateThrough(n.Join)))
            throw QueryException.BadRequest($"Entities of {join.Target.Name} cannot be created under '{join.Name}': the service does not allow it", join.Name);
        foreach (var key in table.StoredKey)
            if (!row.TryGetValue(key, out var value) || value == null || value is "")
                row[key] = _keys.Next(table, key, row);

        // A to-one target the parent refers to is created first, so the parent can point at it; where the link
        // shares the parent's key (an order's billing plan), the target takes that part from the parent.
        foreach (var (join, entities) in input.Nested.Where(n => !n.Join.TargetDependsOnSource))
        {
            if (entities.Count != 1) throw QueryException.BadRequest($"Navigation '{join.Name}' takes one entity", join.Name);
            var shared = new Dictionary<ColumnMap, object?>();
            for (var i = 0; i < join.SourceColumns.Count; i++)
                if (join.SourceColumns[i].IsKey) shared[join.TargetColumns[i]] = row[join.SourceColumns[i]];
            var created = Insert(entities[0], shared);
            for (var i = 0; i < join.SourceColumns.Count; i++)
                if (!join.SourceColumns[i].IsKey) row[join.SourceColumns[i]] = created[join.TargetColumns[i]];
        }

        foreach (var column in table.Columns)
            if (!row.ContainsKey(column)) row[column] = ValueRules.Initial(column);
        if (table.ETag is { Via: null } etag) row[etag.Column] = Now();
        foreach (var column in row.Keys.ToList())
        {
            ValueRules.Check(column, row[column]);
            row[column] = ValueRules.Normalise(column, row[column]);
        }

        var columns = table.Columns;
        Execute(table, $"INSERT INTO {table.TableName} ({string.Join(", ", columns.Select(c => SqlDialect.Quote(c.Name)))}) " +
                       $"VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})",
            columns.Select(c => row[c]).ToList(), KeyText(table, row));
        ChangeLog.Record(session, table, row, ChangeLog.Inserted);
        TouchParentETag(table, row);

        foreach (var (join, entities) in input.Nested.Where(n => n.Join.TargetDependsOnSource))
        {
            var link = new Dictionary<ColumnMap, object?>();
            for (var i = 0; i < join.SourceColumns.Count; i++) link[join.TargetColumns[i]] = row[join.SourceColumns[i]];
            foreach (var child in entities) Insert(child, link);
        }
        return row;
    }

    /// <summary>Whether the service lets entities be created through a navigation (nested in a deep insert, or POST to it).</summary>
    public static bool CanCreateThrough(NavigationJoin join) =>
        join.Source.Facts.NavigationInsertable(join.Name) && join.Target.Facts.CreatableNested;

    /// <summary>
    /// Changes the row with <paramref name="key"/> (its stored key values). <paramref name="replace"/> (PUT) sets
    /// every updatable property the body leaves out back to its initial value; otherwise (PATCH, MERGE) only the
    /// properties sent change. Keys cannot change; properties SAP marks not updatable are ignored, as Gateway does,
    /// unless the service itself changes them (<paramref name="byService"/>: an action moving a status the client may only read).
    /// </summary>
    public void Update(EntityTableMap table, IReadOnlyDictionary<ColumnMap, object?> key, EntityInput input, bool replace, bool byService = false)
    {
        if (input.Nested.Count > 0) throw QueryException.BadRequest("An update cannot carry nested entities; create them through the navigation");
        var set = new Dictionary<ColumnMap, object?>();
        foreach (var column in table.Columns)
        {
            if (column.IsKey)
            {
                if (input.Values.TryGetValue(column, out var sent) && sent != null && !Equals(sent, key[column]))
                    throw QueryException.BadRequest($"Key property '{column.Path}' cannot be changed", column.Path);
                continue;
            }
            if (!column.Facts.Updatable && !byService) continue;
            if (input.Values.TryGetValue(column, out var value)) set[column] = value;
            else if (replace) set[column] = ValueRules.Initial(column);
        }
        if (table.ETag is { Via: null } etag) set[etag.Column] = Now();
        foreach (var column in set.Keys.ToList())
        {
            ValueRules.Check(column, set[column]);
            set[column] = ValueRules.Normalise(column, set[column]);
        }
        if (set.Count > 0)
        {
            var assignments = set.Keys.Select((c, i) => $"{SqlDialect.Quote(c.Name)} = $p{i}");
            var parameters = set.Values.ToList();
            var changed = Execute(table, $"UPDATE {table.TableName} SET {string.Join(", ", assignments)} WHERE {KeyCondition(table, parameters, key)}",
                parameters, KeyText(table, key));
            if (changed == 0) throw QueryException.NotFound($"{table.Name}({KeyText(table, key)}) does not exist");
            ChangeLog.Record(session, table, key, ChangeLog.Updated);
        }
        var row = new Dictionary<ColumnMap, object?>(key);
        foreach (var (column, value) in set) row[column] = value;
        TouchParentETag(table, row);
    }

    /// <summary>Deletes the row and, as SAP deletes an order's items with the order, the rows that depend on it.</summary>
    public void Delete(EntityTableMap table, IReadOnlyDictionary<ColumnMap, object?> key)
    {
        foreach (var join in table.Navigations.Values.Where(j => j.TargetIsChild && j.IsCollection))
        {
            var parameters = new List<object?>();
            var condition = string.Join(" AND ", join.TargetColumns.Select((c, i) =>
            {
                parameters.Add(key.TryGetValue(join.SourceColumns[i], out var v) ? v : null);
                return $"{SqlDialect.Quote(c.Name)} = $p{i}";
            }));
            foreach (var childKey in Keys(join.Target, condition, parameters)) Delete(join.Target, childKey);
        }
        TouchParentETag(table, key);
        var keyParameters = new List<object?>();
        var deleted = Execute(table, $"DELETE FROM {table.TableName} WHERE {KeyCondition(table, keyParameters, key)}", keyParameters, KeyText(table, key));
        if (deleted == 0) throw QueryException.NotFound($"{table.Name}({KeyText(table, key)}) does not exist");
        ChangeLog.Record(session, table, key, ChangeLog.Deleted);
    }

    /// <summary>Sets the columns of a to-one link (V2 <c>$links</c>, V4 <c>$ref</c>) to the target's values, or clears them.</summary>
    public void Link(NavigationJoin join, IReadOnlyDictionary<ColumnMap, object?> sourceKey, IReadOnlyDictionary<ColumnMap, object?>? target)
    {
        var table = join.Source;
        if (join.SourceColumns.Any(c => c.IsKey))
            throw QueryException.BadRequest($"The link '{join.Name}' is part of the key of {table.Name} and cannot be changed");
        var parameters = join.TargetColumns.Select(c => target?[c]).ToList();
        foreach (var (column, value) in join.SourceColumns.Zip(parameters)) ValueRules.Check(column, value);
        var assignments = join.SourceColumns.Select((c, i) => $"{SqlDialect.Quote(c.Name)} = $p{i}");
        if (table.ETag is { Via: null } etag)
        {
            assignments = assignments.Append($"{SqlDialect.Quote(etag.Column.Name)} = $p{parameters.Count}");
            parameters.Add(Now());
        }
        Execute(table, $"UPDATE {table.TableName} SET {string.Join(", ", assignments)} WHERE {KeyCondition(table, parameters, sourceKey)}", parameters, KeyText(table, sourceKey));
        ChangeLog.Record(session, table, sourceKey, ChangeLog.Updated);
    }

    /// <summary>Stored key values of the rows matching a condition.</summary>
    List<Dictionary<ColumnMap, object?>> Keys(EntityTableMap table, string condition, IReadOnlyList<object?> parameters)
    {
        var keys = new List<Dictionary<ColumnMap, object?>>();
        var command = session.Rent($"SELECT {string.Join(", ", table.StoredKey.Select(k => SqlDialect.Quote(k.Name)))} FROM {table.TableName} WHERE {condition}", parameters);
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
                keys.Add(table.StoredKey.Select((k, i) => (k, reader.IsDBNull(i) ? null : reader.GetValue(i))).ToDictionary(p => p.k, p => p.Item2));
        }
        finally { session.Return(command); }
        return keys;
    }

    /// <summary>SAP's item sets carry their header's ETag: changing an item changes the header's token too.</summary>
    void TouchParentETag(EntityTableMap table, IReadOnlyDictionary<ColumnMap, object?> row)
    {
        if (table.ETag is not { Via: { } via } etag) return;
        var parameters = new List<object?> { Now() };
        var condition = string.Join(" AND ", via.TargetColumns.Select((c, i) =>
        {
            parameters.Add(row.TryGetValue(via.SourceColumns[i], out var v) ? v : null);
            return $"{SqlDialect.Quote(c.Name)} = $p{i + 1}";
        }));
        Execute(via.Target, $"UPDATE {via.Target.TableName} SET {SqlDialect.Quote(etag.Column.Name)} = $p0 WHERE {condition}", parameters, "");
        // The header's ETag changed, so the header did: its delta shows it with the new token.
        if (via.Target.StoredKey.All(via.TargetColumns.Contains))
            ChangeLog.Record(session, via.Target, via.TargetColumns.Select((c, i) => (c, parameters[i + 1])).ToDictionary(), ChangeLog.Updated);
    }

    static string KeyCondition(EntityTableMap table, List<object?> parameters, IReadOnlyDictionary<ColumnMap, object?> key) =>
        string.Join(" AND ", table.StoredKey.Select(k =>
        {
            parameters.Add(key[k]);
            return $"{SqlDialect.Quote(k.Name)} = $p{parameters.Count - 1}";
        }));

    int Execute(EntityTableMap table, string sql, IReadOnlyList<object?> parameters, string keyText)
    {
        var command = session.Rent(sql, parameters);
        try { return session.Timed(command.ExecuteNonQuery); }
        catch (DbException e) when (session.Store.Classify(e) is var failure and not StoreFailure.Other)
        {
            throw failure switch
            {
                StoreFailure.DuplicateKey => QueryException.Conflict($"{table.Name}({keyText}) already exists"),
                StoreFailure.MissingValue => QueryException.BadRequest($"A required property of {table.Name} has no value ({e.Message})"),
                _ => QueryException.BadRequest($"The change to {table.Name}({keyText}) breaks a rule of the model: {e.Message}"),
            };
        }
        finally { session.Return(command); }
    }

    static string KeyText(EntityTableMap table, IReadOnlyDictionary<ColumnMap, object?> row) =>
        string.Join(",", table.Keys.Select(k => table.Keys.Count == 1
            ? Convert.ToString(row.GetValueOrDefault(k), CultureInfo.InvariantCulture)
            : $"{k.Path}={Convert.ToString(row.GetValueOrDefault(k), CultureInfo.InvariantCulture)}"));

    /// <summary>The concurrency token of a change: the time of the change, to the 100 ns SAP's timestamps hold.</summary>
    static string Now() => StoredValue.FromDateTimeOffset(DateTimeOffset.UtcNow);
}
