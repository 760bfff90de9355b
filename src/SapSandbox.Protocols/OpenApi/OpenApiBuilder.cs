using System.Text.Json.Nodes;
using Microsoft.OData.Edm;
using Microsoft.OpenApi;
using SapSandbox.Core.Model;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;

namespace SapSandbox.Protocols.OpenApi;

/// <summary>
/// Builds the OpenAPI 3 description of one service in one protocol, in the shape of SAP's own conversion (the API
/// Business Hub's specifications, OASIS csdl2openapi): a tag and paths per entity set with the methods its SAP
/// annotations allow, navigation paths one level deep, functions and actions, <c>$batch</c>, and a schema per type
/// with create and update variants. Server URLs and the token URL start with <see cref="Origin"/>, which
/// <see cref="OpenApiDocuments"/> replaces with the requesting host's.
/// </summary>
sealed partial class OpenApiBuilder
{
    /// <summary>Stands for the scheme and host a document is requested on; a valid URL so the model accepts it.</summary>
    public const string Origin = "http://sapsandbox-origin.invalid";

    readonly ServiceDefinition _service;
    readonly ODataVersion _version;
    readonly IEdmModel _model;
    readonly OpenApiDocument _document;
    readonly EdmSchemas _schemas;
    readonly HashSet<string> _operationIds = new(StringComparer.Ordinal);

