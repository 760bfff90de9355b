using Microsoft.OData.Edm;
using Microsoft.OpenApi;
using SapSandbox.Core.Model;

namespace SapSandbox.Protocols.OpenApi;

/// <summary>
/// Functions and actions: V2's function imports (GET or POST as <c>m:HttpMethod</c> says, parameters in the query as
/// URI literals), V4's imports at the root and operations bound to an entity or a collection, functions with their
/// parameters in the path and actions with theirs in a JSON body.
/// </summary>
sealed partial class OpenApiBuilder
{
    const string OperationsTag = "Functions and actions";

    void AddOperationImports()
    {
        // V2 serves a V4 service's imports, but its metadata (V2MetadataWriter) names none; follow the metadata.
        if (V2 && _service.Metadata.Origin != ODataVersion.V2) return;
        foreach (var import in _model.EntityContainer.OperationImports().OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            AddTag(OperationsTag, "Function imports and action imports");
            var operation = import.Operation;
            if (V2) AddV2FunctionImport(import, operation);
            else if (operation.IsAction()) AddAction("/" + import.Name, [], operation, import.Name, OperationsTag, import.Name);
            else AddFunction("/" + import.Name, [], operation, import.Name, OperationsTag, import.Name);
            TagActionFor(import);
        }
    }

    /// <summary>
    /// Gateway's <c>sap:action-for</c> names the entity type an import acts on: the import stays at the root and is
    /// listed under that type's entity sets as well, where a reader looks for what can be done with them.
    /// </summary>
    void TagActionFor(IEdmOperationImport import)
    {
        if (SapPropertyFacts.Sap(_model, import, "action-for") is not { } typeName) return;
        var sets = _service.Schema.Tables.Where(t => !t.IsContained && t.Source is IEdmEntitySet && t.EntityType.FullName() == typeName).Select(t => t.Name).ToList();
        // Names in one entity container are unique, so the import's paths are exactly these.
        foreach (var (_, item) in _document.Paths.Where(p => p.Key == "/" + import.Name || p.Key.StartsWith("/" + import.Name + "(", StringComparison.Ordinal)))
            foreach (var operation in (IEnumerable<OpenApiOperation>?)item.Operations?.Values ?? [])
                foreach (var set in sets) operation.Tags?.Add(new OpenApiTagReference(set, _document));
    }

