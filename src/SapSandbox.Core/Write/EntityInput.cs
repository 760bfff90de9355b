using SapSandbox.Core.Store;

namespace SapSandbox.Core.Write;

/// <summary>
/// An entity as a client sent it, in the store's terms: the values of the properties it named (already in
/// stored form) and, for a deep insert, the entities nested under its navigations. What it left out stays out,
/// so that a partial update changes only what was sent.
/// </summary>
public sealed class EntityInput(EntityTableMap table)
{
    public EntityTableMap Table => table;
    public Dictionary<ColumnMap, object?> Values { get; } = [];
    public List<(NavigationJoin Join, IReadOnlyList<EntityInput> Entities)> Nested { get; } = [];
    /// <summary>To-one links to existing entities by their id (V4 <c>nav@odata.bind</c>), resolved before the write.</summary>
    public List<(NavigationJoin Join, string Id)> Bindings { get; } = [];
}
