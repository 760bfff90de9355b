using System.Text.Encodings.Web;
using System.Text.Json;

namespace SapSandbox.Core.Store;

/// <summary>
/// The shape an entity is written in: primitives point at their column, complex properties nest.
/// Writers walk this tree so flattened columns come back out as nested objects.
/// </summary>
public sealed class PropertyNode
{
    public required string Name
    {
        get => _name;
        init
        {
            _name = value;
            EncodedName = JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        }
    }

    /// <summary>The name as UTF-8 JSON, encoded once per model rather than once per row.</summary>
    public JsonEncodedText EncodedName { get; private init; }
    public ColumnMap? Column { get; init; }
    public IReadOnlyList<PropertyNode> Children { get; init; } = [];
    public string? ComplexTypeName { get; init; }

    public bool IsComplex => Column == null;

    readonly string _name = "";
}
