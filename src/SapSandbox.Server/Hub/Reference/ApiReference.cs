using Microsoft.OData.Edm;
using SapSandbox.Core.Model;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;

namespace SapSandbox.Server.Hub.Reference;

/// <summary>A property as the API reference shows it and Try out formats it (key literals, example values).</summary>
public sealed record PropertyReference(string Name, string Type, string? Label, bool Nullable, int? MaxLength, bool Filterable, bool Sortable,
    bool Creatable, bool Updatable, string? V2Type);

/// <summary>What a client may do with one entity set, from its model and SAP annotations.</summary>
public sealed record EntitySetReference(string Name, string? Label, string EntityType, IReadOnlyList<PropertyReference> Keys,
    IReadOnlyList<PropertyReference> Properties, IReadOnlyList<string> Navigations, bool Creatable, bool Updatable, bool Deletable,
    bool Searchable, string ExampleCreate, string ExampleUpdate)
{
    /// <summary>
    /// The operations that act on this set's entities: V4 actions and functions bound to its entity type or a
    /// collection of it, and V2 function imports whose <c>sap:action-for</c> names its entity type.
    /// </summary>
    public IReadOnlyList<OperationReference> Operations { get; init; } = [];
}

/// <summary>How a bound operation is addressed: after one entity's key, or after the entity set.</summary>
public enum OperationBinding { None, Entity, Collection }

/// <summary>A function or action and how it is called: an import at the service root, or bound (<see cref="Segment"/> after the set or key).</summary>
public sealed record OperationReference(string Name, string Kind, string HttpMethod, IReadOnlyList<PropertyReference> Parameters, string? ReturnType)
{
    public OperationBinding Binding { get; init; }
    /// <summary>The path segment of a bound operation: its namespace-qualified name, as SAP's clients call it.</summary>
    public string? Segment { get; init; }
}

/// <summary>One service at one mount path: what its API reference lists and its Try out forms call.</summary>
public sealed record ApiReference(string Service, string Origin, string Path, ODataVersion Protocol,
    IReadOnlyList<EntitySetReference> EntitySets, IReadOnlyList<OperationReference> Operations)
{
    public bool V2 => Protocol == ODataVersion.V2;
    public bool HasWrites => EntitySets.Any(s => s.Creatable || s.Updatable || s.Deletable || s.Operations.Any(o => o.HttpMethod != "GET"))
        || Operations.Any(o => o.HttpMethod != "GET");

    public static ApiReference Build(ServiceDefinition service, string origin, string path, ODataVersion protocol)
    {
        var model = service.Metadata.Model;
        var imports = model.EntityContainer.OperationImports().OrderBy(import => import.Name, StringComparer.OrdinalIgnoreCase).ToList();
        var sets = service.Schema.Tables
            .Where(table => !table.IsContained && table.Source is IEdmEntitySet)
            .OrderBy(table => table.Name, StringComparer.OrdinalIgnoreCase)
            .Select(table => Set(service, model, table, protocol) with { Operations = ActingOn(model, table.EntityType, imports, protocol) })
            .ToList();
        var operations = imports.Select(import => Operation(model, import)).ToList();
        return new ApiReference(service.Name, origin, path, protocol, sets, operations);
    }

    static EntitySetReference Set(ServiceDefinition service, IEdmModel model, EntityTableMap table, ODataVersion protocol)
    {
        var type = table.EntityType;
        var keys = type.Key().Select(key => Property(model, key)).ToList();
        var properties = type.StructuralProperties().Select(property => Property(model, property)).ToList();
        var navigations = type.NavigationProperties().Select(navigation => navigation.Name).ToList();
        var facts = table.Facts;
        return new EntitySetReference(table.Name, facts.Label, type.FullName(), keys, properties, navigations,
            facts.Creatable, facts.Updatable, facts.Deletable,
            // V2's search= follows sap:searchable (Gateway's default is no); V4's $search the SearchRestrictions.
            protocol == ODataVersion.V2 ? Protocols.V2.V2Search.Allows(service, table) : facts.Searchable,
            ExampleBody.Create(model, type, protocol), ExampleBody.Update(model, type, protocol));
    }

    static OperationReference Operation(IEdmModel model, IEdmOperationImport import)
    {
        // Gateway's function imports say their verb (sap:http-method); V4 functions are GETs and actions POSTs.
        var method = SapPropertyFacts.Sap(model, import, "http-method");
        return Operation(import.Name, import.Operation, method);
    }

    static OperationReference Operation(string name, IEdmOperation operation, string? method)
    {
        var kind = operation.IsAction() ? "action" : "function";
        var parameters = operation.Parameters.Where(parameter => !operation.IsBound || parameter != operation.Parameters.First())
            .Select(parameter => new PropertyReference(parameter.Name, TypeName(parameter.Type), null, parameter.Type.IsNullable,
                (parameter.Type as IEdmStringTypeReference)?.MaxLength, false, false, true, true, null))
            .ToList();
        return new OperationReference(name, kind, (method ?? (operation.IsAction() ? "POST" : "GET")).ToUpperInvariant(), parameters,
            operation.GetReturn()?.Type is { } result ? TypeName(result) : null);
    }

    /// <summary>
    /// The operations a set's entity type is acted on by. V4 binds them in the model (to one entity or to the
    /// collection; V2 has no bound operations); Gateway's V2 function imports name the entity type they act for with
    /// <c>sap:action-for</c> and stay at the service root.
    /// </summary>
    static IReadOnlyList<OperationReference> ActingOn(IEdmModel model, IEdmEntityType type, IReadOnlyList<IEdmOperationImport> imports, ODataVersion protocol)
    {
        var acting = new List<OperationReference>();
        if (protocol == ODataVersion.V4)
            foreach (var operation in model.SchemaElements.OfType<IEdmOperation>().Where(o => o.IsBound).OrderBy(o => o.Name, StringComparer.OrdinalIgnoreCase))
            {
                var binding = operation.Parameters.First().Type;
                var collection = binding.IsCollection();
                if ((collection ? binding.AsCollection().ElementType() : binding).Definition is not IEdmEntityType bound || !type.IsOrInheritsFrom(bound)) continue;
                acting.Add(Operation(operation.Name, operation, null) with
                {
                    Binding = collection ? OperationBinding.Collection : OperationBinding.Entity,
                    Segment = operation.FullName(),
                });
            }
        foreach (var import in imports)
            if (SapPropertyFacts.Sap(model, import, "action-for") == type.FullName()) acting.Add(Operation(model, import));
        return acting;
    }

    static PropertyReference Property(IEdmModel model, IEdmStructuralProperty property)
    {
        var facts = SapPropertyFacts.Read(model, property, new HashSet<string>());
        return new PropertyReference(property.Name, TypeName(property.Type), facts.Label, property.Type.IsNullable, facts.MaxLength,
            facts.Filterable, facts.Sortable, facts.Creatable, facts.Updatable, facts.V2Type);
    }

    public static string TypeName(IEdmTypeReference type) =>
        type.IsCollection() ? $"Collection({TypeName(type.AsCollection().ElementType())})" : type.FullName();
}
