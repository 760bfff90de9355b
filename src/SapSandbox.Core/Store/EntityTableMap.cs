using Microsoft.OData.Edm;
using SapSandbox.Core.Model;

namespace SapSandbox.Core.Store;

/// <summary>An entity set and the table that holds it.</summary>
public sealed class EntityTableMap
{
    public required IEdmEntitySet Set { get; init; }
    public required string TableName { get; init; }
    public required IReadOnlyList<ColumnMap> Columns { get; init; }
    public required IReadOnlyList<ColumnMap> Keys { get; init; }
    public required IReadOnlyList<PropertyNode> Layout { get; init; }
    public required SapEntitySetFacts Facts { get; init; }
    public required IReadOnlyDictionary<string, ColumnMap> ByPath { get; init; }
    /// <summary>Navigations by name; filled after every table of the service is known.</summary>
    public Dictionary<string, NavigationJoin> Navigations { get; } = new(StringComparer.Ordinal);
    /// <summary>The concurrency token's column and, for SAP's item sets, the navigation that leads to it.</summary>
    public (NavigationJoin? Via, ColumnMap Column)? ETag { get; set; }

    public string Name => Set.Name;
    public IEdmEntityType EntityType => Set.EntityType;

    public ColumnMap? Column(string path) => ByPath.GetValueOrDefault(path);
}
