using System.Globalization;
using System.Text;
using System.Xml;
using Microsoft.OData.Edm;
using SapSandbox.Core.Query;
using SapSandbox.Core.Store;

namespace SapSandbox.Protocols.V2;

/// <summary>
/// Streams Atom, SAP Gateway's V2 default: feeds and entries with <c>m:properties</c>, typed values
/// (<c>m:type</c>, <c>m:null</c>), navigation links with <c>m:inline</c> for expansions, <c>m:count</c>
/// and a <c>next</c> link.
/// </summary>
public sealed class V2AtomWriter(XmlWriter xml, string serviceRoot)
{
    public const string AtomNamespace = "http://www.w3.org/2005/Atom";
    public const string MetadataNamespace = "http://schemas.microsoft.com/ado/2007/08/dataservices/metadata";
    public const string DataNamespace = "http://schemas.microsoft.com/ado/2007/08/dataservices";
    const string Scheme = "http://schemas.microsoft.com/ado/2007/08/dataservices/scheme";
    const string Related = "http://schemas.microsoft.com/ado/2007/08/dataservices/related/";
    const int RowsPerFlush = 64;

    readonly string _updated = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Writes a feed of one page; returns the entries written.</summary>
    public async Task<long> WriteFeedAsync(EntityRows rows, long? count, Func<object?[], long, string> nextLink)
    {
        var set = rows.Plan.Table.UriName;
        xml.WriteStartDocument();
        xml.WriteStartElement("feed", AtomNamespace);
        WriteRootNamespaces();
        xml.WriteElementString("id", AtomNamespace, serviceRoot + set);
        WriteTitle(set);
        xml.WriteElementString("updated", AtomNamespace, _updated);
        WriteAuthor();
        WriteLink(set, "self", set, null);
        if (count is { } total) xml.WriteElementString("count", MetadataNamespace, total.ToString(CultureInfo.InvariantCulture));
        var page = await rows.WritePageAsync(r => WriteEntry(r), async written =>
        {
            if (written % RowsPerFlush == 0) await xml.FlushAsync();
        });
        if (page.NextAfter is { } last) WriteLink(nextLink(last, page.Written), "next", null, null);
        xml.WriteEndElement();
        xml.WriteEndDocument();
        await xml.FlushAsync();
        return page.Written;
    }

    public async Task WriteEntryAsync(EntityRows rows)
    {
        xml.WriteStartDocument();
        WriteEntry(rows, root: true);
        xml.WriteEndDocument();
        await xml.FlushAsync();
    }

    /// <summary>A single property as its own document: <c>&lt;d:Name xmlns:d=... m:type="..."&gt;value&lt;/d:Name&gt;</c>.</summary>
    public async Task WritePropertyAsync(EntityRows rows, PropertyNode property)
    {
        xml.WriteStartDocument();
        xml.WriteStartElement("d", property.Name, DataNamespace);
        xml.WriteAttributeString("xmlns", "m", null, MetadataNamespace);
        WritePropertyContent(rows, property);
        xml.WriteEndElement();
        xml.WriteEndDocument();
        await xml.FlushAsync();
    }

    void WriteRootNamespaces()
    {
        xml.WriteAttributeString("xml", "base", null, serviceRoot);
        xml.WriteAttributeString("xmlns", "m", null, MetadataNamespace);
        xml.WriteAttributeString("xmlns", "d", null, DataNamespace);
    }

