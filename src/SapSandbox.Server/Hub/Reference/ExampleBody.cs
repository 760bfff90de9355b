using System.Text.Json;
using Microsoft.OData.Edm;
using SapSandbox.Core.Model;

namespace SapSandbox.Server.Hub.Reference;

/// <summary>
/// A JSON request body built from an entity type, for Try out's body editor to start from: every property a client
/// may set (sap:creatable / Core.Computed), with a value of its type in the protocol's JSON format (V2's
/// <c>/Date(...)/</c> and decimals as strings, V4's ISO dates and numbers).
/// </summary>
public static class ExampleBody
{
    // Relaxed escaping: the example is shown to a person, who should read "+" and "é", not \u002B.
    static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Create(IEdmModel model, IEdmEntityType type, ODataVersion protocol) => Write(model, type, protocol, update: false);

    public static string Update(IEdmModel model, IEdmEntityType type, ODataVersion protocol) => Write(model, type, protocol, update: true);

    static string Write(IEdmModel model, IEdmStructuredType type, ODataVersion protocol, bool update)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Indented)) Object(json, model, type, protocol, update, depth: 0);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    static void Object(Utf8JsonWriter json, IEdmModel model, IEdmStructuredType type, ODataVersion protocol, bool update, int depth)
    {
        json.WriteStartObject();
        var keys = (type as IEdmEntityType)?.Key().Select(k => k.Name).ToHashSet() ?? [];
        foreach (var property in type.StructuralProperties())
        {
            var facts = SapPropertyFacts.Read(model, property, new HashSet<string>());
            // An update names no key (it is in the URL) and nothing the server computes or keeps immutable.
            if (update ? keys.Contains(property.Name) || !facts.Updatable : !facts.Creatable) continue;
            json.WritePropertyName(property.Name);
            Value(json, model, property.Type, facts, protocol, update, depth);
        }
        json.WriteEndObject();
    }

    static void Value(Utf8JsonWriter json, IEdmModel model, IEdmTypeReference type, SapPropertyFacts facts, ODataVersion protocol, bool update, int depth)
    {
        if (type.IsCollection())
        {
            json.WriteStartArray();
            json.WriteEndArray();
            return;
        }
        if (type.IsComplex())
        {
            if (depth > 3) json.WriteNullValue();
            else Object(json, model, type.AsComplex().ComplexDefinition(), protocol, update, depth + 1);
            return;
        }
        if (type.IsEnum())
        {
            json.WriteStringValue(type.AsEnum().EnumDefinition().Members.FirstOrDefault()?.Name ?? "");
            return;
        }
        var v2 = protocol == ODataVersion.V2;
        switch (type.PrimitiveKind())
        {
            case EdmPrimitiveTypeKind.Boolean: json.WriteBooleanValue(false); break;
            case EdmPrimitiveTypeKind.Byte or EdmPrimitiveTypeKind.SByte or EdmPrimitiveTypeKind.Int16 or EdmPrimitiveTypeKind.Int32:
                json.WriteNumberValue(0); break;
            // V2 JSON carries 64-bit integers and decimals as strings (JavaScript numbers would lose digits).
            case EdmPrimitiveTypeKind.Int64 or EdmPrimitiveTypeKind.Decimal:
                if (v2) json.WriteStringValue("0"); else json.WriteNumberValue(0); break;
            case EdmPrimitiveTypeKind.Double or EdmPrimitiveTypeKind.Single: json.WriteNumberValue(0); break;
            case EdmPrimitiveTypeKind.Guid: json.WriteStringValue(Guid.Empty.ToString()); break;
            case EdmPrimitiveTypeKind.Date: json.WriteStringValue(v2 ? "/Date(1704067200000)/" : "2024-01-01"); break;
            case EdmPrimitiveTypeKind.DateTimeOffset:
                json.WriteStringValue(v2 ? (facts.V2Type == "DateTime" ? "/Date(1704067200000)/" : "/Date(1704067200000+0000)/") : "2024-01-01T00:00:00Z"); break;
            case EdmPrimitiveTypeKind.TimeOfDay or EdmPrimitiveTypeKind.Duration: json.WriteStringValue(v2 ? "PT00H00M00S" : "00:00:00"); break;
            case EdmPrimitiveTypeKind.Binary: json.WriteStringValue(""); break;
            case EdmPrimitiveTypeKind.String: json.WriteStringValue(ExampleText(facts)); break;
            default: json.WriteNullValue(); break;
        }
    }

    /// <summary>Text that fits the property: digits for NUMC-style fields, at most MaxLength characters.</summary>
    static string ExampleText(SapPropertyFacts facts)
    {
        var max = facts.MaxLength ?? 20;
        if (facts.IsDigitSequence) return "1".PadLeft(Math.Min(max, 10), '0');
        var text = "string";
        return text.Length > max ? text[..max] : text;
    }
}
