using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using SapSandbox.Core.Store;
using SapSandbox.Protocols.Http;

namespace SapSandbox.Protocols.V2;

/// <summary>
/// Gateway's verbose JSON bodies: <c>__metadata</c> beside the properties, <c>"\/Date(ms)\/"</c> (ISO text is
/// accepted too, as Gateway does), Int64/Decimal/Double as strings, <c>PT09H50M04S</c>, to-many nested entities
/// as an array or <c>{"results":[...]}</c>.
/// </summary>
public sealed partial class V2PayloadReader : PayloadReader
{
    public static readonly V2PayloadReader Instance = new();

    protected override bool IsAnnotation(string name) => name == "__metadata";

    protected override IReadOnlyList<JsonElement>? Nested(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("__deferred", out _)) return null;
        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("results", out var results)) return Entities(results);
        return Entities(value);
    }

    protected override object? ConvertValue(ColumnMap column, JsonElement value) => column.Kind switch
    {
        ValueKind.String => value.GetString(),
        ValueKind.Boolean => (value.ValueKind == JsonValueKind.String ? bool.Parse(value.GetString()!) : value.GetBoolean()) ? 1L : 0L,
        ValueKind.Int32 or ValueKind.Int64 => long.Parse(Text(value), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        ValueKind.Decimal => StoredValue.FromDecimalText(Text(value)),
        ValueKind.Double or ValueKind.Single => XmlConvert.ToDouble(Text(value)),
        ValueKind.Date => StoredValue.FromDate(DateOnly.FromDateTime(Instant(value.GetString()!).UtcDateTime)),
        ValueKind.DateTimeOffset => StoredValue.FromDateTimeOffset(Instant(value.GetString()!)),
        ValueKind.TimeOfDay => StoredValue.FromTime(TimeOnly.FromTimeSpan(XmlConvert.ToTimeSpan(value.GetString()!))),
        ValueKind.Duration => XmlConvert.ToTimeSpan(value.GetString()!).Ticks,
        ValueKind.Guid => Guid.Parse(value.GetString()!).ToString("D"),
        ValueKind.Binary => Convert.FromBase64String(value.GetString()!),
        ValueKind.Enum => value.ValueKind == JsonValueKind.Number ? value.GetInt64() : StoredValue.From(ValueKind.Enum, value.GetString(), column.EnumType),
        ValueKind.Json => value.GetRawText(),
        _ => null,
    };

    protected override string Expected(ColumnMap column) => column.Kind switch
    {
        ValueKind.Date or ValueKind.DateTimeOffset => "\"/Date(milliseconds)/\" or an ISO 8601 date and time",
        ValueKind.TimeOfDay => "a time such as \"PT09H30M00S\"",
        ValueKind.Decimal or ValueKind.Int64 => "a number in a string, such as \"12.50\"",
        _ => base.Expected(column),
    };

    static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    /// <summary><c>/Date(1577836800000)/</c>, <c>/Date(1577836800000+0060)/</c> (offset in minutes) or ISO 8601.</summary>
    static DateTimeOffset Instant(string text)
    {
        var match = DateLiteral().Match(text);
        if (!match.Success) return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var instant = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
        return instant;
    }

    [GeneratedRegex(@"^/Date\((-?\d+)(?:[+-]\d{4})?\)/$")]
    private static partial Regex DateLiteral();
}
