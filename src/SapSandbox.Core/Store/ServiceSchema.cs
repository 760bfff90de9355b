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
    /// <summary>The SQL of the store the schema was built for.</summary>
    public required SqlDialect Dialect { get; init; }
    public required IEdmModel Model { get; init; }
    public IReadOnlyList<EntityTableMap> Tables => _tables;
    public required IReadOnlyList<string> Warnings { get; init; }

    readonly List<EntityTableMap> _tables = [];
    readonly Dictionary<string, EntityTableMap> _bySet = new(StringComparer.Ordinal);
    readonly HashSet<string> _tableNames = new(StringComparer.OrdinalIgnoreCase);
    readonly Dictionary<(string EntitySet, string Navigation), NavigationLink> _links = [];

    /// <summary>The hidden columns a set's table holds for the declared links into it: path, and the source's key property.</summary>
    List<(string Path, IEdmStructuralProperty Key)> LinksInto(IEdmEntitySet target)
    {
        var columns = new List<(string, IEdmStructuralProperty)>();
        foreach (var link in _links.Values.Where(l => !l.PerSource))
        {
            var source = Model.EntityContainer.FindEntitySet(link.EntitySet)
                ?? throw new InvalidOperationException($"{ServiceName}: link {link.EntitySet}/{link.Navigation} names no entity set");
            var navigation = source.EntityType.FindProperty(link.Navigation) as IEdmNavigationProperty
                ?? throw new InvalidOperationException($"{ServiceName}: link {link.EntitySet}/{link.Navigation} names no navigation");
            if (source.FindNavigationTarget(navigation) != target) continue;
            columns.AddRange(source.EntityType.Key().Select(k => (link.Path(k.Name), k)));
        }
        return columns;
    }

    public EntityTableMap? Table(string entitySet) => _bySet.GetValueOrDefault(entitySet);
    public EntityTableMap? Table(IEdmNavigationSource source) => source is IEdmEntitySet set ? Table(set.Name) : null;

    /// <param name="links">Navigations the service joins through hidden columns of their targets (<see cref="NavigationLink"/>).</param>
    public static ServiceSchema Build(string serviceName, IEdmModel model, SqlDialect dialect, IReadOnlyCollection<NavigationLink>? links = null)
    {
        var warnings = new List<string>();
        var schema = new ServiceSchema { ServiceName = serviceName, Dialect = dialect, Model = model, Warnings = warnings };
        foreach (var link in links ?? []) schema._links[(link.EntitySet, link.Navigation)] = link;
        foreach (var set in model.EntityContainer.EntitySets())
            schema.Add(BuildTable(serviceName, model, set, set.Name, dialect, Unique(schema._tableNames, set.Name), SapEntitySetFacts.Read(model, set), [],
                schema.LinksInto(set)));
        // Contained targets add tables while navigations are resolved; the loop picks those up too.
        for (var i = 0; i < schema._tables.Count; i++) ResolveNavigations(schema, schema._tables[i], dialect, warnings);
        foreach (var table in schema._tables) ResolveETag(table, warnings);
        return schema;
    }

    EntityTableMap? OnlyContainedTableOf(IEdmEntityType type)
    {
        var candidates = _tables.Where(t => t.IsContained && t.EntityType == type).Take(2).ToList();
        return candidates.Count == 1 ? candidates[0] : null;
    }

    void Add(EntityTableMap table)
    {
        _tables.Add(table);
        _bySet[table.Name] = table;
    }

    /// <summary>SQL identifiers ignore case, OData names do not (SAP's test service has A_CaseTest and A_CASETEST).</summary>
    static string Unique(HashSet<string> used, string name)
    {
        var candidate = name;
        for (var i = 2; !used.Add(candidate); i++) candidate = $"{name}_{i}";
        return candidate;
    }

    /// <param name="container">For a contained target with no constraint to its container: the container's stored key,
    /// copied into hidden columns that lead this table's primary key.</param>
    /// <param name="links">Hidden non-key columns holding the key of a declared link's source row.</param>
    static EntityTableMap BuildTable(string serviceName, IEdmModel model, IEdmNavigationSource source, string name, SqlDialect dialect,
        string storedName, SapEntitySetFacts setFacts, IReadOnlyList<ColumnMap> container, IReadOnlyList<(string Path, IEdmStructuralProperty Key)>? links = null)
    {
        var entityType = source.EntityType;
        var concurrency = setFacts.ConcurrencyPaths.Where(p => !p.Contains('/')).ToHashSet(StringComparer.Ordinal);
        var keyNames = entityType.Key().Select(k => k.Name).ToHashSet(StringComparer.Ordinal);
        var columns = new List<ColumnMap>();
        var layout = new List<PropertyNode>();
        var columnNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var parent in container)
            columns.Add(new ColumnMap
            {
                Name = Unique(columnNames, "_container_" + parent.Name),
                Path = ContainerPath + parent.Path,
                Type = parent.Type,
                Kind = parent.Kind,
                Facts = parent.Facts,
                IsKey = true,
                IsHidden = true,
            });
        foreach (var property in entityType.StructuralProperties())
            layout.Add(Flatten(model, property, "", "", keyNames, concurrency, columns, columnNames));
        foreach (var (path, key) in links ?? [])
            columns.Add(new ColumnMap
            {
                Name = Unique(columnNames, "_link_" + path[NavigationLink.Prefix.Length..].Replace('/', '_')),
                Path = path,
                // Nullable: a row no source links to holds nothing there.
                Type = key.Type.Definition is IEdmPrimitiveType primitive ? EdmCoreModel.Instance.GetPrimitive(primitive.PrimitiveKind, true) : key.Type,
                Kind = KindOf(key.Type),
                Facts = SapPropertyFacts.Read(model, key, new HashSet<string>()),
                IsKey = false,
                IsHidden = true,
            });
        for (var i = 0; i < columns.Count; i++) columns[i].Ordinal = i;
        var byPath = columns.ToDictionary(c => c.Path, StringComparer.Ordinal);
        var keys = entityType.Key().Select(k => byPath[k.Name]).ToList();
        return new EntityTableMap
        {
            Source = source,
            Name = name,
            TableName = dialect.TableName(serviceName, storedName),
            Columns = columns,
            Keys = keys,
            StoredKey = [.. columns.Where(c => c.IsHidden && c.IsKey), .. keys],
            Layout = layout,
            Facts = setFacts,
            ByPath = byPath,
        };
    }

    /// <summary>Paths of hidden container columns start with a character no OData property name can.</summary>
    const string ContainerPath = "$container/";

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

    static void ResolveNavigations(ServiceSchema schema, EntityTableMap source, SqlDialect dialect, List<string> warnings)
    {
        foreach (var navigation in source.EntityType.NavigationProperties())
        {
            var perSource = schema._links.GetValueOrDefault((source.Name, navigation.Name))?.PerSource == true;
            if (navigation.ContainsTarget || perSource)
            {
                if (Contained(schema, source, navigation, dialect, perSource) is { } contained) source.Navigations[navigation.Name] = contained;
                else warnings.Add($"{schema.ServiceName}: {source.Name}/{navigation.Name} is contained, but its constraint names no stored columns; reading it answers 501");
                continue;
            }
            // Within a containment (an instance back to its configuration) the target is a contained table: the one of that type.
            var target = schema.Table(source.Source.FindNavigationTarget(navigation)) ?? schema.OnlyContainedTableOf(navigation.ToEntityType());
            if (target == null)
            {
                warnings.Add($"{schema.ServiceName}: {source.Name}/{navigation.Name} leads to no entity set; reading it answers 501");
                continue;
            }
            var join = Linked(schema, navigation, source, target) ?? JoinFromConstraint(navigation, source, target) ?? JoinByName(navigation, source, target);
            if (join == null)
            {
                warnings.Add($"{schema.ServiceName}: {source.Name}/{navigation.Name} has no referential constraint and no matching key names; reading it answers 501");
                continue;
            }
            source.Navigations[navigation.Name] = join;
        }
    }

    /// <summary>
    /// A contained target (RAP's variant configuration of an item) lives in a table of its own per container.
    /// A constraint back to the container joins it where there is one; otherwise hidden columns holding the
    /// container's key do, so each item has its own configuration.
    /// </summary>
    /// <param name="perSource">A declared <see cref="NavigationLink.PerSource"/> link: its target set's rows, one table per source set.</param>
    static NavigationJoin? Contained(ServiceSchema schema, EntityTableMap source, IEdmNavigationProperty navigation, SqlDialect dialect, bool perSource = false)
    {
        var name = source.Name + "_" + navigation.Name;
        var constrained = navigation.ReferentialConstraint?.PropertyPairs.Any() == true || navigation.Partner?.ReferentialConstraint?.PropertyPairs.Any() == true;
        var target = BuildTable(schema.ServiceName, schema.Model, source.Source.FindNavigationTarget(navigation), name, dialect,
            Unique(schema._tableNames, name), SapEntitySetFacts.Unannotated, constrained ? [] : source.StoredKey);
        target.ContextPath = source.ContextPath + "/" + navigation.Name;
        target.HeldBySource = perSource;
        schema.Add(target);
        return (constrained ? JoinFromConstraint(navigation, source, target) : null)
            ?? Join(navigation, source, target, source.StoredKey, target.StoredKey.Where(c => c.IsHidden).ToList(), fromConstraint: false);
    }

    /// <summary>A declared link: from its source, the source's key to the target's hidden columns; from its partner, back.</summary>
    static NavigationJoin? Linked(ServiceSchema schema, IEdmNavigationProperty navigation, EntityTableMap source, EntityTableMap target)
    {
        if (schema._links.TryGetValue((source.Name, navigation.Name), out var link) && !link.PerSource)
            return Join(navigation, source, target, source.Keys.Select(k => k.Name), source.Keys.Select(k => link.Path(k.Name)), fromConstraint: false);
        if (navigation.Partner is { } partner && schema._links.TryGetValue((target.Name, partner.Name), out var back) && !back.PerSource)
            return Join(navigation, source, target, target.Keys.Select(k => back.Path(k.Name)), target.Keys.Select(k => k.Name), fromConstraint: false);
        return null;
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
        if (sourceColumns.Any(c => c == null) || targetColumns.Any(c => c == null)) return null;
        return Join(navigation, source, target, sourceColumns!, targetColumns!, fromConstraint);
    }

    static NavigationJoin? Join(IEdmNavigationProperty navigation, EntityTableMap source, EntityTableMap target,
        IReadOnlyList<ColumnMap> sourceColumns, IReadOnlyList<ColumnMap> targetColumns, bool fromConstraint)
    {
        if (sourceColumns.Count == 0 || sourceColumns.Count != targetColumns.Count) return null;
        var isChild = targetColumns.Count < target.StoredKey.Count && targetColumns.All(c => c.IsKey) && sourceColumns.All(c => c.IsKey);
        return new NavigationJoin
        {
            Navigation = navigation,
            Source = source,
            Target = target,
            SourceColumns = sourceColumns,
            TargetColumns = targetColumns,
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
