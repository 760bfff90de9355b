using Microsoft.OData.Edm;
using SapSandbox.Core.Model;

namespace SapSandbox.Core.Store;

/// <summary>One stored column: a primitive property, or a primitive inside a complex property (flattened).</summary>
public sealed class ColumnMap
{
    public required string Name { get; init; }
    /// <summary>Property names from the entity down to this primitive ("Address/City").</summary>
    public required string Path { get; init; }
    public required IEdmTypeReference Type
    {
        get => _type;
        init
        {
            _type = value;
            // Facets are read per value on hot paths; resolve them from the type once.
            MaxLength = (value as IEdmStringTypeReference)?.MaxLength;
            Precision = value switch
            {
                IEdmDecimalTypeReference d => d.Precision,
                IEdmTemporalTypeReference t => t.Precision,
                _ => null,
            };
            Scale = (value as IEdmDecimalTypeReference)?.Scale;
            EnumType = value.IsEnum() ? (IEdmEnumType)value.Definition : null;
        }
    }

    public required ValueKind Kind { get; init; }
    public required SapPropertyFacts Facts { get; init; }
    /// <summary>Part of the stored primary key (the OData key, or a hidden container column).</summary>
    public required bool IsKey { get; init; }
    /// <summary>A contained row's link to its container: stored, never written to a client.</summary>
    public bool IsHidden { get; init; }
    public int Ordinal { get; set; }

    /// <summary>Non-nullable columns are declared NOT NULL, so readers may skip the null check.</summary>
    public bool Nullable => Type.IsNullable && !IsKey;
    public int? MaxLength { get; private init; }
    public int? Precision { get; private init; }
    public int? Scale { get; private init; }
    public IEdmEnumType? EnumType { get; private init; }

    /// <summary>The name of the enum member with exactly this stored value, or null when none has it (a combination of flags).</summary>
    public string? EnumMemberName(long value)
    {
        foreach (var member in EnumType!.Members)
            if (member.Value.Value == value) return member.Name;
        return null;
    }

    public override string ToString() => Path;

    readonly IEdmTypeReference _type = null!;
}
