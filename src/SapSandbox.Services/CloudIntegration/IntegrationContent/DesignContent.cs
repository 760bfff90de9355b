using System.Text.RegularExpressions;
using SapSandbox.Core.Query;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;
using SapSandbox.Core.Write;

namespace SapSandbox.Services.CloudIntegration.IntegrationContent;

/// <summary>
/// The design-time artifacts of the workspace and what hangs off them. An artifact is one row per Id: its current
/// version, which <c>Version='active'</c> (in any case: piper sends <c>'Active'</c>) and the version's own number
/// both address; the versions it had before are kept apart (<see cref="VersionHistory"/>). Its bundle is kept beside the row (<see cref="ContentStore"/>), and the rows of its configurations
/// and resources are derived from the bundle whenever it changes.
/// </summary>
public static partial class DesignContent
{
    public const string Active = "active";
    public const string PackagesSet = "IntegrationPackages";
    public const string Container = "$container/";

    public static bool IsActive(string version) => version.Equals(Active, StringComparison.OrdinalIgnoreCase);

    /// <summary>The artifact with <paramref name="id"/>, if <paramref name="version"/> is its version or <c>active</c>.</summary>
    public static ContentRow? Find(ServiceDefinition service, StoreSession session, ArtifactType type, string id, string version)
    {
        var row = ContentRows.First(session, ContentRows.Table(service, type.EntitySet), ("Id", id));
        return row == null || IsActive(version) || row.Get("Version") == version ? row : null;
    }

    public static ContentRow Get(ServiceDefinition service, StoreSession session, ArtifactType type, string id, string version) =>
        Find(service, session, type, id, version) ?? throw QueryException.NotFound(type.NotFound);

    /// <summary>Any design-time artifact with the Id: the tenant's Ids are unique across kinds and packages.</summary>
    public static (ArtifactType Type, ContentRow Row)? FindAny(ServiceDefinition service, StoreSession session, string id)
    {
        foreach (var type in ArtifactType.All)
            if (ContentRows.First(session, ContentRows.Table(service, type.EntitySet), ("Id", id)) is { } row) return (type, row);
        return null;
    }

    public static ContentRow? Package(ServiceDefinition service, StoreSession session, string id) =>
        ContentRows.First(session, ContentRows.Table(service, PackagesSet), ("Id", id));

    /// <summary>The artifact's bundle as stored, or as the tenant's starting content built it.</summary>
    public static ArtifactBundle Bundle(StoreSession session, ArtifactType type, ContentRow artifact)
    {
        var id = artifact.Get("Id");
        var bytes = ContentStore.Load(session, type.EntitySet, id, () => TenantContent.Instance.BundleOf(type, id));
        return bytes == null
            ? ArtifactTemplates.Empty(type, id, artifact.Get("Name"), artifact.Get("Version"))
            : ArtifactBundle.Read(bytes);
    }

    /// <summary>
    /// Keeps a new bundle of the artifact and what follows from it: its configurations and resources, and the
    /// sender and receiver systems of a flow. The row's key (Id, Version) must already be the one given.
    /// </summary>
    public static void Store(EntityContext context, ArtifactType type, string id, string version, ArtifactBundle bundle)
    {
        ContentStore.Save(context.Session, type.EntitySet, id, bundle.ToZip());
        Derive(context, type, id, version, bundle);
    }

