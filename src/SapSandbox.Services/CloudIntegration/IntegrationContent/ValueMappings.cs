using System.Security;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using SapSandbox.Core.Operations;
using SapSandbox.Core.Query;
using SapSandbox.Core.Write;

namespace SapSandbox.Services.CloudIntegration.IntegrationContent;

/// <summary>
/// The content of a value mapping: groups of values that mean the same thing under different agencies and
/// identifiers (<c>value_mapping.xml</c> in its bundle). The API shows it per pair of agency identifiers
/// (<c>…/ValMapSchema(SrcAgency,SrcId,TgtAgency,TgtId)</c>, both directions) with the mapped values of each pair
/// (<c>…/ValMaps</c>: a group's Id and its source and target value), and changes it with <c>UpsertValMaps</c> and
/// <c>DeleteValMaps</c>, which write the bundle, so that a download or a deployment carries the change. A pair may
/// have a default (<c>…/DefaultValMaps</c>, set with <c>UpdateDefaultValMap</c>): the group whose target value a
/// lookup of an unmapped source value falls back to. The bundle keeps it beside the groups, as
/// <c>&lt;default srcAgency srcId tgtAgency tgtId group/&gt;</c>.
/// </summary>
public static class ValueMappings
{
    public const string SchemaTable = "ValueMappingDesigntimeArtifacts_ValMapSchema";
    public const string ValMapsTable = SchemaTable + "_ValMaps";
    public const string DefaultsTable = SchemaTable + "_DefaultValMaps";

    public sealed record Entry(string Agency, string Schema, string Value);
    public sealed record Group(string Id, List<Entry> Entries);
    /// <summary>The default of the direction from one identifier to another: the group whose target value it takes.</summary>
    public sealed record DefaultMap(string SrcAgency, string SrcId, string TgtAgency, string TgtId, string GroupId)
    {
        public bool Maps(Group group) => group.Id == GroupId && group.Entries.Any(e => e.Agency == SrcAgency && e.Schema == SrcId)
                                         && group.Entries.Any(e => e.Agency == TgtAgency && e.Schema == TgtId);
    }

    public static List<Group> Read(ArtifactBundle bundle)
    {
        var groups = new List<Group>();
        if (bundle.Text(ArtifactBundle.ValueMappingPath) is not { } text) return groups;
        XDocument document;
        try { document = XDocument.Parse(text); }
        catch (XmlException) { return groups; }
        foreach (var group in document.Root!.Elements().Where(e => e.Name.LocalName == "group"))
            groups.Add(new Group((string?)group.Attribute("id") ?? "", group.Elements().Where(e => e.Name.LocalName == "entry")
                .Select(e => new Entry(Child(e, "agency"), Child(e, "schema"), Child(e, "value"))).ToList()));
        return groups;
    }

    public static List<DefaultMap> ReadDefaults(ArtifactBundle bundle)
    {
        if (bundle.Text(ArtifactBundle.ValueMappingPath) is not { } text) return [];
        XDocument document;
        try { document = XDocument.Parse(text); }
        catch (XmlException) { return []; }
        return document.Root!.Elements().Where(e => e.Name.LocalName == "default")
            .Select(e => new DefaultMap((string?)e.Attribute("srcAgency") ?? "", (string?)e.Attribute("srcId") ?? "",
                (string?)e.Attribute("tgtAgency") ?? "", (string?)e.Attribute("tgtId") ?? "", (string?)e.Attribute("group") ?? "")).ToList();
    }

    static string Child(XElement element, string name) => element.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value ?? "";

