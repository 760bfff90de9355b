using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;
using SapSandbox.Core.Store;

namespace SapSandbox.Core.Query;

/// <summary>Compiles a <see cref="ReadRequest"/> into a <see cref="ReadPlan"/> of parameterised SQL.</summary>
public sealed class ReadPlanner(ServiceSchema schema)
{
    const string Root = "t0";
    /// <summary>Read columns above which a sorted page sorts its keys first (see <see cref="Compose"/>).</summary>
    const int DeferredJoinColumns = 8;

    /// <summary>One entity set along a resource path, with the key that picked one of its rows, if any.</summary>
    sealed record Hop(EntityTableMap Table, NavigationJoin? Via, IReadOnlyList<KeyValuePair<string, object>>? Keys);

    public ReadPlan Plan(ReadRequest request)
    {
        var (hops, shape, property) = Walk(request.Path);
        var references = request.Path.LastSegment is ReferenceSegment || request.Path.Any(s => s is NavigationPropertyLinkSegment);
        var target = hops[^1].Table;

        var sql = new SqlBuilder(schema.Dialect);
        var translator = new ExpressionTranslator(sql);
        translator.Bind("$it", target, Root);
        var where = new List<string>();
        PathPredicate(hops, hops.Count - 1, Root, sql, where);
        AddQueryConditions(request.Filter, request.Search, target, translator, where);
        var countSql = CountStatement(target, where);
        var countParameters = sql.Parameters.ToList();

        string? parentSql = null;
        IReadOnlyList<object?> parentParameters = [];
        if (hops.Count > 1)
        {
            var parent = new SqlBuilder(schema.Dialect);
            var parentWhere = new List<string>();
            PathPredicate(hops, hops.Count - 2, Root, parent, parentWhere);
            parentSql = $"SELECT 1 FROM {hops[^2].Table.TableName} {Root} WHERE {string.Join(" AND ", parentWhere)}";
            parentParameters = parent.Parameters;
        }

        var isCollection = shape == ResultShape.Collection;
        var pageSize = isCollection ? Math.Max(1, request.PageSize) : long.MaxValue;
        var writeLimit = Math.Min(request.Top ?? long.MaxValue, pageSize);
        var keyset = isCollection && request.SkipToken != null ? request.SkipToken : null;
        var plan = Compose(target, shape, property, request.SelectExpand, request.OrderBy, keyset, sql, translator, where,
            limit: writeLimit == long.MaxValue ? null : writeLimit == request.Top ? writeLimit : writeLimit + 1,
            offset: keyset == null ? request.Skip : null);

        return plan with
        {
            CountSql = countSql, CountParameters = countParameters,
            IncludeCount = request.Count && isCollection, WriteLimit = writeLimit, Top = request.Top,
            ParentSql = parentSql, ParentParameters = parentParameters,
            References = references, Selected = references ? [] : plan.Selected,
        };
    }

