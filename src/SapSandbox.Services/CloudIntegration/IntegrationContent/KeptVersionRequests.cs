using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.OData.Edm;
using SapSandbox.Core.Query;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;

namespace SapSandbox.Services.CloudIntegration.IntegrationContent;

/// <summary>
/// Requests that name an earlier version of a design-time artifact (<c>IntegrationDesigntimeArtifacts(Id='x',Version='1.0.0')</c>
/// while x is at 1.0.1), answered from its <see cref="VersionHistory"/>: the entity as it was (JSON, as the runtime
/// writes the current one, <c>$select</c> included), its bundle (<c>$value</c>), and for the kinds that have them its
/// configurations and resources (with their <c>$value</c>). Such a version is read-only: a change or delete must name
/// the current version or <c>active</c>, as the API documents ("the current/latest version name").
/// </summary>
static class KeptVersionRequests
{
    const string ContentType = "application/json;charset=utf-8";
    static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The answer when <paramref name="version"/> names a kept earlier version of the artifact, else null.</summary>
    public static ResourceAnswer? Answer(ResourceRequest request, ArtifactType type, string id, string version, IReadOnlyList<PathSegment> rest)
    {
        if (DesignContent.IsActive(version)) return null;
        var current = ContentRows.First(request.Session, ContentRows.Table(request.Service, type.EntitySet), ("Id", id));
        if (current == null || current.Get("Version") == version) return null;
        var kept = VersionHistory.Find(request.Session, type, id, version);
        if (kept == null) return null;
        if (!request.IsRead)
            throw QueryException.BadRequest($"Version {version} of the {type.Noun} {id} is an earlier version, kept for reading; " +
                                            $"changes and deletes address its current version {current.Get("Version")} (or 'active')", "Version");

        var root = request.ServiceRoot;
        var self = $"{type.EntitySet}(Id={DesignContent.Literal(id)},Version={DesignContent.Literal(version)})";
        var bundle = ArtifactBundle.Read(kept.Bundle);
        switch (rest.Count)
        {
            case 0:
                return Json(json => Entity(json, root, self, ContentRows.Table(request.Service, type.EntitySet).EntityType,
                    name => kept.Values.GetValueOrDefault(name), Select(request)));
            case 1 when rest[0] is { Name: "$value" }:
                if (DesignContent.ReadOnly(request.Service, request.Session, current.Get("PackageId")))
                    throw QueryException.BadRequest($"{char.ToUpperInvariant(type.Noun[0])}{type.Noun[1..]} artifact consists in a configure only package with Id: {current.Get("PackageId")}");
                return new ResourceAnswer.Content(200, "application/zip", kept.Bundle);
            case 1 when rest[0] is { Name: "Configurations", Keys: null } && type.HasConfigurations:
            {
                var entityType = ContentRows.Table(request.Service, type.ConfigurationsTable).EntityType;
                return Json(json => Collection(json, bundle.Parameters(), parameter => Entity(json, root, $"Configurations({DesignContent.Literal(parameter.Key)})", entityType,
                    name => name switch
                    {
                        "ParameterKey" => parameter.Key, "ParameterValue" => parameter.Value, "DataType" => parameter.DataType,
                        "Description" => parameter.Description, _ => null,
                    })));
            }
            case 1 when rest[0] is { Name: "Resources", Keys: null } && type.HasResources:
            {
                var entityType = ContentRows.Table(request.Service, type.ResourcesTable).EntityType;
                return Json(json => Collection(json, bundle.Resources().DistinctBy(r => (r.Name, r.ResourceType)),
                    resource => Entity(json, root, ResourceKey(resource.Name, resource.ResourceType), entityType, name => ResourceValue(resource, name))));
            }
            case 1 or 2 when rest[0] is { Name: "Resources", Keys: { } keys } && type.HasResources
                             && keys.TryGetValue("Name", out var resourceName) && keys.TryGetValue("ResourceType", out var resourceType):
            {
                var resource = bundle.Resources().FirstOrDefault(r => r.Name == resourceName && r.ResourceType == resourceType)
                    ?? throw QueryException.NotFound($"Version {version} of the {type.Noun} {id} has no {resourceType} resource {resourceName}");
                if (rest.Count == 2 && rest[1].Name == "$value") return new ResourceAnswer.Content(200, "application/octet-stream", bundle.File(resource.Path)!);
                if (rest.Count == 2) break;
                var entityType = ContentRows.Table(request.Service, type.ResourcesTable).EntityType;
                return Json(json => Entity(json, root, ResourceKey(resource.Name, resource.ResourceType), entityType, name => ResourceValue(resource, name)));
            }
        }
        throw QueryException.NotFound($"Version {version} of the {type.Noun} {id} is an earlier version: its properties, bundle ($value), " +
                                      "configurations and resources are kept");
    }

    static string ResourceKey(string name, string type) => $"Resources(Name={DesignContent.Literal(name)},ResourceType={DesignContent.Literal(type)})";

    static object? ResourceValue(BundleResource resource, string name) => name switch
    {
        "Name" => resource.Name, "ResourceType" => resource.ResourceType, "ResourceSize" => resource.Size, "ResourceSizeUnit" => "Bytes", _ => null,
    };

    /// <summary>The properties <c>$select</c> names, or null for all.</summary>
    static HashSet<string>? Select(ResourceRequest request) =>
        request.Query.TryGetValue("$select", out var select) && select.Length > 0 && select.Trim() != "*"
            ? select.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal)
            : null;

    static ResourceAnswer Json(Action<Utf8JsonWriter> content)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WritePropertyName("d");
            content(json);
            json.WriteEndObject();
        }
        return new ResourceAnswer.Content(200, ContentType, buffer.ToArray());
    }

    static void Collection<T>(Utf8JsonWriter json, IEnumerable<T> items, Action<T> write)
    {
        json.WriteStartObject();
        json.WriteStartArray("results");
        foreach (var item in items) write(item);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>An entity as the runtime writes it: <c>__metadata</c> (media links for a media type), properties in the model's order, navigations deferred.</summary>
    static void Entity(Utf8JsonWriter json, string root, string path, IEdmEntityType type, Func<string, object?> value, HashSet<string>? select = null)
    {
        var uri = root + path;
        json.WriteStartObject();
        json.WriteStartObject("__metadata");
        json.WriteString("id", uri);
        json.WriteString("uri", uri);
        json.WriteString("type", type.FullName());
        if (type.HasStream)
        {
            json.WriteString("content_type", "application/octet-stream");
            json.WriteString("media_src", uri + "/$value");
            json.WriteString("edit_media", uri + "/$value");
        }
        json.WriteEndObject();
        foreach (var property in type.StructuralProperties().Where(p => select == null || select.Contains(p.Name)))
        {
            json.WritePropertyName(property.Name);
            switch (value(property.Name))
            {
                case null: json.WriteNullValue(); break;
                // Edm.Int64 is a string in V2 JSON.
                case long number: json.WriteStringValue(number.ToString(CultureInfo.InvariantCulture)); break;
                case var other: json.WriteStringValue(Convert.ToString(other, CultureInfo.InvariantCulture)); break;
            }
        }
        foreach (var navigation in type.NavigationProperties().Where(p => select == null || select.Contains(p.Name)))
        {
            json.WriteStartObject(navigation.Name);
            json.WriteStartObject("__deferred");
            json.WriteString("uri", $"{uri}/{navigation.Name}");
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }
}
