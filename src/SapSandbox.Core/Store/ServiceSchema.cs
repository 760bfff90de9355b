using Microsoft.OData.Edm;
using SapSandbox.Core.Model;

namespace SapSandbox.Core.Store;

/// <summary>
/// The tables of one service, derived from its model: one table per entity set, complex properties
/// flattened into columns, keys as primary keys, and every navigation resolved to a column join.
/// </summary>
public sealed class ServiceSchema
{
    public required string ServiceName { get; init; }
    public required IEdmModel Model { get; init; }
    public required IReadOnlyList<EntityTableMap> Tables { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }

    readonly Dictionary<string, EntityTableMap> _bySet = new(StringComparer.Ordinal);

    public EntityTableMap? Table(string entitySet) => _bySet.GetValueOrDefault(entitySet);
    public EntityTableMap? Table(IEdmNavigationSource source) => source is IEdmEntitySet set ? Table(set.Name) : null;

    public static ServiceSchema Build(string serviceName, IEdmModel model, SqlDialect dialect)
    {
        var warnings = new List<string>();
        var tableNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var tables = model.EntityContainer.EntitySets()
            .Select(set => BuildTable(serviceName, model, set, dialect, Unique(tableNames, set.Name)))
            .ToList();
        var schema = new ServiceSchema { ServiceName = serviceName, Model = model, Tables = tables, Warnings = warnings };
        foreach (var table in tables) schema._bySet[table.Name] = table;
        foreach (var table in tables) ResolveNavigations(schema, table, warnings);
        foreach (var table in tables) ResolveETag(table, warnings);
        return schema;
    }

    /// <summary>SQL identifiers ignore case, OData names do not (SAP's test service has A_CaseTest and A_CASETEST).</summary>
    static string Unique(HashSet<string> used, string name)
    {
        var candidate = name;
        for (var i = 2; !used.Add(candidate); i++) candidate = $"{name}_{i}";
        return candidate;
    }

