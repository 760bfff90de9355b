using System.Globalization;
using SapSandbox.Core.Query;
using SapSandbox.Core.Store;

namespace SapSandbox.Core.Write;

/// <summary>
/// Keys a client leaves out, assigned as SAP's number ranges do: the next number after the highest one in use,
/// zero-padded to MaxLength where the set's numbers are (<c>0000001001</c>); item numbers count up in tens
/// under their parent (<c>10</c>, <c>20</c>); GUID keys are new GUIDs. The last number handed out is kept, so a
/// deleted document's number is not handed out again.
/// </summary>
sealed class KeyRange(StoreSession session, SqlDialect dialect)
{
    public object Next(EntityTableMap table, ColumnMap key, IReadOnlyDictionary<ColumnMap, object?> row)
    {
        if (key.Kind == ValueKind.Guid) return Guid.NewGuid().ToString("D");
        if (key.Kind is not (ValueKind.String or ValueKind.Int32 or ValueKind.Int64))
            throw QueryException.BadRequest($"Key property '{key.Path}' of {table.Name} must be given", key.Path);

        // The other key parts already known (the order of an item) scope the range.
        var scope = table.StoredKey.Where(k => k != key && row.TryGetValue(k, out var v) && v != null && v is not "").ToList();
        var parameters = scope.Select(k => row[k]).ToList();
        var conditions = scope.Select((k, i) => $"{SqlDialect.Quote(k.Name)} = $p{i}").ToList();
        var column = SqlDialect.Quote(key.Name);
        if (key.Kind == ValueKind.String) conditions.Add(dialect.IsDigits(column));
        var sql = $"SELECT MAX({dialect.AsInteger(column)}), {dialect.AsInteger($"MAX(LENGTH(CAST({column} AS TEXT)))")} FROM {table.TableName}" +
                  (conditions.Count > 0 ? " WHERE " + string.Join(" AND ", conditions) : "");
        long highest = 0, width = 0;
        var command = session.Rent(sql, parameters);
        try
        {
            using var reader = command.ExecuteReader();
            if (reader.Read() && !reader.IsDBNull(0))
            {
                highest = reader.GetInt64(0);
                width = reader.GetInt64(1);
            }
        }
        finally { session.Return(command); }

        var range = $"{table.TableName}|{key.Name}|{string.Join("|", parameters)}";
        var issued = Scalar($"SELECT \"last\" FROM {StoreTables.NumberRanges} WHERE \"name\" = $p0", [range]);
        var step = scope.Count > 0 && key.Name.Contains("Item", StringComparison.OrdinalIgnoreCase) ? 10 : 1;
        var next = (Math.Max(highest, issued ?? 0) / step + 1) * step;
        Scalar($"INSERT INTO {StoreTables.NumberRanges} (\"name\", \"last\") VALUES ($p0, $p1) ON CONFLICT (\"name\") DO UPDATE SET \"last\" = excluded.\"last\"", [range, next]);
        if (key.Kind != ValueKind.String) return next;

        var text = next.ToString(CultureInfo.InvariantCulture);
        if (key.MaxLength is { } max)
        {
            if (text.Length > max) throw QueryException.BadRequest($"The number range of '{key.Path}' in {table.Name} is exhausted; give the key", key.Path);
            // Padded like the numbers already there; a new document set pads, an item set does not.
            if (width == max || (width == 0 && scope.Count == 0)) text = text.PadLeft(max, '0');
        }
        return text;
    }

    long? Scalar(string sql, IReadOnlyList<object?> parameters)
    {
        var command = session.Rent(sql, parameters);
        try { return command.ExecuteScalar() is long value ? value : null; }
        finally { session.Return(command); }
    }
}