    /// <summary>Rewrites the artifact's configuration and resource rows from its bundle.</summary>
    public static void Derive(EntityContext context, ArtifactType type, string id, string version, ArtifactBundle bundle)
    {
        RemoveDerived(context, type, id);
        var service = context.Service;
        if (type.HasConfigurations)
        {
            var table = ContentRows.Table(service, type.ConfigurationsTable);
            foreach (var parameter in bundle.Parameters())
                ContentRows.Insert(context, table, new Dictionary<string, object?>
                {
                    [Container + "Id"] = id, [Container + "Version"] = version, ["ParameterKey"] = parameter.Key,
                    ["ParameterValue"] = parameter.Value, ["DataType"] = parameter.DataType, ["Description"] = parameter.Description,
                });
        }
        if (type.HasResources)
        {
            var table = ContentRows.Table(service, type.ResourcesTable);
            foreach (var resource in bundle.Resources())
            {
                // A script and a schema may share a name; the key is name and type, and the tenant keeps the first.
                if (ContentRows.First(context.Session, table, (Container + "Id", id), ("Name", resource.Name), ("ResourceType", resource.ResourceType)) != null) continue;
                ContentRows.Insert(context, table, ResourceRow(id, version, resource));
            }
        }
        if (type == ArtifactType.ValueMapping) ValueMappings.Derive(context, id, version, bundle);
        if (type == ArtifactType.IntegrationFlow)
        {
            var (senders, receivers) = bundle.Systems();
            ContentRows.Update(context.Session, ContentRows.Table(service, type.EntitySet),
                [new("Sender", senders), new("Receiver", receivers)], ("Id", id));
        }
    }

    public static Dictionary<string, object?> ResourceRow(string id, string version, BundleResource resource) => new()
    {
        [Container + "Id"] = id, [Container + "Version"] = version, ["Name"] = resource.Name, ["ResourceType"] = resource.ResourceType,
        ["ReferencedResourceType"] = null, ["ResourceContent"] = null, ["ResourceSize"] = resource.Size, ["ResourceSizeUnit"] = "Bytes",
    };

    public static void RemoveDerived(EntityContext context, ArtifactType type, string id)
    {
        if (type.HasConfigurations) ContentRows.Delete(context.Session, ContentRows.Table(context.Service, type.ConfigurationsTable), (Container + "Id", id));
        if (type.HasResources) ContentRows.Delete(context.Session, ContentRows.Table(context.Service, type.ResourcesTable), (Container + "Id", id));
        if (type == ArtifactType.ValueMapping) ValueMappings.RemoveDerived(context, id);
    }

    /// <summary>Deletes the artifact with what hangs off it; its deployment, if any, keeps running as on a tenant.</summary>
    public static void Delete(EntityContext context, ArtifactType type, string id)
    {
        RemoveDerived(context, type, id);
        ContentRows.Delete(context.Session, ContentRows.Table(context.Service, LocksSet), ("ArtifactId", id));
        ContentRows.Delete(context.Session, ContentRows.Table(context.Service, type.EntitySet), ("Id", id));
        ContentStore.Save(context.Session, type.EntitySet, id, null);
        VersionHistory.Forget(context.Session, type, id);
    }

    /// <summary>
    /// Gives the artifact a new version: the key of its row and of its configurations and resources, and the bundle's
    /// manifest. The version must not be the artifact's current one's.
    /// </summary>
    public static void ChangeVersion(EntityContext context, ArtifactType type, ContentRow artifact, string version, ArtifactBundle bundle)
    {
        // The version the artifact leaves stays readable under its own number.
        VersionHistory.Keep(context, type, artifact, bundle, version);
        var id = artifact.Get("Id");
        bundle.SetHeader("Bundle-Version", version);
        ContentRows.Update(context.Session, ContentRows.Table(context.Service, type.EntitySet), [new("Version", version)], ("Id", id));
        Store(context, type, id, version, bundle);
    }

    public const string LocksSet = "IntegrationDesigntimeLocks";

    /// <summary>
    /// Refuses a change to an artifact someone else holds the design-time lock of (an editor open in the Web UI), as
    /// the tenant does; the lock's owner may change it, and deleting the lock (<c>DELETE IntegrationDesigntimeLocks('…')</c>)
    /// releases it.
    /// </summary>
    public static void CheckLock(EntityContext context, ArtifactType type, ContentRow artifact)
    {
        var locks = ContentRows.Select(context.Session, ContentRows.Table(context.Service, LocksSet), ("ArtifactId", artifact.Get("Id")));
        var user = ContentRows.UserName(context.User);
        if (locks.FirstOrDefault(l => l.Get("CreatedBy") != user) is { } held)
            throw new QueryException(500, $"Update of {System.Globalization.CultureInfo.InvariantCulture.TextInfo.ToTitleCase(type.Noun)} failed. " +
                                          $"Cannot update the artifact as it is locked. It is locked by {held.Get("CreatedBy")}.");
    }

