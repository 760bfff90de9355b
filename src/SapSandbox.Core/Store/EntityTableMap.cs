using Microsoft.OData.Edm;
using SapSandbox.Core.Model;

namespace SapSandbox.Core.Store;

/// <summary>An entity set, or a contained navigation target, and the table that holds it.</summary>
public sealed class EntityTableMap
{
    public required IEdmNavigationSource Source { get; init; }
    /// <summary>The entity set's name; for a contained target, its container's name and the navigation's.</summary>
    public required string Name { get; init; }
    public required string TableName { get; init; }
    public required IReadOnlyList<ColumnMap> Columns { get; init; }
    /// <summary>The OData key.</summary>
    public required IReadOnlyList<ColumnMap> Keys { get; init; }
    /// <summary>The primary key: hidden container columns, if any, then the OData key.</summary>
    public required IReadOnlyList<ColumnMap> StoredKey { get; init; }
    public required IReadOnlyList<PropertyNode> Layout { get; init; }
    public required SapEntitySetFacts Facts { get; init; }
    public required IReadOnlyDictionary<string, ColumnMap> ByPath { get; init; }
    /// <summary>Navigations by name; filled after every table of the service is known.</summary>
    public Dictionary<string, NavigationJoin> Navigations { get; } = new(StringComparer.Ordinal);
    /// <summary>The concurrency token's column and, for SAP's item sets, the navigation that leads to it.</summary>
    public (NavigationJoin? Via, ColumnMap Column)? ETag { get; set; }
    /// <summary>How context URLs name rows of this table: the entity set, or the containment path to it.</summary>
    public string ContextPath
    {
        get => _contextPath ?? Name;
        set => _contextPath = value;
    }

    public IEdmEntityType EntityType => Source.EntityType;
    /// <summary>A contained navigation's target, or a set's rows held per source row (<see cref="HeldBySource"/>): not an entity set of its own.</summary>
    public bool IsContained => Source is not IEdmEntitySet || HeldBySource;
    /// <summary>
    /// Rows of an entity set that belong to one row of another set (<see cref="NavigationLink.PerSource"/>), kept in a
    /// table of this navigation's own; their entity URLs still name the entity set (<see cref="UriName"/>).
    /// </summary>
    public bool HeldBySource { get; set; }
    /// <summary>The name entity URLs (<c>__metadata</c>, <c>$links</c>) give this table's rows: its entity set's.</summary>
    public string UriName => HeldBySource ? Source.Name : Name;

    public ColumnMap? Column(string path) => ByPath.GetValueOrDefault(path);

    string? _contextPath;
}
