using System.Globalization;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;
using SapSandbox.Core.Store;

namespace SapSandbox.Core.Query;

/// <summary>
/// Turns a node of the OData semantic tree (<c>$filter</c>, <c>$orderby</c>, lambda bodies) into a SQL
/// expression over the store's columns. Navigation paths become correlated subqueries, so no join
/// multiplies rows; every constant becomes a parameter in the column's stored form.
/// </summary>
public sealed class ExpressionTranslator(SqlBuilder sql)
{
    readonly Dictionary<string, (EntityTableMap Table, string Alias)> _ranges = new(StringComparer.Ordinal);

    /// <summary>
    /// An expression in a condition's place (<c>$filter</c>, <c>and</c>/<c>or</c>/<c>not</c>, a lambda's body). A Boolean
    /// property or literal is stored as 0 or 1, which SQLite takes as a condition and PostgreSQL does not.
    /// </summary>
    public string Condition(SingleValueNode node) =>
        Unwrap(node) is SingleValuePropertyAccessNode or ConstantNode { Value: bool } ? $"({Translate(node)} <> 0)" : Translate(node);

    /// <summary>Binds a range variable (<c>$it</c> or a lambda's) to a table alias.</summary>
    public void Bind(string name, EntityTableMap table, string alias) => _ranges[name] = (table, alias);

    public string Translate(QueryNode node) => node switch
    {
        ConstantNode constant => Constant(constant, null),
        ConvertNode convert => Translate(convert.Source),
        BinaryOperatorNode binary => Binary(binary),
        UnaryOperatorNode unary => unary.OperatorKind == UnaryOperatorKind.Not
            ? $"(NOT {Condition(unary.Operand)})"
            : $"(-{Translate(unary.Operand)})",
        SingleValuePropertyAccessNode property => Column(property, out _),
        SingleComplexNode complex => throw QueryException.NotImplemented($"comparing the complex property '{complex.Property.Name}' as a whole is not supported; compare its properties"),
        InNode inNode => In(inNode),
        AnyNode any => Lambda(any.Source, any.RangeVariables, any.CurrentRangeVariable, any.Body, all: false),
        AllNode all => Lambda(all.Source, all.RangeVariables, all.CurrentRangeVariable, all.Body, all: true),
        CountNode count => Count(count),
        SingleValueFunctionCallNode function => Function(function),
        SingleResourceFunctionCallNode function => throw QueryException.NotImplemented($"function '{function.Name}' is not supported"),
        SingleValueOpenPropertyAccessNode open => throw QueryException.BadRequest($"property '{open.Name}' does not exist", open.Name),
        NonResourceRangeVariableReferenceNode variable => throw QueryException.NotImplemented($"lambda over primitive collections ('{variable.Name}') is not supported"),
        _ => throw QueryException.NotImplemented($"the expression '{node.Kind}' is not supported"),
    };

    string Binary(BinaryOperatorNode node)
    {
        var op = node.OperatorKind;
        if (op is BinaryOperatorKind.And or BinaryOperatorKind.Or)
            return $"({Condition(node.Left)} {(op == BinaryOperatorKind.And ? "AND" : "OR")} {Condition(node.Right)})";

        // A constant compared with a column takes the column's stored form (a Date column against datetime'...').
        var leftColumn = ColumnOf(node.Left);
        var rightColumn = ColumnOf(node.Right);
        var comparison = op is BinaryOperatorKind.Equal or BinaryOperatorKind.NotEqual or BinaryOperatorKind.GreaterThan
            or BinaryOperatorKind.GreaterThanOrEqual or BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual
            or BinaryOperatorKind.Has;
        // In arithmetic a constant stays a number; only a comparison with a column takes the column's stored form.
        var left = Unwrap(node.Left) is ConstantNode lc ? Constant(lc, comparison ? rightColumn : null) : Translate(node.Left);
        var right = Unwrap(node.Right) is ConstantNode rc ? Constant(rc, comparison ? leftColumn : null) : Translate(node.Right);
        var decimalArithmetic = (leftColumn ?? rightColumn)?.Kind == ValueKind.Decimal;

        return op switch
        {
            BinaryOperatorKind.Equal when IsNull(node.Right) => $"({left} IS NULL)",
            BinaryOperatorKind.Equal when IsNull(node.Left) => $"({right} IS NULL)",
            BinaryOperatorKind.NotEqual when IsNull(node.Right) => $"({left} IS NOT NULL)",
            BinaryOperatorKind.NotEqual when IsNull(node.Left) => $"({right} IS NOT NULL)",
            BinaryOperatorKind.Equal => $"({left} = {right})",
            // OData's ne is true for null ne 'x'; SQL's <> is not, IS NOT is.
            BinaryOperatorKind.NotEqual => $"({left} IS DISTINCT FROM {right})",
            BinaryOperatorKind.GreaterThan => $"({left} > {right})",
            BinaryOperatorKind.GreaterThanOrEqual => $"({left} >= {right})",
            BinaryOperatorKind.LessThan => $"({left} < {right})",
            BinaryOperatorKind.LessThanOrEqual => $"({left} <= {right})",
            BinaryOperatorKind.Add => Arithmetic(node, left, "+", right),
            BinaryOperatorKind.Subtract => Arithmetic(node, left, "-", right),
            BinaryOperatorKind.Multiply => Arithmetic(node, left, "*", right),
            BinaryOperatorKind.Divide when decimalArithmetic || IsFloating(node) => $"({sql.Dialect.CastReal(left)} / {right})",
            BinaryOperatorKind.Divide => $"({left} / {right})",
            BinaryOperatorKind.Modulo => $"({left} % {right})",
            BinaryOperatorKind.Has => $"(({left} & {right}) = {right})",
            _ => throw QueryException.NotImplemented($"the operator '{op}' is not supported"),
        };
    }

