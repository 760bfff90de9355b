using SapSandbox.Core.Query;
using SapSandbox.Core.Store;
using SapSandbox.Core.Write;

namespace SapSandbox.Services.CloudIntegration.IntegrationContent;

/// <summary>
/// Creating a design-time artifact (<c>POST …DesigntimeArtifacts</c>) as the tenant does: from a name, an Id and a
/// package, and optionally the bundle as base64 <c>ArtifactContent</c>. The bundle decides the version (its
/// manifest's Bundle-Version) and takes the artifact's Id and name; without one the tenant creates an empty artifact
/// at 1.0.0. The content is kept beside the row, which answers <c>ArtifactContent</c> as null, as the tenant does.
/// Reads resolve <c>Version='active'</c> to the artifact's current version.
/// </summary>
public sealed class DesigntimeArtifactBehavior(ArtifactType type) : IEntitySetBehavior
{
    public void BeforeCreate(EntityContext context, EntityInput input)
    {
        var table = input.Table;
        string? Text(string path) => table.Column(path) is { } column && input.Values.TryGetValue(column, out var value) ? value as string : null;
        void Set(string path, object? value)
        {
            if (table.Column(path) is { } column) input.Values[column] = StoredValue.From(column.Kind, value, column.EnumType);
        }

        ArtifactBundle? bundle = null;
        if (table.Column("ArtifactContent") is { } contentColumn && input.Values.TryGetValue(contentColumn, out var content) && content is byte[] { Length: > 0 } bytes)
        {
            try { bundle = ArtifactBundle.Read(bytes); }
            catch (BundleException e) { throw QueryException.BadRequest(e.Message, "ArtifactContent"); }
            if (bundle.BundleType is { Length: > 0 } bundleType && !bundleType.Equals(type.BundleType, StringComparison.OrdinalIgnoreCase))
                throw QueryException.BadRequest($"The content is a bundle of type {bundleType}; {type.EntitySet} takes {type.BundleType} bundles", "ArtifactContent");
        }
        var id = Text("Id") is { Length: > 0 } given ? given : bundle?.SymbolicName;
        if (string.IsNullOrEmpty(id)) throw QueryException.BadRequest($"The new {type.Noun} needs an Id", "Id");
        var name = Text("Name") is { Length: > 0 } named ? named : bundle?.Name ?? id;
        DesignContent.CheckName(name);
        var packageId = Text("PackageId");
        if (string.IsNullOrEmpty(packageId)) throw QueryException.BadRequest($"The new {type.Noun} needs the Id of its package (PackageId)", "PackageId");
        var package = DesignContent.Package(context.Service, context.Session, packageId)
            ?? throw QueryException.NotFound($"Package ID {packageId} does not exist.");
        if (package.Text("Mode") == "READ_ONLY")
            throw QueryException.BadRequest($"The package {packageId} is a configure-only package; artifacts cannot be added to it");
        if (DesignContent.FindAny(context.Service, context.Session, id) is { } existing)
        {
            var packageName = DesignContent.Package(context.Service, context.Session, existing.Row.Get("PackageId"))?.Text("Name") ?? existing.Row.Get("PackageId");
            throw new QueryException(500, $"{existing.Type.Article} {existing.Row.Get("Name")} with the ID {id} already exists in the {packageName} package. Please rename the artifact ID.");
        }

        var version = ArtifactBundle.IsVersion(bundle?.Version) ? bundle!.Version! : "1.0.0";
        bundle ??= ArtifactTemplates.Empty(type, id, name, version);
        bundle.SetIdentity(id, name, version);
        var now = DateTimeOffset.UtcNow;
        var user = ContentRows.UserName(context.User);
        Set("Id", id);
        Set("Name", name);
        Set("Version", version);
        Set("ArtifactContent", null);
        Set(IntegrationContentModule.PackageLink(type), packageId);
        if (Text("Description") == null) Set("Description", "");
        if (type == ArtifactType.IntegrationFlow)
        {
            var (senders, receivers) = bundle.Systems();
            Set("Sender", senders);
            Set("Receiver", receivers);
            Set("CreatedBy", user);
            Set("ModifiedBy", user);
            Set("CreatedAt", ContentRows.EpochText(now));
            Set("ModifiedAt", ContentRows.EpochText(now));
        }
        // Kept now, in the create's transaction; the rows that follow from it come once the row exists.
        ContentStore.Save(context.Session, type.EntitySet, id, bundle.ToZip());
    }