    public static string Write(IEnumerable<Group> groups, IEnumerable<DefaultMap>? defaults = null)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><vm version=\"2.0\">");
        foreach (var group in groups)
        {
            xml.Append("<group id=\"").Append(Escape(group.Id)).Append("\">");
            foreach (var entry in group.Entries)
                xml.Append("<entry><agency>").Append(Escape(entry.Agency)).Append("</agency><schema>").Append(Escape(entry.Schema))
                   .Append("</schema><value>").Append(Escape(entry.Value)).Append("</value></entry>");
            xml.Append("</group>");
        }
        foreach (var map in defaults ?? [])
            xml.Append("<default srcAgency=\"").Append(Escape(map.SrcAgency)).Append("\" srcId=\"").Append(Escape(map.SrcId))
               .Append("\" tgtAgency=\"").Append(Escape(map.TgtAgency)).Append("\" tgtId=\"").Append(Escape(map.TgtId))
               .Append("\" group=\"").Append(Escape(map.GroupId)).Append("\"/>");
        return xml.Append("</vm>").ToString();
    }

    static string Escape(string text) => SecurityElement.Escape(text) ?? "";

    /// <summary>A new group's id, as the tenant gives them: 32 hexadecimal digits.</summary>
    public static string NewGroupId() => Guid.NewGuid().ToString("N");

    /// <summary>The rows the content shows: every ordered pair of identifiers some group maps, and each pair's values.</summary>
    public static (List<Dictionary<string, object?>> Schemas, List<Dictionary<string, object?>> ValMaps) Rows(string id, string version, ArtifactBundle bundle)
    {
        const string container = DesignContent.Container;
        var schemas = new List<Dictionary<string, object?>>();
        var maps = new List<Dictionary<string, object?>>();
        var pairs = new HashSet<(string, string, string, string)>();
        foreach (var group in Read(bundle))
            foreach (var source in group.Entries)
                foreach (var target in group.Entries.Where(t => (t.Agency, t.Schema) != (source.Agency, source.Schema)))
                {
                    var pair = (source.Agency, source.Schema, target.Agency, target.Schema);
                    if (pairs.Add(pair))
                        schemas.Add(TenantContent.Row((container + "Id", id), (container + "Version", version), ("SrcAgency", source.Agency),
                            ("SrcId", source.Schema), ("TgtAgency", target.Agency), ("TgtId", target.Schema), ("State", "Configured")));
                    if (maps.Any(m => (string?)m["Id"] == group.Id && (string?)m[container + "SrcAgency"] == source.Agency && (string?)m[container + "SrcId"] == source.Schema
                                      && (string?)m[container + "TgtAgency"] == target.Agency && (string?)m[container + "TgtId"] == target.Schema)) continue;
                    maps.Add(TenantContent.Row((container + container + "Id", id), (container + container + "Version", version),
                        (container + "SrcAgency", source.Agency), (container + "SrcId", source.Schema), (container + "TgtAgency", target.Agency),
                        (container + "TgtId", target.Schema), ("Id", group.Id), ("Value/SrcValue", source.Value), ("Value/TgtValue", target.Value)));
                }
        return (schemas, maps);
    }

    public static void Derive(EntityContext context, string id, string version, ArtifactBundle bundle)
    {
        RemoveDerived(context, id);
        var (schemas, maps) = Rows(id, version, bundle);
        var schemaTable = ContentRows.Table(context.Service, SchemaTable);
        var mapTable = ContentRows.Table(context.Service, ValMapsTable);
        foreach (var schema in schemas) ContentRows.Insert(context, schemaTable, schema);
        foreach (var map in maps) ContentRows.Insert(context, mapTable, map);
        var defaultsTable = ContentRows.Table(context.Service, DefaultsTable);
        foreach (var row in DefaultRows(id, version, bundle)) ContentRows.Insert(context, defaultsTable, row);
    }

    /// <summary>The rows of <c>…/DefaultValMaps</c>: per direction, the default group's Id and its source and target value.</summary>
    public static IEnumerable<Dictionary<string, object?>> DefaultRows(string id, string version, ArtifactBundle bundle)
    {
        const string container = DesignContent.Container;
        var groups = Read(bundle);
        foreach (var map in ReadDefaults(bundle))
        {
            if (groups.FirstOrDefault(map.Maps) is not { } group) continue;
            yield return TenantContent.Row((container + container + "Id", id), (container + container + "Version", version),
                (container + "SrcAgency", map.SrcAgency), (container + "SrcId", map.SrcId), (container + "TgtAgency", map.TgtAgency),
                (container + "TgtId", map.TgtId), ("Id", group.Id),
                ("Value/SrcValue", group.Entries.First(e => e.Agency == map.SrcAgency && e.Schema == map.SrcId).Value),
                ("Value/TgtValue", group.Entries.First(e => e.Agency == map.TgtAgency && e.Schema == map.TgtId).Value));
        }
    }

    public static void RemoveDerived(EntityContext context, string id)
    {
        const string container = DesignContent.Container;
        ContentRows.Delete(context.Session, ContentRows.Table(context.Service, SchemaTable), (container + "Id", id));
        ContentRows.Delete(context.Session, ContentRows.Table(context.Service, ValMapsTable), (container + container + "Id", id));
        ContentRows.Delete(context.Session, ContentRows.Table(context.Service, DefaultsTable), (container + container + "Id", id));
    }

    /// <summary>The value mapping a value-mapping function import names, with its bundle and groups.</summary>
    static (ContentRow Artifact, ArtifactBundle Bundle, List<Group> Groups, EntityContext Context) Load(OperationCall call)
    {
        var context = new EntityContext(call.Service, call.Session, call.Writer, call.User);
        var artifact = DesignContent.Get(call.Service, call.Session, ArtifactType.ValueMapping, Text(call, "Id"), Text(call, "Version"));
        var bundle = DesignContent.Bundle(call.Session, ArtifactType.ValueMapping, artifact);
        return (artifact, bundle, Read(bundle), context);
    }

    /// <summary>Writes the groups into the bundle; a default whose group no longer maps its pair goes with it.</summary>
    static void Save(EntityContext context, ContentRow artifact, ArtifactBundle bundle, List<Group> groups, List<DefaultMap>? defaults = null)
    {
        defaults ??= ReadDefaults(bundle);
        bundle.Put(ArtifactBundle.ValueMappingPath, Write(groups, defaults.Where(d => groups.Any(d.Maps))));
        DesignContent.Store(context, ArtifactType.ValueMapping, artifact.Get("Id"), artifact.Get("Version"), bundle);
    }

    static string Text(OperationCall call, string name) =>
        call.Parameters.GetValueOrDefault(name) as string is { Length: > 0 } value ? value : throw QueryException.BadRequest($"Give {name}, in quotes: {name}='…'", name);

    /// <summary>
    /// <c>UpsertValMaps</c>: maps a source value to a target value between two identifiers. The group <c>ValMapId</c>
    /// names (or else the group that already maps the source value) gets the target value; otherwise a new group is
    /// made. Answers 202.
    /// </summary>
    public sealed class Upsert : IOperationHandler
    {
        public OperationResult Invoke(OperationCall call)
        {
            var (artifact, bundle, groups, context) = Load(call);
            var (srcAgency, srcId, tgtAgency, tgtId) = (Text(call, "SrcAgency"), Text(call, "SrcId"), Text(call, "TgtAgency"), Text(call, "TgtId"));
            var srcValue = Text(call, "SrcValue");
            var tgtValue = call.Parameters.GetValueOrDefault("TgtValue") as string ?? "";
            if ((srcAgency, srcId) == (tgtAgency, tgtId)) throw QueryException.BadRequest("Source and target identifiers are the same");
            var valMapId = call.Parameters.GetValueOrDefault("ValMapId") as string;
            var group = valMapId is { Length: > 0 }
                ? groups.FirstOrDefault(g => g.Id == valMapId) ?? throw QueryException.NotFound($"The value mapping {artifact.Get("Id")} has no value map {valMapId}")
                : groups.FirstOrDefault(g => g.Entries.Any(e => e.Agency == srcAgency && e.Schema == srcId && e.Value == srcValue));
            if (group == null)
            {
                group = new Group(NewGroupId(), []);
                groups.Add(group);
            }
            Set(group, srcAgency, srcId, srcValue);
            Set(group, tgtAgency, tgtId, tgtValue);
            Save(context, artifact, bundle, groups);
            return new OperationResult.Raw(202, "text/plain", []);
        }

        static void Set(Group group, string agency, string schema, string value)
        {
            group.Entries.RemoveAll(e => e.Agency == agency && e.Schema == schema);
            group.Entries.Add(new Entry(agency, schema, value));
        }
    }

    /// <summary>
    /// <c>UpdateDefaultValMap</c>: makes the group <c>ValMapId</c> the default of the direction from
    /// <c>SrcAgency/SrcId</c> to <c>TgtAgency/TgtId</c> (<c>IsConfigured=true</c>), replacing the direction's previous
    /// default, or takes that default away again (<c>IsConfigured=false</c>). The group must map both identifiers;
    /// one without a value for the target answers the tenant's 400, "Not enough target instances to create default."
    /// Answers 202.
    /// </summary>
    public sealed class UpdateDefault : IOperationHandler
    {
        public OperationResult Invoke(OperationCall call)
        {
            var (srcAgency, srcId, tgtAgency, tgtId) = (Text(call, "SrcAgency"), Text(call, "SrcId"), Text(call, "TgtAgency"), Text(call, "TgtId"));
            var valMapId = Text(call, "ValMapId");
            var configured = call.Parameters.GetValueOrDefault("IsConfigured") switch
            {
                bool flag => flag,
                long number => number != 0,
                string text when bool.TryParse(text, out var parsed) => parsed,
                _ => throw QueryException.BadRequest("Give IsConfigured: true to make the value map the default, false to take it away", "IsConfigured"),
            };
            var (artifact, bundle, groups, context) = Load(call);
            if ((srcAgency, srcId) == (tgtAgency, tgtId)) throw QueryException.BadRequest("Source and target identifiers are the same");
            if (!groups.Any(g => g.Entries.Any(e => e.Agency == srcAgency && e.Schema == srcId) && g.Entries.Any(e => e.Agency == tgtAgency && e.Schema == tgtId)))
                throw QueryException.NotFound($"The value mapping {artifact.Get("Id")} maps nothing from {srcAgency}/{srcId} to {tgtAgency}/{tgtId}");
            var group = groups.FirstOrDefault(g => g.Id == valMapId)
                ?? throw QueryException.NotFound($"The value mapping {artifact.Get("Id")} has no value map {valMapId}");
            var map = new DefaultMap(srcAgency, srcId, tgtAgency, tgtId, valMapId);
            if (!map.Maps(group)) throw QueryException.BadRequest("Not enough target instances to create default.");

            var defaults = ReadDefaults(bundle);
            var direction = defaults.FindIndex(d => (d.SrcAgency, d.SrcId, d.TgtAgency, d.TgtId) == (srcAgency, srcId, tgtAgency, tgtId));
            if (configured)
            {
                if (direction >= 0) defaults[direction] = map;
                else defaults.Add(map);
            }
            else if (direction >= 0 && defaults[direction].GroupId == valMapId) defaults.RemoveAt(direction);
            Save(context, artifact, bundle, groups, defaults);
            return new OperationResult.Raw(202, "text/plain", []);
        }
    }

    /// <summary><c>DeleteValMaps</c>: removes every mapping between the two identifiers (a group keeps its other values). Answers 202.</summary>
    public sealed class Delete : IOperationHandler
    {
        public OperationResult Invoke(OperationCall call)
        {
            var (artifact, bundle, groups, context) = Load(call);
            var (srcAgency, srcId, tgtAgency, tgtId) = (Text(call, "SrcAgency"), Text(call, "SrcId"), Text(call, "TgtAgency"), Text(call, "TgtId"));
            var pairs = groups.Where(g => g.Entries.Any(e => e.Agency == srcAgency && e.Schema == srcId) && g.Entries.Any(e => e.Agency == tgtAgency && e.Schema == tgtId)).ToList();
            if (pairs.Count == 0)
                throw QueryException.NotFound($"The value mapping {artifact.Get("Id")} maps nothing from {srcAgency}/{srcId} to {tgtAgency}/{tgtId}");
            foreach (var group in pairs)
            {
                group.Entries.RemoveAll(e => (e.Agency == srcAgency && e.Schema == srcId) || (e.Agency == tgtAgency && e.Schema == tgtId));
                if (group.Entries.Count < 2) groups.Remove(group);
            }
            Save(context, artifact, bundle, groups);
            return new OperationResult.Raw(202, "text/plain", []);
        }
    }
}
