using System.Globalization;
using System.Text.Json;
using SapSandbox.Core.Operations;
using SapSandbox.Core.Query;
using SapSandbox.Core.Write;

namespace SapSandbox.Services.CloudIntegration.IntegrationContent;

/// <summary>Changes to a design-time artifact and its parts, as the tenant makes them.</summary>
public static class ArtifactChanges
{
    static void RefuseConfigureOnly(EntityContext context, ArtifactType type, ContentRow artifact)
    {
        DesignContent.CheckLock(context, type, artifact);
        if (DesignContent.ReadOnly(context.Service, context.Session, artifact.Get("PackageId")))
            throw QueryException.BadRequest($"The {type.Noun} {artifact.Get("Id")} is in the configure-only package {artifact.Get("PackageId")}; it can be configured, not changed");
    }

    /// <summary>
    /// <c>PUT …DesigntimeArtifacts(Id,Version)</c>, after the API's table: a name alone saves the artifact under that
    /// name; content (with or without a name) replaces the bundle, its manifest deciding the version and, without a
    /// name, the name. Configurations and resources follow the new bundle.
    /// </summary>
    public static void Update(EntityContext context, ArtifactType type, ContentRow artifact, JsonElement body)
    {
        RefuseConfigureOnly(context, type, artifact);
        var id = artifact.Get("Id");
        var name = ContentRequests.Text(body, "Name");
        var description = ContentRequests.Text(body, "Description");
        var content = ContentRequests.Base64(body, "ArtifactContent", "bundle content");
        if (name == null && content == null && description == null)
            throw QueryException.BadRequest($"Send the {type.Noun}'s new Name, its ArtifactContent, or both");
        if (name != null) DesignContent.CheckName(name);

        var table = ContentRows.Table(context.Service, type.EntitySet);
        var set = new Dictionary<string, object?>();
        if (description != null) set["Description"] = description;
        if (type == ArtifactType.IntegrationFlow)
        {
            set["ModifiedBy"] = ContentRows.UserName(context.User);
            set["ModifiedAt"] = ContentRequests.Now();
        }
        if (content != null)
        {
            ArtifactBundle bundle;
            try { bundle = ArtifactBundle.Read(content); }
            catch (BundleException e) { throw QueryException.BadRequest(e.Message, "ArtifactContent"); }
            if (bundle.BundleType is { Length: > 0 } bundleType && !bundleType.Equals(type.BundleType, StringComparison.OrdinalIgnoreCase))
                throw QueryException.BadRequest($"The content is a bundle of type {bundleType}; {type.EntitySet} takes {type.BundleType} bundles", "ArtifactContent");
            var version = ArtifactBundle.IsVersion(bundle.Version) ? bundle.Version! : artifact.Get("Version");
            var newName = name ?? bundle.Name ?? artifact.Get("Name");
            bundle.SetIdentity(id, newName, version);
            // A bundle of another version moves the artifact on; the version it leaves stays readable.
            if (version != artifact.Get("Version")) VersionHistory.Keep(context, type, artifact, DesignContent.Bundle(context.Session, type, artifact), version);
            set["Name"] = newName;
            ContentRows.Update(context.Session, table, set, ("Id", id));
            if (version != artifact.Get("Version")) ContentRows.Update(context.Session, table, [new("Version", version)], ("Id", id));
            DesignContent.Store(context, type, id, version, bundle);
            return;
        }
        if (name != null)
        {
            set["Name"] = name;
            var bundle = DesignContent.Bundle(context.Session, type, artifact);
            bundle.SetHeader("Bundle-Name", name);
            ContentStore.Save(context.Session, type.EntitySet, id, bundle.ToZip());
        }
        ContentRows.Update(context.Session, table, set, ("Id", id));
    }

