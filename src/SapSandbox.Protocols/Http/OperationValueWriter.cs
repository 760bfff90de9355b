using System.Collections;
using System.Globalization;
using System.Text.Json;
using Microsoft.OData.Edm;

namespace SapSandbox.Protocols.Http;

/// <summary>
/// Writes what an operation returned that is not an entity of the store: primitive, complex and collection values,
/// in V4 JSON (ISO 8601, numbers) or Gateway's V2 JSON (<c>"\/Date(ms)\/"</c>, Int64 and Decimal as strings,
/// <c>__metadata</c> with the type of a complex value).
/// </summary>
public sealed class OperationValueWriter(Utf8JsonWriter json, bool v2, bool ieee754 = false)
{
    public void Write(IEdmTypeReference type, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case IDictionary<string, object?> complex:
                json.WriteStartObject();
                var definition = (type.IsCollection() ? type.AsCollection().ElementType() : type).AsComplex().ComplexDefinition();
                if (v2)
                {
                    json.WriteStartObject("__metadata");
                    json.WriteString("type", definition.FullName());
                    json.WriteEndObject();
                }
                foreach (var property in definition.StructuralProperties())
                {
                    json.WritePropertyName(property.Name);
                    Write(property.Type, complex.TryGetValue(property.Name, out var inner) ? inner : null);
                }
                json.WriteEndObject();
                break;
            case IList list:
                var element = type.AsCollection().ElementType();
                json.WriteStartArray();
                foreach (var item in list) Write(element, item);
                json.WriteEndArray();
                break;
            case string text:
                json.WriteStringValue(text);
                break;
            case bool flag:
                json.WriteBooleanValue(flag);
                break;
            case long or int when v2 && type.PrimitiveKind() == EdmPrimitiveTypeKind.Int64 || ieee754 && type.PrimitiveKind() == EdmPrimitiveTypeKind.Int64:
                json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
            case long number:
                json.WriteNumberValue(number);
                break;
            case decimal amount when v2 || ieee754:
                json.WriteStringValue(amount.ToString(CultureInfo.InvariantCulture));
                break;
            case decimal amount:
                json.WriteNumberValue(amount);
                break;
            case double real when v2:
                json.WriteStringValue(real.ToString("R", CultureInfo.InvariantCulture));
                break;
            case double real:
                json.WriteNumberValue(real);
                break;
            case DateTimeOffset instant when v2:
                json.WriteStringValue($"/Date({instant.ToUnixTimeMilliseconds()})/");
                break;
            case DateTimeOffset instant:
                json.WriteStringValue(instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
                break;
            case DateOnly day when v2:
                json.WriteStringValue($"/Date({new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds()})/");
                break;
            case DateOnly day:
                json.WriteStringValue(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            default:
                json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
