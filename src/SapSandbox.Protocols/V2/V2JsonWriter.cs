using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Xml;
using Microsoft.OData.Edm;
using SapSandbox.Core.Query;
using SapSandbox.Core.Store;
using SapSandbox.Protocols.Http;

namespace SapSandbox.Protocols.V2;

/// <summary>
/// Streams SAP Gateway's V2 "verbose" JSON: <c>{"d":{"results":[...]}}</c>, <c>__metadata</c> with id, uri,
/// type and etag, <c>__deferred</c> for navigations not expanded, Int64 and Decimal as strings,
/// <c>"\/Date(ms)\/"</c> with Gateway's escaped slashes, Edm.Time as <c>PT09H50M04S</c>.
/// With <paramref name="v1"/> collections are OData 1.0's bare arrays (<c>{"d":[...]}</c>) for clients capped at 1.0.
/// </summary>
/// <param name="olingo">Writes as Apache Olingo does (Cloud Integration): <c>__next</c> relative to the service root, Edm.DateTimeOffset without offset.</param>
public sealed class V2JsonWriter(Utf8JsonWriter json, PipeWriter pipe, string serviceRoot, bool v1 = false, bool olingo = false)
{
    readonly JsonPipeFlusher _flusher = new(json, pipe);
    static readonly JsonEncodedText D = JsonEncodedText.Encode("d");
    static readonly JsonEncodedText Results = JsonEncodedText.Encode("results");
    static readonly JsonEncodedText Count = JsonEncodedText.Encode("__count");
    static readonly JsonEncodedText Next = JsonEncodedText.Encode("__next");
    static readonly JsonEncodedText Metadata = JsonEncodedText.Encode("__metadata");
    static readonly JsonEncodedText Deferred = JsonEncodedText.Encode("__deferred");
    static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    static readonly JsonEncodedText Uri = JsonEncodedText.Encode("uri");
    static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    static readonly JsonEncodedText ETagName = JsonEncodedText.Encode("etag");

    public async Task<long> WriteCollectionAsync(EntityRows rows, long? count, Func<object?[], long, string> nextLink)
    {
        json.WriteStartObject();
        if (v1)
        {
            // The endpoint has made sure one page holds everything: 1.0 has no __count or __next.
            json.WriteStartArray(D);
            var all = await rows.WritePageAsync(WriteEntity, _ => _flusher.FlushIfFullAsync());
            json.WriteEndArray();
            json.WriteEndObject();
            await json.FlushAsync();
            return all.Written;
        }
        json.WriteStartObject(D);
        if (count is { } total) json.WriteString(Count, total.ToString(CultureInfo.InvariantCulture));
        json.WriteStartArray(Results);
        var page = await rows.WritePageAsync(WriteEntity, _ => _flusher.FlushIfFullAsync());
        json.WriteEndArray();
        if (page.NextAfter is { } last)
        {
            var next = nextLink(last, page.Written);
            json.WriteString(Next, olingo && next.StartsWith(serviceRoot, StringComparison.Ordinal) ? next[serviceRoot.Length..] : next);
        }
        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync();
        return page.Written;
    }

    public async Task WriteEntityAsync(EntityRows rows)
    {
        json.WriteStartObject();
        json.WritePropertyName(D);
        WriteEntity(rows);
        json.WriteEndObject();
        await json.FlushAsync();
    }

    /// <summary>A single property: <c>{"d":{"Name":value}}</c>.</summary>
    public async Task WritePropertyAsync(EntityRows rows, PropertyNode property)
    {
        json.WriteStartObject();
        json.WriteStartObject(D);
        WriteProperty(rows, property);
        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync();
    }

    void WriteEntity(EntityRows rows)
    {
        var plan = rows.Plan;
        var uri = EntityUri(rows);
        json.WriteStartObject();
        json.WriteStartObject(Metadata);
        json.WriteString(Id, uri);
        json.WriteString(Uri, uri);
        json.WriteString(Type, plan.Table.EntityType.FullName());
        if (plan.ETagOrdinal >= 0 && !rows.IsNull(plan.ETagOrdinal))
            json.WriteString(ETagName, V2ETag.Format(rows.Record.GetValue(plan.ETagOrdinal), plan.Table.ETag!.Value.Column));
        if (plan.Table.EntityType.HasStream) WriteMediaMetadata(rows, uri);
        json.WriteEndObject();
        foreach (var property in plan.Selected) WriteProperty(rows, property);
        foreach (var navigation in plan.Table.EntityType.NavigationProperties())
        {
            var expand = plan.Expands.FirstOrDefault(e => e.Name == navigation.Name);
            if (expand != null) WriteExpanded(rows, expand);
            else if (plan.Links(navigation.Name))
            {
                json.WriteStartObject(navigation.Name);
                json.WriteStartObject(Deferred);
                json.WriteString(Uri, uri + "/" + navigation.Name);
                json.WriteEndObject();
                json.WriteEndObject();
            }
        }
        json.WriteEndObject();
    }

