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
    bool Searchable, string ExampleCreate, string ExampleUpdate);

/// <summary>A function or action import and how it is called.</summary>
public sealed record OperationReference(string Name, string Kind, string HttpMethod, IReadOnlyList<PropertyReference> Parameters, string? ReturnType);

/// <summary>One service at one mount path: what its API reference lists and its Try out forms call.</summary>
public sealed record ApiReference(string Service, string Origin, string Path, ODataVersion Protocol,
    IReadOnlyList<EntitySetReference> EntitySets, IReadOnlyList<OperationReference> Operations)
{
    public bool V2 => Protocol == ODataVersion.V2;
    public bool HasWrites => EntitySets.Any(s => s.Creatable || s.Updatable || s.Deletable) || Operations.Any(o => o.HttpMethod != "GET");

    public static ApiReference Build(ServiceDefinition service, string origin, string path, ODataVersion protocol)
    {
        var model = service.Metadata.Model;
        var sets = service.Schema.Tables
            .Where(table => !table.IsContained && table.Source is IEdmEntitySet)
            .OrderBy(table => table.Name, StringComparer.OrdinalIgnoreCase)
            .Select(table => Set(service, model, table, protocol))
            .ToList();
        var operations = model.EntityContainer.OperationImports()
            .OrderBy(import => import.Name, StringComparer.OrdinalIgnoreCase)
            .Select(import => Operation(model, import))
            .ToList();
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
        var operation = import.Operation;
        var kind = operation.IsAction() ? "action" : "function";
        // Gateway's function imports say their verb (sap:http-method); V4 functions are GETs and actions POSTs.
        var method = SapPropertyFacts.Sap(model, import, "http-method") ?? (operation.IsAction() ? "POST" : "GET");
        var parameters = operation.Parameters.Where(parameter => !operation.IsBound || parameter != operation.Parameters.First())
            .Select(parameter => new PropertyReference(parameter.Name, TypeName(parameter.Type), null, parameter.Type.IsNullable,
                (parameter.Type as IEdmStringTypeReference)?.MaxLength, false, false, true, true, null))
            .ToList();
        return new OperationReference(import.Name, kind, method.ToUpperInvariant(), parameters, operation.GetReturn()?.Type is { } result ? TypeName(result) : null);
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
