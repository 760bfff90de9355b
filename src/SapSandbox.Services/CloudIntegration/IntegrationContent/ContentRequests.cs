using System.Globalization;
using System.Text.Json;
using SapSandbox.Core.Query;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Write;

namespace SapSandbox.Services.CloudIntegration.IntegrationContent;

/// <summary>A segment of a resource path: its name and, if it has one, its key predicate's values ("" for a single unnamed key).</summary>
sealed record PathSegment(string Name, Dictionary<string, string>? Keys);

/// <summary>
/// The integration content requests whose answers or semantics differ from a generic OData service's, answered as
/// the tenant does (reference §0.3.9 and Part A): package updates and deletes (202), artifact updates and deletes
/// (200) with version and content rules, downloads (<c>$value</c>) of artifacts and packages, configuration updates
/// through <c>PUT …/$links/Configurations('key')</c> (202), resources added (201), replaced through <c>$links</c>
/// (202) and deleted (200), undeployment (DELETE of a runtime artifact, 202), and copies from the Discover catalog
/// (201). Every path takes <c>Version='active'</c>; one that names an earlier version is read from the artifact's
/// history (<see cref="KeptVersionRequests"/>). Anything else goes to the generic runtime.
/// </summary>
public sealed class ContentRequests : IResourceHandler
{
    public ResourceAnswer? Handle(ResourceRequest request)
    {
        var segments = Segments(request.Path);
        if (segments == null || segments.Count == 0) return null;
        var first = segments[0];
        if (first.Name == DesignContent.PackagesSet) return Packages(request, segments);
        if (ArtifactType.OfSet(first.Name) is { } type) return Artifacts(request, type, segments);
        if (first.Name == Deployments.RuntimeSet && segments.Count == 1 && first.Keys != null && request.Method == "DELETE")
        {
            var id = Single(first);
            if (!Deployments.Undeploy(Context(request), id)) throw QueryException.NotFound("Requested entity could not be found.");
            return ResourceAnswer.Empty(202);
        }
        if (first.Name == "CopyIntegrationPackage" && segments.Count == 1 && request.Method == "POST") return DiscoverCatalog.Copy(request, Context(request));
        return null;
    }

    static EntityContext Context(ResourceRequest request) => new(request.Service, request.Session, request.Writer, request.User);

    static bool IsUpdate(string method) => method is "PUT" or "MERGE" or "PATCH";

    // ---- Packages ---------------------------------------------------------------------------------------------

    static ResourceAnswer? Packages(ResourceRequest request, List<PathSegment> segments)
    {
        var first = segments[0];
        if (segments.Count == 1 && first.Keys == null && request.Method == "POST") return PackageContent.Create(request, Context(request), Body(request));
        if (first.Keys == null) return null;
        var id = Single(first);
        // An earlier version of one of the package's artifacts, read through the package.
        if (request.IsRead && segments.Count >= 2 && ArtifactType.OfSet(segments[1].Name) is { } type && segments[1].Keys is { } keys
            && keys.TryGetValue("Id", out var artifactId) && keys.TryGetValue("Version", out var version)
            && DesignContent.Find(request.Service, request.Session, type, artifactId, DesignContent.Active)?.Get("PackageId") == id
            && KeptVersionRequests.Answer(request, type, artifactId, version, segments.Skip(2).ToList()) is { } earlier) return earlier;
        if (segments.Count == 1 && IsUpdate(request.Method))
        {
            PackageContent.Update(request, Context(request), id, Body(request));
            return ResourceAnswer.Empty(202);
        }
        if (segments.Count == 1 && request.Method == "DELETE")
        {
            PackageContent.Delete(Context(request), id);
            return ResourceAnswer.Empty(202);
        }
        if (segments.Count == 2 && segments[1].Name == "$value" && request.IsRead)
            return new ResourceAnswer.Content(200, "application/zip", PackageContent.Export(request.Service, request.Session, id));
        if (segments.Count == 3 && segments[1].Name == "$links" && segments[2] is { Name: "CustomTags", Keys: not null } tag && IsUpdate(request.Method))
        {
            PackageContent.SetCustomTag(Context(request), id, Single(tag), Body(request));
            return ResourceAnswer.Empty(202);
        }
        return null;
    }

    // ---- Design-time artifacts --------------------------------------------------------------------------------

