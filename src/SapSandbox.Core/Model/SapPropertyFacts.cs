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
        var computed = HasTerm(model, property, "Computed");
        var immutable = HasTerm(model, property, "Immutable");
        var digits = HasTerm(model, property, "IsDigitSequence");
        var label = Sap(model, property, "label") ?? StringTerm(model, property, "Label");
        var displayFormat = Sap(model, property, "display-format") ?? (digits ? "NonNegative" : null);
        return new SapPropertyFacts(
            Creatable: Bool(model, property, "creatable") ?? !computed,
            Updatable: Bool(model, property, "updatable") ?? !(computed || immutable),
            Filterable: Bool(model, property, "filterable") ?? true,
            Sortable: Bool(model, property, "sortable") ?? true,
            DisplayFormat: displayFormat,
            Label: label,
            MaxLength: (property.Type as IEdmStringTypeReference)?.MaxLength,
            Concurrency: concurrencyProperties.Contains(property.Name),
            V2Type: Sap(model, property, "v2-type"));
    }

    /// <summary>The value of a <c>sap:</c> attribute kept from the metadata document.</summary>
    public static string? Sap(IEdmModel model, IEdmElement element, string name) =>
        model.GetAnnotationValue(element, EdmNamespaces.Sap.NamespaceName, name) switch
        {
            IEdmStringConstantExpression s => s.Value,
            string s => s,
            _ => null,
        };

    internal static bool? Bool(IEdmModel model, IEdmElement element, string name) =>
        Sap(model, element, name) is { } value ? string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) : null;

    /// <summary>Matches a term by name whatever alias the document gave its vocabulary (SAP uses <c>SAP__core</c>).</summary>
    internal static IEdmVocabularyAnnotation? Term(IEdmModel model, IEdmVocabularyAnnotatable target, string termName) =>
        model.FindVocabularyAnnotations(target).FirstOrDefault(a => a.Term.Name == termName);

    static bool HasTerm(IEdmModel model, IEdmVocabularyAnnotatable target, string termName) =>
        Term(model, target, termName) is { } annotation && annotation.Value is not IEdmBooleanConstantExpression { Value: false };

    static string? StringTerm(IEdmModel model, IEdmVocabularyAnnotatable target, string termName) =>
        (Term(model, target, termName)?.Value as IEdmStringConstantExpression)?.Value;
}
