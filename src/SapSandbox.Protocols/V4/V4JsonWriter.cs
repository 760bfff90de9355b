using System.Buffers.Text;
using System.Globalization;
using System.IO.Pipelines;
using System.Text.Json;
using System.Xml;
using SapSandbox.Core.Query;
using SapSandbox.Core.Store;
using SapSandbox.Protocols.Http;

namespace SapSandbox.Protocols.V4;

/// <summary>
/// Streams OData V4 JSON (minimal metadata) from the store's reader to the response: each value goes
/// from its column straight into <see cref="Utf8JsonWriter"/>, and the pipe is flushed as rows pass,
/// so memory does not grow with the number of rows.
/// </summary>
public sealed class V4JsonWriter(Utf8JsonWriter json, PipeWriter pipe, bool ieee754Compatible)
{
    readonly JsonPipeFlusher _flusher = new(json, pipe);

    /// <summary>The messages of the change answered with this entity, written in place of its stored messages property (<see cref="V4Messages"/>).</summary>
    public (ColumnMap Column, string Json)? Messages { get; init; }

    /// <summary>
    /// Writes <c>{"@odata.context", "@odata.count"?, "value":[...], "@odata.nextLink"?}</c>; returns rows written. A read
    /// that tracks changes ends its last page with <c>"@odata.deltaLink"</c> instead of a next link.
    /// </summary>
    public async Task<long> WriteCollectionAsync(EntityRows rows, string context, string metadataETag, long? count, Func<object?[], long, string> nextLink,
        Func<string>? deltaLink = null)
    {
        json.WriteStartObject();
        json.WriteString(ContextName, context);
        json.WriteString(MetadataETagName, metadataETag);
        if (count is { } total) WriteCount(CountName, total);
        json.WriteStartArray(ValueName);
        var page = await rows.WritePageAsync(WriteEntity, _ => _flusher.FlushIfFullAsync());
        json.WriteEndArray();
        if (page.NextAfter is { } last) json.WriteString(NextLinkName, nextLink(last, page.Written));
        else if (deltaLink != null) json.WriteString(DeltaLinkName, deltaLink());
        json.WriteEndObject();
        await json.FlushAsync();
        return page.Written;
    }

    public async Task WriteEntityAsync(EntityRows rows, string context, string metadataETag)
    {
        json.WriteStartObject();
        json.WriteString(ContextName, context);
        json.WriteString(MetadataETagName, metadataETag);
        WriteEntityBody(rows);
        json.WriteEndObject();
        await json.FlushAsync();
    }

    /// <summary>A single property: primitives and collections under <c>value</c>, complex values as the object itself.</summary>
    public async Task WritePropertyAsync(EntityRows rows, PropertyNode property, string context)
    {
        json.WriteStartObject();
        json.WriteString(ContextName, context);
        if (property.IsComplex)
        {
            foreach (var child in property.Children) WriteProperty(rows, child);
        }
        else
        {
            json.WritePropertyName(ValueName);
            WriteValue(rows, property.Column!);
        }
        json.WriteEndObject();
        await json.FlushAsync();
    }

    /// <summary>One entity of a collection, as an object (a delta response writes them between its removed entries).</summary>
    internal void WriteEntity(EntityRows rows)
    {
        json.WriteStartObject();
        WriteEntityBody(rows);
        json.WriteEndObject();
    }

    void WriteEntityBody(EntityRows rows)
    {
        var plan = rows.Plan;
        if (plan.ETagOrdinal >= 0 && !rows.IsNull(plan.ETagOrdinal))
        {
            json.WritePropertyName(ETagName);
            ETag.Write(json, rows.Record.GetValue(plan.ETagOrdinal));
        }
        foreach (var property in plan.Selected) WriteProperty(rows, property);
        foreach (var expand in plan.Expands)
        {
            if (expand.IsCollection)
            {
                if (expand.Child.IncludeCount) WriteCount(expand.EncodedCountName, rows.ExpandCount(expand));
                json.WriteStartArray(expand.EncodedName);
                using (var children = rows.Expand(expand))
                    while (children.Read()) WriteEntity(children);
                json.WriteEndArray();
            }
            else
            {
                json.WritePropertyName(expand.EncodedName);
                using var child = rows.Expand(expand);
                if (child.Read()) WriteEntity(child);
                else json.WriteNullValue();
            }
        }
    }