    static ResourceAnswer? Artifacts(ResourceRequest request, ArtifactType type, List<PathSegment> segments)
    {
        var first = segments[0];
        if (first.Keys == null || !first.Keys.TryGetValue("Id", out var id) || !first.Keys.TryGetValue("Version", out var version)) return null;
        // Reads of the entity and of its collections go through the generic runtime, with the version resolved there.
        var rest = segments.Skip(1).Where(s => s.Name != "$links").ToList();
        var links = segments.Count > 1 && segments[1].Name == "$links";
        if (KeptVersionRequests.Answer(request, type, id, version, rest) is { } earlier) return earlier;
        if (request.IsRead && !(rest.Count > 0 && rest[^1].Name == "$value")) return null;

        var context = Context(request);
        var artifact = DesignContent.Get(request.Service, request.Session, type, id, version);
        if (rest.Count == 0 && IsUpdate(request.Method))
        {
            ArtifactChanges.Update(context, type, artifact, Body(request));
            return ResourceAnswer.Empty(200);
        }
        if (rest.Count == 0 && request.Method == "DELETE")
        {
            DesignContent.CheckLock(context, type, artifact);
            DesignContent.Delete(context, type, id);
            return ResourceAnswer.Empty(200);
        }
        if (rest.Count == 1 && rest[0].Name == "$value" && request.IsRead)
        {
            if (DesignContent.ReadOnly(request.Service, request.Session, artifact.Get("PackageId")))
                throw QueryException.BadRequest($"{char.ToUpperInvariant(type.Noun[0])}{type.Noun[1..]} artifact consists in a configure only package with Id: {artifact.Get("PackageId")}");
            return new ResourceAnswer.Content(200, "application/zip", DesignContent.Bundle(request.Session, type, artifact).ToZip());
        }
        if (rest.Count == 1 && rest[0] is { Name: "Configurations", Keys: not null } parameter && IsUpdate(request.Method) && type.HasConfigurations)
        {
            ArtifactChanges.Configure(context, type, artifact, Single(parameter), Body(request));
            return ResourceAnswer.Empty(202);
        }
        if (type.HasResources && rest.Count >= 1 && rest[0].Name == "Resources")
        {
            var resource = rest[0];
            if (resource.Keys == null && rest.Count == 1 && request.Method == "POST" && !links)
            {
                var (name, resourceType) = ArtifactChanges.AddResource(context, type, artifact, Body(request));
                return new ResourceAnswer.Read(
                    $"{type.EntitySet}(Id={DesignContent.Literal(id)},Version={DesignContent.Literal(artifact.Get("Version"))})/Resources(Name={DesignContent.Literal(name)},ResourceType={DesignContent.Literal(resourceType)})",
                    201);
            }
            if (resource.Keys == null || !resource.Keys.TryGetValue("Name", out var resourceName) || !resource.Keys.TryGetValue("ResourceType", out var kind)) return null;
            if (rest.Count == 2 && rest[1].Name == "$value" && request.IsRead)
                return new ResourceAnswer.Content(200, "application/octet-stream", ArtifactChanges.ResourceContent(context, type, artifact, resourceName, kind));
            if (rest.Count == 1 && IsUpdate(request.Method))
            {
                ArtifactChanges.ReplaceResource(context, type, artifact, resourceName, kind, Body(request));
                return ResourceAnswer.Empty(202);
            }
            if (rest.Count == 1 && request.Method == "DELETE")
            {
                ArtifactChanges.DeleteResource(context, type, artifact, resourceName, kind);
                return ResourceAnswer.Empty(200);
            }
        }
        return null;
    }

    // ---- Parsing ----------------------------------------------------------------------------------------------

    /// <summary>The segments of a decoded resource path, or null when it does not parse (the runtime then answers it).</summary>
    static List<PathSegment>? Segments(string path)
    {
        var result = new List<PathSegment>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i <= path.Length; i++)
        {
            if (i < path.Length && path[i] == '\'') quoted = !quoted;
            if (i < path.Length && (quoted || path[i] != '/')) continue;
            var text = path[start..i];
            start = i + 1;
            if (text.Length == 0) continue;
            var open = text.IndexOf('(');
            if (open < 0)
            {
                result.Add(new PathSegment(text, null));
                continue;
            }
            if (!text.EndsWith(')')) return null;
            var predicate = text[(open + 1)..^1];
            var keys = predicate.StartsWith('\'') && predicate.EndsWith('\'') && predicate.Length >= 2
                ? new Dictionary<string, string> { [""] = predicate[1..^1].Replace("''", "'") }
                : DesignContent.ParseKeys(predicate);
            if (keys == null) return null;
            result.Add(new PathSegment(text[..open], keys));
        }
        return result;
    }

    /// <summary>The value of a single-key predicate (<c>('x')</c>, or a named one).</summary>
    static string Single(PathSegment segment) => segment.Keys!.Values.First();

    /// <summary>The request's JSON body (inside <c>"d"</c> if the client wrapped it), or an empty object.</summary>
    static JsonElement Body(ResourceRequest request)
    {
        if (request.Body.Length > 0 && request.ContentType is { Length: > 0 } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
            throw new QueryException(415, $"The body's media type {type} is not accepted; send application/json");
        return RequestBody.Object(request);
    }

    public static string? Text(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null => null,
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => value.GetRawText(),
        } : null;

    public static bool Has(JsonElement body, string name) => body.TryGetProperty(name, out _);

    public static byte[]? Base64(JsonElement body, string name, string what)
    {
        if (Text(body, name) is not { Length: > 0 } text) return null;
        try { return Convert.FromBase64String(text); }
        catch (FormatException) { throw QueryException.BadRequest($"{name} is not base64-encoded {what}", name); }
    }

    /// <summary>A function import's string parameter as sent in the query: <c>'value'</c>, quotes removed.</summary>
    public static string? QueryText(ResourceRequest request, string name)
    {
        if (!request.Query.TryGetValue(name, out var text)) return null;
        return text.Length >= 2 && text.StartsWith('\'') && text.EndsWith('\'') ? text[1..^1].Replace("''", "'") : text;
    }

    public static string Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
}
