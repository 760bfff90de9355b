using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Vocabularies;

namespace SapSandbox.Core.Model;

/// <summary>
/// What SAP's annotations say about a property, as typed facts: from V2 <c>sap:</c> attributes
/// or the equivalent V4 vocabulary terms (<c>Core.Computed</c>, <c>Common.Label</c>, ...).
/// </summary>
public sealed record SapPropertyFacts(
    bool Creatable,
    bool Updatable,
    bool Filterable,
    bool Sortable,
    string? DisplayFormat,
    string? Label,
    int? MaxLength,
    bool Concurrency,
    string? V2Type)
{
    /// <summary>NUMC-style text: digits only, zero-padded to MaxLength unless shown as NonNegative.</summary>
    public bool IsDigitSequence => DisplayFormat is "NonNegative";

    public static SapPropertyFacts Read(IEdmModel model, IEdmProperty property, IReadOnlySet<string> concurrencyProperties)
    {
        var annotations = new ElementAnnotations(model, property);
        var computed = annotations.HasTerm("Computed");
        var immutable = annotations.HasTerm("Immutable");
        var digits = annotations.HasTerm("IsDigitSequence");
        var label = annotations.Sap("label") ?? (annotations.Term("Label")?.Value as IEdmStringConstantExpression)?.Value;
        var displayFormat = annotations.Sap("display-format") ?? (digits ? "NonNegative" : null);
        return new SapPropertyFacts(
            Creatable: annotations.Bool("creatable") ?? !computed,
            Updatable: annotations.Bool("updatable") ?? !(computed || immutable),
            Filterable: annotations.Bool("filterable") ?? true,
            Sortable: annotations.Bool("sortable") ?? true,
            DisplayFormat: displayFormat,
            Label: label,
            MaxLength: (property.Type as IEdmStringTypeReference)?.MaxLength,
            Concurrency: concurrencyProperties.Contains(property.Name),
            V2Type: annotations.Sap("v2-type"));
    }

    /// <summary>The value of a <c>sap:</c> attribute kept from the metadata document.</summary>
    public static string? Sap(IEdmModel model, IEdmElement element, string name) =>
        ElementAnnotations.Text(model.GetAnnotationValue(element, EdmNamespaces.Sap.NamespaceName, name));

    /// <summary>Matches a term by name whatever alias the document gave its vocabulary (SAP uses <c>SAP__core</c>).</summary>
    internal static IEdmVocabularyAnnotation? Term(IEdmModel model, IEdmVocabularyAnnotatable target, string termName) =>
        ElementAnnotations.Find(model.FindVocabularyAnnotations(target), termName);
}
