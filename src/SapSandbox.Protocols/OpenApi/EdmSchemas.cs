using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Vocabularies;
using Microsoft.OpenApi;
using SapSandbox.Core.Model;

namespace SapSandbox.Protocols.OpenApi;

// OpenAPI 3.0 has a schema's single `example`; the library marks it obsolete in favour of 3.1's `examples`.
#pragma warning disable CS0618

/// <summary>
/// JSON schemas for a model's types as one protocol writes them: V4 JSON (numbers that IEEE754Compatible turns into
/// strings) or V2's verbose JSON (Int64 and Decimal as strings, dates as <c>/Date(ms)/</c>, to-many navigations as
/// <c>{"results": [...]}</c>). Structured types become components named by their qualified name, with the
/// <c>-create</c> and <c>-update</c> variants csdl2openapi adds for entity types.
/// </summary>
sealed class EdmSchemas(OpenApiDocument document, IEdmModel model, ODataVersion version)
{
    public const string CreateSuffix = "-create";
    public const string UpdateSuffix = "-update";

    public bool V2 => version == ODataVersion.V2;

    public IOpenApiSchema Ref(string id) => new OpenApiSchemaReference(id, document);
    public IOpenApiSchema Entity(IEdmEntityType type) => Ref(type.FullName());
    public IOpenApiSchema EntityCreate(IEdmEntityType type) => Ref(type.FullName() + CreateSuffix);
    public IOpenApiSchema EntityUpdate(IEdmEntityType type) => Ref(type.FullName() + UpdateSuffix);

    /// <summary>Registers every structured and enumeration type of the model as components.</summary>
    /// <param name="insertable">Whether entities may be created nested through a navigation (deep insert).</param>
    /// <param name="exposed">Whether a navigation is part of this protocol's view of the model.</param>
    /// <param name="target">The entity type a navigation leads to, as the store resolved it (SAP's metadata may name an
    /// association end's type wrongly, where the set the navigation is bound to says it right).</param>
    public void AddComponents(Func<IEdmNavigationProperty, bool> insertable, Func<IEdmNavigationProperty, bool> exposed,
        Func<IEdmNavigationProperty, IEdmEntityType> target)
    {
        _target = target;
        var schemas = document.Components!.Schemas!;
        foreach (var element in model.SchemaElements.OrderBy(e => e.FullName(), StringComparer.Ordinal))
        {
            switch (element)
            {
                case IEdmEntityType entity:
                    schemas[entity.FullName()] = Structured(entity, StructuredVariant.Read, insertable, exposed);
                    schemas[entity.FullName() + CreateSuffix] = Structured(entity, StructuredVariant.Create, insertable, exposed);
                    schemas[entity.FullName() + UpdateSuffix] = Structured(entity, StructuredVariant.Update, insertable, exposed);
                    break;
                case IEdmComplexType complex:
                    schemas[complex.FullName()] = Structured(complex, StructuredVariant.Read, insertable, exposed);
                    break;
                case IEdmEnumType enumeration:
                    schemas[enumeration.FullName()] = Enumeration(enumeration);
                    break;
            }
        }
    }

    enum StructuredVariant { Read, Create, Update }

    Func<IEdmNavigationProperty, IEdmEntityType> _target = n => n.ToEntityType();