    /// <summary>
    /// <c>PUT …/$links/Configurations('key')</c> with <c>{"ParameterValue":"…","DataType":"xsd:…"}</c>: the value (and
    /// type) of an externalised parameter, written into the bundle's parameters.prop so that downloads and deployments
    /// carry it. Values of numeric and boolean types are checked.
    /// </summary>
    public static void Configure(EntityContext context, ArtifactType type, ContentRow artifact, string key, JsonElement body)
    {
        var id = artifact.Get("Id");
        var table = ContentRows.Table(context.Service, type.ConfigurationsTable);
        var parameter = ContentRows.First(context.Session, table, (DesignContent.Container + "Id", id), ("ParameterKey", key))
            ?? throw QueryException.NotFound($"The {type.Noun} {id} has no configuration parameter '{key}'");
        if (!ContentRequests.Has(body, "ParameterValue")) throw QueryException.BadRequest("Send the parameter's new value as ParameterValue", "ParameterValue");
        var value = ContentRequests.Text(body, "ParameterValue") ?? "";
        var dataType = ContentRequests.Text(body, "DataType") is { Length: > 0 } sent ? sent : parameter.Get("DataType");
        var valid = dataType switch
        {
            "xsd:integer" or "xsd:int" or "xsd:long" => value.Length == 0 || long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            "xsd:decimal" or "xsd:double" => value.Length == 0 || decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _),
            "xsd:boolean" => value is "" or "true" or "false",
            _ => true,
        };
        if (!valid) throw QueryException.BadRequest($"The value '{value}' of parameter '{key}' is not a valid {dataType}", "ParameterValue");
        var bundle = DesignContent.Bundle(context.Session, type, artifact);
        bundle.SetParameter(key, value, dataType);
        ContentStore.Save(context.Session, type.EntitySet, id, bundle.ToZip());
        ContentRows.Update(context.Session, table, [new("ParameterValue", value), new("DataType", dataType)],
            (DesignContent.Container + "Id", id), ("ParameterKey", key));
    }

    static string CheckResourceType(ArtifactType type, string? resourceType)
    {
        IReadOnlyList<string> allowed = type == ArtifactType.ScriptCollection ? ["groovy", "js", "jar"] : ArtifactBundle.ResourceTypes;
        if (resourceType == null || !allowed.Contains(resourceType))
            throw QueryException.BadRequest($"ResourceType must be one of {string.Join(", ", allowed)} for a {type.Noun}", "ResourceType");
        return resourceType;
    }

    /// <summary><c>POST …/Resources</c> with Name, ResourceType and base64 ResourceContent: a new file in the bundle.</summary>
    public static (string Name, string ResourceType) AddResource(EntityContext context, ArtifactType type, ContentRow artifact, JsonElement body)
    {
        RefuseConfigureOnly(context, type, artifact);
        var name = ContentRequests.Text(body, "Name");
        if (string.IsNullOrWhiteSpace(name) || name.Contains('/') || name.Contains('\\'))
            throw QueryException.BadRequest("A resource needs a Name, a file name without a folder", "Name");
        var resourceType = CheckResourceType(type, ContentRequests.Text(body, "ResourceType"));
        if (ContentRequests.Text(body, "ReferencedResourceType") is { Length: > 0 } referenced && (referenced != "wsdl" || resourceType != "xsd"))
            throw QueryException.BadRequest("Only an xsd resource may refer to another resource type, and only to wsdl", "ReferencedResourceType");
        var content = ContentRequests.Base64(body, "ResourceContent", "file content")
            ?? throw QueryException.BadRequest("Send the resource's content, base64-encoded, as ResourceContent", "ResourceContent");
        var bundle = DesignContent.Bundle(context.Session, type, artifact);
        var path = ArtifactBundle.ResourcePath(name, resourceType)!;
        if (bundle.File(path) != null) throw QueryException.Conflict($"The {type.Noun} {artifact.Get("Id")} already has the {resourceType} resource {name}");
        bundle.Put(path, content);
        DesignContent.Store(context, type, artifact.Get("Id"), artifact.Get("Version"), bundle);
        return (name, resourceType);
    }

    static (ArtifactBundle Bundle, string Path) Resource(EntityContext context, ArtifactType type, ContentRow artifact, string name, string resourceType)
    {
        var bundle = DesignContent.Bundle(context.Session, type, artifact);
        var path = ArtifactBundle.ResourcePath(name, resourceType);
        if (path == null || bundle.File(path) == null)
            throw QueryException.NotFound($"The {type.Noun} {artifact.Get("Id")} has no {resourceType} resource {name}");
        return (bundle, path);
    }

    public static byte[] ResourceContent(EntityContext context, ArtifactType type, ContentRow artifact, string name, string resourceType)
    {
        var (bundle, path) = Resource(context, type, artifact, name, resourceType);
        return bundle.File(path)!;
    }

    /// <summary><c>PUT …/$links/Resources(Name='…',ResourceType='…')</c> with base64 ResourceContent.</summary>
    public static void ReplaceResource(EntityContext context, ArtifactType type, ContentRow artifact, string name, string resourceType, JsonElement body)
    {
        RefuseConfigureOnly(context, type, artifact);
        var (bundle, path) = Resource(context, type, artifact, name, resourceType);
        var content = ContentRequests.Base64(body, "ResourceContent", "file content")
            ?? throw QueryException.BadRequest("Send the resource's new content, base64-encoded, as ResourceContent", "ResourceContent");
        bundle.Put(path, content);
        DesignContent.Store(context, type, artifact.Get("Id"), artifact.Get("Version"), bundle);
    }

    public static void DeleteResource(EntityContext context, ArtifactType type, ContentRow artifact, string name, string resourceType)
    {
        RefuseConfigureOnly(context, type, artifact);
        var (bundle, path) = Resource(context, type, artifact, name, resourceType);
        bundle.Remove(path);
        DesignContent.Store(context, type, artifact.Get("Id"), artifact.Get("Version"), bundle);
    }
}