    public static bool ReadOnly(ServiceDefinition service, StoreSession session, string packageId) =>
        Package(service, session, packageId)?.Text("Mode") == "READ_ONLY";

    /// <summary>The tenant's rule for artifact names: a letter or underscore first, then letters, digits, space, period or hyphen, not ending in a period.</summary>
    public static void CheckName(string? name)
    {
        if (name == null || !NameRule().IsMatch(name))
            throw QueryException.BadRequest("Name should begin with alphabet or underscore (_) and can also contain numbers, space, period(.) or hyphen(-). But it should not end with period(.)", "Name");
    }

    [GeneratedRegex(@"^[A-Za-z_](?:[A-Za-z0-9_ .\-]*[A-Za-z0-9_ \-])?$")]
    private static partial Regex NameRule();

    // ---- Version='active' in read paths -----------------------------------------------------------------------

    [GeneratedRegex(@"(?<set>IntegrationDesigntimeArtifacts|ValueMappingDesigntimeArtifacts|MessageMappingDesigntimeArtifacts|ScriptCollectionDesigntimeArtifacts)\((?<keys>[^()]*)\)")]
    private static partial Regex ArtifactKey();

    /// <summary>
    /// A read path (percent-encoded, with its query) with every design-time artifact's key naming its stored version:
    /// <c>IntegrationDesigntimeArtifacts(Id='x',Version='active')/Configurations</c> reads the configurations of x's
    /// current version. An artifact that does not exist under that key is the tenant's 404.
    /// </summary>
    public static string ResolveVersions(EntityContext context, string relative)
    {
        var query = relative.IndexOf('?');
        var path = query < 0 ? relative : relative[..query];
        var resolved = ArtifactKey().Replace(path, match =>
        {
            var type = ArtifactType.OfSet(match.Groups["set"].Value)!;
            var keys = ParseKeys(Uri.UnescapeDataString(match.Groups["keys"].Value));
            if (keys == null || !keys.TryGetValue("Id", out var id) || !keys.TryGetValue("Version", out var version)) return match.Value;
            var row = Get(context.Service, context.Session, type, id, version);
            return $"{type.EntitySet}(Id={Literal(id)},Version={Literal(row.Get("Version"))})";
        });
        return query < 0 ? resolved : resolved + relative[query..];
    }

    /// <summary>A key predicate's named values (<c>Id='a',Version='b'</c>), or null when it is not one.</summary>
    public static Dictionary<string, string>? ParseKeys(string predicate)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        while (i < predicate.Length)
        {
            var equals = predicate.IndexOf('=', i);
            if (equals < 0 || equals + 1 >= predicate.Length || predicate[equals + 1] != '\'') return null;
            var name = predicate[i..equals].Trim();
            var value = new System.Text.StringBuilder();
            var j = equals + 2;
            for (; j < predicate.Length; j++)
            {
                if (predicate[j] != '\'') { value.Append(predicate[j]); continue; }
                if (j + 1 < predicate.Length && predicate[j + 1] == '\'') { value.Append('\''); j++; continue; }
                break;
            }
            if (j >= predicate.Length) return null;
            result[name] = value.ToString();
            i = j + 1;
            while (i < predicate.Length && predicate[i] is ',' or ' ') i++;
        }
        return result;
    }

    /// <summary>A string key value as a V2 URL literal, percent-encoded.</summary>
    public static string Literal(string value) => "'" + Uri.EscapeDataString(value.Replace("'", "''")) + "'";
}
