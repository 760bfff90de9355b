using Microsoft.AspNetCore.Http;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Vocabularies;
using Microsoft.OData.UriParser;
using SapSandbox.Core.Changes;
using SapSandbox.Core.Query;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;

namespace SapSandbox.Protocols.V4.Delta;

/// <summary>
/// <c>Prefer: odata.track-changes</c> on a collection read of an entity set: the position in the change log the read
/// starts from, carried through its next links, so the delta link on its last page misses no change made while
/// the client paged.
/// </summary>
public sealed class ChangeTracking
{
    public const string Preference = "odata.track-changes";
    /// <summary>The query option next links carry the position in; the delta link replaces it with <c>$deltatoken</c>.</summary>
    public const string CarriedOption = "sap-track-changes";
    const string Term = "Org.OData.Capabilities.V1.ChangeTracking";

    readonly string _token;
    readonly bool _carried;

    ChangeTracking(string token, bool carried)
    {
        _token = token;
        _carried = carried;
    }

    /// <summary>
    /// The tracking of this read, or null when it does not track: not asked for, not a whole entity set, or the set says
    /// <c>Capabilities.ChangeTracking/Supported=false</c>. Costs nothing on a read that does not ask.
    /// </summary>
    public static ChangeTracking? Begin(HttpContext context, ServiceDefinition service, StoreSession session, ReadRequest request)
    {
        var http = context.Request;
        var carried = http.Query.TryGetValue(CarriedOption, out var value) ? value.ToString() : null;
        var asked = Asks(http);
        if (carried == null && !asked) return null;
        if (EntitySet(request.Path) is not { } set || !Tracks(service, set)) return null;
        // The position is taken before the rows are read: a change committed meanwhile is delivered again, never lost.
        var token = carried ?? DeltaToken.Encode(ChangeLog.Position(session), set.Name);
        DeltaToken.Decode(token, set.Name);
        if (asked) context.Response.Headers.Append("Preference-Applied", Preference);
        return new ChangeTracking(token, carried != null);
    }

    /// <summary>A next link that carries where the delta link will start.</summary>
    public string NextLink(string link) => _carried ? link : link + "&" + CarriedOption + "=" + _token;

    public string DeltaLink(HttpRequest request, string mountPath, string relative) => DeltaLinks.Build(request, mountPath, relative, _token);

    static bool Asks(HttpRequest request)
    {
        foreach (var prefer in request.Headers["Prefer"])
            foreach (var part in (prefer ?? "").Split(',', StringSplitOptions.TrimEntries))
                if (part.Equals(Preference, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>The entity set a path names on its own (<c>SalesOrder</c>), the only reads delta links are offered for.</summary>
    public static IEdmEntitySet? EntitySet(ODataPath path) =>
        path.Count == 1 && path.FirstSegment is EntitySetSegment { EntitySet: var set } ? set : null;

    /// <summary>Whether delta links are offered for <paramref name="set"/>: the service allows it, and the log can hold its keys.</summary>
    public static bool Tracks(ServiceDefinition service, IEdmEntitySet set) =>
        Supported(service.Metadata.Model, set) && service.Schema.Table(set.Name) is { IsContained: false } table && table.StoredKey.Count <= ChangeLog.MaxKeyParts;

    /// <summary>
    /// Whether the service tracks changes of <paramref name="set"/>: its <c>Capabilities.ChangeTracking</c> annotation
    /// (or the container's) decides; without one, it does.
    /// </summary>
    public static bool Supported(IEdmModel model, IEdmEntitySet set)
    {
        foreach (var target in new IEdmVocabularyAnnotatable[] { set, set.Container })
            foreach (var annotation in model.FindVocabularyAnnotations(target))
                if (annotation.Term.FullName() == Term && annotation.Value is IEdmRecordExpression record)
                    return record.FindProperty("Supported")?.Value is not IEdmBooleanConstantExpression { Value: false };
        return true;
    }
}
