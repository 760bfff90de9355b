using System.Text;

namespace SapSandbox.Core.Store;

/// <summary>What differs between the SQL of the stores: identifiers, column types, DDL details.</summary>
public abstract class SqlDialect
{
    public abstract string TableName(string service, string entitySet);
    public abstract string ColumnType(ColumnMap column);
    protected virtual string TableSuffix => "";

    /// <summary>A condition that the text column holds digits only (SAP's NUMC document numbers).</summary>
    public abstract string IsDigits(string column);
    /// <summary>The text column read as a number.</summary>
    public abstract string AsInteger(string column);

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    /// <summary>The statements that create a service's tables, foreign keys and join indexes.</summary>
    public IEnumerable<string> CreateSchema(ServiceSchema schema)
    {
        foreach (var table in schema.Tables) yield return CreateTable(table);
        var indexed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var join in schema.Tables.SelectMany(t => t.Navigations.Values))
        {
            foreach (var (table, columns) in new[] { (join.Source, join.SourceColumns), (join.Target, join.TargetColumns) })
            {
                if (LeadsPrimaryKey(table, columns)) continue;
                var name = $"ix_{table.Name}_{string.Join("_", columns.Select(c => c.Name))}";
                if (!indexed.Add(table.TableName + name)) continue;
                yield return $"CREATE INDEX {IndexName(schema.ServiceName, name)} ON {table.TableName} ({string.Join(", ", columns.Select(c => Quote(c.Name)))})";
            }
        }
    }

    protected virtual string IndexName(string service, string name) => Quote(service + "__" + name);

    string CreateTable(EntityTableMap table)
    {
        var sql = new StringBuilder($"CREATE TABLE {table.TableName} (");
        foreach (var column in table.Columns)
        {
            sql.Append(Quote(column.Name)).Append(' ').Append(ColumnType(column));
            if (!column.Nullable) sql.Append(" NOT NULL");
            sql.Append(", ");
        }
        sql.Append("PRIMARY KEY (").AppendJoin(", ", table.StoredKey.Select(k => Quote(k.Name))).Append(')');
        // Only declared constraints become foreign keys; joins inferred from key names are conventions, not rules.
        foreach (var join in table.Navigations.Values.Where(j => j.FromConstraint && !j.IsCollection && IsWholeKey(j.Target, j.TargetColumns)))
            sql.Append(", FOREIGN KEY (").AppendJoin(", ", join.SourceColumns.Select(c => Quote(c.Name)))
               .Append(") REFERENCES ").Append(join.Target.TableName)
               .Append(" (").AppendJoin(", ", join.TargetColumns.Select(c => Quote(c.Name))).Append(") DEFERRABLE INITIALLY DEFERRED");
        sql.Append(')').Append(TableSuffix);
        return sql.ToString();
    }

    static bool LeadsPrimaryKey(EntityTableMap table, IReadOnlyList<ColumnMap> columns) =>
        columns.Count <= table.StoredKey.Count && columns.Select((c, i) => table.StoredKey[i] == c).All(x => x);

    static bool IsWholeKey(EntityTableMap table, IReadOnlyList<ColumnMap> columns) =>
        columns.Count == table.StoredKey.Count && columns.All(c => c.IsKey);
}
