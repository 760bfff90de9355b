using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Encodings.Web;

namespace SapSandbox.Services.CloudIntegration.SecurityContent;

/// <summary>An entity the store does not hold as a row (an entry of the renewal keystore, a keystore export), to write as the tenant does.</summary>
public sealed record JsonEntity(string Set, string Key, string Type, IReadOnlyList<KeyValuePair<string, object?>> Properties, IReadOnlyList<string> Navigations)
{
    /// <summary>Navigations written with their entities (<c>$expand</c>) rather than deferred.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<JsonEntity>> Expanded { get; init; } = new Dictionary<string, IReadOnlyList<JsonEntity>>();
}

/// <summary>
/// The tenant's OData V2 JSON for entities answered outside the generic runtime: <c>{"d":{...}}</c> or
/// <c>{"d":{"results":[...]}}</c>, <c>__metadata</c> with absolute URIs, dates as <c>"\/Date(ms)\/"</c> (Olingo writes
/// Edm.DateTimeOffset without an offset), binary as base64, navigations deferred.
/// </summary>
public static class EntityJson
{
    public const string ContentType = "application/json;charset=utf-8";
    static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Entity(string serviceRoot, JsonEntity entity) => Write(json => WriteEntity(json, serviceRoot, entity), collection: false);

    public static byte[] Collection(string serviceRoot, IEnumerable<JsonEntity> entities) =>
        Write(json => { foreach (var entity in entities) WriteEntity(json, serviceRoot, entity); }, collection: true);

    /// <summary>A JSON error body as the tenant writes it: <c>{"error":{"code":"Conflict","message":{"lang":"en","value":…}}}</c>.</summary>
    public static byte[] Error(string code, string message)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteStartObject("error");
            json.WriteString("code", code);
            json.WriteStartObject("message");
            json.WriteString("lang", "en");
            json.WriteString("value", message);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    static byte[] Write(Action<Utf8JsonWriter> content, bool collection)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            if (collection)
            {
                json.WriteStartObject("d");
                json.WriteStartArray("results");
                content(json);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            else
            {
                json.WritePropertyName("d");
                content(json);
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    static void WriteEntity(Utf8JsonWriter json, string serviceRoot, JsonEntity entity)
    {
        var uri = $"{serviceRoot}{entity.Set}({entity.Key})";
        json.WriteStartObject();
        json.WriteStartObject("__metadata");
        json.WriteString("id", uri);
        json.WriteString("uri", uri);
        json.WriteString("type", TenantMetadata.Namespace + "." + entity.Type);
        json.WriteEndObject();
        foreach (var (name, value) in entity.Properties)
        {
            json.WritePropertyName(name);
            WriteValue(json, value);
        }
        foreach (var navigation in entity.Navigations)
        {
            if (entity.Expanded.TryGetValue(navigation, out var expanded))
            {
                json.WriteStartObject(navigation);
                json.WriteStartArray("results");
                foreach (var inner in expanded) WriteEntity(json, serviceRoot, inner);
                json.WriteEndArray();
                json.WriteEndObject();
                continue;
            }
            json.WriteStartObject(navigation);
            json.WriteStartObject("__deferred");
            json.WriteString("uri", $"{uri}/{navigation}");
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case string text: json.WriteStringValue(text); break;
            case bool flag: json.WriteBooleanValue(flag); break;
            case int number: json.WriteNumberValue(number); break;
            // Edm.Int64 is a string in V2 JSON.
            case long number: json.WriteStringValue(number.ToString(CultureInfo.InvariantCulture)); break;
            case DateTimeOffset moment: json.WriteRawValue($"\"\\/Date({moment.ToUnixTimeMilliseconds()})\\/\""); break;
            case byte[] bytes: json.WriteStringValue(Convert.ToBase64String(bytes)); break;
            default: json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    /// <summary>A string key as it appears in a URL: <c>'…'</c>.</summary>
    public static string Key(string value) => "'" + Uri.EscapeDataString(value.Replace("'", "''")) + "'";

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);
}
