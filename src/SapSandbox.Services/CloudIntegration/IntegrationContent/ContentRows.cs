using System.Globalization;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;
using SapSandbox.Core.Write;

namespace SapSandbox.Services.CloudIntegration.IntegrationContent;

/// <summary>A row as this group reads it: stored values by property path (hidden columns by their <c>$container/</c> or <c>$link/</c> path).</summary>
public sealed class ContentRow(EntityTableMap table, Dictionary<string, object?> values)
{
    public EntityTableMap Table => table;
    public IReadOnlyDictionary<string, object?> Values => values;

    public string? Text(string path) => values.GetValueOrDefault(path) as string;
    public string Get(string path) => Text(path) ?? "";
}

/// <summary>
/// Rows of the tenant's tables read and written by property path, in the request's (or tick's) transaction. Writes
/// take CLR values and store them as the generic runtime would; reads return stored values.
/// </summary>
public static class ContentRows
{
    public static EntityTableMap Table(ServiceDefinition service, string name) =>
        service.Schema.Table(name) ?? throw new InvalidOperationException($"{service.Name} has no table {name}");

    public static List<ContentRow> Select(StoreSession session, EntityTableMap table, params (string Path, object? Value)[] where)
    {
        var parameters = new List<object?>();
        var sql = $"SELECT {string.Join(", ", table.Columns.Select(c => SqlDialect.Quote(c.Name)))} FROM {table.TableName}{Where(table, where, parameters)}";
        var command = session.Rent(sql, parameters);
        var result = new List<ContentRow>();
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var values = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var column in table.Columns) values[column.Path] = reader.IsDBNull(column.Ordinal) ? null : reader.GetValue(column.Ordinal);
                result.Add(new ContentRow(table, values));
            }
        }
        finally { session.Return(command); }
        return result;
    }

    public static ContentRow? First(StoreSession session, EntityTableMap table, params (string Path, object? Value)[] where) =>
        Select(session, table, where).FirstOrDefault();

    /// <summary>Inserts a row through the store's writer (initial values, facets checked), values given in CLR terms by property path.</summary>
    public static IReadOnlyDictionary<ColumnMap, object?> Insert(EntityContext context, EntityTableMap table, IEnumerable<KeyValuePair<string, object?>> values)
    {
        var input = new EntityInput(table);
        foreach (var (path, value) in values)
        {
            var column = table.Column(path) ?? throw new InvalidOperationException($"{table.Name} has no property '{path}'");
            input.Values[column] = StoredValue.From(column.Kind, value, column.EnumType);
        }
        return context.Writer.Insert(input);
    }

    /// <summary>Sets properties (CLR values by path) of the rows matching <paramref name="where"/>; returns how many changed.</summary>
    public static int Update(StoreSession session, EntityTableMap table, IEnumerable<KeyValuePair<string, object?>> set, params (string Path, object? Value)[] where)
    {
        var parameters = new List<object?>();
        var assignments = new List<string>();
        foreach (var (path, value) in set)
        {
            var column = table.Column(path) ?? throw new InvalidOperationException($"{table.Name} has no property '{path}'");
            parameters.Add(StoredValue.From(column.Kind, value, column.EnumType));
            assignments.Add($"{SqlDialect.Quote(column.Name)} = $p{parameters.Count - 1}");
        }
        if (assignments.Count == 0) return 0;
        return Execute(session, $"UPDATE {table.TableName} SET {string.Join(", ", assignments)}{Where(table, where, parameters)}", parameters);
    }

    public static int Delete(StoreSession session, EntityTableMap table, params (string Path, object? Value)[] where)
    {
        var parameters = new List<object?>();
        return Execute(session, $"DELETE FROM {table.TableName}{Where(table, where, parameters)}", parameters);
    }

    static string Where(EntityTableMap table, (string Path, object? Value)[] where, List<object?> parameters)
    {
        if (where.Length == 0) return "";
        var conditions = new List<string>();
        foreach (var (path, value) in where)
        {
            var column = table.Column(path) ?? throw new InvalidOperationException($"{table.Name} has no property '{path}'");
            if (value == null)
            {
                conditions.Add($"{SqlDialect.Quote(column.Name)} IS NULL");
                continue;
            }
            parameters.Add(StoredValue.From(column.Kind, value, column.EnumType));
            conditions.Add($"{SqlDialect.Quote(column.Name)} = $p{parameters.Count - 1}");
        }
        return " WHERE " + string.Join(" AND ", conditions);
    }

    static int Execute(StoreSession session, string sql, IReadOnlyList<object?> parameters)
    {
        var command = session.Rent(sql, parameters);
        try { return command.ExecuteNonQuery(); }
        finally { session.Return(command); }
    }

    // ---- Values the tenant writes ----------------------------------------------------------------------------

    /// <summary>The tenant writes creation and change times of design content as epoch milliseconds in a string.</summary>
    public static string EpochText(DateTimeOffset moment) => moment.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>The user a change is recorded under: the authenticated name, as the tenant records the S-user or client id.</summary>
    public static string UserName(System.Security.Claims.ClaimsPrincipal? user) => user?.Identity?.Name is { Length: > 0 } name ? name : "sandbox";

    /// <summary>Versions of the same artifact compare part by part as numbers (1.0.10 after 1.0.9).</summary>
    public static int CompareVersions(string a, string b)
    {
        var left = a.Split('.');
        var right = b.Split('.');
        for (var i = 0; i < Math.Max(left.Length, right.Length); i++)
        {
            var l = i < left.Length ? left[i] : "0";
            var r = i < right.Length ? right[i] : "0";
            var compared = long.TryParse(l, out var ln) && long.TryParse(r, out var rn) ? ln.CompareTo(rn) : string.CompareOrdinal(l, r);
            if (compared != 0) return compared;
        }
        return 0;
    }

}
