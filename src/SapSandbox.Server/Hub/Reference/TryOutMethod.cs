namespace SapSandbox.Server.Hub.Reference;

/// <summary>One method of the API reference with its Try out form: a verb on a resource, and what the form asks for.</summary>
/// <param name="Kind">collection, entity, create, update, delete, function, action, csrf: what the script builds the request from.</param>
/// <param name="Segment">For an operation bound to the set (or one of its entities): its qualified name after the set (or key).</param>
/// <param name="Target">The entity set or operation import the request addresses (empty for the service root).</param>
/// <param name="Keys">The key properties to ask for (entity, update, delete).</param>
/// <param name="QueryOptions">The system query options the form offers, in order.</param>
/// <param name="Parameters">Operation parameters to ask for.</param>
/// <param name="Body">The JSON body the editor starts with, or null for a request without a body.</param>
public sealed record TryOutMethod(string Id, string Verb, string Kind, string Target, string Path, string Summary,
    IReadOnlyList<PropertyReference> Keys, IReadOnlyList<string> QueryOptions, IReadOnlyList<PropertyReference> Parameters, string? Body,
    string? Segment = null)
{
    public bool Writes => Verb != "GET";

    /// <summary>The methods an entity set allows: reads always, writes as its annotations permit.</summary>
    public static IEnumerable<TryOutMethod> For(ApiReference api, EntitySetReference set)
    {
        var keyPath = set.Name + "(" + string.Join(",", set.Keys.Select(k => set.Keys.Count == 1 ? "{" + k.Name + "}" : k.Name + "={" + k.Name + "}")) + ")";
        var count = api.V2 ? "$inlinecount" : "$count";
        var list = new List<string> { "$filter", "$select", "$expand", "$orderby", "$top", "$skip", count };
        if (set.Searchable) list.Add(api.V2 ? "search" : "$search");
        var id = Slug(set.Name);
        yield return new(id + "-list", "GET", "collection", set.Name, "/" + set.Name, $"Read {Label(set)} entities", [], list, [], null);
        yield return new(id + "-read", "GET", "entity", set.Name, "/" + keyPath, $"Read one {Label(set)} entity by key", set.Keys, ["$select", "$expand"], [], null);
        if (set.Creatable)
            yield return new(id + "-create", "POST", "create", set.Name, "/" + set.Name, $"Create a {Label(set)} entity", [], [], [], set.ExampleCreate);
        if (set.Updatable)
            yield return new(id + "-update", "PATCH", "update", set.Name, "/" + keyPath, $"Change a {Label(set)} entity (only the properties sent)", set.Keys, [], [], set.ExampleUpdate);
        if (set.Deletable)
            yield return new(id + "-delete", "DELETE", "delete", set.Name, "/" + keyPath, $"Delete a {Label(set)} entity", set.Keys, [], [], null);
        foreach (var operation in set.Operations)
            yield return Bound(api, set, keyPath, operation);
    }

    /// <summary>
    /// An operation that acts on the set: bound ones are called after the key (or the set) with their qualified name;
    /// a V2 import marked <c>sap:action-for</c> is called at the root as any import, and is listed with its set too.
    /// </summary>
    static TryOutMethod Bound(ApiReference api, EntitySetReference set, string keyPath, OperationReference operation)
    {
        var id = Slug(set.Name) + "-op-" + Slug(operation.Name);
        if (operation.Binding == OperationBinding.None)
            return For(api, operation) with { Id = id, Summary = $"Call the {operation.Kind} import {operation.Name} for a {Label(set)} entity" + Returns(operation) };
        var entity = operation.Binding == OperationBinding.Entity;
        var action = operation.Kind == "action";
        var path = "/" + (entity ? keyPath : set.Name) + "/" + operation.Segment + (action ? "" : "(" + string.Join(",", operation.Parameters.Select(p => p.Name + "={" + p.Name + "}")) + ")");
        return new(id, operation.HttpMethod, action ? "action" : "function", set.Name, path,
            $"Call the {operation.Kind} {operation.Name} bound to " + (entity ? $"one {Label(set)} entity" : $"the {Label(set)} collection") + Returns(operation),
            entity ? set.Keys : [], [], action ? [] : operation.Parameters, action ? ActionBody(operation) : null, operation.Segment);
    }

    static string Returns(OperationReference operation) => operation.ReturnType is { } type ? $" (returns {type})" : "";

    /// <summary>A V4 action's parameters as the JSON body it takes, each still to be filled in.</summary>
    static string ActionBody(OperationReference operation) =>
        "{\n" + string.Join(",\n", operation.Parameters.Select(p => $"  \"{p.Name}\": null")) + "\n}";

    public static TryOutMethod For(ApiReference api, OperationReference operation)
    {
        // V4 actions take their parameters in a JSON body; functions (and all of V2's imports) in the URL.
        var inBody = !api.V2 && operation.Kind == "action";
        return new("op-" + Slug(operation.Name), operation.HttpMethod, inBody ? "action" : "function", operation.Name, "/" + operation.Name,
            $"Call the {operation.Kind} import {operation.Name}" + Returns(operation),
            [], [], inBody ? [] : operation.Parameters, inBody ? ActionBody(operation) : null);
    }

    /// <summary>SAP's API hub lists this per API with a write method: the fetch a client makes before its first change.</summary>
    public static TryOutMethod Csrf() =>
        new("csrf-fetch", "GET", "csrf", "", "/", "Fetch a CSRF token (X-CSRF-Token: Fetch) for changes", [], [], [], null);

    static string Label(EntitySetReference set) => set.Label is { Length: > 0 } label ? label : set.Name;

    public static string Slug(string name) => new(name.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray());
}
