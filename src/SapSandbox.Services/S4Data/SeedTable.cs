using System.Globalization;
using Microsoft.OData.Edm;
using SapSandbox.Core.Store;

namespace SapSandbox.Services.S4Data;

/// <summary>
/// Builds a table's seed rows: every column starts initial, as SAP leaves most fields of a document, then the values of
/// the company's data are set by property name. Properties a table lacks are passed over, so the rows survive a newer
/// version of SAP's metadata. The sets without business data get the generic generator's rows, hung under these.
/// </summary>
public sealed class SeedTable(EntityTableMap table)
{
    readonly Random _random = new(CompanyData.StableHash("s4/" + table.Name));
    readonly List<object?[]> _rows = [];

    public IReadOnlyList<object?[]> Rows => _rows;

    /// <summary>
    /// A new row as a document SAP created holds it before its data is set: every property initial (text "", flags
    /// false, amounts 0, dates null), identifiers (GUIDs) and enums generated. Its keys are for the caller to set.
    /// </summary>
    public Row Add()
    {
        var values = new object?[table.Columns.Count];
        foreach (var column in table.Columns)
            values[column.Ordinal] = Initial(column);
        _rows.Add(values);
        return new Row(table, values);
    }

    object? Initial(ColumnMap column)
    {
        if (column.Type.IsCollection()) return Core.Write.ValueRules.Initial(column);
        return column.Kind switch
        {
            ValueKind.String => "",
            ValueKind.Boolean or ValueKind.Int32 or ValueKind.Int64 => 0L,
            ValueKind.Decimal => "0",
            ValueKind.Double or ValueKind.Single => 0d,
            ValueKind.Guid => NewGuid().ToString("D"),
            ValueKind.Enum => column.EnumType!.Members.First().Value.Value,
            _ => column.Nullable ? null : Core.Write.ValueRules.Initial(column),
        };
    }

    Guid NewGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        return new Guid(bytes);
    }

    public readonly struct Row(EntityTableMap table, object?[] values)
    {
        /// <summary>Sets a property from a CLR value (string, bool, decimal, DateOnly, DateTimeOffset, TimeOnly); text longer than MaxLength is cut.</summary>
        public Row Set(string path, object? value)
        {
            if (table.Column(path) is not { } column) return this;
            if (value is string text && column.MaxLength is { } max && text.Length > max) value = text[..max];
            value = (column.Kind, value) switch
            {
                (ValueKind.DateTimeOffset, DateOnly date) => new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                (ValueKind.Date, DateTimeOffset moment) => DateOnly.FromDateTime(moment.UtcDateTime),
                _ => value,
            };
            values[column.Ordinal] = value == null && !column.Nullable ? Core.Write.ValueRules.Initial(column) : StoredValue.From(column.Kind, value, column.EnumType);
            return this;
        }

        /// <summary>A key value written as the generic generator writes it: digit sequences as they are ("10"), other codes zero-padded to their length.</summary>
        public Row Key(string path, long number)
        {
            if (table.Column(path) is not { } column) return this;
            var text = number.ToString(CultureInfo.InvariantCulture);
            if (!column.Facts.IsDigitSequence && column.MaxLength is { } length && text.Length < length) text = text.PadLeft(length, '0');
            return Set(path, text);
        }
    }
}
