namespace SapSandbox.Core.Store;

/// <summary>
/// The shape an entity is written in: primitives point at their column, complex properties nest.
/// Writers walk this tree so flattened columns come back out as nested objects.
/// </summary>
public sealed class PropertyNode
{
    public required string Name { get; init; }
    public ColumnMap? Column { get; init; }
    public IReadOnlyList<PropertyNode> Children { get; init; } = [];
    public string? ComplexTypeName { get; init; }

    public bool IsComplex => Column == null;
}
