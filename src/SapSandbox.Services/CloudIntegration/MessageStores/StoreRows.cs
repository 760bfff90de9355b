using System.Globalization;
using SapSandbox.Core.Store;
using SapSandbox.Core.Write;

namespace SapSandbox.Services.CloudIntegration.MessageStores;

/// <summary>
/// Plain reads and writes of the message store tables inside a change, by property path and stored value: what
/// the behaviours here need to keep counts, queues and brokers in step with the rows they describe.
/// </summary>
static class StoreRows
{
    public static EntityTableMap Table(EntityContext context, string entitySet) =>
        context.Service.Schema.Table(entitySet) ?? throw new InvalidOperationException($"{entitySet} is not stored");

    public static ColumnMap Column(EntityTableMap table, string path) =>
        table.Column(path) ?? throw new InvalidOperationException($"{table.Name} has no property {path}");

    /// <summary>A row as property path → stored value.</summary>
    public sealed class Row(Dictionary<string, object?> values)
    {
        public object? this[string path] => values.GetValueOrDefault(path);
        public string? Text(string path) => values.GetValueOrDefault(path) as string;
        public long Number(string path) => values.GetValueOrDefault(path) is { } value ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : 0;
        public bool Flag(string path) => Number(path) != 0;
        public IReadOnlyDictionary<string, object?> Values => values;
    }

    /// <summary>The rows with these values (all rows without any), in key order.</summary>
    public static List<Row> Select(EntityContext context, EntityTableMap table, params (string Path, object? Value)[] where)
    {
        var columns = table.Columns;
        var sql = $"SELECT {string.Join(", ", columns.Select(c => SqlDialect.Quote(c.Name)))} FROM {table.TableName}{Where(table, where)} " +
                  $"ORDER BY {string.Join(", ", table.StoredKey.Select(k => SqlDialect.Quote(k.Name)))}";
        var command = context.Session.Rent(sql, where.Select(w => w.Value).ToList());
        var rows = new List<Row>();
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var values = new Dictionary<string, object?>(StringComparer.Ordinal);
                for (var i = 0; i < columns.Count; i++) values[columns[i].Path] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                rows.Add(new Row(values));
            }
        }
        finally { context.Session.Return(command); }
        return rows;
    }

    public static long Count(EntityContext context, EntityTableMap table, params (string Path, object? Value)[] where)
    {
        var command = context.Session.Rent($"SELECT COUNT(*) FROM {table.TableName}{Where(table, where)}", where.Select(w => w.Value).ToList());
        try { return (long)command.ExecuteScalar()!; }
        finally { context.Session.Return(command); }
    }

    /// <summary>Sets columns of the rows with these values; returns how many changed.</summary>
    public static int Update(EntityContext context, EntityTableMap table, IReadOnlyList<(string Path, object? Value)> set, params (string Path, object? Value)[] where)
    {
        var parameters = set.Select(s => s.Value).Concat(where.Select(w => w.Value)).ToList();
        var assignments = set.Select((s, i) => $"{SqlDialect.Quote(Column(table, s.Path).Name)} = $p{i}");
        var condition = where.Length == 0 ? "" : " WHERE " + string.Join(" AND ", where.Select((w, i) => $"{SqlDialect.Quote(Column(table, w.Path).Name)} = $p{set.Count + i}"));
        var command = context.Session.Rent($"UPDATE {table.TableName} SET {string.Join(", ", assignments)}{condition}", parameters);
        try { return command.ExecuteNonQuery(); }
        finally { context.Session.Return(command); }
    }

    /// <summary>Inserts a row from property path → stored value; what it leaves out gets its initial value.</summary>
    public static void Insert(EntityContext context, EntityTableMap table, IReadOnlyDictionary<string, object?> values)
    {
        var input = new EntityInput(table);
        foreach (var (path, value) in values) input.Values[Column(table, path)] = value;
        context.Writer.Insert(input);
    }

    /// <summary>Deletes the row with this key (stored values by key path).</summary>
    public static void Delete(EntityContext context, EntityTableMap table, IReadOnlyDictionary<string, object?> key) =>
        context.Writer.Delete(table, table.StoredKey.ToDictionary(k => k, k => key[k.Path]));

    public static Dictionary<string, object?> KeyOf(EntityTableMap table, Row row) => table.StoredKey.ToDictionary(k => k.Path, k => row[k.Path]);

    /// <summary>An entity's value by property path.</summary>
    public static object? Value(ExistingEntity entity, string path) => entity.Values[Column(entity.Table, path)];

    public static string? Text(ExistingEntity entity, string path) => Value(entity, path) as string;

    static string Where(EntityTableMap table, (string Path, object? Value)[] where) =>
        where.Length == 0 ? "" : " WHERE " + string.Join(" AND ", where.Select((w, i) => $"{SqlDialect.Quote(Column(table, w.Path).Name)} = $p{i}"));

    /// <summary>Now as the store keeps times.</summary>
    public static string Now() => StoredValue.FromDateTimeOffset(Truncate(DateTimeOffset.UtcNow));

    /// <summary>To the millisecond, as the tenant's times are.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset value) => value.AddTicks(-(value.Ticks % TimeSpan.TicksPerMillisecond));

    /// <summary>A stored time back as an instant.</summary>
    public static DateTimeOffset Instant(object? stored) =>
        DateTimeOffset.ParseExact((string)stored!, StoredValue.DateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>The user a change is recorded for.</summary>
    public static string User(EntityContext context) => context.User?.Identity?.Name is { Length: > 0 } name ? name : "sandbox";
}
