using Microsoft.OData.Edm;
using SapSandbox.Core.Model;

namespace SapSandbox.Core.Store;

/// <summary>One stored column: a primitive property, or a primitive inside a complex property (flattened).</summary>
public sealed class ColumnMap
{
    public required string Name { get; init; }
    /// <summary>Property names from the entity down to this primitive ("Address/City").</summary>
    public required string Path { get; init; }
    public required IEdmTypeReference Type { get; init; }
    public required ValueKind Kind { get; init; }
    public required SapPropertyFacts Facts { get; init; }
    public required bool IsKey { get; init; }
    public int Ordinal { get; set; }

    public bool Nullable => Type.IsNullable && !IsKey;
    public int? MaxLength => (Type as IEdmStringTypeReference)?.MaxLength;
    public int? Precision => Type switch
    {
        IEdmDecimalTypeReference d => d.Precision,
        IEdmTemporalTypeReference t => t.Precision,
        _ => null,
    };
    public int? Scale => (Type as IEdmDecimalTypeReference)?.Scale;
    public IEdmEnumType? EnumType => Type.IsEnum() ? (IEdmEnumType)Type.Definition : null;

    public override string ToString() => Path;
}
