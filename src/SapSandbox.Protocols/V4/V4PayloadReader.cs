using System.Globalization;
using System.Text.Json;
using System.Xml;
using SapSandbox.Core.Store;
using SapSandbox.Protocols.Http;

namespace SapSandbox.Protocols.V4;

/// <summary>OData V4 JSON entity bodies: ISO 8601 temporals, numbers as JSON numbers or (IEEE754Compatible) strings.</summary>
public sealed class V4PayloadReader : PayloadReader
{
    public static readonly V4PayloadReader Instance = new();

    protected override bool IsAnnotation(string name) => name.Contains('@');

    protected override IReadOnlyList<JsonElement>? Nested(JsonElement value) => Entities(value);

    protected override object? ConvertValue(ColumnMap column, JsonElement value) => column.Kind switch
    {
        ValueKind.String => value.GetString(),
        ValueKind.Boolean => value.GetBoolean() ? 1L : 0L,
        ValueKind.Int32 or ValueKind.Int64 => value.ValueKind == JsonValueKind.String
            ? long.Parse(value.GetString()!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)
            : value.GetInt64(),
        ValueKind.Decimal => StoredValue.FromDecimalText(value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()),
        ValueKind.Double or ValueKind.Single => value.ValueKind == JsonValueKind.String
            ? XmlConvert.ToDouble(value.GetString()!.Replace("Infinity", "INF"))
            : value.GetDouble(),
        ValueKind.Date => StoredValue.FromDate(DateOnly.ParseExact(value.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture)),
        ValueKind.DateTimeOffset => StoredValue.FromDateTimeOffset(DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)),
        ValueKind.TimeOfDay => StoredValue.FromTime(TimeOnly.Parse(value.GetString()!, CultureInfo.InvariantCulture)),
        ValueKind.Duration => XmlConvert.ToTimeSpan(value.GetString()!).Ticks,
        ValueKind.Guid => Guid.Parse(value.GetString()!).ToString("D"),
        ValueKind.Binary => Convert.FromBase64String(Base64(value.GetString()!)),
        ValueKind.Enum => StoredValue.From(ValueKind.Enum, value.ValueKind == JsonValueKind.Number ? value.GetRawText() : value.GetString(), column.EnumType),
        ValueKind.Json => value.GetRawText(),
        _ => null,
    };

    /// <summary>V4 writes binary as base64url; plain base64 is accepted too.</summary>
    static string Base64(string text)
    {
        var plain = text.Replace('-', '+').Replace('_', '/');
        return plain.PadRight(plain.Length + (4 - plain.Length % 4) % 4, '=');
    }
}
