using System.Text.Json.Nodes;
using Microsoft.OData.Edm;
using Microsoft.OpenApi;
using SapSandbox.Core.Model;
using SapSandbox.Core.Store;

namespace SapSandbox.Protocols.OpenApi;

/// <summary>
/// The query options and headers of a request as the protocol names them: V2's <c>$inlinecount</c> and SAP's
/// <c>search</c>, V4's <c>$count</c> and <c>$search</c>; the CSRF token and <c>If-Match</c> on changes.
/// </summary>
static class QueryParameters
{
    public const string Top = "top";
    public const string Skip = "skip";
    public const string Count = "count";
    public const string Search = "search";
    public const string Csrf = "csrfToken";
    public const string IfMatch = "ifMatch";

    /// <summary>The parameters every collection or change shares, as components.</summary>
    public static IEnumerable<(string Name, OpenApiParameter Parameter)> Shared(ODataVersion version, bool csrfProtection)
    {
        yield return (Top, Query("$top", "Show only the first n items", new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0" }, JsonValue.Create(50)));
        yield return (Skip, Query("$skip", "Skip the first n items", new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0" }));
        yield return version == ODataVersion.V2
            ? (Count, Query("$inlinecount", "Include the number of items (__count)", new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = [JsonValue.Create("allpages"), JsonValue.Create("none")],
            }))
            : (Count, Query("$count", "Include the number of items (@odata.count)", new OpenApiSchema { Type = JsonSchemaType.Boolean }));
        yield return (Search, Query(version == ODataVersion.V2 ? "search" : "$search", "Search items by search phrases", new OpenApiSchema { Type = JsonSchemaType.String }));
        yield return (Csrf, new OpenApiParameter
        {
            Name = "X-CSRF-Token",
            In = ParameterLocation.Header,
            Required = csrfProtection,
            Description = "The token a GET of the service root with X-CSRF-Token: Fetch returned (send its cookies along)",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
        yield return (IfMatch, new OpenApiParameter
        {
            Name = "If-Match",
            In = ParameterLocation.Header,
            Required = true,
            Description = "The ETag of the entity as read (its ETag header or __metadata/@odata.etag), or * for any",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
    }

    public static OpenApiParameter Filter(EntityTableMap table)
    {
        var excluded = table.Columns.Where(c => !c.IsHidden && !c.Facts.Filterable).Select(c => c.Path).ToList();
        return Query("$filter", "Filter items by property values, e.g. " + Example(table)
            + (excluded.Count > 0 ? ". Not filterable: " + string.Join(", ", excluded) : ""), new OpenApiSchema { Type = JsonSchemaType.String });
    }

    static string Example(EntityTableMap table) =>
        table.Keys.FirstOrDefault() is { } key ? $"{key.Path} eq " + (key.Kind == ValueKind.String ? "'...'" : "...") : "Property eq 'value'";

    public static OpenApiParameter? OrderBy(EntityTableMap table)
    {
        var sortable = table.Columns.Where(c => !c.IsHidden && c.Facts.Sortable && c.Kind != ValueKind.Json).Select(c => c.Path).ToList();
        return sortable.Count == 0 ? null : List("$orderby", "Order items by property values",
            sortable.SelectMany(p => new[] { p, p + " desc" }));
    }

    public static OpenApiParameter Select(IEdmStructuredType type, bool v2) =>
        List("$select", "Select properties to be returned",
            type.StructuralProperties().Where(p => !(v2 && p.Type.IsCollection())).Select(p => p.Name));

    public static OpenApiParameter? Expand(IEdmStructuredType type, Func<IEdmNavigationProperty, bool> exposed)
    {
        var navigations = type.NavigationProperties().Where(exposed).Select(n => n.Name).ToList();
        return navigations.Count == 0 ? null : List("$expand", "Expand related entities", navigations);
    }

    /// <summary>A comma-separated list of names, as an array OpenAPI tools offer to pick from.</summary>
    static OpenApiParameter List(string name, string description, IEnumerable<string> values) => new()
    {
        Name = name,
        In = ParameterLocation.Query,
        Description = description,
        Style = ParameterStyle.Form,
        Explode = false,
        Schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Array,
            UniqueItems = true,
            Items = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))] },
        },
    };

    static OpenApiParameter Query(string name, string description, OpenApiSchema schema, JsonNode? example = null) => new()
    {
        Name = name,
        In = ParameterLocation.Query,
        Description = description,
        Schema = schema,
        Example = example,
    };
}
