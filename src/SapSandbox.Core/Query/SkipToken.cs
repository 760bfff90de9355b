using System.Buffers.Text;
using System.Text.Json;

namespace SapSandbox.Core.Query;

/// <summary>
/// The keyset position after the last row of a page: the values of its sort expressions (the client's
/// <c>$orderby</c> and then the key), opaque to clients. Later pages seek to it instead of skipping rows.
/// </summary>
public static class SkipToken
{
    public static string Encode(IReadOnlyList<object?> values)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                switch (value)
                {
                    case null: writer.WriteNullValue(); break;
                    case long l: writer.WriteNumberValue(l); break;
                    case double d: writer.WriteNumberValue(d); break;
                    case byte[] b: writer.WriteBase64StringValue(b); break;
                    default: writer.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)); break;
                }
            }
            writer.WriteEndArray();
        }
        return Base64Url.EncodeToString(buffer.ToArray());
    }

    public static object?[] Decode(string token, int expectedCount)
    {
        try
        {
            using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(token));
            var values = document.RootElement.EnumerateArray().Select(e => e.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.Number when e.TryGetInt64(out var l) => (object)l,
                JsonValueKind.Number => e.GetDouble(),
                _ => e.GetString(),
            }).ToArray();
            if (values.Length != expectedCount) throw new FormatException();
            return values;
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            throw QueryException.BadRequest($"$skiptoken '{token}' was not issued for this query; follow the next link as given");
        }
    }
}
