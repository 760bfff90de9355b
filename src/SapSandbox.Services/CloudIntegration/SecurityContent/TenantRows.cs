using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;
using SapSandbox.Core.Write;

namespace SapSandbox.Services.CloudIntegration.SecurityContent;

/// <summary>
/// Rows of the tenant's entity sets by property path, in CLR terms: what the security content handlers keep in the
/// sets the API reads (an entry's computed properties in <c>KeystoreEntries</c>, its chain in <c>ChainCertificates</c>).
/// </summary>
public sealed class TenantRows(ServiceDefinition service, StoreSession session, EntityWriter writer)
{
    public TenantRows(ResourceRequest request) : this(request.Service, request.Session, request.Writer) { }

    public EntityTableMap Table(string entitySet) =>
        service.Schema.Table(entitySet) ?? throw new InvalidOperationException($"{service.Name} has no entity set {entitySet}");

    /// <summary>Inserts a row: values by property path (hidden link paths included), checked as a client's would be.</summary>
    public IReadOnlyDictionary<ColumnMap, object?> Insert(string entitySet, IReadOnlyDictionary<string, object?> values)
    {
        var table = Table(entitySet);
        var input = new EntityInput(table);
        foreach (var (path, value) in values)
        {
            var column = table.Column(path) ?? throw new InvalidOperationException($"{entitySet} has no property {path}");
            input.Values[column] = StoredValue.From(column.Kind, value, column.EnumType);
        }
        return writer.Insert(input);
    }

    /// <summary>Deletes the rows whose <paramref name="path"/> holds <paramref name="value"/>; the number deleted.</summary>
    public int Delete(string entitySet, string path, object? value)
    {
        var table = Table(entitySet);
        var column = table.Column(path)!;
        return Execute($"DELETE FROM {table.TableName} WHERE {SqlDialect.Quote(column.Name)} = $p0", [StoredValue.From(column.Kind, value)]);
    }

    /// <summary>Sets properties of the rows whose <paramref name="path"/> holds <paramref name="value"/> (every row when the path is null).</summary>
    public int Update(string entitySet, IReadOnlyDictionary<string, object?> values, string? path = null, object? value = null)
    {
        var table = Table(entitySet);
        var parameters = new List<object?>();
        var assignments = values.Select(v =>
        {
            var column = table.Column(v.Key)!;
            parameters.Add(StoredValue.From(column.Kind, v.Value));
            return $"{SqlDialect.Quote(column.Name)} = $p{parameters.Count - 1}";
        }).ToList();
        var where = "";
        if (path != null)
        {
            var column = table.Column(path)!;
            parameters.Add(StoredValue.From(column.Kind, value));
            where = $" WHERE {SqlDialect.Quote(column.Name)} = $p{parameters.Count - 1}";
        }
        return Execute($"UPDATE {table.TableName} SET {string.Join(", ", assignments)}{where}", parameters);
    }

    /// <summary>The rows whose <paramref name="path"/> holds <paramref name="value"/> (every row when the path is null), as stored, by property path.</summary>
    public List<Dictionary<string, object?>> Select(string entitySet, string? path = null, object? value = null)
    {
        var table = Table(entitySet);
        var parameters = new List<object?>();
        var where = "";
        if (path != null)
        {
            var column = table.Column(path)!;
            parameters.Add(StoredValue.From(column.Kind, value));
            where = $" WHERE {SqlDialect.Quote(column.Name)} = $p0";
        }
        var rows = new List<Dictionary<string, object?>>();
        var command = session.Rent($"SELECT {string.Join(", ", table.Columns.Select(c => SqlDialect.Quote(c.Name)))} FROM {table.TableName}{where}", parameters);
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
                rows.Add(table.Columns.ToDictionary(c => c.Path, c => reader.IsDBNull(c.Ordinal) ? null : reader.GetValue(c.Ordinal)));
        }
        finally { session.Return(command); }
        return rows;
    }

    public int Execute(string sql, IReadOnlyList<object?> parameters)
    {
        var command = session.Rent(sql, parameters);
        try { return command.ExecuteNonQuery(); }
        finally { session.Return(command); }
    }

    /// <summary>Whether the store has a table of the sandbox's own (its quoted name).</summary>
    public bool TableExists(string quotedName) =>
        Scalar(session.Dialect.TableExists, [quotedName.Trim('"')]) is long count && count > 0;

    public SqlDialect Dialect => session.Dialect;

    public object? Scalar(string sql, IReadOnlyList<object?> parameters)
    {
        var command = session.Rent(sql, parameters);
        try { return command.ExecuteScalar(); }
        finally { session.Return(command); }
    }
}
