using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Vocabularies;
using SapSandbox.Core.Model;

namespace SapSandbox.Core.Messages;

/// <summary>
/// The property in which a RAP entity type carries its messages (<c>@Common.Messages: SAP__Messages</c>, a
/// collection of <c>SAP__Message</c>), or null for types without one, whose messages travel in a header.
/// </summary>
public static class MessagesProperty
{
    public static string? Of(IEdmModel model, IEdmStructuredType type)
    {
        for (var current = type; current != null; current = current.BaseType)
            if (current is IEdmVocabularyAnnotatable annotatable
                && SapPropertyFacts.Term(model, annotatable, "Messages")?.Value is IEdmPathExpression path)
                return string.Join('/', path.PathSegments);
        return null;
    }
}