    static EntityTableMap BuildTable(string serviceName, IEdmModel model, IEdmEntitySet set, SqlDialect dialect, string storedName)
    {
        var setFacts = SapEntitySetFacts.Read(model, set);
        var concurrency = setFacts.ConcurrencyPaths.Where(p => !p.Contains('/')).ToHashSet(StringComparer.Ordinal);
        var keyNames = set.EntityType.Key().Select(k => k.Name).ToHashSet(StringComparer.Ordinal);
        var columns = new List<ColumnMap>();
        var layout = new List<PropertyNode>();
        var columnNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in set.EntityType.StructuralProperties())
            layout.Add(Flatten(model, property, "", "", keyNames, concurrency, columns, columnNames));
        for (var i = 0; i < columns.Count; i++) columns[i].Ordinal = i;
        var byPath = columns.ToDictionary(c => c.Path, StringComparer.Ordinal);
        return new EntityTableMap
        {
            Set = set,
            TableName = dialect.TableName(serviceName, storedName),
            Columns = columns,
            Keys = set.EntityType.Key().Select(k => byPath[k.Name]).ToList(),
            Layout = layout,
            Facts = setFacts,
            ByPath = byPath,
        };
    }

    static PropertyNode Flatten(IEdmModel model, IEdmStructuralProperty property, string pathPrefix, string columnPrefix,
        HashSet<string> keyNames, HashSet<string> concurrency, List<ColumnMap> columns, HashSet<string> columnNames)
    {
        var path = pathPrefix + property.Name;
        if (property.Type.IsComplex())
        {
            var complex = property.Type.AsComplex().ComplexDefinition();
            return new PropertyNode
            {
                Name = property.Name,
                ComplexTypeName = complex.FullName(),
                Children = complex.StructuralProperties()
                    .Select(p => Flatten(model, p, path + "/", columnPrefix + property.Name + "__", keyNames, concurrency, columns, columnNames))
                    .ToList(),
            };
        }
        var column = new ColumnMap
        {
            Name = Unique(columnNames, columnPrefix + property.Name),
            Path = path,
            Type = property.Type,
            Kind = KindOf(property.Type),
            Facts = SapPropertyFacts.Read(model, property, pathPrefix.Length == 0 ? concurrency : new HashSet<string>()),
            IsKey = pathPrefix.Length == 0 && keyNames.Contains(property.Name),
        };
        columns.Add(column);
        return new PropertyNode { Name = property.Name, Column = column };
    }

    public static ValueKind KindOf(IEdmTypeReference type)
    {
        if (type.IsCollection() || type.IsSpatial() || type.IsComplex() || type.IsUntyped()) return ValueKind.Json;
        if (type.IsEnum()) return ValueKind.Enum;
        return type.PrimitiveKind() switch
        {
            EdmPrimitiveTypeKind.Boolean => ValueKind.Boolean,
            EdmPrimitiveTypeKind.Byte or EdmPrimitiveTypeKind.SByte or EdmPrimitiveTypeKind.Int16 or EdmPrimitiveTypeKind.Int32 => ValueKind.Int32,
            EdmPrimitiveTypeKind.Int64 => ValueKind.Int64,
            EdmPrimitiveTypeKind.Decimal => ValueKind.Decimal,
            EdmPrimitiveTypeKind.Double => ValueKind.Double,
            EdmPrimitiveTypeKind.Single => ValueKind.Single,
            EdmPrimitiveTypeKind.DateTimeOffset => ValueKind.DateTimeOffset,
            EdmPrimitiveTypeKind.Date => ValueKind.Date,
            EdmPrimitiveTypeKind.TimeOfDay => ValueKind.TimeOfDay,
            EdmPrimitiveTypeKind.Duration => ValueKind.Duration,
            EdmPrimitiveTypeKind.Guid => ValueKind.Guid,
            EdmPrimitiveTypeKind.Binary or EdmPrimitiveTypeKind.Stream => ValueKind.Binary,
            _ => ValueKind.String,
        };
    }

    static void ResolveNavigations(ServiceSchema schema, EntityTableMap source, List<string> warnings)
    {
        foreach (var navigation in source.EntityType.NavigationProperties())
        {
            var target = schema.Table(source.Set.FindNavigationTarget(navigation));
            if (target == null)
            {
                warnings.Add($"{schema.ServiceName}: {source.Name}/{navigation.Name} leads to no entity set (a contained target); reading it answers 501");
                continue;
            }
            var join = JoinFromConstraint(navigation, source, target) ?? JoinByName(navigation, source, target);
            if (join == null)
            {
                warnings.Add($"{schema.ServiceName}: {source.Name}/{navigation.Name} has no referential constraint and no matching key names; reading it answers 501");
                continue;
            }
            source.Navigations[navigation.Name] = join;
        }
    }

    static NavigationJoin? JoinFromConstraint(IEdmNavigationProperty navigation, EntityTableMap source, EntityTableMap target)
    {
        if (navigation.ReferentialConstraint is { } own && own.PropertyPairs.Any())
            return Join(navigation, source, target,
                own.PropertyPairs.Select(p => p.DependentProperty.Name), own.PropertyPairs.Select(p => p.PrincipalProperty.Name), true);
        if (navigation.Partner?.ReferentialConstraint is { } partner && partner.PropertyPairs.Any())
            return Join(navigation, source, target,
                partner.PropertyPairs.Select(p => p.PrincipalProperty.Name), partner.PropertyPairs.Select(p => p.DependentProperty.Name), true);
        return null;
    }

    /// <summary>
    /// SAP's V2 APIs declare associations without constraints; their key names say how rows relate
    /// (A_SalesOrderItem carries SalesOrder), and S/4 reuses one number across roles (a customer's
    /// number is its business partner's), so single-key to-one navigations join key to key.
    /// </summary>
    static NavigationJoin? JoinByName(IEdmNavigationProperty navigation, EntityTableMap source, EntityTableMap target)
    {
        var sourceKeys = source.Keys.Select(k => k.Name).ToList();
        var targetKeys = target.Keys.Select(k => k.Name).ToList();
        var childDirection = sourceKeys.All(k => target.Column(k) != null)
            ? Join(navigation, source, target, sourceKeys, sourceKeys, fromConstraint: false) : null;
        var lookupDirection = targetKeys.All(k => source.Column(k) != null)
            ? Join(navigation, source, target, targetKeys, targetKeys, fromConstraint: false) : null;
        var preferred = navigation.Type.IsCollection() ? childDirection ?? lookupDirection : lookupDirection ?? childDirection;
        if (preferred != null) return preferred;
        // Address data hangs off a globally unique AddressID, not the partner's whole key: join on the shared leading key.
        var shared = sourceKeys.Where(k => target.Column(k) is { IsKey: true }).ToList();
        if (navigation.Type.IsCollection() && shared.Count > 0 && shared.SequenceEqual(targetKeys.Take(shared.Count)))
            return Join(navigation, source, target, shared, shared, fromConstraint: false);
        if (!navigation.Type.IsCollection() && source.Keys.Count == 1 && target.Keys.Count == 1 && source.Keys[0].Kind == target.Keys[0].Kind)
            return Join(navigation, source, target, sourceKeys, targetKeys, fromConstraint: false);
        return null;
    }

    static NavigationJoin? Join(IEdmNavigationProperty navigation, EntityTableMap source, EntityTableMap target,
        IEnumerable<string> sourceNames, IEnumerable<string> targetNames, bool fromConstraint)
    {
        var sourceColumns = sourceNames.Select(source.Column).ToList();
        var targetColumns = targetNames.Select(target.Column).ToList();
        if (sourceColumns.Count == 0 || sourceColumns.Count != targetColumns.Count || sourceColumns.Any(c => c == null) || targetColumns.Any(c => c == null))
            return null;
        var isChild = targetColumns.Count < target.Keys.Count && targetColumns.All(c => c!.IsKey) && sourceColumns.All(c => c!.IsKey);
        return new NavigationJoin
        {
            Navigation = navigation,
            Source = source,
            Target = target,
            SourceColumns = sourceColumns!,
            TargetColumns = targetColumns!,
            TargetIsChild = isChild,
            FromConstraint = fromConstraint,
        };
    }

    static void ResolveETag(EntityTableMap table, List<string> warnings)
    {
        var path = table.Facts.ConcurrencyPaths.FirstOrDefault();
        if (path == null) return;
        var slash = path.IndexOf('/');
        if (slash < 0)
        {
            if (table.Column(path) is { } column) table.ETag = (null, column);
            return;
        }
        if (table.Navigations.TryGetValue(path[..slash], out var via) && !via.IsCollection && via.Target.Column(path[(slash + 1)..]) is { } remote)
            table.ETag = (via, remote);
        else
            warnings.Add($"{table.Name}: concurrency path '{path}' cannot be resolved; entities are served without ETag");
    }
}
