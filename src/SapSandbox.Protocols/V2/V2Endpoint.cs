using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SapSandbox.Core.Model;
using SapSandbox.Core.Query;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;
using SapSandbox.Protocols.Http;
using SapSandbox.Protocols.V4;

namespace SapSandbox.Protocols.V2;

/// <summary>
/// Answers OData V2 requests as SAP Gateway does, for one service at one mount path. The URL is normalised
/// into V4 syntax and planned like a V4 read; only the dialect in and the JSON out differ.
/// </summary>
public sealed class V2Endpoint(ServiceDefinition service, string mountPath, SqliteStore store, ILogger logger)
{
    const string AllowedMethods = "GET, HEAD";

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            await DispatchAsync(context);
        }
        catch (QueryException e)
        {
            await FailAsync(context, new ODataError(e.Status, e.Message, e.Target));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Unexpected error for {Method} {Target}", context.Request.Method, RequestTarget.Relative(context, mountPath));
            await FailAsync(context, new ODataError(500, $"The sandbox failed to answer this request ({e.GetType().Name}: {e.Message}); please report it with the URL"));
        }
    }

    async Task FailAsync(HttpContext context, ODataError error)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }
        context.Response.Clear();
        if (error.Status == StatusCodes.Status405MethodNotAllowed) context.Response.Headers.Allow = AllowedMethods;
        await V2ErrorWriter.WriteAsync(context, error, service.Name);
    }

    async Task DispatchAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var relative = RequestTarget.Relative(context, mountPath);
        var (resourcePath, _) = RequestTarget.Split(relative);
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
            throw new QueryException(405, $"The method {request.Method} is not allowed for this resource; the sandbox answers reads only so far");
        response.Headers["DataServiceVersion"] = "2.0";

        if (resourcePath == "$metadata")
        {
            await WriteMetadataAsync(response);
            return;
        }
        if (resourcePath == "$batch") throw QueryException.NotImplemented("$batch is not supported yet");

        NegotiateJson(request);
        if (resourcePath.Length == 0)
        {
            await WriteServiceDocumentAsync(response);
            return;
        }
        var pageSize = service.PageSize;
        var (readRequest, plan) = service.Plans.GetOrAdd($"v2|{pageSize}|{relative}", () =>
        {
            var (target, _) = V2UriNormalizer.Normalize(relative);
            var parsed = V4RequestParser.Parse(service, new Uri("http://sandbox" + mountPath), target, pageSize);
            return new PlanCache.Entry(parsed, service.Planner.Plan(parsed));
        });

        using var session = store.Rent();
        if (plan.ParentSql != null && !EntityRows.Exists(session, plan.ParentSql, plan.ParentParameters))
            throw QueryException.NotFound($"Resource not found for segment '{Uri.UnescapeDataString(resourcePath)}'");
        if (plan.Shape == ResultShape.Count)
        {
            response.ContentType = "text/plain;charset=utf-8";
            await response.WriteAsync(EntityRows.Count(session, plan.CountSql, plan.CountParameters).ToString(CultureInfo.InvariantCulture));
            return;
        }

        response.ContentType = "application/json;charset=utf-8";
        var serviceRoot = $"{request.Scheme}://{request.Host}{mountPath}";
        long? count = plan.IncludeCount ? EntityRows.Count(session, plan.CountSql, plan.CountParameters) : null;
        using var rows = EntityRows.Open(session, plan);
        await using var json = new Utf8JsonWriter(response.BodyWriter, JsonOutput.Options);
        var writer = new V2JsonWriter(json, response.BodyWriter, serviceRoot);
        if (plan.Shape == ResultShape.Collection)
        {
            await writer.WriteCollectionAsync(rows, count, (last, written) => RequestTarget.NextLink(request, mountPath, relative, plan.Top, last, written));
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
            throw QueryException.NotFound($"Resource not found for segment '{Uri.UnescapeDataString(resourcePath)}'");
        }
        if (plan.ETagOrdinal >= 0 && !rows.IsNull(plan.ETagOrdinal))
            response.Headers.ETag = V2ETag.Format(rows.Record.GetValue(plan.ETagOrdinal), plan.Table.ETag!.Value.Column);
        if (plan.Shape == ResultShape.PropertyValue)
        {
            var ordinal = plan.Ordinal(plan.Property!.Column!);
            response.ContentType = "text/plain;charset=utf-8";
            await response.WriteAsync(rows.IsNull(ordinal) ? "" : Convert.ToString(rows.Record.GetValue(ordinal), CultureInfo.InvariantCulture) ?? "");
            return;
        }
        if (plan.Shape == ResultShape.Property) await writer.WritePropertyAsync(rows, plan.Property!);
        else await writer.WriteEntityAsync(rows);
    }

    /// <summary>
    /// JSON when asked for (<c>$format=json</c>, <c>Accept: application/json</c>) and, until Atom is written,
    /// when nothing is asked; an explicit Atom/XML request is 406 so no client silently gets the wrong format.
    /// </summary>
    static void NegotiateJson(HttpRequest request)
    {
        var format = request.Query["$format"].ToString();
        if (format.Length > 0)
        {
            if (format.Equals("json", StringComparison.OrdinalIgnoreCase) || format.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)) return;
            throw new QueryException(406, $"$format={format} (Atom/XML) is not available yet; use $format=json");
        }
        var accept = request.GetTypedHeaders().Accept;
        if (accept.Count == 0) return;
        if (accept.Any(m => m.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || m.MediaType.Equals("*/*", StringComparison.Ordinal) || m.MediaType.Equals("application/*", StringComparison.OrdinalIgnoreCase)))
            return;
        throw new QueryException(406, $"None of the requested media types ({request.Headers.Accept}) is available yet; send Accept: application/json");
    }

    async Task WriteMetadataAsync(HttpResponse response)
    {
        if (service.Metadata.Origin != ODataVersion.V2)
            throw QueryException.NotImplemented($"{service.Name} is an OData V4 service; its EDMX 1.0 document for V2 is not generated yet (its V4 $metadata is served)");
        response.ContentType = "application/xml";
        await response.Body.WriteAsync(service.Metadata.OriginalBytes);
    }

    async Task WriteServiceDocumentAsync(HttpResponse response)
    {
        response.ContentType = "application/json;charset=utf-8";
        await using var json = new Utf8JsonWriter(response.BodyWriter, JsonOutput.Options);
        json.WriteStartObject();
        json.WriteStartObject("d");
        json.WriteStartArray("EntitySets");
        foreach (var set in service.Schema.Tables.Where(t => !t.IsContained)) json.WriteStringValue(set.Name);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