    (List<Hop> Hops, ResultShape Shape, IEdmProperty? Property) Walk(ODataPath path)
    {
        var hops = new List<Hop>();
        var shape = ResultShape.Collection;
        IEdmProperty? property = null;
        foreach (var segment in path)
        {
            switch (segment)
            {
                case EntitySetSegment set:
                    hops.Add(new Hop(Table(set.EntitySet), null, null));
                    shape = ResultShape.Collection;
                    break;
                case KeySegment key:
                    hops[^1] = hops[^1] with { Keys = key.Keys.ToList() };
                    shape = ResultShape.Entity;
                    break;
                case NavigationPropertySegment or NavigationPropertyLinkSegment:
                    if (property != null) throw QueryException.NotImplemented("navigation from a complex property is not supported");
                    var navigation = segment is NavigationPropertySegment n ? n.NavigationProperty : ((NavigationPropertyLinkSegment)segment).NavigationProperty;
                    var from = hops[^1].Table;
                    if (!from.Navigations.TryGetValue(navigation.Name, out var join))
                        throw QueryException.NotImplemented($"navigation '{navigation.Name}' of {from.Name} leads to no stored entity set");
                    hops.Add(new Hop(join.Target, join, null));
                    shape = join.IsCollection ? ResultShape.Collection : ResultShape.Entity;
                    break;
                case CountSegment:
                    shape = ResultShape.Count;
                    break;
                case PropertySegment propertySegment:
                    if (property != null) throw QueryException.NotImplemented("paths into complex properties are not supported; read the complex property");
                    property = propertySegment.Property;
                    shape = ResultShape.Property;
                    break;
                case ValueSegment:
                    if (property == null || !property.Type.IsPrimitive() && !property.Type.IsEnum())
                        throw QueryException.BadRequest("$value is allowed after a primitive or enumeration property only");
                    shape = ResultShape.PropertyValue;
                    break;
                case TypeSegment or ReferenceSegment:
                    break;
                case OperationSegment or OperationImportSegment:
                    throw QueryException.NotImplemented("functions and actions are not supported yet");
                default:
                    throw QueryException.NotImplemented($"the path segment '{segment.Identifier}' is not supported");
            }
        }
        if (hops.Count == 0) throw QueryException.NotFound("the resource path addresses no entity set");
        return (hops, shape, property);
    }

    EntityTableMap Table(IEdmEntitySetBase set) =>
        schema.Table(set.Name) ?? throw QueryException.NotImplemented($"entity set '{set.Name}' is not stored");

