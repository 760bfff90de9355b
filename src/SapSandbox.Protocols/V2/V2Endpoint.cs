using System.Globalization;
using System.Text.Json;
using System.Xml;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.OData.Edm;
using SapSandbox.Core.Model;
using SapSandbox.Core.Query;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;
using SapSandbox.Protocols.Http;
using SapSandbox.Protocols.V4;

namespace SapSandbox.Protocols.V2;

/// <summary>The two representations a V2 service answers in.</summary>
public enum V2Format
{
    Atom,
    Json,
}

/// <summary>
/// Answers OData V2 requests as SAP Gateway does, for one service at one mount path. The URL is normalised
/// into V4 syntax and planned like a V4 read; only the dialect in and the JSON out differ.
/// </summary>
public sealed class V2Endpoint(ServiceDefinition service, string mountPath, SandboxStore store, ILogger logger)
    : ODataEndpoint(service, mountPath, logger)
{
    byte[]? _generatedMetadata;

    /// <summary>Errors in the representation the client asked for; a 406 (nothing acceptable) in JSON.</summary>
    protected override Task WriteErrorAsync(HttpContext context, ODataError error) =>
        V2ErrorWriter.WriteAsync(context, error, Service.Name, error.Status == StatusCodes.Status406NotAcceptable ? V2Format.Json : Negotiate(context.Request, strict: false),
            Service.OlingoV2);

    protected override async Task DispatchAsync(HttpContext context)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var request = context.Request;
        var response = context.Response;
        var relative = RequestTarget.Relative(context, MountPath);
        var (resourcePath, _) = RequestTarget.Split(relative);
        var method = Method(request);
        var read = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
        var v1 = V2Version.CappedAtV1(request);
        response.Headers["DataServiceVersion"] = v1 ? V2Version.V1 : V2Version.V2;

        if (resourcePath == "$batch")
        {
            await BatchAsync(context, store, StatusCodes.Status202Accepted, json: false);
            return;
        }
        if (!read && (resourcePath.Length == 0 || resourcePath == "$metadata"))
            throw new QueryException(405, $"The method {method} is not allowed for the {(resourcePath.Length == 0 ? "service document" : "metadata document")}");
        if (resourcePath == "$metadata")
        {
            await WriteMetadataAsync(response);
            return;
        }

        var format = Negotiate(request, strict: true);
        if (resourcePath.Length == 0)
        {
            await WriteServiceDocumentAsync(response, format, $"{request.Scheme}://{request.Host}{MountPath}");
            return;
        }
        using var lease = SessionLease.For(context, store);
        SapStatistics.Attach(context, lease.Session, start);
        if (Service.ResourceHandlers.Count > 0 && await ResourceAsync(context, method, resourcePath, lease.Session, format, v1)) return;
        if (resourcePath.EndsWith("/$value", StringComparison.Ordinal)
            && MediaEntityPath(V4RequestParser.Parse(Service, ParserRoot, V2UriNormalizer.Normalize(relative), Service.PageSize).Path) is { } media)
            await MediaAsync(context, method, new EntityChanges(Service, lease.Session, store.Dialect, user: context.User), media, lease.Session,
                e => e.ETag == null ? null : V2ETag.Format(e.ETag, e.Table.ETag!.Value.Column));
        else if (FunctionImport(resourcePath) is { } import) await FunctionImportAsync(context, method, import, lease.Session, format);
        else if (read) await ReadAsync(context, RewriteRead(context, relative, resourcePath, lease.Session), lease.Session, format, v1);
        else await ChangeAsync(context, method, relative, lease.Session, format, v1);
    }

    async Task ReadAsync(HttpContext context, string relative, StoreSession session, V2Format format, bool v1, int status = StatusCodes.Status200OK)
    {
        var request = context.Request;
        var response = context.Response;
        if (Service.OlingoV2) relative = OlingoPaging.Read(relative);
        var (resourcePath, _) = RequestTarget.Split(relative);
        var pageSize = Service.SetPageSizes.Count == 0 ? Service.PageSize
            : Service.PageSizeOf(Uri.UnescapeDataString(resourcePath[..(resourcePath.IndexOfAny(['(', '/']) is var end and >= 0 ? end : resourcePath.Length)]));
        var (readRequest, plan) = Service.Plans.GetOrAdd($"v2|{pageSize}|{relative}", () =>
        {
            var parsed = V4RequestParser.Parse(Service, ParserRoot, V2UriNormalizer.Normalize(relative), pageSize);
            return new PlanCache.Entry(parsed, Service.Planner.Plan(parsed));
        });

        if (v1) V2Version.RequireV2Features(request, plan.Shape == ResultShape.Count);
        if (readRequest.Search != null) V2Search.RequireSearchable(Service, plan.Table);

        if (plan.ParentSql != null && !EntityRows.Exists(session, plan.ParentSql, plan.ParentParameters))
            throw QueryException.NotFound($"Resource not found for segment '{Uri.UnescapeDataString(resourcePath)}'");
        if (plan.Shape == ResultShape.Count)
        {
            response.ContentType = "text/plain;charset=utf-8";
            await response.WriteAsync(EntityRows.Count(session, plan.CountSql, plan.CountParameters).ToString(CultureInfo.InvariantCulture));
            return;
        }

        if (v1 && plan.Shape == ResultShape.Collection)
        {
            var remaining = EntityRows.Count(session, plan.CountSql, plan.CountParameters) - (readRequest.Skip ?? 0);
            V2Version.RequireSinglePage(Math.Min(remaining, plan.Top ?? long.MaxValue), pageSize);
        }
        var serviceRoot = $"{request.Scheme}://{request.Host}{MountPath}";
        long? count = plan.IncludeCount ? EntityRows.Count(session, plan.CountSql, plan.CountParameters) : null;
        using var rows = EntityRows.Open(session, plan);
        Func<object?[], long, string> nextLink = (last, written) => Service.OlingoV2
            ? OlingoPaging.NextLink(request, MountPath, relative, plan.Top, readRequest.Skip, written)
            : RequestTarget.NextLink(request, MountPath, relative, plan.Top, last, written);
        if (plan.Shape != ResultShape.Collection && !rows.Read())
        {
            if (plan.Shape == ResultShape.Entity && readRequest.Path.LastSegment is Microsoft.OData.UriParser.NavigationPropertySegment)
            {
                response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }
            throw QueryException.NotFound($"Resource not found for segment '{Uri.UnescapeDataString(resourcePath)}'");
        }
        if (plan.Shape != ResultShape.Collection && plan.ETagOrdinal >= 0 && !rows.IsNull(plan.ETagOrdinal))
        {
            var etag = V2ETag.Format(rows.Record.GetValue(plan.ETagOrdinal), plan.Table.ETag!.Value.Column);
            response.Headers.ETag = etag;
            if (status == StatusCodes.Status200OK && Preconditions.NotModified(request.Headers.IfNoneMatch.ToString(), etag))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
        }
        response.StatusCode = status;
        if (plan.Shape != ResultShape.Collection) ResponseRows.Add(context, 1);
        if (plan.Shape == ResultShape.PropertyValue)
        {
            var ordinal = plan.Ordinal(plan.Property!.Column!);
            response.ContentType = "text/plain;charset=utf-8";
            await response.WriteAsync(rows.IsNull(ordinal) ? "" : Convert.ToString(rows.Record.GetValue(ordinal), CultureInfo.InvariantCulture) ?? "");
            return;
        }

        if (plan.References)
        {
            await WriteLinksAsync(response, rows, format, serviceRoot, plan.Shape == ResultShape.Collection, v1);
            return;
        }
        if (format == V2Format.Atom)
        {
            response.ContentType = plan.Shape switch
            {
                ResultShape.Collection => "application/atom+xml;type=feed;charset=utf-8",
                ResultShape.Entity => "application/atom+xml;type=entry;charset=utf-8",
                _ => "application/xml;charset=utf-8",
            };
            await using var xml = XmlWriter.Create(new PipeBufferStream(response.BodyWriter), V2AtomWriter.Settings);
            var atom = new V2AtomWriter(xml, serviceRoot);
            if (plan.Shape == ResultShape.Collection) ResponseRows.Add(context, await atom.WriteFeedAsync(rows, count, nextLink));
            else if (plan.Shape == ResultShape.Property) await atom.WritePropertyAsync(rows, plan.Property!);
            else await atom.WriteEntryAsync(rows);
            return;
        }

        response.ContentType = "application/json;charset=utf-8";
        await using var json = new Utf8JsonWriter(response.BodyWriter, JsonOutput.Options);
        var writer = new V2JsonWriter(json, response.BodyWriter, serviceRoot, v1, Service.OlingoV2);
        if (plan.Shape == ResultShape.Collection) ResponseRows.Add(context, await writer.WriteCollectionAsync(rows, count, nextLink));
        else if (plan.Shape == ResultShape.Property) await writer.WritePropertyAsync(rows, plan.Property!);
        else await writer.WriteEntityAsync(rows);
    }

    /// <summary>
    /// Offers the request to the service's own handlers (<see cref="IResourceHandler"/>); false when none takes it. The
    /// body is buffered, so that the runtime can still read it when the handlers leave the request to it.
    /// </summary>
    async Task<bool> ResourceAsync(HttpContext context, string method, string resourcePath, StoreSession session, V2Format format, bool v1)
    {
        var request = context.Request;
        var body = Array.Empty<byte>();
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            request.EnableBuffering();
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            request.Body.Position = 0;
            body = buffer.ToArray();
        }
        var resource = new ResourceRequest
        {
            Method = method, Path = Uri.UnescapeDataString(resourcePath),
            Query = request.Query.ToDictionary(q => q.Key, q => q.Value.LastOrDefault() ?? "", StringComparer.Ordinal),
            ContentType = request.ContentType, Body = body, Service = Service, Session = session, ServiceRoot = $"{request.Scheme}://{request.Host}{MountPath}",
            Writer = new Core.Write.EntityWriter(session, store.Dialect), User = context.User,
        };
        ResourceAnswer? Ask() => Service.ResourceHandlers.Select(h => h.Handle(resource)).FirstOrDefault(a => a != null);
        var answer = resource.IsRead ? Ask() : await RunChangeAsync(session, Ask);
        switch (answer)
        {
            case null:
                return false;
            case ResourceAnswer.Read read:
                await ReadAsync(context, read.Path, session, format, v1, read.Status);
                return true;
            case ResourceAnswer.Content content:
                await WriteAsIsAsync(context.Response, content.Status, content.ContentType, content.Body, HttpMethods.IsHead(method));
                return true;
            default:
                throw new InvalidOperationException($"Unknown answer {answer.GetType().Name}");
        }
    }

    /// <summary>A read as the behaviour of the entity set its path starts at rewrites it (<see cref="Core.Write.IEntitySetBehavior.RewriteRead"/>).</summary>
    string RewriteRead(HttpContext context, string relative, string resourcePath, StoreSession session)
    {
        if (Service.Behaviors.Count == 0) return relative;
        var end = resourcePath.IndexOfAny(['(', '/']);
        var set = Uri.UnescapeDataString(end < 0 ? resourcePath : resourcePath[..end]);
        return Service.Behavior(set) is { } behavior
            ? behavior.RewriteRead(new Core.Write.EntityContext(Service, session, new Core.Write.EntityWriter(session, store.Dialect), context.User), relative)
            : relative;
    }

    /// <summary>Gateway's verbs: the real <c>MERGE</c>, and any verb tunnelled through POST in <c>X-HTTP-Method</c>.</summary>
    static string Method(HttpRequest request)
    {
        var tunnelled = request.Headers["X-HTTP-Method"].ToString();
        if (tunnelled.Length == 0 || !HttpMethods.IsPost(request.Method)) return request.Method;
        return tunnelled.ToUpperInvariant() switch
        {
            "MERGE" or "PATCH" or "PUT" or "DELETE" => tunnelled.ToUpperInvariant(),
            _ => throw QueryException.BadRequest($"X-HTTP-Method {tunnelled} is not a method POST can carry; use MERGE, PATCH, PUT or DELETE"),
        };
    }

    /// <summary>
    /// POST (create, deep insert, create through a navigation), PUT (replace), MERGE/PATCH (partial), DELETE, and
    /// <c>$links</c> to set or clear a to-one link. A create answers 201 with the entity as the client would read
    /// it and its <c>Location</c>; the others 204. A duplicate key is 400, as Gateway answers it.
    /// </summary>
    async Task ChangeAsync(HttpContext context, string method, string relative, StoreSession session, V2Format format, bool v1)
    {
        var request = context.Request;
        var response = context.Response;
        var normalized = V2UriNormalizer.Normalize(relative);
        var path = V4RequestParser.Parse(Service, ParserRoot, normalized, Service.PageSize).Path;
        var changes = new EntityChanges(Service, session, store.Dialect, user: context.User);
        var ifMatch = request.Headers.IfMatch.ToString();
        Func<Core.Write.ExistingEntity, string?> etagOf = e => e.ETag == null ? null : V2ETag.Format(e.ETag, e.Table.ETag!.Value.Column);
        try
        {
            if (path.Any(s => s is Microsoft.OData.UriParser.NavigationPropertyLinkSegment))
            {
                Microsoft.OData.UriParser.ODataPath? target = null;
                if (HttpMethods.IsPut(method) || HttpMethods.IsPost(method) || method == "MERGE")
                {
                    var body = await ReadJsonBodyAsync(request);
                    var uri = body.TryGetProperty("d", out var d) ? d : body;
                    if (!uri.TryGetProperty("uri", out var link) || link.GetString() is not { Length: > 0 } url)
                        throw QueryException.BadRequest("A $links body names the entity in \"uri\"");
                    target = V4RequestParser.Parse(Service, ParserRoot, V2UriNormalizer.Normalize(RequestTarget.FromEntityId(url, MountPath)), Service.PageSize).Path;
                }
                else if (!HttpMethods.IsDelete(method)) throw new QueryException(405, $"The method {method} is not allowed for $links");
                await RunChangeAsync(session, () => { changes.Link(path, target); return 0; });
                response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }
            if (HttpMethods.IsPost(method))
            {
                var body = await ReadJsonBodyAsync(request);
                var created = await RunChangeAsync(session, () => changes.Create(path, table => V2PayloadReader.Instance.Read(Unwrap(body), table)));
                var key = "(" + V2Values.KeyPredicate(created.Table.Keys, created.Values) + ")";
                var location = created.Table.UriName + key;
                response.Headers.Location = $"{request.Scheme}://{request.Host}{MountPath}{location}";
                V2MessageHeader.Write(response);
                // A row held by its source (an integration flow's resource) is read back under the path it was created through.
                await ReadAsync(context, created.Table.HeldBySource ? RequestTarget.Split(relative).Path + key : location, session, format, v1, StatusCodes.Status201Created);
                return;
            }
            if (HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || method == "MERGE")
            {
                var body = await ReadJsonBodyAsync(request);
                await RunChangeAsync(session, () => changes.Update(path, table => V2PayloadReader.Instance.Read(Unwrap(body), table), HttpMethods.IsPut(method), ifMatch, etagOf));
                if (Core.Write.ExistingEntity.Find(Service, session, path) is { } updated && etagOf(updated) is { } etag) response.Headers.ETag = etag;
                V2MessageHeader.Write(response);
                response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }
            if (HttpMethods.IsDelete(method))
            {
                await RunChangeAsync(session, () => { changes.Delete(path, ifMatch, etagOf); return 0; });
                V2MessageHeader.Write(response);
                response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }
        }
        catch (QueryException e) when (e.Status == StatusCodes.Status409Conflict)
        {
            throw QueryException.BadRequest(e.Message, e.Target);
        }
        throw new QueryException(405, $"The method {method} is not allowed; OData V2 changes data with POST, PUT, MERGE, PATCH and DELETE");
    }

    IEdmOperationImport? FunctionImport(string resourcePath) =>
        resourcePath.Contains('/') || resourcePath.Contains('(') ? null
            : Service.Metadata.Model.EntityContainer.FindOperationImports(Uri.UnescapeDataString(resourcePath)).FirstOrDefault();

    /// <summary>
    /// A function import as Gateway runs it: <c>/Name?Param='value'</c> with V2 literals, called with the method its
    /// <c>m:HttpMethod</c> names; results as <c>{"d":{"Name":...}}</c>, entities as entities.
    /// </summary>
    async Task FunctionImportAsync(HttpContext context, string method, IEdmOperationImport import, StoreSession session, V2Format format)
    {
        var request = context.Request;
        var response = context.Response;
        var operation = import.Operation;
        var httpMethod = Core.Model.SapPropertyFacts.Sap(Service.Metadata.Model, import, "http-method") ?? (operation.IsAction() ? "POST" : "GET");
        if (!string.Equals(method, httpMethod, StringComparison.OrdinalIgnoreCase) && !(httpMethod == "GET" && HttpMethods.IsHead(method)))
            throw new QueryException(405, $"The function import {import.Name} is called with {httpMethod}");
        var given = new List<KeyValuePair<string, object?>>();
        foreach (var (name, values) in request.Query)
        {
            if (name.StartsWith('$') || name.StartsWith("sap-", StringComparison.Ordinal) || name == "search") continue;
            var parameter = operation.Parameters.FirstOrDefault(p => p.Name == name)
                ?? throw QueryException.BadRequest($"{import.Name} has no parameter '{name}'", name);
            object? value;
            try { value = Microsoft.OData.ODataUriUtils.ConvertFromUriLiteral(V2UriNormalizer.Literal(values.ToString(), name), Microsoft.OData.ODataVersion.V4, Service.Metadata.Model, parameter.Type); }
            catch (Exception e) when (e is Microsoft.OData.ODataException or FormatException or OverflowException)
            {
                throw QueryException.BadRequest($"Parameter '{name}' of {import.Name} is not a valid {parameter.Type.FullName()} literal: {values}", name);
            }
            given.Add(new(name, value is Microsoft.OData.ODataNullValue ? null : value));
        }
        var call = new Core.Operations.OperationCall
        {
            Operation = operation, Service = Service, Session = session,
            Parameters = OperationParameters.FromValues(operation, given),
            Writer = new Core.Write.EntityWriter(session, store.Dialect), User = context.User,
        };
        var handler = Service.Handler(operation);
        var result = operation.IsAction() ? await RunChangeAsync(session, () => handler.Invoke(call)) : handler.Invoke(call);
        V2MessageHeader.Write(response);
        switch (result)
        {
            case Core.Operations.OperationResult.Entity entity:
                await ReadAsync(context, entity.Table.Name + "(" + V2Values.KeyPredicate(entity.Table.Keys, entity.Key) + ")", session, format, v1: false);
                return;
            case Core.Operations.OperationResult.Value value when format == V2Format.Json:
                response.ContentType = "application/json;charset=utf-8";
                await using (var json = new System.Text.Json.Utf8JsonWriter(response.BodyWriter, JsonOutput.Options))
                {
                    json.WriteStartObject();
                    json.WriteStartObject("d");
                    if (value.Type.IsCollection()) json.WritePropertyName("results");
                    else json.WritePropertyName(import.Name);
                    new OperationValueWriter(json, v2: true).Write(value.Type, value.Content);
                    json.WriteEndObject();
                    json.WriteEndObject();
                }
                return;
            case Core.Operations.OperationResult.Value value:
                response.ContentType = "application/xml;charset=utf-8";
                await using (var xml = XmlWriter.Create(new PipeBufferStream(response.BodyWriter), V2AtomWriter.Settings))
                {
                    xml.WriteStartElement("d", import.Name, V2AtomWriter.DataNamespace);
                    xml.WriteAttributeString("xmlns", "m", null, V2AtomWriter.MetadataNamespace);
                    WriteXmlValue(xml, value.Type, value.Content);
                    xml.WriteEndElement();
                    await xml.FlushAsync();
                }
                return;
            case Core.Operations.OperationResult.Raw raw:
                await WriteAsIsAsync(response, raw.Status, raw.ContentType, raw.Body);
                return;
            default:
                response.StatusCode = StatusCodes.Status204NoContent;
                return;
        }
    }

    static void WriteXmlValue(XmlWriter xml, IEdmTypeReference type, object? value)
    {
        xml.WriteAttributeString("m", "type", V2AtomWriter.MetadataNamespace, type.IsCollection() ? $"Collection({type.AsCollection().ElementType().FullName()})" : type.FullName());
        switch (value)
        {
            case null:
                xml.WriteAttributeString("m", "null", V2AtomWriter.MetadataNamespace, "true");
                break;
            case IDictionary<string, object?> complex:
                foreach (var property in type.AsComplex().ComplexDefinition().StructuralProperties())
                {
                    xml.WriteStartElement("d", property.Name, V2AtomWriter.DataNamespace);
                    WriteXmlValue(xml, property.Type, complex.TryGetValue(property.Name, out var inner) ? inner : null);
                    xml.WriteEndElement();
                }
                break;
            case System.Collections.IList list:
                foreach (var item in list)
                {
                    xml.WriteStartElement("d", "element", V2AtomWriter.DataNamespace);
                    WriteXmlValue(xml, type.AsCollection().ElementType(), item);
                    xml.WriteEndElement();
                }
                break;
            case bool flag:
                xml.WriteString(flag ? "true" : "false");
                break;
            default:
                xml.WriteString(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>Some clients wrap the entity in <c>{"d":{...}}</c>, as Gateway's responses are.</summary>
    static System.Text.Json.JsonElement Unwrap(System.Text.Json.JsonElement body) =>
        body.ValueKind == System.Text.Json.JsonValueKind.Object && body.TryGetProperty("d", out var inner) && inner.ValueKind == System.Text.Json.JsonValueKind.Object
            && body.EnumerateObject().Count() == 1 ? inner : body;

    /// <summary>
    /// As Gateway: JSON when asked for (<c>$format=json</c>, <c>Accept: application/json</c>), Atom otherwise
    /// (no preference, <c>$format=atom|xml</c>, Atom or XML media types). Anything else is 406 when <paramref name="strict"/>.
    /// </summary>
    public static V2Format Negotiate(HttpRequest request, bool strict)
    {
        var format = request.Query["$format"].ToString();
        if (format.Length > 0)
        {
            if (format.Equals("json", StringComparison.OrdinalIgnoreCase) || format.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)) return V2Format.Json;
            if (format is "atom" or "xml" || format.StartsWith("application/atom+xml", StringComparison.OrdinalIgnoreCase) || format.StartsWith("application/xml", StringComparison.OrdinalIgnoreCase)) return V2Format.Atom;
            if (strict) throw new QueryException(406, $"$format={format} is not available; use $format=json, atom or xml");
            return V2Format.Atom;
        }
        var accept = request.GetTypedHeaders().Accept;
        foreach (var media in accept.OrderByDescending(m => m.Quality ?? 1))
        {
            var type = media.MediaType.Value ?? "";
            if (type.Equals("application/json", StringComparison.OrdinalIgnoreCase)) return V2Format.Json;
            if (type is "*/*" or "application/*" || type.Equals("application/atom+xml", StringComparison.OrdinalIgnoreCase)
                || type.Equals("application/xml", StringComparison.OrdinalIgnoreCase) || type.Equals("text/xml", StringComparison.OrdinalIgnoreCase))
                return V2Format.Atom;
        }
        if (accept.Count > 0 && strict)
            throw new QueryException(406, $"None of the requested media types ({request.Headers.Accept}) is available; OData V2 answers application/json and application/atom+xml");
        return V2Format.Atom;
    }

    /// <summary>
    /// <c>$links</c>: the URIs of the related entities, <c>{"d":{"results":[{"uri":...}]}}</c> or <c>{"d":{"uri":...}}</c>
    /// in JSON, a <c>links</c>/<c>uri</c> document in XML.
    /// </summary>
    static async Task WriteLinksAsync(HttpResponse response, EntityRows rows, V2Format format, string serviceRoot, bool collection, bool v1)
    {
        string Uri() => serviceRoot + rows.Plan.Table.UriName + "(" + V2Values.KeyPredicate(rows) + ")";
        if (format == V2Format.Atom)
        {
            response.ContentType = "application/xml;charset=utf-8";
            await using var xml = XmlWriter.Create(new PipeBufferStream(response.BodyWriter), V2AtomWriter.Settings);
            xml.WriteStartDocument();
            if (collection)
            {
                xml.WriteStartElement("links", V2AtomWriter.DataNamespace);
                while (rows.Read()) xml.WriteElementString("uri", V2AtomWriter.DataNamespace, Uri());
                xml.WriteEndElement();
            }
            else xml.WriteElementString("uri", V2AtomWriter.DataNamespace, Uri());
            xml.WriteEndDocument();
            await xml.FlushAsync();
            return;
        }
        response.ContentType = "application/json;charset=utf-8";
        await using var json = new Utf8JsonWriter(response.BodyWriter, JsonOutput.Options);
        json.WriteStartObject();
        if (collection && v1) json.WriteStartArray("d");
        else json.WriteStartObject("d");
        if (collection)
        {
            if (!v1) json.WriteStartArray("results");
            while (rows.Read())
            {
                json.WriteStartObject();
                json.WriteString("uri", Uri());
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        else json.WriteString("uri", Uri());
        if (!(collection && v1)) json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>V2 services: their own document, byte for byte. V4 services: an EDMX 1.0 document generated once.</summary>
    async Task WriteMetadataAsync(HttpResponse response)
    {
        response.ContentType = "application/xml";
        // Generated on first request; two racing requests would build the same bytes.
        await response.Body.WriteAsync(Service.Metadata.Origin == ODataVersion.V2 ? Service.Metadata.OriginalBytes : _generatedMetadata ??= V2MetadataWriter.Write(Service.Schema, MountPath + "$metadata"));
    }

    /// <summary><c>{"d":{"EntitySets":[...]}}</c> in JSON, an AtomPub <c>app:service</c> document otherwise.</summary>
    async Task WriteServiceDocumentAsync(HttpResponse response, V2Format format, string serviceRoot)
    {
        var sets = Service.Schema.Tables.Where(t => !t.IsContained).Select(t => t.Name).ToList();
        if (format == V2Format.Atom)
        {
            response.ContentType = "application/xml;charset=utf-8";
            const string app = "http://www.w3.org/2007/app";
            await using var xml = XmlWriter.Create(new PipeBufferStream(response.BodyWriter), V2AtomWriter.Settings);
            xml.WriteStartDocument();
            xml.WriteStartElement("app", "service", app);
            xml.WriteAttributeString("xml", "base", null, serviceRoot);
            xml.WriteAttributeString("xmlns", "atom", null, V2AtomWriter.AtomNamespace);
            xml.WriteStartElement("app", "workspace", app);
            xml.WriteStartElement("atom", "title", V2AtomWriter.AtomNamespace);
            xml.WriteAttributeString("type", "text");
            xml.WriteString("Data");
            xml.WriteEndElement();
            foreach (var set in sets)
            {
                xml.WriteStartElement("app", "collection", app);
                xml.WriteAttributeString("href", set);
                xml.WriteStartElement("atom", "title", V2AtomWriter.AtomNamespace);
                xml.WriteAttributeString("type", "text");
                xml.WriteString(set);
                xml.WriteEndElement();
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndDocument();
            await xml.FlushAsync();
            return;
        }
        response.ContentType = "application/json;charset=utf-8";
        await using var json = new Utf8JsonWriter(response.BodyWriter, JsonOutput.Options);
        json.WriteStartObject();
        json.WriteStartObject("d");
        json.WriteStartArray("EntitySets");
        foreach (var set in sets) json.WriteStringValue(set);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
