using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.OData.Edm;
using Microsoft.Net.Http.Headers;
using SapSandbox.Core.Query;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;
using SapSandbox.Protocols.Http;

namespace SapSandbox.Protocols.V4;

/// <summary>Answers OData V4 requests for one service mounted at one path: service document, $metadata and reads.</summary>
public sealed class V4Endpoint(ServiceDefinition service, string mountPath, SqliteStore store, ILogger logger)
    : ODataEndpoint(service, mountPath, logger)
{
    protected override Task WriteErrorAsync(HttpContext context, ODataError error) => V4ErrorWriter.WriteAsync(context, error, Service.Name);

    protected override async Task DispatchAsync(HttpContext context)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var request = context.Request;
        var relative = RequestTarget.Relative(context, MountPath);
        var question = relative.IndexOf('?');
        var resourcePath = question < 0 ? relative : relative[..question];

        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            throw new QueryException(405, $"The method {request.Method} is not allowed for this resource; the sandbox answers reads only so far");
        }

        var response = context.Response;
        response.Headers["OData-Version"] = "4.0";
        response.Headers.CacheControl = "no-cache, no-store, must-revalidate";

        if (resourcePath == "$metadata")
        {
            await WriteMetadataAsync(context);
            return;
        }
        var ieee754 = NegotiateJson(request);
        if (resourcePath.Length == 0)
        {
            await WriteServiceDocumentAsync(context);
            return;
        }
        if (resourcePath == "$batch")
            throw QueryException.NotImplemented("$batch is not supported yet");

        var pageSize = Service.PageSize;
        if (MaxPageSize(request) is { } preferred)
        {
            pageSize = preferred;
            response.Headers["Preference-Applied"] = $"odata.maxpagesize={preferred}";
        }
        var (readRequest, plan) = Service.Plans.GetOrAdd($"{pageSize}|{relative}", () =>
        {
            var parsed = V4RequestParser.Parse(Service, new Uri("http://sandbox" + MountPath), relative, pageSize);
            return new PlanCache.Entry(parsed, Service.Planner.Plan(parsed));
        });

        using var session = store.Rent();
        SapStatistics.Attach(context, session, start);
        if (plan.ParentSql != null && !EntityRows.Exists(session, plan.ParentSql, plan.ParentParameters))
            throw QueryException.NotFound($"The entity that '{Uri.UnescapeDataString(resourcePath)}' starts from does not exist");

        if (plan.Shape == ResultShape.Count)
        {
            var total = EntityRows.Count(session, plan.CountSql, plan.CountParameters);
            response.ContentType = "text/plain;charset=utf-8";
            await response.WriteAsync(total.ToString(CultureInfo.InvariantCulture));
            return;
        }

        response.ContentType = ieee754
            ? "application/json;odata.metadata=minimal;ieee754compatible=true"
            : "application/json;odata.metadata=minimal";
        var contextUrl = ContextUrl(resourcePath, plan);
        long? count = plan.IncludeCount ? EntityRows.Count(session, plan.CountSql, plan.CountParameters) : null;
        using var rows = EntityRows.Open(session, plan);

        if (plan.References)
        {
            await WriteReferencesAsync(response, rows, ContextPrefix(resourcePath), plan.Shape == ResultShape.Collection);
            return;
        }
        if (plan.Shape == ResultShape.Collection)
        {
            await using var json = new Utf8JsonWriter(response.BodyWriter, JsonOutput.Options);
            await new V4JsonWriter(json, response.BodyWriter, ieee754)
                .WriteCollectionAsync(rows, contextUrl, Service.MetadataETag, count, (last, written) => RequestTarget.NextLink(request, MountPath, relative, plan.Top, last, written));
            return;
        }

        if (!rows.Read())
        {
            if (plan.Shape == ResultShape.Entity && readRequest.Path.LastSegment is Microsoft.OData.UriParser.NavigationPropertySegment)
            {
                response.StatusCode = StatusCodes.Status204NoContent;
                response.ContentType = null;
                return;
            }
            throw QueryException.NotFound($"No entity matches '{Uri.UnescapeDataString(resourcePath)}'");
        }
        if (plan.ETagOrdinal >= 0 && !rows.IsNull(plan.ETagOrdinal))
            response.Headers.ETag = ETag.Format(rows.Record.GetValue(plan.ETagOrdinal));

        if (plan.Shape == ResultShape.PropertyValue)
        {
            await WriteRawValueAsync(response, rows, plan.Property!.Column!);
            return;
        }
        await using var writer = new Utf8JsonWriter(response.BodyWriter, JsonOutput.Options);
        var v4 = new V4JsonWriter(writer, response.BodyWriter, ieee754);
        if (plan.Shape == ResultShape.Property) await v4.WritePropertyAsync(rows, plan.Property!, contextUrl);
        else await v4.WriteEntityAsync(rows, contextUrl, Service.MetadataETag);
    }

    /// <summary>V4 is JSON only here: Atom/XML asked for is 406. Returns whether Int64 and Decimal go as strings.</summary>
    static bool NegotiateJson(HttpRequest request)
    {
        var format = request.Query["$format"].ToString();
        if (format.Length > 0)
        {
            if (!format.StartsWith("json", StringComparison.OrdinalIgnoreCase) && !format.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
                throw new QueryException(406, $"$format={format} is not available on OData V4; use $format=json");
            return format.Contains("IEEE754Compatible=true", StringComparison.OrdinalIgnoreCase);
        }
        var accept = request.GetTypedHeaders().Accept;
        if (accept.Count == 0) return false;
        foreach (var media in accept)
        {
            if (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || media.MediaType.Equals("*/*", StringComparison.Ordinal)
                || media.MediaType.Equals("application/*", StringComparison.OrdinalIgnoreCase))
                return media.Parameters.Any(p => p.Name.Equals("IEEE754Compatible", StringComparison.OrdinalIgnoreCase)
                    && p.Value.Equals("true", StringComparison.OrdinalIgnoreCase));
        }
        throw new QueryException(406, $"None of the requested media types ({request.Headers.Accept}) is available; OData V4 answers application/json");
    }

    static int? MaxPageSize(HttpRequest request)
    {
        foreach (var prefer in request.Headers["Prefer"])
            foreach (var part in (prefer ?? "").Split(',', StringSplitOptions.TrimEntries))
                if (part.StartsWith("odata.maxpagesize=", StringComparison.OrdinalIgnoreCase)
                    && int.TryParse(part["odata.maxpagesize=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size > 0)
                    return size;
        return null;
    }

    async Task WriteMetadataAsync(HttpContext context)
    {
        var accept = context.Request.Headers.Accept.ToString();
        if (accept.Contains("application/json", StringComparison.OrdinalIgnoreCase) && !accept.Contains("xml", StringComparison.OrdinalIgnoreCase) && !accept.Contains("*/*"))
            throw new QueryException(406, "$metadata is available as application/xml only");
        var response = context.Response;
        response.ContentType = "application/xml";
        response.Headers.ETag = Service.MetadataETag;
        if (Service.Metadata.Origin == Core.Model.ODataVersion.V4)
            await response.Body.WriteAsync(Service.Metadata.OriginalBytes);
        else
            await response.WriteAsync(Service.Metadata.V4Csdl, Encoding.UTF8);
    }

    async Task WriteServiceDocumentAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = "application/json;odata.metadata=minimal";
        await using var json = new Utf8JsonWriter(response.BodyWriter, JsonOutput.Options);
        json.WriteStartObject();
        json.WriteString("@odata.context", "$metadata");
        json.WriteString("@odata.metadataEtag", Service.MetadataETag);
        json.WriteStartArray("value");
        foreach (var element in Service.Metadata.Model.EntityContainer.Elements)
        {
            var kind = element switch
            {
                IEdmEntitySet => "EntitySet",
                IEdmSingleton => "Singleton",
                IEdmFunctionImport { IncludeInServiceDocument: true } => "FunctionImport",
                _ => null,
            };
            if (kind == null) continue;
            json.WriteStartObject();
            json.WriteString("name", element.Name);
            json.WriteString("url", element.Name);
            if (kind != "EntitySet") json.WriteString("kind", kind);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    static async Task WriteRawValueAsync(HttpResponse response, EntityRows rows, ColumnMap column)
    {
        var ordinal = rows.Plan.Ordinal(column);
        if (rows.IsNull(ordinal))
        {
            response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }
        if (column.Kind == ValueKind.Binary)
        {
            response.ContentType = "application/octet-stream";
            await response.Body.WriteAsync((byte[])rows.Record.GetValue(ordinal));
            return;
        }
        response.ContentType = "text/plain;charset=utf-8";
        var value = rows.Record.GetValue(ordinal);
        var text = column.Kind == ValueKind.Boolean ? ((long)value != 0 ? "true" : "false") : Convert.ToString(value, CultureInfo.InvariantCulture);
        await response.WriteAsync(text ?? "");
    }

    /// <summary>
    /// Relative to the request URL, as SAP's V4 services write it: <c>$metadata#Set(...)</c> at the
    /// service root, one <c>../</c> per extra path segment.
    /// </summary>
    static string ContextUrl(string resourcePath, ReadPlan plan)
    {
        var prefix = ContextPrefix(resourcePath);
        return plan.Shape switch
        {
            ResultShape.Property => prefix + Uri.UnescapeDataString(resourcePath),
            ResultShape.Entity => prefix + plan.Table.ContextPath + SelectList(plan) + "/$entity",
            _ => prefix + plan.Table.ContextPath + SelectList(plan),
        };
    }

    /// <summary><c>$metadata#</c> reached from the request URL: one <c>../</c> per path segment after the first.</summary>
    static string ContextPrefix(string resourcePath)
    {
        var depth = 0;
        var quoted = false;
        foreach (var c in resourcePath)
        {
            if (c == '\'') quoted = !quoted;
            else if (c == '/' && !quoted) depth++;
        }
        return string.Concat(Enumerable.Repeat("../", depth)) + "$metadata#";
    }

    /// <summary><c>$ref</c>: entity ids relative to the service root, <c>{"value":[{"@odata.id":...}]}</c> or one <c>@odata.id</c>.</summary>
    static async Task WriteReferencesAsync(HttpResponse response, EntityRows rows, string contextPrefix, bool collection)
    {
        if (!collection && !rows.Read()) throw QueryException.NotFound("The navigation leads to no entity");
        await using var json = new Utf8JsonWriter(response.BodyWriter, JsonOutput.Options);
        json.WriteStartObject();
        if (collection)
        {
            json.WriteString("@odata.context", contextPrefix + "Collection($ref)");
            json.WriteStartArray("value");
            while (rows.Read())
            {
                json.WriteStartObject();
                json.WriteString("@odata.id", rows.Plan.Table.Name + V4Keys.Predicate(rows));
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        else
        {
            json.WriteString("@odata.context", contextPrefix + "$ref");
            json.WriteString("@odata.id", rows.Plan.Table.Name + V4Keys.Predicate(rows));
        }
        json.WriteEndObject();
    }

    static string SelectList(ReadPlan plan)
    {
        if (!plan.HasSelect && plan.Expands.Count == 0) return "";
        var items = new List<string>();
        if (plan.HasSelect) items.AddRange(plan.Selected.Select(p => p.Name));
        items.AddRange(plan.Expands.Select(e => e.Name + (SelectList(e.Child) is { Length: > 0 } nested ? nested : "()")));
        return "(" + string.Join(",", items) + ")";
    }
}