    /// <summary>
    /// Conditions that restrict <paramref name="alias"/> (rows of hop <paramref name="index"/>) to those the path
    /// reaches: its own key, and a link to the row of the hop before. When that row is picked by a key
    /// the join uses, the link is a plain equality; otherwise a correlated EXISTS.
    /// </summary>
    void PathPredicate(List<Hop> hops, int index, string alias, SqlBuilder sql, List<string> where)
    {
        var hop = hops[index];
        if (hop.Keys != null) AddKeyConditions(hop.Table, hop.Keys, alias, sql, where);
        if (index == 0 || hop.Via == null) return;
        var previous = hops[index - 1];
        var join = hop.Via;
        var previousKeys = previous.Keys?.ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal);
        if (previousKeys != null && index - 1 == 0 && join.SourceColumns.All(c => c.IsKey && previousKeys.ContainsKey(c.Path)))
        {
            for (var i = 0; i < join.SourceColumns.Count; i++)
            {
                var source = join.SourceColumns[i];
                where.Add($"{alias}.{SqlDialect.Quote(join.TargetColumns[i].Name)} = {sql.Parameter(KeyValue(source, previousKeys[source.Path]))}");
            }
            return;
        }
        var outer = sql.NextAlias();
        var inner = new List<string>();
        for (var i = 0; i < join.SourceColumns.Count; i++)
            inner.Add($"{outer}.{SqlDialect.Quote(join.SourceColumns[i].Name)} = {alias}.{SqlDialect.Quote(join.TargetColumns[i].Name)}");
        PathPredicate(hops, index - 1, outer, sql, inner);
        where.Add($"EXISTS (SELECT 1 FROM {previous.Table.TableName} {outer} WHERE {string.Join(" AND ", inner)})");
    }

    static void AddKeyConditions(EntityTableMap table, IReadOnlyList<KeyValuePair<string, object>> keys, string alias, SqlBuilder sql, List<string> where)
    {
        foreach (var (name, value) in keys)
        {
            var column = table.Column(name) ?? throw QueryException.BadRequest($"'{name}' is not a key property of {table.Name}", name);
            where.Add($"{alias}.{SqlDialect.Quote(column.Name)} = {sql.Parameter(KeyValue(column, value))}");
        }
    }

    static object? KeyValue(ColumnMap column, object value)
    {
        try { return StoredValue.From(column.Kind, value, column.EnumType); }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
        {
            throw QueryException.BadRequest($"the key value for '{column.Path}' is not a valid {column.Type.FullName()}", column.Path);
        }
    }

    static void AddQueryConditions(FilterClause? filter, SearchClause? search, EntityTableMap table, ExpressionTranslator translator, List<string> where)
    {
        if (filter != null)
        {
            translator.Bind(filter.RangeVariable.Name, table, Root);
            where.Add(translator.Condition(filter.Expression));
        }
        if (search != null) where.Add(translator.Search(search.Expression, table, Root));
    }

    static string CountStatement(EntityTableMap table, List<string> where) =>
        $"SELECT COUNT(*) FROM {table.TableName} {Root}{Where(where)}";

    static string Where(List<string> where) => where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where);

    /// <summary>The SELECT for one level of a read: columns to write and to continue with, order, keyset and limits.</summary>
    ReadPlan Compose(EntityTableMap table, ResultShape shape, IEdmProperty? property, SelectExpandClause? selectExpand,
        OrderByClause? orderBy, string? skipToken, SqlBuilder sql, ExpressionTranslator translator, List<string> where,
        long? limit, long? offset)
    {
        var (selected, hasSelect, selectedNavigations) = Selection(table, selectExpand, property);
        var read = new List<string>();
        var ordinals = Enumerable.Repeat(-1, table.Columns.Count).ToArray();
        void Read(ColumnMap column)
        {
            if (ordinals[column.Ordinal] >= 0) return;
            ordinals[column.Ordinal] = read.Count;
            read.Add(schema.Dialect.ReadColumn($"{Root}.{SqlDialect.Quote(column.Name)}", column));
        }
        foreach (var key in table.StoredKey) Read(key);
        foreach (var node in selected) ForEachColumn(node, Read);

        var etagOrdinal = -1;
        if (table.ETag is { } etag)
        {
            if (etag.Via == null) { Read(etag.Column); etagOrdinal = ordinals[etag.Column.Ordinal]; }
            else
            {
                etagOrdinal = read.Count;
                read.Add(RemoteColumn(etag.Via, etag.Column, sql));
            }
        }

        var expands = new List<ExpandPlan>();
        foreach (var item in selectExpand?.SelectedItems.OfType<ExpandedNavigationSelectItem>() ?? [])
        {
            var plan = PlanExpand(table, item);
            foreach (var column in plan.Join.SourceColumns) Read(column);
            expands.Add(new ExpandPlan { Join = plan.Join, Child = plan.Child, SourceOrdinals = plan.Join.SourceColumns.Select(c => ordinals[c.Ordinal]).ToArray() });
        }
        if (selectExpand?.SelectedItems.Any(i => i.GetType() == typeof(ExpandedReferenceSelectItem)) == true)
            throw QueryException.NotImplemented("$expand with /$ref is not supported");

        // Sort by the client's order and then by the key, so that every row has one place and pages never overlap.
        var order = new List<(string Sql, bool Descending, bool Nullable)>();
        if (orderBy != null)
        {
            translator.Bind(orderBy.RangeVariable.Name, table, Root);
            for (var clause = orderBy; clause != null; clause = clause.ThenBy)
                order.Add((translator.Translate(clause.Expression), clause.Direction == OrderByDirection.Descending, MayBeNull(clause.Expression, table)));
        }
        foreach (var key in table.StoredKey)
        {
            var keySql = $"{Root}.{SqlDialect.Quote(key.Name)}";
            if (!order.Any(o => o.Sql == keySql)) order.Add((keySql, false, false));
        }
        var orderOrdinals = new List<int>();
        foreach (var (expression, _, _) in order)
        {
            // A sort on a column already read (the key, always) reuses its reader ordinal.
            var existing = read.IndexOf(expression);
            orderOrdinals.Add(existing >= 0 ? existing : read.Count);
            if (existing < 0) read.Add(expression);
        }
        if (skipToken != null)
            where.Add(Keyset(order, SkipToken.Decode(skipToken, order.Count), sql));

        var orderSql = string.Join(", ", order.Select(o => schema.Dialect.OrderTerm(o.Sql, o.Descending, o.Nullable)));
        string statement;
        if (orderBy != null && limit != null && read.Count > DeferredJoinColumns)
        {
            // A client's sort is a sort of every matching row. Sorting whole SAP rows (tens of columns each) costs the
            // store most of the request, so the page's keys are sorted and cut first, and only its rows are read whole.
            var keys = table.StoredKey.Select(k => $"{Root}.{SqlDialect.Quote(k.Name)}").ToList();
            var keyList = keys.Count == 1 ? keys[0] : "(" + string.Join(", ", keys) + ")";
            statement = $"SELECT {string.Join(", ", read)} FROM {table.TableName} {Root} WHERE {keyList} IN " +
                        $"(SELECT {string.Join(", ", keys)} FROM {table.TableName} {Root}{Where(where)} ORDER BY {orderSql}{schema.Dialect.Paging(limit, offset)}) " +
                        $"ORDER BY {orderSql}";
        }
        else
            statement = $"SELECT {string.Join(", ", read)} FROM {table.TableName} {Root}{Where(where)} ORDER BY {orderSql}" +
                        schema.Dialect.Paging(limit, offset);

        return new ReadPlan
        {
            Table = table, Shape = shape, Sql = statement, Parameters = sql.Parameters.ToList(),
            CountSql = "", CountParameters = [],
            Selected = selected, Ordinals = ordinals, ETagOrdinal = etagOrdinal, OrderOrdinals = orderOrdinals,
            Expands = expands, HasSelect = hasSelect, SelectedNavigations = selectedNavigations,
            Property = property == null ? null : selected.FirstOrDefault(),
        };
    }

    (NavigationJoin Join, ReadPlan Child) PlanExpand(EntityTableMap parent, ExpandedNavigationSelectItem item)
    {
        var segments = item.PathToNavigationProperty.OfType<NavigationPropertySegment>().ToList();
        if (segments.Count != 1)
            throw QueryException.NotImplemented("$expand paths through complex properties are not supported");
        var name = segments[0].NavigationProperty.Name;
        if (!parent.Navigations.TryGetValue(name, out var join))
            throw QueryException.NotImplemented($"navigation '{name}' of {parent.Name} leads to no stored entity set");
        if (item.LevelsOption != null) throw QueryException.NotImplemented("$levels is not supported");

        var child = join.Target;
        var sql = new SqlBuilder(schema.Dialect);
        var where = new List<string>();
        // The first parameters take the parent row's join values, bound per row when the expansion runs.
        for (var i = 0; i < join.TargetColumns.Count; i++)
            where.Add($"{Root}.{SqlDialect.Quote(join.TargetColumns[i].Name)} = {sql.Parameter(null)}");
        var translator = new ExpressionTranslator(sql);
        translator.Bind("$it", child, Root);
        AddQueryConditions(item.FilterOption, item.SearchOption, child, translator, where);
        var countSql = CountStatement(child, where);
        var countParameters = sql.Parameters.ToList();
        var limit = join.IsCollection ? item.TopOption : 1;
        var plan = Compose(child, join.IsCollection ? ResultShape.Collection : ResultShape.Entity, null, item.SelectAndExpand,
            item.OrderByOption, null, sql, translator, where, limit, item.SkipOption);
        return (join, plan with { CountSql = countSql, CountParameters = countParameters, IncludeCount = item.CountOption == true });
    }

    static (IReadOnlyList<PropertyNode> Selected, bool HasSelect, IReadOnlySet<string> Navigations) Selection(
        EntityTableMap table, SelectExpandClause? clause, IEdmProperty? property)
    {
        var navigations = new HashSet<string>(StringComparer.Ordinal);
        if (property != null)
        {
            var node = table.Layout.FirstOrDefault(n => n.Name == property.Name)
                ?? throw QueryException.NotImplemented($"property '{property.Name}' is not stored");
            return ([node], true, navigations);
        }
        if (clause == null || clause.AllSelected || clause.SelectedItems.OfType<WildcardSelectItem>().Any())
            return (table.Layout, false, navigations);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var paths = clause.SelectedItems.OfType<PathSelectItem>().ToList();
        foreach (var item in paths)
        {
            if (item.SelectedPath.FirstSegment is PropertySegment segment) names.Add(segment.Property.Name);
            else if (item.SelectedPath.FirstSegment is NavigationPropertySegment navigation) navigations.Add(navigation.NavigationProperty.Name);
            else throw QueryException.NotImplemented($"$select of '{item.SelectedPath.FirstSegment.Identifier}' is not supported");
        }
        // Only $expand given: every property. Only navigation properties selected: none of the structural ones.
        if (paths.Count == 0) return (table.Layout, false, navigations);
        return (table.Layout.Where(n => names.Contains(n.Name)).ToList(), true, navigations);
    }

    static void ForEachColumn(PropertyNode node, Action<ColumnMap> action)
    {
        if (node.Column != null) action(node.Column);
        foreach (var child in node.Children) ForEachColumn(child, action);
    }

    /// <summary>Whether a sort expression can be NULL: anything but a column of the set itself declared not nullable.</summary>
    static bool MayBeNull(SingleValueNode expression, EntityTableMap table) =>
        !(expression is SingleValuePropertyAccessNode { Source: ResourceRangeVariableReferenceNode } property
          && table.Column(property.Property.Name) is { Nullable: false });

    static string RemoteColumn(NavigationJoin via, ColumnMap column, SqlBuilder sql)
    {
        var alias = sql.NextAlias();
        var correlate = string.Join(" AND ", via.SourceColumns.Select((c, i) =>
            $"{alias}.{SqlDialect.Quote(via.TargetColumns[i].Name)} = {Root}.{SqlDialect.Quote(c.Name)}"));
        return $"(SELECT {alias}.{SqlDialect.Quote(column.Name)} FROM {via.Target.TableName} {alias} WHERE {correlate} LIMIT 1)";
    }

    /// <summary>
    /// Rows after the token's position in the sort order. SQL sorts NULL first ascending and last
    /// descending, and the conditions follow that rule so no row is lost or repeated between pages.
    /// </summary>
    static string Keyset(List<(string Sql, bool Descending, bool Nullable)> order, object?[] values, SqlBuilder sql)
    {
        // The usual case, the key's own order: one row-value comparison, which both stores answer with a seek on the
        // primary key. The OR of prefixes below is correct for any order, but a store scans from the start to answer
        // it, so page 900 of a composite key cost 26 times page 1.
        if (order.Count > 1 && order.All(o => !o.Descending && !o.Nullable) && values.All(v => v != null))
            return $"(({string.Join(", ", order.Select(o => o.Sql))}) > ({string.Join(", ", values.Select(sql.Parameter))}))";
        var alternatives = new List<string>();
        for (var i = 0; i < order.Count; i++)
        {
            var parts = new List<string>();
            for (var j = 0; j < i; j++)
                parts.Add(values[j] == null ? $"{order[j].Sql} IS NULL" : $"{order[j].Sql} = {sql.Parameter(values[j])}");
            var (expression, descending, _) = order[i];
            var value = values[i];
            if (value == null)
            {
                if (descending) continue;
                parts.Add($"{expression} IS NOT NULL");
            }
            else
            {
                var p = sql.Parameter(value);
                parts.Add(descending ? $"({expression} < {p} OR {expression} IS NULL)" : $"{expression} > {p}");
            }
            alternatives.Add("(" + string.Join(" AND ", parts) + ")");
        }
        return alternatives.Count == 0 ? "(1 = 0)" : "(" + string.Join(" OR ", alternatives) + ")";
    }
}
