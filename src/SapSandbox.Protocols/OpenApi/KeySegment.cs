using Microsoft.OData.Edm;
using Microsoft.OpenApi;
using SapSandbox.Core.Model;

namespace SapSandbox.Protocols.OpenApi;

/// <summary>
/// The key predicate of an entity's path as a template (<c>('{SalesOrder}')</c>,
/// <c>(SalesOrder='{SalesOrder}',SalesOrderItem='{SalesOrderItem}')</c>), written in the protocol's literal syntax
/// so a filled-in template is a URL the endpoint reads: V2 wraps GUIDs as <c>guid'...'</c>, 64-bit integers end in
/// <c>L</c>; V4 writes both bare.
/// </summary>
static class KeySegment
{
    /// <param name="prefix">Prepended to each parameter name, so a contained entity's key does not clash with its container's.</param>
    public static (string Template, List<IOpenApiParameter> Parameters) For(IEdmEntityType type, ODataVersion version, string prefix = "")
    {
        var keys = type.Key().ToList();
        var parameters = new List<IOpenApiParameter>();
        var parts = new List<string>();
        foreach (var key in keys)
        {
            var name = prefix + key.Name;
            var literal = Literal(key.Type, version, "{" + name + "}");
            parts.Add(keys.Count == 1 && prefix.Length == 0 ? literal : key.Name + "=" + literal);
            parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Path,
                Required = true,
                Description = $"Key property {key.Name}" + (literal.StartsWith('{') ? "" : $", written as {literal}"),
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    MaxLength = (key.Type as IEdmStringTypeReference)?.MaxLength,
                },
            });
        }
        return ("(" + string.Join(',', parts) + ")", parameters);
    }

    /// <summary>A value's literal in a URL, around <paramref name="placeholder"/>.</summary>
    public static string Literal(IEdmTypeReference type, ODataVersion version, string placeholder)
    {
        var kind = type.IsEnum() ? EdmPrimitiveTypeKind.String : type.AsPrimitive().PrimitiveKind();
        if (version == ODataVersion.V4)
            return kind == EdmPrimitiveTypeKind.String ? $"'{placeholder}'" : placeholder;
        return kind switch
        {
            EdmPrimitiveTypeKind.String => $"'{placeholder}'",
            EdmPrimitiveTypeKind.Guid => $"guid'{placeholder}'",
            EdmPrimitiveTypeKind.Int64 => placeholder + "L",
            EdmPrimitiveTypeKind.Decimal => placeholder + "M",
            EdmPrimitiveTypeKind.Date => $"datetime'{placeholder}'",
            EdmPrimitiveTypeKind.DateTimeOffset => $"datetimeoffset'{placeholder}'",
            EdmPrimitiveTypeKind.TimeOfDay => $"time'{placeholder}'",
            EdmPrimitiveTypeKind.Binary => $"binary'{placeholder}'",
            _ => placeholder,
        };
    }
}