    void AddV2FunctionImport(IEdmOperationImport import, IEdmOperation operation)
    {
        var method = SapPropertyFacts.Sap(_model, import, "http-method") ?? (operation.IsAction() ? "POST" : "GET");
        var call = Operation(OperationsTag, _schemas.Label(import) ?? $"Call {import.Name}", import.Name);
        call.Description = _schemas.Description(import);
        foreach (var parameter in operation.Parameters)
            call.Parameters!.Add(new OpenApiParameter
            {
                Name = parameter.Name,
                In = ParameterLocation.Query,
                Required = !parameter.Type.IsNullable,
                Description = "As a URI literal: " + KeySegment.Literal(parameter.Type, ODataVersion.V2, "value"),
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        if (!string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase)) call.Parameters!.Add(Shared(QueryParameters.Csrf));
        // Gateway answers an entity as {"d": {...}}, a collection as {"d": {"results": [...]}}, any other value as {"d": {"Name": value}}.
        IOpenApiSchema? body = operation.GetReturn()?.Type switch
        {
            null => null,
            { } type when type.IsCollection() => Wrapper(new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Properties = new Dictionary<string, IOpenApiSchema> { ["results"] = _schemas.Type(type) },
            }),
            { } type when type.IsEntity() => Wrapper(_schemas.Type(type)),
            { } type => Wrapper(new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Properties = new Dictionary<string, IOpenApiSchema> { [import.Name] = _schemas.Type(type) },
            }),
        };
        call.Responses = Result(body);
        Path("/" + import.Name).AddOperation(string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase) ? HttpMethod.Post : HttpMethod.Get, call);
    }

    /// <summary>V4 operations bound to <paramref name="type"/> (or a collection of it), at <paramref name="path"/>.</summary>
    void AddBoundOperations(string path, List<IOpenApiParameter> pathParameters, IEdmEntityType type, bool collection, string tag)
    {
        if (V2) return; // V2 has no bound operations
        foreach (var operation in BoundTo(type, collection))
        {
            var id = path.TrimStart('/').Split('(', '/')[0] + "_" + operation.Name;
            if (operation.IsAction()) AddAction(path + "/" + operation.FullName(), pathParameters, operation, operation.Name, tag, id);
            else AddFunction(path + "/" + operation.FullName(), pathParameters, operation, operation.Name, tag, id);
        }
    }

    IEnumerable<IEdmOperation> BoundTo(IEdmEntityType type, bool collection) =>
        _model.SchemaElements.OfType<IEdmOperation>().Where(o => o.IsBound && o.Parameters.FirstOrDefault() is { } binding
            && binding.Type.IsCollection() == collection
            && (collection ? binding.Type.AsCollection().ElementType() : binding.Type).Definition is IEdmEntityType bound
            && type.IsOrInheritsFrom(bound));

    void AddFunction(string path, List<IOpenApiParameter> pathParameters, IEdmOperation operation, string name, string tag, string id)
    {
        var parameters = operation.Parameters.Skip(operation.IsBound ? 1 : 0).ToList();
        var fullPath = path + "(" + string.Join(',', parameters.Select(p => p.Name + "=" + KeySegment.Literal(p.Type, ODataVersion.V4, "{" + p.Name + "}"))) + ")";
        if (_document.Paths.ContainsKey(fullPath)) return; // an overload with the same parameter names
        var item = Path(fullPath);
        var call = Operation(tag, _schemas.Label(operation) ?? $"Invoke function {name}", "get_" + id);
        call.Description = _schemas.Description(operation);
        call.Parameters = [.. pathParameters];
        foreach (var parameter in parameters)
            call.Parameters.Add(new OpenApiParameter
            {
                Name = parameter.Name,
                In = ParameterLocation.Path,
                Required = true,
                Description = "As a URI literal" + (parameter.Type.IsNullable ? "; null when not given a value" : ""),
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        call.Responses = Result(V4Result(operation.GetReturn()?.Type));
        item.AddOperation(HttpMethod.Get, call);
    }

    void AddAction(string path, List<IOpenApiParameter> pathParameters, IEdmOperation operation, string name, string tag, string id)
    {
        var item = Path(path);
        if (pathParameters.Count > 0) item.Parameters = [.. pathParameters];
        var call = Operation(tag, _schemas.Label(operation) ?? $"Invoke action {name}", "post_" + id);
        call.Description = _schemas.Description(operation);
        call.Parameters = [Shared(QueryParameters.Csrf)];
        var body = new OpenApiSchema { Type = JsonSchemaType.Object, Title = name + " parameters", Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal) };
        foreach (var parameter in operation.Parameters.Skip(operation.IsBound ? 1 : 0)) body.Properties[parameter.Name] = _schemas.Type(parameter.Type);
        call.RequestBody = new OpenApiRequestBody { Required = true, Description = "Action parameters", Content = Json(body) };
        call.Responses = Result(V4Result(operation.GetReturn()?.Type));
        item.AddOperation(HttpMethod.Post, call);
    }

    /// <summary>V4 answers an entity as itself and any other value as <c>{"value": ...}</c>.</summary>
    IOpenApiSchema? V4Result(IEdmTypeReference? type) => type switch
    {
        null => null,
        _ when type.IsEntity() => _schemas.Type(type),
        _ => new OpenApiSchema { Type = JsonSchemaType.Object, Properties = new Dictionary<string, IOpenApiSchema> { ["value"] = _schemas.Type(type) } },
    };

    OpenApiResponses Result(IOpenApiSchema? body) => new()
    {
        [body == null ? "204" : "200"] = body == null
            ? new OpenApiResponse { Description = "Success" }
            : new OpenApiResponse { Description = "Success", Content = Json(body) },
        ["4XX"] = ErrorResponse(),
    };
}