    OpenApiSchema Structured(IEdmStructuredType type, StructuredVariant variant, Func<IEdmNavigationProperty, bool> insertable,
        Func<IEdmNavigationProperty, bool> exposed)
    {
        var name = ((IEdmSchemaElement)type).Name;
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Title = (Label(type) ?? name) + variant switch { StructuredVariant.Create => " (for create)", StructuredVariant.Update => " (for update)", _ => "" },
            Description = Description(type),
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal),
        };
        var keys = (type as IEdmEntityType)?.Key().Select(k => k.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        var required = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in type.StructuralProperties())
        {
            if (V2 && property.Type.IsCollection()) continue; // V2's metadata leaves collection properties out
            var facts = SapPropertyFacts.Read(model, property, new HashSet<string>());
            if (variant == StructuredVariant.Create && !facts.Creatable) continue;
            if (variant == StructuredVariant.Update && (!facts.Updatable || keys.Contains(property.Name))) continue;
            schema.Properties[property.Name] = Property(property, facts);
            if (variant == StructuredVariant.Create && !property.Type.IsNullable && property.DefaultValueString == null) required.Add(property.Name);
        }
        if (variant != StructuredVariant.Update)
            foreach (var navigation in type.NavigationProperties().Where(exposed))
            {
                if (variant == StructuredVariant.Create && !insertable(navigation)) continue;
                schema.Properties[navigation.Name] = Navigation(navigation, variant == StructuredVariant.Create);
            }
        if (required.Count > 0) schema.Required = required;
        return schema;
    }

    IOpenApiSchema Navigation(IEdmNavigationProperty navigation, bool create)
    {
        var target = _target(navigation);
        var item = create ? EntityCreate(target) : Entity(target);
        if (!navigation.Type.IsCollection())
            return navigation.Type.IsNullable && !create
                // OpenAPI 3.0's nullable needs a type beside it: an entity is an object.
                ? new OpenApiSchema { AllOf = [item], Type = JsonSchemaType.Object | JsonSchemaType.Null, Description = NavigationDescription(navigation) }
                : item;
        var array = new OpenApiSchema { Type = JsonSchemaType.Array, Items = item };
        if (!V2) return WithDescription(array, NavigationDescription(navigation));
        // Gateway writes an expanded to-many navigation as {"results": [...]} and accepts it so in a deep insert.
        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = NavigationDescription(navigation),
            Properties = new Dictionary<string, IOpenApiSchema> { ["results"] = array },
        };
    }

    string NavigationDescription(IEdmNavigationProperty navigation) =>
        (V2 ? "Deferred ({\"__deferred\": {\"uri\": ...}}) unless read with $expand=" : "Present when read with $expand=") + navigation.Name;

    static OpenApiSchema WithDescription(OpenApiSchema schema, string? description)
    {
        schema.Description = description;
        return schema;
    }

    /// <summary>A structural property's schema: its type's, with the SAP label as title, MaxLength and nullability.</summary>
    public IOpenApiSchema Property(IEdmStructuralProperty property, SapPropertyFacts facts)
    {
        var type = Type(property.Type, facts.V2Type);
        var description = Description(property);
        if (type is OpenApiSchemaReference)
        {
            // A reference cannot carry siblings in OpenAPI 3.0: wrap it so title, description and nullable survive.
            if (facts.Label == null && description == null && !property.Type.IsNullable) return type;
            type = new OpenApiSchema { AllOf = [type] };
        }
        var schema = (OpenApiSchema)type;
        schema.Title = facts.Label;
        schema.Description = description;
        if (property.Type.IsNullable) MakeNullable(schema, property.Type);
        return schema;
    }

    /// <summary>
    /// Null allowed besides the type's values. OpenAPI 3.0 writes that as <c>nullable</c>, which means nothing without
    /// a <c>type</c> beside it: a wrapped reference takes its target's JSON type (object, or string for an enum), and
    /// alternatives (a number or its string form) each allow null.
    /// </summary>
    static void MakeNullable(OpenApiSchema schema, IEdmTypeReference edmType)
    {
        if (schema.Type == null && schema.AnyOf is { Count: > 0 } alternatives)
        {
            foreach (var alternative in alternatives.OfType<OpenApiSchema>()) alternative.Type = (alternative.Type ?? 0) | JsonSchemaType.Null;
            return;
        }
        if (schema.Type == null && schema.AllOf is { Count: > 0 }) schema.Type = edmType.IsEnum() ? JsonSchemaType.String : JsonSchemaType.Object;
        // Without a type (an Edm type with no JSON form of its own) any value is allowed already, null included.
        if (schema.Type != null) schema.Type |= JsonSchemaType.Null;
    }

    /// <summary>An operation parameter's or return value's schema.</summary>
    public IOpenApiSchema Type(IEdmTypeReference type, string? v2Type = null)
    {
        if (type.IsCollection())
            return new OpenApiSchema { Type = JsonSchemaType.Array, Items = Type(type.AsCollection().ElementType()) };
        return type.Definition switch
        {
            IEdmStructuredType or IEdmEnumType => Ref(((IEdmSchemaElement)type.Definition).FullName()),
            IEdmTypeDefinition definition => Primitive(definition.UnderlyingType.PrimitiveKind, type, v2Type),
            IEdmPrimitiveType primitive => Primitive(primitive.PrimitiveKind, type, v2Type),
            _ => new OpenApiSchema(),
        };
    }

    OpenApiSchema Primitive(EdmPrimitiveTypeKind kind, IEdmTypeReference type, string? v2Type) => V2 ? PrimitiveV2(kind, type, v2Type) : PrimitiveV4(kind, type);

    const string Ieee754 = "As a string when the request asks for application/json;IEEE754Compatible=true";

    static OpenApiSchema PrimitiveV4(EdmPrimitiveTypeKind kind, IEdmTypeReference type) => kind switch
    {
        EdmPrimitiveTypeKind.String => new() { Type = JsonSchemaType.String, MaxLength = (type as IEdmStringTypeReference)?.MaxLength },
        EdmPrimitiveTypeKind.Boolean => new() { Type = JsonSchemaType.Boolean },
        EdmPrimitiveTypeKind.Byte => Integer("uint8"),
        EdmPrimitiveTypeKind.SByte => Integer("int8"),
        EdmPrimitiveTypeKind.Int16 => Integer("int16"),
        EdmPrimitiveTypeKind.Int32 => Integer("int32"),
        // With IEEE754Compatible=true in the request's format these come as strings, as JavaScript clients ask for.
        EdmPrimitiveTypeKind.Int64 => new()
        {
            AnyOf = [Integer("int64"), new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^-?[0-9]+$", Description = Ieee754 }],
            Example = JsonValue.Create(42),
        },
        EdmPrimitiveTypeKind.Decimal => new()
        {
            AnyOf = [Decimal(type as IEdmDecimalTypeReference), new OpenApiSchema { Type = JsonSchemaType.String, Format = "decimal", Description = Ieee754 }],
            Example = JsonValue.Create(0),
        },
        EdmPrimitiveTypeKind.Double => Floating("double"),
        EdmPrimitiveTypeKind.Single => Floating("float"),
        EdmPrimitiveTypeKind.Date => Text("date", "2017-04-13"),
        EdmPrimitiveTypeKind.DateTimeOffset => Text("date-time", "2017-04-13T15:51:04Z"),
        // RFC 3339's partial-time: a time of day without an offset (its "time" needs one, and a validator would refuse the example).
        EdmPrimitiveTypeKind.TimeOfDay => Text("partial-time", "15:51:04"),
        EdmPrimitiveTypeKind.Duration => Text("duration", "P4DT15H51M04S"),
        EdmPrimitiveTypeKind.Guid => Text("uuid", "01234567-89ab-cdef-0123-456789abcdef"),
        EdmPrimitiveTypeKind.Binary or EdmPrimitiveTypeKind.Stream => new() { Type = JsonSchemaType.String, Format = "base64url" },
        _ when type.IsSpatial() => new() { Type = JsonSchemaType.Object, Description = "GeoJSON" },
        _ => new(),
    };

    /// <summary>Verbose JSON as Gateway writes it (see V2JsonWriter): 64-bit and decimal numbers, doubles and dates as strings.</summary>
    static OpenApiSchema PrimitiveV2(EdmPrimitiveTypeKind kind, IEdmTypeReference type, string? v2Type) => kind switch
    {
        EdmPrimitiveTypeKind.String => new() { Type = JsonSchemaType.String, MaxLength = (type as IEdmStringTypeReference)?.MaxLength },
        EdmPrimitiveTypeKind.Boolean => new() { Type = JsonSchemaType.Boolean },
        EdmPrimitiveTypeKind.Byte => Integer("uint8"),
        EdmPrimitiveTypeKind.SByte => Integer("int8"),
        EdmPrimitiveTypeKind.Int16 => Integer("int16"),
        EdmPrimitiveTypeKind.Int32 => Integer("int32"),
        EdmPrimitiveTypeKind.Int64 => Text("int64", "42"),
        EdmPrimitiveTypeKind.Decimal => Text("decimal", "0"),
        EdmPrimitiveTypeKind.Double => Text("double", "3.14"),
        EdmPrimitiveTypeKind.Single => Text("float", "3.14"),
        EdmPrimitiveTypeKind.Date => JsonDate(withOffset: false),
        EdmPrimitiveTypeKind.DateTimeOffset => JsonDate(withOffset: v2Type != "Edm.DateTime"),
        EdmPrimitiveTypeKind.TimeOfDay or EdmPrimitiveTypeKind.Duration => Text("duration", "PT15H51M04S"),
        EdmPrimitiveTypeKind.Guid => Text("uuid", "01234567-89ab-cdef-0123-456789abcdef"),
        EdmPrimitiveTypeKind.Binary or EdmPrimitiveTypeKind.Stream => new() { Type = JsonSchemaType.String, Format = "base64" },
        _ when type.IsSpatial() => new() { Type = JsonSchemaType.Object },
        _ => new(),
    };

    static OpenApiSchema JsonDate(bool withOffset) => new()
    {
        Type = JsonSchemaType.String,
        Pattern = withOffset ? @"^/Date\(-?[0-9]+([+-][0-9]{4})?\)/$" : @"^/Date\(-?[0-9]+\)/$",
        Example = JsonValue.Create(withOffset ? "/Date(1492098664000+0000)/" : "/Date(1492041600000)/"),
        Description = "Milliseconds since 1970-01-01 UTC" + (withOffset ? ", with the offset in minutes" : ""),
    };

    static OpenApiSchema Integer(string format) => new() { Type = JsonSchemaType.Integer, Format = format };

    static OpenApiSchema Text(string format, string example) => new() { Type = JsonSchemaType.String, Format = format, Example = JsonValue.Create(example) };

    static OpenApiSchema Floating(string format) => new()
    {
        AnyOf = [new OpenApiSchema { Type = JsonSchemaType.Number, Format = format },
            new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("-INF"), JsonValue.Create("INF"), JsonValue.Create("NaN")] }],
        Example = JsonValue.Create(3.14),
    };

    static OpenApiSchema Decimal(IEdmDecimalTypeReference? type)
    {
        var schema = new OpenApiSchema { Type = JsonSchemaType.Number, Format = "decimal" };
        if (type?.Scale is > 0 and <= 28 and var scale) schema.MultipleOf = 1m / (decimal)Math.Pow(10, scale);
        if (type?.Precision is > 0 and <= 28 and var precision)
        {
            var limit = (decimal)Math.Pow(10, precision - (type.Scale ?? 0)) - (type.Scale is > 0 and <= 28 ? 1m / (decimal)Math.Pow(10, type.Scale.Value) : 1m);
            schema.Maximum = limit.ToString(CultureInfo.InvariantCulture);
            schema.Minimum = (-limit).ToString(CultureInfo.InvariantCulture);
        }
        return schema;
    }

    static OpenApiSchema Enumeration(IEdmEnumType type) => new()
    {
        Type = JsonSchemaType.String,
        Title = type.Name,
        Description = type.IsFlags ? "Members separated by commas" : null,
        Enum = [.. type.Members.Select(m => (JsonNode)JsonValue.Create(m.Name))],
    };

    /// <summary>SAP's label: <c>sap:label</c> in V2, <c>Common.Label</c> in V4.</summary>
    public string? Label(IEdmElement element) =>
        SapPropertyFacts.Sap(model, element, "label")
        ?? (element is IEdmVocabularyAnnotatable annotatable ? StringTerm(annotatable, "Label") : null);

    /// <summary><c>Core.Description</c>, or V2's <c>sap:quickinfo</c>.</summary>
    public string? Description(IEdmElement element) =>
        (element is IEdmVocabularyAnnotatable annotatable ? StringTerm(annotatable, "Description") : null)
        ?? SapPropertyFacts.Sap(model, element, "quickinfo");

    string? StringTerm(IEdmVocabularyAnnotatable target, string term) =>
        (model.FindVocabularyAnnotations(target).FirstOrDefault(a => a.Term.Name == term)?.Value as IEdmStringConstantExpression)?.Value;
}
