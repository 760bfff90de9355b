using Microsoft.OData.Edm;

namespace SapSandbox.Core.Store;

/// <summary>
/// How a navigation property is answered in SQL: target rows whose <see cref="TargetColumns"/> equal the
/// source row's <see cref="SourceColumns"/>. Comes from a referential constraint (on the navigation or
/// its partner) or, for SAP's V2 services that declare none, from matching key names.
/// </summary>
public sealed class NavigationJoin
{
    public required IEdmNavigationProperty Navigation { get; init; }
    public required EntityTableMap Source { get; init; }
    public required EntityTableMap Target { get; init; }
    public required IReadOnlyList<ColumnMap> SourceColumns { get; init; }
    public required IReadOnlyList<ColumnMap> TargetColumns { get; init; }

    public bool IsCollection => Navigation.Type.IsCollection();
    public string Name => Navigation.Name;
    /// <summary>True when a referential constraint declared the join, false when key names implied it.</summary>
    public bool FromConstraint { get; init; }
    /// <summary>True when the join fills part of the target's key from the source's key: the target is a child (items of an order).</summary>
    public bool TargetIsChild { get; init; }

    /// <summary>
    /// Whether a target row takes its link values from the source (items of an order, a 1:1 extension sharing
    /// the key) rather than the source pointing at the target's key (an order at its sold-to party).
    /// </summary>
    public bool TargetDependsOnSource =>
        TargetIsChild || SourceColumns.All(c => c.IsKey)
        || !(TargetColumns.Count == Target.StoredKey.Count && TargetColumns.All(c => c.IsKey));
}