    void WriteProperty(EntityRows rows, PropertyNode property)
    {
        json.WritePropertyName(property.EncodedName);
        if (!property.IsComplex)
        {
            if (Messages is { } messages && property.Column == messages.Column) json.WriteRawValue(messages.Json, skipInputValidation: true);
            else WriteValue(rows, property.Column!);
            return;
        }
        json.WriteStartObject();
        foreach (var child in property.Children) WriteProperty(rows, child);
        json.WriteEndObject();
    }

    static readonly JsonEncodedText ContextName = JsonEncodedText.Encode("@odata.context");
    static readonly JsonEncodedText MetadataETagName = JsonEncodedText.Encode("@odata.metadataEtag");
    static readonly JsonEncodedText CountName = JsonEncodedText.Encode("@odata.count");
    static readonly JsonEncodedText ValueName = JsonEncodedText.Encode("value");
    static readonly JsonEncodedText NextLinkName = JsonEncodedText.Encode("@odata.nextLink");
    internal static readonly JsonEncodedText DeltaLinkName = JsonEncodedText.Encode("@odata.deltaLink");
    static readonly JsonEncodedText ETagName = JsonEncodedText.Encode("@odata.etag");

    void WriteCount(JsonEncodedText name, long count)
    {
        if (ieee754Compatible) json.WriteString(name, count.ToString(CultureInfo.InvariantCulture));
        else json.WriteNumber(name, count);
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
            case ValueKind.String or ValueKind.Date or ValueKind.Guid:
                json.WriteStringValue(record.GetString(ordinal));
                break;
            case ValueKind.Boolean:
                json.WriteBooleanValue(record.GetInt64(ordinal) != 0);
                break;
            case ValueKind.Int32:
                json.WriteNumberValue(record.GetInt64(ordinal));
                break;
            case ValueKind.Int64:
                if (ieee754Compatible) json.WriteStringValue(record.GetInt64(ordinal).ToString(CultureInfo.InvariantCulture));
                else json.WriteNumberValue(record.GetInt64(ordinal));
                break;
            case ValueKind.Decimal:
                var text = record.GetString(ordinal);
                if (ieee754Compatible) json.WriteStringValue(text);
                else json.WriteRawValue(text, skipInputValidation: true);
                break;
            case ValueKind.Double or ValueKind.Single:
                var number = record.GetDouble(ordinal);
                if (double.IsFinite(number)) json.WriteNumberValue(number);
                else json.WriteStringValue(double.IsNaN(number) ? "NaN" : number > 0 ? "INF" : "-INF");
                break;
            case ValueKind.DateTimeOffset:
                WriteTemporal(record.GetString(ordinal), start: 0, secondsEnd: 19, column.Precision ?? 0, suffix: 'Z');
                break;
            case ValueKind.TimeOfDay:
                WriteTemporal(record.GetString(ordinal), start: 0, secondsEnd: 8, column.Precision ?? 0, suffix: null);
                break;
            case ValueKind.Duration:
                json.WriteStringValue(XmlConvert.ToString(TimeSpan.FromTicks(record.GetInt64(ordinal))));
                break;
            case ValueKind.Binary:
                json.WriteStringValue(Base64Url.EncodeToString((byte[])record.GetValue(ordinal)));
                break;
            case ValueKind.Enum:
                json.WriteStringValue(EnumName(column, record.GetInt64(ordinal)));
                break;
            case ValueKind.Json:
                json.WriteRawValue(record.GetString(ordinal), skipInputValidation: true);
                break;
        }
    }

    /// <summary>Stored temporal text carries seven fraction digits; the wire carries as many as the property's precision.</summary>
    void WriteTemporal(string stored, int start, int secondsEnd, int precision, char? suffix)
    {
        precision = Math.Clamp(precision, 0, 7);
        Span<char> buffer = stackalloc char[40];
        var length = secondsEnd - start;
        stored.AsSpan(start, length).CopyTo(buffer);
        if (precision > 0)
        {
            stored.AsSpan(secondsEnd, 1 + precision).CopyTo(buffer[length..]);
            length += 1 + precision;
        }
        if (suffix is { } z) buffer[length++] = z;
        json.WriteStringValue(buffer[..length]);
    }

    /// <summary>A member's name; for flags, the names of the members combined (<c>Red,Blue</c>).</summary>
    internal static string EnumName(ColumnMap column, long value)
    {
        if (column.EnumMemberName(value) is { } name) return name;
        if (!column.EnumType!.IsFlags) return value.ToString(CultureInfo.InvariantCulture);
        return string.Join(',', column.EnumType.Members.Where(m => m.Value.Value != 0 && (value & m.Value.Value) == m.Value.Value).Select(m => m.Name));
    }
}