    void WriteExpanded(EntityRows rows, ExpandPlan expand)
    {
        json.WritePropertyName(expand.EncodedName);
        using var children = rows.Expand(expand);
        if (expand.IsCollection)
        {
            if (!v1) json.WriteStartObject();
            if (v1) json.WriteStartArray();
            else json.WriteStartArray(Results);
            while (children.Read()) WriteEntity(children);
            json.WriteEndArray();
            if (!v1) json.WriteEndObject();
        }
        else if (children.Read()) WriteEntity(children);
        else json.WriteNullValue();
    }

    void WriteProperty(EntityRows rows, PropertyNode property)
    {
        json.WritePropertyName(property.EncodedName);
        if (!property.IsComplex)
        {
            WriteValue(rows, property.Column!);
            return;
        }
        json.WriteStartObject();
        json.WriteStartObject(Metadata);
        json.WriteString(Type, property.ComplexTypeName);
        json.WriteEndObject();
        foreach (var child in property.Children) WriteProperty(rows, child);
        json.WriteEndObject();
    }

    void WriteValue(EntityRows rows, ColumnMap column)
    {
        var ordinal = rows.Plan.Ordinal(column);
        var record = rows.Record;
        if (ordinal < 0 || (column.Nullable && record.IsDBNull(ordinal)))
        {
            json.WriteNullValue();
            return;
        }
        switch (column.Kind)
        {
            case ValueKind.String or ValueKind.Guid or ValueKind.Decimal:
                json.WriteStringValue(record.GetString(ordinal));
                break;
            case ValueKind.Boolean:
                json.WriteBooleanValue(record.GetInt64(ordinal) != 0);
                break;
            case ValueKind.Int32:
                json.WriteNumberValue(record.GetInt64(ordinal));
                break;
            case ValueKind.Int64:
                json.WriteStringValue(record.GetInt64(ordinal).ToString(CultureInfo.InvariantCulture));
                break;
            case ValueKind.Double or ValueKind.Single:
                json.WriteStringValue(record.GetDouble(ordinal).ToString("R", CultureInfo.InvariantCulture));
                break;
            case ValueKind.Date:
                WriteDate(V2Values.Milliseconds(record.GetString(ordinal)), withOffset: false);
                break;
            case ValueKind.DateTimeOffset:
                WriteDate(V2Values.Milliseconds(record.GetString(ordinal)), withOffset: column.Facts.V2Type != "Edm.DateTime" && !olingo);
                break;
            case ValueKind.TimeOfDay:
                json.WriteStringValue(V2Values.Time(record.GetString(ordinal), column.Precision ?? 0));
                break;
            case ValueKind.Duration:
                json.WriteStringValue(XmlConvert.ToString(TimeSpan.FromTicks(record.GetInt64(ordinal))));
                break;
            case ValueKind.Binary:
                json.WriteBase64StringValue((byte[])record.GetValue(ordinal));
                break;
            case ValueKind.Enum:
                var value = record.GetInt64(ordinal);
                json.WriteStringValue(column.EnumMemberName(value) ?? value.ToString(CultureInfo.InvariantCulture));
                break;
            case ValueKind.Json:
                json.WriteRawValue(record.GetString(ordinal), skipInputValidation: true);
                break;
        }
    }

    /// <summary>
    /// A media entity's stream as Gateway and Olingo describe it: its type, and <c>$value</c> to read and replace it.
    /// The type is the entity's own <c>ContentType</c> or <c>MimeType</c> property where it has one.
    /// </summary>
    void WriteMediaMetadata(EntityRows rows, string uri)
    {
        string? type = null;
        foreach (var name in (ReadOnlySpan<string>)["ContentType", "MimeType"])
            if (rows.Plan.Table.Column(name) is { Kind: ValueKind.String } column && rows.Plan.Ordinal(column) is var ordinal and >= 0 && !rows.IsNull(ordinal))
            {
                type = rows.Record.GetString(ordinal);
                break;
            }
        json.WriteString(ContentTypeName, string.IsNullOrEmpty(type) ? "application/octet-stream" : type);
        json.WriteString(MediaSource, uri + "/$value");
        json.WriteString(EditMedia, uri + "/$value");
    }

    static readonly JsonEncodedText ContentTypeName = JsonEncodedText.Encode("content_type");
    static readonly JsonEncodedText MediaSource = JsonEncodedText.Encode("media_src");
    static readonly JsonEncodedText EditMedia = JsonEncodedText.Encode("edit_media");

    /// <summary>Gateway escapes the slashes (<c>"\/Date(1130112000000)\/"</c>); Utf8JsonWriter would not, so the literal goes raw.</summary>
    void WriteDate(long milliseconds, bool withOffset)
    {
        Span<byte> buffer = stackalloc byte[48];
        var text = withOffset ? $"\"\\/Date({milliseconds}+0000)\\/\"" : $"\"\\/Date({milliseconds})\\/\"";
        var length = Encoding.ASCII.GetBytes(text, buffer);
        json.WriteRawValue(buffer[..length], skipInputValidation: true);
    }

    /// <summary>The entity's absolute URL, as Gateway writes it in <c>id</c> and <c>uri</c>: <c>.../A_SalesOrder('4000043')</c>.</summary>
    string EntityUri(EntityRows rows) => serviceRoot + rows.Plan.Table.UriName + "(" + V2Values.KeyPredicate(rows) + ")";
}
