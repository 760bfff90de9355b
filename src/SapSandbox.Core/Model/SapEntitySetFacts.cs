using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Vocabularies;

namespace SapSandbox.Core.Model;

/// <summary>What SAP's annotations say about an entity set: changeability, search, and its ETag source.</summary>
public sealed record SapEntitySetFacts(
    bool Creatable,
    bool Updatable,
    bool Deletable,
    bool Searchable,
    string? Label,
    IReadOnlyList<string> ConcurrencyPaths)
{
    /// <summary>For what carries no annotations of its own, such as a contained navigation target.</summary>
    public static readonly SapEntitySetFacts Unannotated = new(true, true, true, true, null, []);

    public static SapEntitySetFacts Read(IEdmModel model, IEdmEntitySet set)
    {
        var concurrency = new List<string>();
        if (SapPropertyFacts.Term(model, set, "OptimisticConcurrency")?.Value is IEdmCollectionExpression paths)
            foreach (var element in paths.Elements)
                if (element is IEdmPathExpression path) concurrency.Add(string.Join('/', path.PathSegments));
        var searchable = SapPropertyFacts.Bool(model, set, "searchable")
            ?? (SapPropertyFacts.Term(model, set, "SearchRestrictions")?.Value is IEdmRecordExpression record
                && record.FindProperty("Searchable")?.Value is IEdmBooleanConstantExpression b ? b.Value : true);
        return new SapEntitySetFacts(
            Creatable: SapPropertyFacts.Bool(model, set, "creatable") ?? true,
            Updatable: SapPropertyFacts.Bool(model, set, "updatable") ?? true,
            Deletable: SapPropertyFacts.Bool(model, set, "deletable") ?? true,
            Searchable: searchable,
            Label: SapPropertyFacts.Sap(model, set, "label") ?? SapPropertyFacts.Sap(model, set.EntityType, "label"),
            ConcurrencyPaths: concurrency);
    }
}