    public void AfterCreate(EntityContext context, IReadOnlyDictionary<ColumnMap, object?> row)
    {
        var id = (string)row.First(r => r.Key.Path == "Id").Value!;
        var version = (string)row.First(r => r.Key.Path == "Version").Value!;
        var bytes = ContentStore.Load(context.Session, type.EntitySet, id, () => null)!;
        DesignContent.Derive(context, type, id, version, ArtifactBundle.Read(bytes));
    }

    public void BeforeDelete(EntityContext context, ExistingEntity entity)
    {
        var id = entity.Values.First(v => v.Key.Path == "Id").Value as string ?? "";
        DesignContent.RemoveDerived(context, type, id);
        ContentStore.Save(context.Session, type.EntitySet, id, null);
        VersionHistory.Forget(context.Session, type, id);
    }

    public string RewriteRead(EntityContext context, string relative) => DesignContent.ResolveVersions(context, relative);

    public MediaContent? ReadMedia(EntityContext context, ExistingEntity entity)
    {
        var id = entity.Values.First(v => v.Key.Path == "Id").Value as string ?? "";
        var row = DesignContent.Get(context.Service, context.Session, type, id, DesignContent.Active);
        return new MediaContent("application/zip", DesignContent.Bundle(context.Session, type, row).ToZip());
    }
}

/// <summary>
/// Reads of packages: their artifacts by the active version
/// (<c>IntegrationPackages('…')/IntegrationDesigntimeArtifacts(Id='…',Version='active')</c>), and the list filtered by
/// custom tags as the API documents it (<c>IntegrationPackages?Author=Fred|John&amp;LoB=Sales</c>: packages whose tag
/// holds one of the values, for every tag given).
/// </summary>
public sealed class PackageBehavior : IEntitySetBehavior
{
    public string RewriteRead(EntityContext context, string relative)
    {
        relative = DesignContent.ResolveVersions(context, relative);
        var question = relative.IndexOf('?');
        if (question < 0 || relative[..question] != DesignContent.PackagesSet) return relative;
        var options = relative[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries).ToList();
        var tags = options.Where(o => !o.StartsWith('$') && o.Contains('=')).Select(o => (Option: o, Name: Uri.UnescapeDataString(o[..o.IndexOf('=')])))
            .Where(o => o.Name is "Author" or "LoB").ToList();
        if (tags.Count == 0) return relative;

        var table = ContentRows.Table(context.Service, IntegrationContentModule.CustomTagsTable);
        HashSet<string>? matching = null;
        foreach (var (option, name) in tags)
        {
            options.Remove(option);
            var wanted = Uri.UnescapeDataString(option[(option.IndexOf('=') + 1)..].Replace('+', ' ')).Split('|', StringSplitOptions.TrimEntries);
            var packages = ContentRows.Select(context.Session, table, ("Name", name))
                .Where(t => t.Get("Value").Split('|', StringSplitOptions.TrimEntries).Intersect(wanted, StringComparer.OrdinalIgnoreCase).Any())
                .Select(t => t.Get(DesignContent.Container + "Id")).ToHashSet(StringComparer.Ordinal);
            matching = matching == null ? packages : [.. matching.Intersect(packages)];
        }
        var condition = matching!.Count == 0 ? "Id eq ''" : "(" + string.Join(" or ", matching.Order(StringComparer.Ordinal).Select(id => $"Id eq '{id.Replace("'", "''")}'")) + ")";
        var filter = options.FindIndex(o => o.StartsWith("$filter=", StringComparison.Ordinal) || o.StartsWith("%24filter=", StringComparison.Ordinal));
        if (filter >= 0)
        {
            var existing = options[filter][(options[filter].IndexOf('=') + 1)..];
            options[filter] = "$filter=" + Uri.EscapeDataString(condition + " and (") + existing + Uri.EscapeDataString(")");
        }
        else options.Add("$filter=" + Uri.EscapeDataString(condition));
        return DesignContent.PackagesSet + "?" + string.Join("&", options);
    }
}

/// <summary><c>…/Resources(Name='…',ResourceType='…')/$value</c> of an artifact addressed by its version: the file in its bundle.</summary>
public sealed class ResourceContent(ArtifactType type) : IEntitySetBehavior
{
    public MediaContent? ReadMedia(EntityContext context, ExistingEntity entity)
    {
        string Value(string path) => entity.Values.First(v => v.Key.Path == path).Value as string ?? "";
        var artifact = DesignContent.Get(context.Service, context.Session, type, Value(DesignContent.Container + "Id"), DesignContent.Active);
        var path = ArtifactBundle.ResourcePath(Value("Name"), Value("ResourceType"));
        return path != null && DesignContent.Bundle(context.Session, type, artifact).File(path) is { } bytes
            ? new MediaContent("application/octet-stream", bytes) : null;
    }
}
