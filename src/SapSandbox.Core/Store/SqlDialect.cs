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
    /// <summary>An expression (a text column, a digit substring, a length) as a 64-bit whole number.</summary>
    public abstract string AsInteger(string expression);

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    /// <summary>The column type of the sandbox's own tables for whole numbers (64-bit in both stores).</summary>
    public abstract string IntegerType { get; }
    /// <summary>A 64-bit primary key the store numbers itself, one more than the highest so far.</summary>
    public abstract string AutoNumberKey { get; }
    /// <summary>Statements that make the numbering go on after rows inserted with a number of their own.</summary>
    public virtual IEnumerable<string> ContinueAutoNumber(string table, string column) => [];
    /// <summary>The type of a column that holds values of any type (the change log's keys); empty where a column may have none.</summary>
    public abstract string AnyValueType { get; }
    /// <summary>A query for the number of tables (0 or 1) named <c>$p0</c> among the sandbox's own.</summary>
    public abstract string TableExists { get; }
    /// <summary>The column type of the sandbox's own tables for bytes.</summary>
    public abstract string BinaryType { get; }

    /// <summary>A column as the select list reads it, so every store hands back the same CLR type per <see cref="ValueKind"/>.</summary>
    public virtual string ReadColumn(string expression, ColumnMap column) => expression;
    /// <summary>A decimal value that lost its column (a subquery's result) and must still compare as a number.</summary>
    public virtual string DecimalValue(string expression) => expression;
    /// <summary>
    /// One term of ORDER BY. NULL sorts first ascending and last descending in every store, as keyset paging
    /// (<see cref="Query.ReadPlanner"/>) assumes; a column that cannot be NULL needs no rule.
    /// </summary>
    public virtual string OrderTerm(string expression, bool descending, bool nullable) => descending ? expression + " DESC" : expression;
    public abstract string Paging(long? limit, long? offset);

    public abstract string Contains(string text, string part);
    public abstract string EndsWith(string text, string part);
    /// <summary>Zero-based, -1 when absent (OData's indexof).</summary>
    public abstract string IndexOf(string text, string part);
    public abstract string Matches(string text, string pattern);
    public abstract string CastReal(string expression);
    public abstract string Floor(string expression);
    public abstract string Ceiling(string expression);
    /// <summary>A LIKE that ignores case, as SAP's search does.</summary>
    public abstract string LikeIgnoringCase(string text, string pattern);
    /// <summary>A value as text, to compare a key with the change log's untyped key columns.</summary>
    public virtual string AsText(string expression) => expression;

    /// <summary>The statements that drop a service's tables before it is loaded anew.</summary>
    public virtual IEnumerable<string> DropSchema(ServiceSchema schema) =>
        schema.Tables.Select(table => $"DROP TABLE IF EXISTS {table.TableName}");

    /// <summary>The statements that create a service's tables, foreign keys and join indexes.</summary>
    public IEnumerable<string> CreateSchema(ServiceSchema schema)
    {
        foreach (var statement in CreateNamespace(schema.ServiceName)) yield return statement;
        foreach (var table in schema.Tables) yield return CreateTable(table);
        if (!ForeignKeysInline)
            foreach (var table in schema.Tables)
                foreach (var foreignKey in ForeignKeys(table))
                    yield return $"ALTER TABLE {table.TableName} ADD {foreignKey}";
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
    protected virtual IEnumerable<string> CreateNamespace(string service) => [];

    /// <summary>
    /// Whether foreign keys go into CREATE TABLE. SQLite cannot add them later, and takes a reference to a table that
    /// does not exist yet; PostgreSQL needs the target first, so it adds them once every table exists.
    /// </summary>
    protected virtual bool ForeignKeysInline => true;

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
        if (ForeignKeysInline)
            foreach (var foreignKey in ForeignKeys(table)) sql.Append(", ").Append(foreignKey);
        sql.Append(')').Append(TableSuffix);
        return sql.ToString();
    }

    // Only declared constraints become foreign keys; joins inferred from key names are conventions, not rules.
    static IEnumerable<string> ForeignKeys(EntityTableMap table) =>
        table.Navigations.Values.Where(j => j.FromConstraint && !j.IsCollection && IsWholeKey(j.Target, j.TargetColumns)).Select(join =>
            $"FOREIGN KEY ({string.Join(", ", join.SourceColumns.Select(c => Quote(c.Name)))}) REFERENCES {join.Target.TableName} " +
            $"({string.Join(", ", join.TargetColumns.Select(c => Quote(c.Name)))}) DEFERRABLE INITIALLY DEFERRED");

    static bool LeadsPrimaryKey(EntityTableMap table, IReadOnlyList<ColumnMap> columns) =>
        columns.Count <= table.StoredKey.Count && columns.Select((c, i) => table.StoredKey[i] == c).All(x => x);

    static bool IsWholeKey(EntityTableMap table, IReadOnlyList<ColumnMap> columns) =>
        columns.Count == table.StoredKey.Count && columns.All(c => c.IsKey);
}
