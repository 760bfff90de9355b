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
    /// <summary>
    /// Whether entities of the set may be created nested in a deep insert or through a navigation. V2's
    /// <c>sap:creatable</c> forbids every create; V4's <c>InsertRestrictions</c> only the direct POST to the set, since
    /// RAP creates items through their order (see <see cref="NavigationInsertable"/>).
    /// </summary>
    public bool CreatableNested { get; init; } = true;

    /// <summary>Navigations whose <c>NavigationRestrictions</c> say no entity may be created through them.</summary>
    public IReadOnlySet<string> NotInsertableNavigations { get; init; } = new HashSet<string>();

    public bool NavigationInsertable(string navigation) => !NotInsertableNavigations.Contains(navigation);

    /// <summary>For what carries no annotations of its own, such as a contained navigation target.</summary>
    public static readonly SapEntitySetFacts Unannotated = new(true, true, true, true, null, []);

    public static SapEntitySetFacts Read(IEdmModel model, IEdmEntitySet set)
    {
        var annotations = new ElementAnnotations(model, set);
        var concurrency = new List<string>();
        if (annotations.Term("OptimisticConcurrency")?.Value is IEdmCollectionExpression paths)
            foreach (var element in paths.Elements)
                if (element is IEdmPathExpression path) concurrency.Add(string.Join('/', path.PathSegments));
        var searchable = annotations.Bool("searchable")
            ?? (annotations.Term("SearchRestrictions")?.Value is IEdmRecordExpression record
                && record.FindProperty("Searchable")?.Value is IEdmBooleanConstantExpression b ? b.Value : true);
        var notInsertable = new HashSet<string>(StringComparer.Ordinal);
        if (annotations.Term("NavigationRestrictions")?.Value is IEdmRecordExpression navigation
            && navigation.FindProperty("RestrictedProperties")?.Value is IEdmCollectionExpression restricted)
            foreach (var entry in restricted.Elements.OfType<IEdmRecordExpression>())
                if (entry.FindProperty("NavigationProperty")?.Value is IEdmPathExpression path
                    && entry.FindProperty("InsertRestrictions")?.Value is IEdmRecordExpression insert
                    && insert.FindProperty("Insertable")?.Value is IEdmBooleanConstantExpression { Value: false })
                    notInsertable.Add(string.Join('/', path.PathSegments));
        var sapCreatable = annotations.Bool("creatable");
        return new SapEntitySetFacts(
            Creatable: sapCreatable ?? Restriction(annotations, "InsertRestrictions", "Insertable") ?? true,
            Updatable: annotations.Bool("updatable") ?? Restriction(annotations, "UpdateRestrictions", "Updatable") ?? true,
            Deletable: annotations.Bool("deletable") ?? Restriction(annotations, "DeleteRestrictions", "Deletable") ?? true,
            Searchable: searchable,
            Label: annotations.Sap("label") ?? SapPropertyFacts.Sap(model, set.EntityType, "label"),
            ConcurrencyPaths: concurrency)
        {
            CreatableNested = sapCreatable ?? true,
            NotInsertableNavigations = notInsertable,
        };
    }

    /// <summary>A V4 Capabilities restriction such as <c>DeleteRestrictions/Deletable</c>, or null when the set declares none.</summary>
    static bool? Restriction(ElementAnnotations annotations, string term, string property) =>
        annotations.Term(term)?.Value is IEdmRecordExpression record
        && record.FindProperty(property)?.Value is IEdmBooleanConstantExpression flag ? flag.Value : null;
}
