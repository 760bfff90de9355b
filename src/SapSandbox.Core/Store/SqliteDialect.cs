namespace SapSandbox.Core.Store;

/// <summary>SQLite: one database, tables named <c>service__set</c>, decimals as text under the DECIMAL collation.</summary>
public sealed class SqliteDialect : SqlDialect
{
    public static readonly SqliteDialect Instance = new();

    public override string TableName(string service, string entitySet) => Quote(service + "__" + entitySet);

    // WITHOUT ROWID clusters rows by primary key, so an order's items sit together and key-ordered pages are range scans.
    protected override string TableSuffix => " WITHOUT ROWID";

    public override string IntegerType => "INTEGER";
    public override string BinaryType => "BLOB";
    public override string TableExists => "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $p0";
    // An INTEGER PRIMARY KEY is the rowid: a new row gets the highest plus one.
    public override string AutoNumberKey => "INTEGER PRIMARY KEY";
    // No type: the column keeps text, integers and blobs apart, as they were bound.
    public override string AnyValueType => "";

    public override string IsDigits(string column) => $"{column} <> '' AND {column} NOT GLOB '*[^0-9]*'";
    public override string AsInteger(string expression) => $"CAST({expression} AS INTEGER)";

    public override string ColumnType(ColumnMap column) => column.Kind switch
    {
        ValueKind.Boolean or ValueKind.Int32 or ValueKind.Int64 or ValueKind.Enum or ValueKind.Duration => "INTEGER",
        ValueKind.Double or ValueKind.Single => "REAL",
        ValueKind.Decimal => "TEXT COLLATE DECIMAL",
        ValueKind.Binary => "BLOB",
        _ => "TEXT",
    };

    // A subquery's value loses its column's collation; decimals must keep comparing as numbers.
    public override string DecimalValue(string expression) => expression + " COLLATE " + DecimalCollation.Name;

    public override string Paging(long? limit, long? offset) =>
        (limit != null || offset != null ? $" LIMIT {limit ?? -1}" : "") + (offset is > 0 ? $" OFFSET {offset}" : "");

    public override string Contains(string text, string part) => $"(instr({text}, {part}) > 0)";
    public override string EndsWith(string text, string part) => $"(length({part}) = 0 OR substr({text}, -length({part})) = {part})";
    public override string IndexOf(string text, string part) => $"(instr({text}, {part}) - 1)";
    public override string Matches(string text, string pattern) => $"regexp({pattern}, {text})";
    public override string CastReal(string expression) => $"CAST({expression} AS REAL)";
    public override string Floor(string expression) =>
        $"(CAST({expression} AS INTEGER) - (CAST({expression} AS REAL) < CAST({expression} AS INTEGER)))";
    public override string Ceiling(string expression) =>
        $"(CAST({expression} AS INTEGER) + (CAST({expression} AS REAL) > CAST({expression} AS INTEGER)))";
    // SQLite's LIKE ignores the case of ASCII letters.
    public override string LikeIgnoringCase(string text, string pattern) => $"{text} LIKE {pattern} ESCAPE '\\'";
}
