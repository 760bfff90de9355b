namespace SapSandbox.Core.Store;

/// <summary>SQLite: one database, tables named <c>service__set</c>, decimals as text under the DECIMAL collation.</summary>
public sealed class SqliteDialect : SqlDialect
{
    public static readonly SqliteDialect Instance = new();

    public override string TableName(string service, string entitySet) => Quote(service + "__" + entitySet);

    // WITHOUT ROWID clusters rows by primary key, so an order's items sit together and key-ordered pages are range scans.
    protected override string TableSuffix => " WITHOUT ROWID";

    public override string IsDigits(string column) => $"{column} <> '' AND {column} NOT GLOB '*[^0-9]*'";
    public override string AsInteger(string column) => $"CAST({column} AS INTEGER)";

    public override string ColumnType(ColumnMap column) => column.Kind switch
    {
        ValueKind.Boolean or ValueKind.Int32 or ValueKind.Int64 or ValueKind.Enum or ValueKind.Duration => "INTEGER",
        ValueKind.Double or ValueKind.Single => "REAL",
        ValueKind.Decimal => "TEXT COLLATE DECIMAL",
        ValueKind.Binary => "BLOB",
        _ => "TEXT",
    };
}
