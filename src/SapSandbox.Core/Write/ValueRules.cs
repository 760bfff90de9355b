using Microsoft.OData.Edm;
using SapSandbox.Core.Query;
using SapSandbox.Core.Store;

namespace SapSandbox.Core.Write;

/// <summary>The model's facets as rules for a value a client sends: nullability, MaxLength, Precision and Scale.</summary>
public static class ValueRules
{
    public static void Check(ColumnMap column, object? stored)
    {
        if (stored == null)
        {
            if (!column.Nullable)
                throw QueryException.BadRequest($"Property '{column.Path}' must not be null", column.Path);
            return;
        }
        switch (column.Kind)
        {
            case ValueKind.String when column.MaxLength is { } max && ((string)stored).Length > max:
                throw QueryException.BadRequest($"Property '{column.Path}' is longer than its MaxLength of {max}", column.Path);
            case ValueKind.Decimal:
                CheckDecimal(column, (string)stored);
                break;
        }
    }

    /// <summary>A decimal as SAP stores it: with as many decimal places as its Scale (<c>3</c> becomes <c>3.000</c>).</summary>
    public static object? Normalise(ColumnMap column, object? stored)
    {
        if (column.Kind != ValueKind.Decimal || stored is not string text || column.Scale is not (> 0 and var scale)) return stored;
        var dot = text.IndexOf('.');
        var places = dot < 0 ? 0 : text.Length - dot - 1;
        return places >= scale ? text : (dot < 0 ? text + "." : text) + new string('0', scale - places);
    }

    /// <summary>Digits before the point may be at most Precision - Scale, digits after at most Scale.</summary>
    static void CheckDecimal(ColumnMap column, string text)
    {
        var digits = text.TrimStart('-');
        var dot = digits.IndexOf('.');
        var integral = (dot < 0 ? digits : digits[..dot]).TrimStart('0');
        var fraction = dot < 0 ? "" : digits[(dot + 1)..].TrimEnd('0');
        if (column.Scale is { } scale && fraction.Length > scale)
            throw QueryException.BadRequest($"Property '{column.Path}' allows {scale} decimal places, the value '{text}' has {fraction.Length}", column.Path);
        if (column.Precision is { } precision && integral.Length > precision - (column.Scale ?? 0))
            throw QueryException.BadRequest($"Property '{column.Path}' allows {precision - (column.Scale ?? 0)} digits before the decimal point (Precision {precision}, Scale {column.Scale ?? 0}); '{text}' has {integral.Length}", column.Path);
    }

    /// <summary>What a non-nullable property holds when a create leaves it out or a replace drops it: ABAP's initial values.</summary>
    public static object? Initial(ColumnMap column)
    {
        // OData has no null collection: one nobody set is empty, as RAP answers "SAP__Messages": [] on a create
        // (SAP Cloud SDK fails on null where it maps over the collection).
        if (column.Type.IsCollection()) return "[]";
        if (column.Nullable) return null;
        return column.Kind switch
        {
            ValueKind.String => "",
            ValueKind.Boolean or ValueKind.Int32 or ValueKind.Int64 or ValueKind.Duration or ValueKind.Enum => 0L,
            ValueKind.Double or ValueKind.Single => 0d,
            ValueKind.Decimal => "0",
            ValueKind.Guid => Guid.Empty.ToString("D"),
            ValueKind.Date => "0001-01-01",
            ValueKind.DateTimeOffset => StoredValue.FromDateTimeOffset(DateTimeOffset.MinValue),
            ValueKind.TimeOfDay => StoredValue.FromTime(TimeOnly.MinValue),
            ValueKind.Binary => Array.Empty<byte>(),
            ValueKind.Json => "null",
            _ => null,
        };
    }
}