    static string Arithmetic(BinaryOperatorNode node, string left, string op, string right)
    {
        var kind = node.Left.TypeReference?.PrimitiveKind();
        if (kind is EdmPrimitiveTypeKind.DateTimeOffset or EdmPrimitiveTypeKind.Date or EdmPrimitiveTypeKind.Duration)
            throw QueryException.NotImplemented("arithmetic on dates and durations is not supported");
        return $"({left} {op} {right})";
    }

    static bool IsFloating(BinaryOperatorNode node) =>
        node.TypeReference?.PrimitiveKind() is EdmPrimitiveTypeKind.Double or EdmPrimitiveTypeKind.Single or EdmPrimitiveTypeKind.Decimal;

    static SingleValueNode? Unwrap(SingleValueNode node) => node is ConvertNode convert ? Unwrap(convert.Source) : node;

    static bool IsNull(SingleValueNode node) => Unwrap(node) is ConstantNode { Value: null or ODataNullValue };

    ColumnMap? ColumnOf(SingleValueNode node) => Unwrap(node) switch
    {
        SingleValuePropertyAccessNode property => TryColumn(property),
        _ => null,
    };

    ColumnMap? TryColumn(SingleValuePropertyAccessNode property)
    {
        try { Column(property, out var column); return column; }
        catch (QueryException) { return null; }
    }

