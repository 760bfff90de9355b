using System.Globalization;
using System.Text.Json;

namespace SapSandbox.Server.Hub.Monitor;

/// <summary>
/// One entity of an OData V2 JSON answer, read the way V2 writes values: Edm.Int64 and Edm.Decimal as strings,
/// Edm.DateTime as <c>/Date(milliseconds)/</c>, complex values as nested objects, navigation properties as
/// <c>__deferred</c> links (which are not values).
/// </summary>
public sealed class TenantRow(JsonElement element)
{
    public string? this[string name] => Text(name);

    public string? Text(string name)
    {
        if (!element.TryGetProperty(name, out var value)) return null;
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
    }

    public DateTimeOffset? Date(string name) => ParseDate(Text(name));

    public TenantRow? Complex(string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object && !value.TryGetProperty("__deferred", out _)
            ? new TenantRow(value) : null;

    /// <summary>The primitive and complex properties in the order the tenant wrote them (no metadata, no links).</summary>
    public IEnumerable<(string Name, string Value)> Properties()
    {
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name == "__metadata") continue;
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Object)
            {
                if (value.TryGetProperty("__deferred", out _)) continue;
                foreach (var (name, inner) in new TenantRow(value).Properties()) yield return (property.Name + "/" + name, inner);
                continue;
            }
            if (value.ValueKind == JsonValueKind.Array) continue;
            var text = Text(property.Name) ?? "";
            yield return (property.Name, ParseDate(text) is { } date ? MonitorFormat.Time(date) : text);
        }
    }

    /// <summary><c>/Date(1794377952405)/</c> or <c>/Date(1794377952405+0060)/</c>, as V2 writes Edm.DateTime(Offset).</summary>
    public static DateTimeOffset? ParseDate(string? text)
    {
        if (text == null || !text.StartsWith("/Date(", StringComparison.Ordinal) || !text.EndsWith(")/", StringComparison.Ordinal)) return null;
        var inner = text[6..^2];
        var sign = inner.IndexOfAny(['+', '-'], 1);
        var milliseconds = sign < 0 ? inner : inner[..sign];
        return long.TryParse(milliseconds, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }
}