/// <summary>
/// <c>…DesigntimeArtifactSaveAsVersion?Id='…'&amp;SaveAsVersion='…'</c>: the artifact's current state becomes the
/// given version (its row's key, its manifest's Bundle-Version); answers the artifact.
/// </summary>
public sealed class SaveAsVersion(ArtifactType type) : IOperationHandler
{
    public OperationResult Invoke(OperationCall call)
    {
        var id = call.Parameters.GetValueOrDefault("Id") as string ?? "";
        var version = call.Parameters.GetValueOrDefault("SaveAsVersion") as string ?? "";
        var context = new EntityContext(call.Service, call.Session, call.Writer, call.User);
        var artifact = DesignContent.Get(call.Service, call.Session, type, id, DesignContent.Active);
        if (DesignContent.ReadOnly(call.Service, call.Session, artifact.Get("PackageId")))
            throw QueryException.BadRequest($"{char.ToUpperInvariant(type.Noun[0])}{type.Noun[1..]} within a configure only package cannot be updated.");
        DesignContent.CheckLock(context, type, artifact);
        if (!ArtifactBundle.IsVersion(version))
            throw QueryException.BadRequest($"'{version}' is not a version; give one such as '1.0.5' (major.minor.micro)", "SaveAsVersion");
        if (ContentRows.CompareVersions(version, artifact.Get("Version")) <= 0)
            throw QueryException.BadRequest($"The version {version} is not newer than the {type.Noun}'s current version {artifact.Get("Version")}", "SaveAsVersion");
        var bundle = DesignContent.Bundle(call.Session, type, artifact);
        DesignContent.ChangeVersion(context, type, artifact, version, bundle);
        if (type == ArtifactType.IntegrationFlow)
            ContentRows.Update(call.Session, ContentRows.Table(call.Service, type.EntitySet),
                [new("ModifiedBy", ContentRows.UserName(call.User)), new("ModifiedAt", ContentRequests.Now())], ("Id", id));
        var table = ContentRows.Table(call.Service, type.EntitySet);
        return new OperationResult.Entity(table, table.StoredKey.ToDictionary(k => k, k => (object?)(k.Path == "Id" ? id : version)));
    }
}