    string Constant(ConstantNode node, ColumnMap? comparedWith)
    {
        if (node.Value is null or ODataNullValue) return "NULL";
        var kind = comparedWith?.Kind ?? (node.TypeReference != null ? ServiceSchema.KindOf(node.TypeReference) : ValueKind.String);
        try
        {
            // Decimal text compares exactly only against a DECIMAL column; against a computed number it must be a number.
            if (kind == ValueKind.Decimal && comparedWith == null)
                return sql.Parameter(System.Convert.ToDouble(node.Value, CultureInfo.InvariantCulture));
            return sql.Parameter(StoredValue.From(kind, node.Value, comparedWith?.EnumType));
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
        {
            throw QueryException.BadRequest($"the literal {node.LiteralText} cannot be compared with '{comparedWith?.Path}' of type {comparedWith?.Type.FullName()}", comparedWith?.Path);
        }
    }

    /// <summary>
    /// The SQL for a property, reached from a range variable directly, through complex properties (flattened
    /// columns) or through single-valued navigations (a correlated subquery per hop).
    /// </summary>
    public string Column(SingleValuePropertyAccessNode node, out ColumnMap column) =>
        ColumnOn(node.Source, node.Property.Name, out column);

    string ColumnOn(SingleValueNode source, string path, out ColumnMap column)
    {
        switch (source)
        {
            case ResourceRangeVariableReferenceNode variable:
                var (table, alias) = Range(variable.Name);
                column = table.Column(path) ?? throw QueryException.BadRequest($"property '{path}' is not stored in {table.Name}", path);
                return $"{alias}.{SqlDialect.Quote(column.Name)}";
            case SingleComplexNode complex:
                return ColumnOn(complex.Source, complex.Property.Name + "/" + path, out column);
            case SingleNavigationNode navigation:
                var join = JoinOf(navigation.Source, navigation.NavigationProperty);
                var inner = sql.NextAlias();
                column = join.Target.Column(path) ?? throw QueryException.BadRequest($"property '{path}' is not stored in {join.Target.Name}", path);
                var value = $"(SELECT {inner}.{SqlDialect.Quote(column.Name)} FROM {join.Target.TableName} {inner} WHERE {Correlate(join, navigation.Source, inner)} LIMIT 1)";
                return column.Kind == ValueKind.Decimal ? sql.Dialect.DecimalValue(value) : value;
            default:
                throw QueryException.NotImplemented($"a property path through '{source.Kind}' is not supported");
        }
    }

    (EntityTableMap Table, string Alias) Range(string name) =>
        _ranges.TryGetValue(name, out var range) ? range : throw QueryException.BadRequest($"unknown range variable '{name}'");

    NavigationJoin JoinOf(SingleValueNode source, IEdmNavigationProperty navigation)
    {
        var table = TableOf(source);
        return table.Navigations.TryGetValue(navigation.Name, out var join)
            ? join
            : throw QueryException.NotImplemented($"navigation '{navigation.Name}' of {table.Name} leads to no stored entity set");
    }

    EntityTableMap TableOf(SingleValueNode source) => source switch
    {
        ResourceRangeVariableReferenceNode variable => Range(variable.Name).Table,
        SingleNavigationNode navigation => JoinOf(navigation.Source, navigation.NavigationProperty).Target,
        _ => throw QueryException.NotImplemented($"navigation from '{source.Kind}' is not supported"),
    };

    /// <summary>Equalities that tie rows of the join's target (under <paramref name="targetAlias"/>) to the source node's row.</summary>
    string Correlate(NavigationJoin join, SingleValueNode source, string targetAlias)
    {
        var parts = new List<string>(join.SourceColumns.Count);
        for (var i = 0; i < join.SourceColumns.Count; i++)
        {
            var sourceSql = ColumnOn(source, join.SourceColumns[i].Path, out _);
            parts.Add($"{targetAlias}.{SqlDialect.Quote(join.TargetColumns[i].Name)} = {sourceSql}");
        }
        return string.Join(" AND ", parts);
    }

    string In(InNode node)
    {
        var left = Translate(node.Left);
        var column = ColumnOf(node.Left);
        if (node.Right is not CollectionConstantNode list)
            throw QueryException.NotImplemented("'in' is supported with a literal list only");
        if (list.Collection.Count == 0) return "(1 = 0)";
        return $"({left} IN ({string.Join(", ", list.Collection.Select(c => Constant(c, column)))}))";
    }

    string Lambda(CollectionNode source, IEnumerable<RangeVariable> variables, RangeVariable? current, SingleValueNode? body, bool all)
    {
        if (source is not CollectionNavigationNode navigation)
            throw QueryException.NotImplemented("any/all are supported over navigation properties only");
        var join = JoinOf(navigation.Source, navigation.NavigationProperty);
        var alias = sql.NextAlias();
        // any() without a lambda has no range variable of its own.
        if (current != null) Bind(current.Name, join.Target, alias);
        var correlate = Correlate(join, navigation.Source, alias);
        var from = $"SELECT 1 FROM {join.Target.TableName} {alias} WHERE {correlate}";
        if (body == null || (body is ConstantNode { Value: true })) return all ? "(1 = 1)" : $"EXISTS ({from})";
        var condition = Condition(body);
        return all ? $"NOT EXISTS ({from} AND NOT COALESCE({condition}, FALSE))" : $"EXISTS ({from} AND {condition})";
    }

    string Count(CountNode node)
    {
        if (node.Source is not CollectionNavigationNode navigation)
            throw QueryException.NotImplemented("$count is supported over navigation properties only");
        var join = JoinOf(navigation.Source, navigation.NavigationProperty);
        var alias = sql.NextAlias();
        return $"(SELECT COUNT(*) FROM {join.Target.TableName} {alias} WHERE {Correlate(join, navigation.Source, alias)})";
    }

    string Function(SingleValueFunctionCallNode node)
    {
        var args = node.Parameters.ToList();
        string Arg(int i) => Translate(args[i]);
        var argKind = args.Count > 0 && args[0] is SingleValueNode first && first.TypeReference != null
            ? ServiceSchema.KindOf(first.TypeReference) : ValueKind.String;
        var time = argKind == ValueKind.TimeOfDay;

        switch (node.Name)
        {
            case "contains": return sql.Dialect.Contains(Arg(0), Arg(1));
            case "startswith": return $"(substr({Arg(0)}, 1, length({Arg(1)})) = {Arg(1)})";
            case "endswith": return sql.Dialect.EndsWith(Arg(0), Arg(1));
            case "length": return $"length({Arg(0)})";
            case "indexof": return sql.Dialect.IndexOf(Arg(0), Arg(1));
            case "substring": return args.Count == 2 ? $"substr({Arg(0)}, {Arg(1)} + 1)" : $"substr({Arg(0)}, {Arg(1)} + 1, {Arg(2)})";
            case "tolower": return $"lower({Arg(0)})";
            case "toupper": return $"upper({Arg(0)})";
            case "trim": return $"trim({Arg(0)})";
            case "concat": return $"({Arg(0)} || {Arg(1)})";
            case "matchesPattern": return sql.Dialect.Matches(Arg(0), Arg(1));
            case "year": return sql.Dialect.AsInteger($"substr({Arg(0)}, 1, 4)");
            case "month": return sql.Dialect.AsInteger($"substr({Arg(0)}, 6, 2)");
            case "day": return sql.Dialect.AsInteger($"substr({Arg(0)}, 9, 2)");
            case "hour": return $"CAST(substr({Arg(0)}, {(time ? 1 : 12)}, 2) AS INTEGER)";
            case "minute": return $"CAST(substr({Arg(0)}, {(time ? 4 : 15)}, 2) AS INTEGER)";
            case "second": return $"CAST(substr({Arg(0)}, {(time ? 7 : 18)}, 2) AS INTEGER)";
            case "fractionalseconds": return sql.Dialect.CastReal($"'0.' || substr({Arg(0)}, {(time ? 10 : 21)}, 7)");
            case "date": return $"substr({Arg(0)}, 1, 10)";
            case "time": return $"substr({Arg(0)}, 12, 16)";
            case "totaloffsetminutes": return "0";
            case "now": return sql.Parameter(StoredValue.FromDateTimeOffset(DateTimeOffset.UtcNow));
            case "maxdatetime": return sql.Parameter(StoredValue.FromDateTimeOffset(DateTimeOffset.MaxValue));
            case "mindatetime": return sql.Parameter(StoredValue.FromDateTimeOffset(DateTimeOffset.MinValue));
            case "round": return $"round({Arg(0)})";
            case "floor": return sql.Dialect.Floor(Arg(0));
            case "ceiling": return sql.Dialect.Ceiling(Arg(0));
            case "cast":
                var target = (args.Last() as ConstantNode)?.Value as string;
                return target switch
                {
                    "Edm.String" => $"CAST({Arg(0)} AS TEXT)",
                    "Edm.Int16" or "Edm.Int32" or "Edm.Int64" or "Edm.Byte" or "Edm.SByte" => sql.Dialect.AsInteger(Arg(0)),
                    "Edm.Double" or "Edm.Single" or "Edm.Decimal" => sql.Dialect.CastReal(Arg(0)),
                    _ => throw QueryException.NotImplemented($"cast to '{target}' is not supported"),
                };
            case "isof":
                throw QueryException.NotImplemented("isof is not supported: the sandbox's models have no derived types to test for");
            default:
                throw QueryException.NotImplemented($"the function '{node.Name}' is not supported");
        }
    }

    /// <summary>Case-insensitive match of every search term over the set's string properties.</summary>
    public string Search(SingleValueNode node, EntityTableMap table, string alias) => node switch
    {
        SearchTermNode term => SearchTerm(term.Text, table, alias),
        BinaryOperatorNode { OperatorKind: BinaryOperatorKind.And } and => $"({Search(and.Left, table, alias)} AND {Search(and.Right, table, alias)})",
        BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Or } or => $"({Search(or.Left, table, alias)} OR {Search(or.Right, table, alias)})",
        UnaryOperatorNode { OperatorKind: UnaryOperatorKind.Not } not => $"(NOT {Search(not.Operand, table, alias)})",
        _ => throw QueryException.BadRequest("malformed $search expression"),
    };

    string SearchTerm(string text, EntityTableMap table, string alias)
    {
        var columns = table.Columns.Where(c => c.Kind == ValueKind.String).ToList();
        if (columns.Count == 0) return "(1 = 0)";
        var pattern = sql.Parameter("%" + text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%");
        return "(" + string.Join(" OR ", columns.Select(c => sql.Dialect.LikeIgnoringCase($"{alias}.{SqlDialect.Quote(c.Name)}", pattern))) + ")";
    }
}
