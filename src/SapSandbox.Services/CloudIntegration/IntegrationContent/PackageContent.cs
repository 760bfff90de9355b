using System.IO.Compression;
using System.Text.Json;
using SapSandbox.Core.Query;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;
using SapSandbox.Core.Write;

namespace SapSandbox.Services.CloudIntegration.IntegrationContent;

/// <summary>
/// Integration packages of the workspace: created (<c>POST</c>, 201, or 409 when the Id exists unless
/// <c>Overwrite=true</c>), imported from an exported package (<c>PackageContent</c>), updated (202), deleted with
/// their artifacts (202), exported as a zip (<c>$value</c>), and tagged (<c>$links/CustomTags</c>).
/// </summary>
public static class PackageContent
{
    /// <summary>The properties a client sets on a package; the others the tenant keeps.</summary>
    static readonly string[] Editable = ["Name", "Description", "ShortText", "Version", "Vendor", "SupportedPlatform", "Products", "Keywords", "Countries", "Industries", "LineOfBusiness"];

    /// <summary>The list properties a new package gets when the client leaves them out, as the tenant writes them.</summary>
    static readonly string[] Lists = ["Products", "Keywords", "Countries", "Industries", "LineOfBusiness"];

    public static ResourceAnswer Create(ResourceRequest request, EntityContext context, JsonElement body)
    {
        var id = ContentRequests.Text(body, "Id");
        if (string.IsNullOrWhiteSpace(id)) throw QueryException.BadRequest("The new integration package needs an Id", "Id");
        if (!id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.'))
            throw QueryException.BadRequest($"The package Id '{id}' may contain letters, digits, underscores and periods only", "Id");
        var overwrite = request.Query.TryGetValue("Overwrite", out var flag) && flag.Trim('\'').Equals("true", StringComparison.OrdinalIgnoreCase);
        if (DesignContent.Package(context.Service, context.Session, id) != null)
        {
            if (!overwrite) throw QueryException.Conflict("Entity with the specified IntegrationPackage id already exist.");
            Delete(context, id);
        }
        var content = ContentRequests.Base64(body, "PackageContent", "package content");
        var imported = content == null ? null : ReadExport(content);
        string? Value(string name) => ContentRequests.Text(body, name) ?? (imported?.Metadata.TryGetValue(name, out var value) == true ? value : null);
        var name = Value("Name") ?? id;
        Insert(context, new PackageDesign(id, name, Value("ShortText") ?? name, Value("Description") ?? "", Value("Version") ?? "1.0.0",
            Value("Vendor") ?? "", "EDIT_ALLOWED", Value("Products") ?? "[]", Value("Keywords") ?? "[]", Value("LineOfBusiness") ?? "[]",
            Value("Industries") ?? "[]", Value("Countries") ?? "[]", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, ContentRows.UserName(context.User)),
            Value("SupportedPlatform") ?? "SAP Cloud Integration");
        foreach (var (type, bundle) in imported?.Artifacts ?? [])
            AddArtifact(context, type, id, bundle);
        return new ResourceAnswer.Read($"{DesignContent.PackagesSet}({DesignContent.Literal(id)})", 201);
    }

    public static void Insert(EntityContext context, PackageDesign package, string platform = "SAP Cloud Integration")
    {
        ContentRows.Insert(context, ContentRows.Table(context.Service, DesignContent.PackagesSet), new Dictionary<string, object?>
        {
            ["Id"] = package.Id, ["Name"] = package.Name, ["ResourceId"] = Guid.NewGuid().ToString("N"), ["Description"] = package.Description,
            ["ShortText"] = package.ShortText, ["Version"] = package.Version, ["Vendor"] = package.Vendor, ["PartnerContent"] = false,
            ["UpdateAvailable"] = false, ["Mode"] = package.Mode, ["SupportedPlatform"] = platform, ["ModifiedBy"] = package.CreatedBy,
            ["CreationDate"] = ContentRows.EpochText(package.Created), ["ModifiedDate"] = ContentRows.EpochText(package.Modified),
            ["CreatedBy"] = package.CreatedBy, ["Products"] = package.Products, ["Keywords"] = package.Keywords, ["Countries"] = package.Countries,
            ["Industries"] = package.Industries, ["LineOfBusiness"] = package.LineOfBusiness,
        });
    }

    /// <summary>Adds an artifact with its bundle to a package, as an import or a copy from Discover does.</summary>
    public static void AddArtifact(EntityContext context, ArtifactType type, string packageId, ArtifactBundle bundle)
    {
        var id = bundle.SymbolicName ?? throw QueryException.BadRequest("An artifact of the package content has no Bundle-SymbolicName");
        if (DesignContent.FindAny(context.Service, context.Session, id) is { } existing)
            throw QueryException.Conflict($"{existing.Type.Article} with the ID {id} already exists in the package {existing.Row.Get("PackageId")}");
        var version = ArtifactBundle.IsVersion(bundle.Version) ? bundle.Version! : "1.0.0";
        var name = bundle.Name ?? id;
        bundle.SetIdentity(id, name, version);
        var now = ContentRequests.Now();
        var user = ContentRows.UserName(context.User);
        var row = new Dictionary<string, object?>
        {
            ["Id"] = id, ["Version"] = version, ["PackageId"] = packageId, ["Name"] = name,
            ["Description"] = ArtifactBundle.ReadProperties(bundle.Text("metainfo.prop")).FirstOrDefault(p => p.Key == "description").Value ?? "",
            [IntegrationContentModule.PackageLink(type)] = packageId,
        };
        if (type == ArtifactType.IntegrationFlow)
        {
            row["CreatedBy"] = user;
            row["ModifiedBy"] = user;
            row["CreatedAt"] = now;
            row["ModifiedAt"] = now;
        }
        ContentRows.Insert(context, ContentRows.Table(context.Service, type.EntitySet), row);
        DesignContent.Store(context, type, id, version, bundle);
    }

    public static void Update(ResourceRequest request, EntityContext context, string id, JsonElement body)
    {
        if (DesignContent.Package(context.Service, context.Session, id) == null) throw QueryException.NotFound($"Integration package {id} not found");
        if (ContentRequests.Text(body, "Id") is { Length: > 0 } sent && sent != id)
            throw QueryException.BadRequest($"The package's Id is {id}; it cannot be changed to {sent}", "Id");
        var set = new Dictionary<string, object?>();
        foreach (var name in Editable)
            if (ContentRequests.Has(body, name)) set[name] = ContentRequests.Text(body, name);
        if (set.TryGetValue("Name", out var newName) && string.IsNullOrWhiteSpace(newName as string))
            throw QueryException.BadRequest("A package's Name cannot be empty", "Name");
        set["ModifiedBy"] = ContentRows.UserName(context.User);
        set["ModifiedDate"] = ContentRequests.Now();
        ContentRows.Update(context.Session, ContentRows.Table(context.Service, DesignContent.PackagesSet), set, ("Id", id));
    }

    /// <summary>Deletes a package with its artifacts and tags; deployed artifacts keep running, as on a tenant.</summary>
    public static void Delete(EntityContext context, string id)
    {
        if (DesignContent.Package(context.Service, context.Session, id) == null) throw QueryException.NotFound($"Integration package {id} not found");
        foreach (var type in ArtifactType.All)
            foreach (var artifact in ContentRows.Select(context.Session, ContentRows.Table(context.Service, type.EntitySet), ("PackageId", id)))
                DesignContent.Delete(context, type, artifact.Get("Id"));
        foreach (var set in IntegrationContentModule.UndocumentedArtifactSets)
            ContentRows.Delete(context.Session, ContentRows.Table(context.Service, set), ("PackageId", id));
        ContentRows.Delete(context.Session, ContentRows.Table(context.Service, IntegrationContentModule.CustomTagsTable), (DesignContent.Container + "Id", id));
        ContentRows.Delete(context.Session, ContentRows.Table(context.Service, DesignContent.PackagesSet), ("Id", id));
    }

    /// <summary>
    /// <c>PUT IntegrationPackages('…')/$links/CustomTags('Name')</c> with <c>{"Value":"a|b"}</c>: the package's value of
    /// a custom tag (values separated by <c>|</c>).
    /// </summary>
    public static void SetCustomTag(EntityContext context, string id, string tag, JsonElement body)
    {
        if (DesignContent.Package(context.Service, context.Session, id) == null) throw QueryException.NotFound($"Integration package {id} not found");
        if (!ContentRequests.Has(body, "Value")) throw QueryException.BadRequest("Send the tag's value as Value (several values separated by |)", "Value");
        var table = ContentRows.Table(context.Service, IntegrationContentModule.CustomTagsTable);
        ContentRows.Delete(context.Session, table, (DesignContent.Container + "Id", id), ("Name", tag));
        ContentRows.Insert(context, table, new Dictionary<string, object?>
        {
            [DesignContent.Container + "Id"] = id, ["Name"] = tag, ["Value"] = ContentRequests.Text(body, "Value"),
        });
    }

    // ---- Export and import ------------------------------------------------------------------------------------

    const string MetadataEntry = "IntegrationPackage.json";

    /// <summary>
    /// <c>GET IntegrationPackages('…')/$value</c>: the package as a zip of its properties (<c>IntegrationPackage.json</c>)
    /// and one bundle per artifact (<c>&lt;entity set&gt;/&lt;Id&gt;.zip</c>), which <c>POST IntegrationPackages</c> takes back
    /// as <c>PackageContent</c>. A configure-only package cannot be exported.
    /// </summary>
    public static byte[] Export(ServiceDefinition service, StoreSession session, string id)
    {
        var package = DesignContent.Package(service, session, id) ?? throw QueryException.NotFound($"Integration package {id} not found");
        if (package.Text("Mode") == "READ_ONLY")
            throw new QueryException(500, $"Package export failed. The package {id} is a configure-only package copied from the Discover catalog.");
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            var metadata = archive.CreateEntry(MetadataEntry);
            using (var stream = metadata.Open())
            using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                json.WriteStartObject();
                foreach (var name in new[] { "Id" }.Concat(Editable)) json.WriteString(name, package.Text(name));
                json.WriteEndObject();
            }
            foreach (var type in ArtifactType.All)
                foreach (var artifact in ContentRows.Select(session, ContentRows.Table(service, type.EntitySet), ("PackageId", id)))
                {
                    var entry = archive.CreateEntry($"{type.EntitySet}/{artifact.Get("Id")}.zip");
                    using var stream = entry.Open();
                    stream.Write(DesignContent.Bundle(session, type, artifact).ToZip());
                }
        }
        return output.ToArray();
    }

    sealed record ExportedPackage(Dictionary<string, string> Metadata, List<(ArtifactType Type, ArtifactBundle Bundle)> Artifacts);

    static ExportedPackage ReadExport(byte[] zip)
    {
        ArtifactBundle package;
        try { package = ArtifactBundle.Read(zip, "package content"); }
        catch (BundleException e) { throw QueryException.BadRequest(e.Message, "PackageContent"); }
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (package.File(MetadataEntry) is { } json)
        {
            try
            {
                foreach (var property in JsonDocument.Parse(json).RootElement.EnumerateObject())
                    if (property.Value.ValueKind == JsonValueKind.String) metadata[property.Name] = property.Value.GetString()!;
            }
            catch (JsonException e) { throw QueryException.BadRequest($"{MetadataEntry} of the package content is not valid JSON: {e.Message}", "PackageContent"); }
        }
        var artifacts = new List<(ArtifactType, ArtifactBundle)>();
        foreach (var path in package.Paths)
        {
            var slash = path.IndexOf('/');
            if (slash < 0 || !path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) || ArtifactType.OfSet(path[..slash]) is not { } type) continue;
            try { artifacts.Add((type, ArtifactBundle.Read(package.File(path)!))); }
            catch (BundleException e) { throw QueryException.BadRequest($"{path} of the package content: {e.Message}", "PackageContent"); }
        }
        if (metadata.Count == 0 && artifacts.Count == 0)
            throw QueryException.BadRequest($"The package content holds neither {MetadataEntry} nor artifact bundles", "PackageContent");
        return new ExportedPackage(metadata, artifacts);
    }
}