    OpenApiBuilder(ServiceDefinition service, ODataVersion version)
    {
        _service = service;
        _version = version;
        _model = service.Metadata.Model;
        _document = new OpenApiDocument
        {
            Components = new OpenApiComponents
            {
                Schemas = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal),
                Parameters = new Dictionary<string, IOpenApiParameter>(StringComparer.Ordinal),
                Responses = new Dictionary<string, IOpenApiResponse>(StringComparer.Ordinal),
                SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal),
            },
            Paths = [],
            Tags = new HashSet<OpenApiTag>(),
        };
        _schemas = new EdmSchemas(_document, _model, version);
        // A navigation's first join decides for the type: sets of one type bind its navigations alike.
        foreach (var table in service.Schema.Tables)
            foreach (var join in table.Navigations.Values)
                _joins.TryAdd(join.Navigation, join);
    }

    readonly Dictionary<IEdmNavigationProperty, NavigationJoin> _joins = [];

    bool V2 => _version == ODataVersion.V2;

    /// <summary>The document, or null when the service has no mount for <paramref name="version"/>.</summary>
    public static OpenApiDocument? Build(ServiceDefinition service, ODataVersion version)
    {
        var mounts = version == ODataVersion.V2 ? service.V2Paths : service.V4Paths;
        if (mounts.Count == 0) return null;
        var builder = new OpenApiBuilder(service, version);
        builder.AddDescription(mounts);
        builder.AddComponents();
        builder.AddServiceRoot();
        foreach (var set in service.Schema.Tables.Where(t => !t.IsContained && t.Source is IEdmEntitySet))
            builder.AddEntitySet(set);
        builder.AddOperationImports();
        builder.AddBatch();
        return builder._document;
    }

    void AddDescription(IReadOnlyList<string> mounts)
    {
        var protocol = V2 ? "OData V2" : "OData V4";
        var container = _model.EntityContainer;
        _document.Info = new OpenApiInfo
        {
            Title = _schemas.Label(container) ?? _service.Name,
            Version = "1",
            Description = $"The {protocol} service {_service.Name} as the sandbox serves it, with its demo data. "
                + $"Its metadata: [{mounts[0]}$metadata]({Origin}{mounts[0]}$metadata). "
                + "Sign in with HTTP Basic (user sandbox, password sandbox) or an OAuth client credentials token; "
                + (_service.CsrfProtection ? "changes need the X-CSRF-Token a GET with `X-CSRF-Token: Fetch` returns." : "changes need no CSRF token."),
            Extensions = new Dictionary<string, IOpenApiExtension>
            {
                ["x-sap-api-type"] = new JsonNodeExtension(JsonValue.Create(V2 ? "ODATA" : "ODATAV4")),
                ["x-odata-version"] = new JsonNodeExtension(JsonValue.Create(V2 ? "2.0" : "4.0")),
                ["x-sap-shortText"] = new JsonNodeExtension(JsonValue.Create($"{_service.Name} ({protocol})")),
            },
        };
        _document.Servers = [.. mounts.Select(mount => new OpenApiServer
        {
            Url = Origin + mount.TrimEnd('/'),
            Description = mount.StartsWith("/odata/", StringComparison.Ordinal) ? "The sandbox's path for every service" : "The service's own path",
        })];
        _document.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("basic", _document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("oauth2", _document)] = [] },
        ];
    }

    void AddComponents()
    {
        var components = _document.Components!;
        components.SecuritySchemes!["basic"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "basic",
            Description = "A user of the sandbox (sandbox / sandbox unless configured otherwise)",
        };
        components.SecuritySchemes["oauth2"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.OAuth2,
            Description = "A token from the sandbox's XSUAA-style token endpoint for a configured OAuth client",
            Flows = new OpenApiOAuthFlows
            {
                ClientCredentials = new OpenApiOAuthFlow { TokenUrl = new Uri(Origin + "/oauth/token"), Scopes = new Dictionary<string, string>() },
            },
        };
        _schemas.AddComponents(Insertable, Exposed, n => _joins.TryGetValue(n, out var join) ? join.Target.EntityType : n.ToEntityType());
        components.Schemas!["error"] = ErrorSchemas.For(_version);
        components.Responses!["error"] = new OpenApiResponse
        {
            Description = "Error",
            Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = _schemas.Ref("error") } },
        };
        foreach (var (name, parameter) in QueryParameters.Shared(_version, _service.CsrfProtection))
            components.Parameters![name] = parameter;
    }

    /// <summary>
    /// Whether the protocol's view of the model has a navigation: one the store can follow, and in V2 not to a contained
    /// target (V2 metadata leaves those out).
    /// </summary>
    bool Exposed(IEdmNavigationProperty navigation) => _joins.ContainsKey(navigation) && !(V2 && navigation.ContainsTarget);

    /// <summary>Whether an entity may be created nested through a navigation, as the target's annotations say.</summary>
    bool Insertable(IEdmNavigationProperty navigation) =>
        Exposed(navigation) && _joins[navigation] is var join
        && join.Target.Facts.CreatableNested && join.Source.Facts.NavigationInsertable(navigation.Name);

    /// <summary>The service document, where SAP's clients fetch the CSRF token before their first change.</summary>
    void AddServiceRoot()
    {
        var operation = Operation("Service", "Service document; fetches a CSRF token", "getServiceDocument");
        operation.Parameters =
        [
            new OpenApiParameter
            {
                Name = "X-CSRF-Token",
                In = ParameterLocation.Header,
                Description = "Fetch to receive a token for changes in the response header of the same name",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("Fetch")] },
            },
        ];
        operation.Responses = new OpenApiResponses
        {
            ["200"] = new OpenApiResponse
            {
                Description = "The entity sets of the service",
                Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["X-CSRF-Token"] = new OpenApiHeader { Description = "The token, when one was fetched", Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object } } },
            },
            ["4XX"] = ErrorResponse(),
        };
        AddTag("Service", "The service root");
        Path("/").AddOperation(HttpMethod.Get, operation);
    }

    void AddBatch()
    {
        var operation = Operation("Batch requests", "Send a group of requests", "batch");
        operation.Description = "Requests in a multipart/mixed body, changes grouped in change sets"
            + (V2 ? "." : ", or a JSON batch (application/json).");
        operation.Parameters = [Shared(QueryParameters.Csrf)];
        var content = new Dictionary<string, OpenApiMediaType>
        {
            ["multipart/mixed;boundary=request-separator"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
        };
        if (!V2) content["application/json"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object } };
        operation.RequestBody = new OpenApiRequestBody { Required = true, Description = "Batch request", Content = content };
        operation.Responses = new OpenApiResponses
        {
            [V2 ? "202" : "200"] = new OpenApiResponse
            {
                Description = "Batch response",
                Content = new Dictionary<string, OpenApiMediaType> { ["multipart/mixed"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } } },
            },
            ["4XX"] = ErrorResponse(),
        };
        AddTag("Batch requests", "$batch");
        Path("/$batch").AddOperation(HttpMethod.Post, operation);
    }

    OpenApiPathItem Path(string path)
    {
        if (_document.Paths.TryGetValue(path, out var existing)) return (OpenApiPathItem)existing;
        var item = new OpenApiPathItem();
        _document.Paths[path] = item;
        return item;
    }

    void AddTag(string name, string? description)
    {
        if (_document.Tags!.All(t => t.Name != name)) _document.Tags!.Add(new OpenApiTag { Name = name, Description = description });
    }

    OpenApiOperation Operation(string tag, string summary, string id)
    {
        var unique = id;
        for (var i = 2; !_operationIds.Add(unique); i++) unique = id + "_" + i;
        return new OpenApiOperation
        {
            Tags = new HashSet<OpenApiTagReference> { new(tag, _document) },
            Summary = summary,
            OperationId = unique,
            Parameters = [],
        };
    }

    IOpenApiParameter Shared(string name) => new OpenApiParameterReference(name, _document);

    IOpenApiResponse ErrorResponse() => new OpenApiResponseReference("error", _document);

    static Dictionary<string, OpenApiMediaType> Json(IOpenApiSchema schema) => new() { ["application/json"] = new() { Schema = schema } };

    /// <summary>How the protocol wraps one entity or value: V2 in <c>{"d": ...}</c>, V4 as it is.</summary>
    IOpenApiSchema Single(IOpenApiSchema schema) => V2 ? Wrapper(schema) : schema;

    static OpenApiSchema Wrapper(IOpenApiSchema schema) => new()
    {
        Type = JsonSchemaType.Object,
        Title = "Wrapper",
        Properties = new Dictionary<string, IOpenApiSchema> { ["d"] = schema },
    };

    /// <summary>A page of a collection: V2's <c>{"d": {"results": [...], "__count": "12"}}</c>, V4's <c>{"value": [...]}</c>.</summary>
    IOpenApiSchema Collection(IOpenApiSchema item, string title)
    {
        var items = new OpenApiSchema { Type = JsonSchemaType.Array, Items = item };
        if (V2)
            return Wrapper(new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Title = title,
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["results"] = items,
                    ["__count"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The number of entities, with $inlinecount=allpages" },
                    ["__next"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The next page's URL, when there is one" },
                },
            });
        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Title = title,
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["@odata.count"] = new OpenApiSchema
                {
                    AnyOf = [new OpenApiSchema { Type = JsonSchemaType.Integer }, new OpenApiSchema { Type = JsonSchemaType.String }],
                    Description = "The number of entities, with $count=true",
                },
                ["@odata.nextLink"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The next page's URL, when there is one" },
                ["value"] = items,
            },
        };
    }
}
