using Microsoft.OData.Edm;
using Microsoft.OpenApi;
using SapSandbox.Core.Store;

namespace SapSandbox.Protocols.OpenApi;

/// <summary>The paths of entity sets: the collection, one entity by key, and navigations from it one level deep.</summary>
sealed partial class OpenApiBuilder
{
    void AddEntitySet(EntityTableMap set)
    {
        var type = set.EntityType;
        var tag = set.Name;
        AddTag(tag, set.Facts.Label ?? _schemas.Label(set.Source as IEdmEntitySet ?? (IEdmElement)type));
        var collectionPath = "/" + set.Name;
        AddCollection(collectionPath, [], set, tag, set.Name, set.Facts.Creatable, set.Name);
        var (key, keyParameters) = KeySegment.For(type, _version);
        var entityPath = collectionPath + key;
        AddEntity(entityPath, keyParameters, set, tag, set.Name, set.Name);
        foreach (var navigation in type.NavigationProperties().Where(Exposed))
        {
            if (!set.Navigations.TryGetValue(navigation.Name, out var join)) continue; // not readable (the service logs why)
            var navigationPath = entityPath + "/" + navigation.Name;
            var what = $"{navigation.Name} of {set.Name}";
            if (navigation.Type.IsCollection())
            {
                var insertable = join.Target.Facts.CreatableNested && set.Facts.NavigationInsertable(navigation.Name);
                AddCollection(navigationPath, keyParameters, join.Target, tag, what, insertable, set.Name + "_" + navigation.Name);
                // A contained entity has no set of its own: its key addresses it under its container.
                if (navigation.ContainsTarget)
                {
                    var (childKey, childParameters) = KeySegment.For(join.Target.EntityType, _version, navigation.Name + "_");
                    AddEntity(navigationPath + childKey, [.. keyParameters, .. childParameters], join.Target, tag, what, set.Name + "_" + navigation.Name);
                }
            }
            else AddSingleNavigation(navigationPath, keyParameters, join.Target, tag, what, set.Name + "_" + navigation.Name);
        }
        AddBoundOperations(collectionPath, [], type, collection: true, tag);
    }

    void AddCollection(string path, List<IOpenApiParameter> pathParameters, EntityTableMap target, string tag, string what, bool creatable, string id)
    {
        var item = Path(path);
        if (pathParameters.Count > 0) item.Parameters = [.. pathParameters];
        var type = target.EntityType;
        var read = Operation(tag, $"Read {what}", "get_" + id);
        read.Parameters = [Shared(QueryParameters.Top), Shared(QueryParameters.Skip)];
        if (Searchable(target)) read.Parameters.Add(Shared(QueryParameters.Search));
        read.Parameters.Add(QueryParameters.Filter(target));
        read.Parameters.Add(Shared(QueryParameters.Count));
        if (QueryParameters.OrderBy(target) is { } orderBy) read.Parameters.Add(orderBy);
        read.Parameters.Add(QueryParameters.Select(type, V2));
        if (QueryParameters.Expand(type, Exposed) is { } expand) read.Parameters.Add(expand);
        read.Responses = new OpenApiResponses
        {
            ["200"] = new OpenApiResponse { Description = "Retrieved entities", Content = Json(Collection(_schemas.Entity(type), "Collection of " + type.Name)) },
            ["4XX"] = ErrorResponse(),
        };
        item.AddOperation(HttpMethod.Get, read);
        if (!creatable) return;
        var create = Operation(tag, $"Create an entity in {what}", "post_" + id);
        create.Parameters = [Shared(QueryParameters.Csrf)];
        create.RequestBody = new OpenApiRequestBody { Required = true, Description = "New entity", Content = Json(Single(_schemas.EntityCreate(type))) };
        create.Responses = new OpenApiResponses
        {
            ["201"] = new OpenApiResponse { Description = "Created entity", Content = Json(Single(_schemas.Entity(type))) },
            ["4XX"] = ErrorResponse(),
        };
        item.AddOperation(HttpMethod.Post, create);
    }

    /// <summary>One entity by key: read, and update or delete as the set's annotations allow.</summary>
    void AddEntity(string path, List<IOpenApiParameter> keyParameters, EntityTableMap set, string tag, string what, string name)
    {
        var item = Path(path);
        item.Parameters = [.. keyParameters];
        var type = set.EntityType;
        var id = name + "_entity";
        var read = Operation(tag, $"Read an entity of {what}", "get_" + id);
        read.Parameters = [QueryParameters.Select(type, V2)];
        if (QueryParameters.Expand(type, Exposed) is { } expand) read.Parameters.Add(expand);
        read.Responses = new OpenApiResponses
        {
            ["200"] = new OpenApiResponse { Description = "Retrieved entity", Content = Json(Single(_schemas.Entity(type))) },
            ["4XX"] = ErrorResponse(),
        };
        item.AddOperation(HttpMethod.Get, read);
        if (set.Facts.Updatable)
        {
            var update = Operation(tag, $"Update an entity of {what}", "patch_" + id);
            update.Description = V2 ? "Changes the properties sent; SAP's V2 clients send this as MERGE (or PUT for all properties)." : "Changes the properties sent.";
            update.Parameters = Changes(set);
            update.RequestBody = new OpenApiRequestBody { Required = true, Description = "Changed properties", Content = Json(_schemas.EntityUpdate(type)) };
            update.Responses = new OpenApiResponses { ["204"] = new OpenApiResponse { Description = "Success" }, ["4XX"] = ErrorResponse() };
            item.AddOperation(HttpMethod.Patch, update);
        }
        if (set.Facts.Deletable)
        {
            var delete = Operation(tag, $"Delete an entity of {what}", "delete_" + id);
            delete.Parameters = Changes(set);
            delete.Responses = new OpenApiResponses { ["204"] = new OpenApiResponse { Description = "Success" }, ["4XX"] = ErrorResponse() };
            item.AddOperation(HttpMethod.Delete, delete);
        }
        AddBoundOperations(path, keyParameters, type, collection: false, tag);
    }

    void AddSingleNavigation(string path, List<IOpenApiParameter> keyParameters, EntityTableMap target, string tag, string what, string id)
    {
        var item = Path(path);
        item.Parameters = [.. keyParameters];
        var read = Operation(tag, $"Read {what}", "get_" + id);
        read.Parameters = [QueryParameters.Select(target.EntityType, V2)];
        if (QueryParameters.Expand(target.EntityType, Exposed) is { } expand) read.Parameters.Add(expand);
        read.Responses = new OpenApiResponses
        {
            ["200"] = new OpenApiResponse { Description = "Retrieved entity", Content = Json(Single(_schemas.Entity(target.EntityType))) },
            ["4XX"] = ErrorResponse(),
        };
        item.AddOperation(HttpMethod.Get, read);
    }

    /// <summary>
    /// Whether a set takes a search: in V2 as V2Search decides (a V2 service's <c>sap:searchable="true"</c>, SAP's
    /// default being false), in V4 unless its SearchRestrictions say otherwise.
    /// </summary>
    bool Searchable(EntityTableMap table) =>
        table.Source is IEdmEntitySet && (V2 ? SapSandbox.Protocols.V2.V2Search.Allows(_service, table) : table.Facts.Searchable);

    /// <summary>The headers of a change: the CSRF token, and the ETag where the set is protected by one.</summary>
    List<IOpenApiParameter> Changes(EntityTableMap set) =>
        set.ETag != null ? [Shared(QueryParameters.Csrf), Shared(QueryParameters.IfMatch)] : [Shared(QueryParameters.Csrf)];
}