    void WriteEntry(EntityRows rows, bool root = false)
    {
        var plan = rows.Plan;
        var table = plan.Table;
        var self = table.UriName + "(" + V2Values.KeyPredicate(rows) + ")";
        xml.WriteStartElement("entry", AtomNamespace);
        if (root) WriteRootNamespaces();
        if (plan.ETagOrdinal >= 0 && !rows.IsNull(plan.ETagOrdinal))
            xml.WriteAttributeString("etag", MetadataNamespace, V2ETag.Format(rows.Record.GetValue(plan.ETagOrdinal), table.ETag!.Value.Column));
        xml.WriteElementString("id", AtomNamespace, serviceRoot + self);
        WriteTitle(self);
        xml.WriteElementString("updated", AtomNamespace, _updated);
        xml.WriteStartElement("category", AtomNamespace);
        xml.WriteAttributeString("term", table.EntityType.FullName());
        xml.WriteAttributeString("scheme", Scheme);
        xml.WriteEndElement();
        WriteLink(self, "edit", table.EntityType.Name, null);
        foreach (var navigation in table.EntityType.NavigationProperties())
        {
            var expand = plan.Expands.FirstOrDefault(e => e.Name == navigation.Name);
            if (expand == null && !plan.Links(navigation.Name)) continue;
            xml.WriteStartElement("link", AtomNamespace);
            xml.WriteAttributeString("href", self + "/" + navigation.Name);
            xml.WriteAttributeString("rel", Related + navigation.Name);
            xml.WriteAttributeString("type", navigation.Type.IsCollection() ? "application/atom+xml;type=feed" : "application/atom+xml;type=entry");
            xml.WriteAttributeString("title", navigation.Name);
            if (expand != null) WriteInline(rows, expand, self);
            xml.WriteEndElement();
        }
        xml.WriteStartElement("content", AtomNamespace);
        xml.WriteAttributeString("type", "application/xml");
        xml.WriteStartElement("properties", MetadataNamespace);
        foreach (var property in plan.Selected) WriteProperty(rows, property);
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    void WriteInline(EntityRows rows, ExpandPlan expand, string self)
    {
        xml.WriteStartElement("inline", MetadataNamespace);
        using var children = rows.Expand(expand);
        if (expand.IsCollection)
        {
            xml.WriteStartElement("feed", AtomNamespace);
            xml.WriteElementString("id", AtomNamespace, serviceRoot + self + "/" + expand.Name);
            WriteTitle(expand.Name);
            xml.WriteElementString("updated", AtomNamespace, _updated);
            WriteAuthor();
            WriteLink(self + "/" + expand.Name, "self", expand.Name, null);
            while (children.Read()) WriteEntry(children);
            xml.WriteEndElement();
        }
        else if (children.Read()) WriteEntry(children);
        xml.WriteEndElement();
    }

    void WriteProperty(EntityRows rows, PropertyNode property)
    {
        xml.WriteStartElement("d", property.Name, DataNamespace);
        WritePropertyContent(rows, property);
        xml.WriteEndElement();
    }

    void WritePropertyContent(EntityRows rows, PropertyNode property)
    {
        if (property.IsComplex)
        {
            xml.WriteAttributeString("type", MetadataNamespace, property.ComplexTypeName);
            foreach (var child in property.Children) WriteProperty(rows, child);
            return;
        }
        var column = property.Column!;
        if (TypeName(column) is { } typeName) xml.WriteAttributeString("type", MetadataNamespace, typeName);
        var ordinal = rows.Plan.Ordinal(column);
        if (ordinal < 0 || (column.Nullable && rows.IsNull(ordinal)))
        {
            xml.WriteAttributeString("null", MetadataNamespace, "true");
            return;
        }
        xml.WriteString(Text(rows.Record.GetValue(ordinal), column));
    }

    /// <summary>The V2 type name Gateway writes in <c>m:type</c>; strings carry none.</summary>
    static string? TypeName(ColumnMap column) => column.Kind switch
    {
        ValueKind.String => null,
        ValueKind.Date => "Edm.DateTime",
        ValueKind.DateTimeOffset => column.Facts.V2Type ?? "Edm.DateTimeOffset",
        ValueKind.TimeOfDay => "Edm.Time",
        ValueKind.Enum or ValueKind.Json => null,
        _ => column.Type.FullName(),
    };

    static string Text(object value, ColumnMap column) => column.Kind switch
    {
        ValueKind.Boolean => (long)value != 0 ? "true" : "false",
        ValueKind.Double or ValueKind.Single => ((double)value).ToString("R", CultureInfo.InvariantCulture),
        ValueKind.Date => (string)value + "T00:00:00",
        ValueKind.DateTimeOffset when column.Facts.V2Type == "Edm.DateTime" => ((string)value)[..19],
        ValueKind.DateTimeOffset => (string)value,
        ValueKind.TimeOfDay => V2Values.Time((string)value, column.Precision ?? 0),
        ValueKind.Duration => XmlConvert.ToString(TimeSpan.FromTicks((long)value)),
        ValueKind.Binary => Convert.ToBase64String((byte[])value),
        ValueKind.Enum => column.EnumMemberName((long)value) ?? Convert.ToString(value, CultureInfo.InvariantCulture)!,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    void WriteTitle(string title)
    {
        xml.WriteStartElement("title", AtomNamespace);
        xml.WriteAttributeString("type", "text");
        xml.WriteString(title);
        xml.WriteEndElement();
    }

    void WriteAuthor()
    {
        xml.WriteStartElement("author", AtomNamespace);
        xml.WriteElementString("name", AtomNamespace, "");
        xml.WriteEndElement();
    }

    void WriteLink(string href, string rel, string? title, string? type)
    {
        xml.WriteStartElement("link", AtomNamespace);
        xml.WriteAttributeString("href", href);
        xml.WriteAttributeString("rel", rel);
        if (type != null) xml.WriteAttributeString("type", type);
        if (title != null) xml.WriteAttributeString("title", title);
        xml.WriteEndElement();
    }

    public static XmlWriterSettings Settings => new()
    {
        Async = true,
        Encoding = new UTF8Encoding(false),
        // Text and names come from the model and the store; checking every character would cost on every value.
        CheckCharacters = false,
    };
}
