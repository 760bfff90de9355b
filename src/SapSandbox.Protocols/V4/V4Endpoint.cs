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
public sealed class V4Endpoint(ServiceDefinition service, string mountPath, SandboxStore store, ILogger logger)
    : ODataEndpoint(service, mountPath, logger)
{
    protected override Task WriteErrorAsync(HttpContext context, ODataError error) => V4ErrorWriter.WriteAsync(context, error, Service.Name);

    protected override async Task DispatchAsync(HttpContext context)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var request = context.Request;
        var relative = RequestTarget.Relative(context, MountPath);
        var (resourcePath, _) = RequestTarget.Split(relative);
        var response = context.Response;
        response.Headers["OData-Version"] = "4.0";
        response.Headers.CacheControl = "no-cache, no-store, must-revalidate";
        var read = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);

        if (resourcePath == "$batch")
        {
            await BatchAsync(context, store, StatusCodes.Status200OK, json: true);
            return;
        }
        if (!read && (resourcePath.Length == 0 || resourcePath == "$metadata"))
            throw new QueryException(405, $"The method {request.Method} is not allowed for the {(resourcePath.Length == 0 ? "service document" : "metadata document")}");
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

        using var lease = SessionLease.For(context, store);
        SapStatistics.Attach(context, lease.Session, start);
        if (resourcePath.EndsWith("/$value", StringComparison.Ordinal)
            && MediaEntityPath(V4RequestParser.Parse(Service, ParserRoot, relative, Service.PageSize).Path) is { } media)
            await MediaAsync(context, request.Method, new EntityChanges(Service, lease.Session, store.Dialect, user: context.User), media, lease.Session,
                e => e.ETag == null ? null : ETag.Format(e.ETag));
        else if (OperationPaths.Names(Service).Addresses(resourcePath)) await OperationAsync(context, relative, lease.Session, ieee754);
        else if (read && Delta.DeltaResponse.Asked(request))
            await Delta.DeltaResponse.WriteAsync(context, Service, ParserRoot, MountPath, relative, lease.Session, ieee754, JsonContentType(ieee754));
        else if (read) await ReadAsync(context, relative, lease.Session, ieee754);
        else await ChangeAsync(context, relative, lease.Session, ieee754);
    }

    async Task ReadAsync(HttpContext context, string relative, StoreSession session, bool ieee754, int status = StatusCodes.Status200OK)
    {
        var request = context.Request;
        var response = context.Response;
        var (resourcePath, _) = RequestTarget.Split(relative);
        var pageSize = Service.PageSize;
        if (MaxPageSize(request) is { } preferred)
        {
            pageSize = preferred;
            response.Headers["Preference-Applied"] = $"odata.maxpagesize={preferred}";
        }
        var (readRequest, plan) = Service.Plans.GetOrAdd($"{pageSize}|{relative}", () =>
        {
            var parsed = V4RequestParser.Parse(Service, ParserRoot, relative, pageSize);
            return new PlanCache.Entry(parsed, Service.Planner.Plan(parsed));
        });

        if (plan.ParentSql != null && !EntityRows.Exists(session, plan.ParentSql, plan.ParentParameters))
            throw QueryException.NotFound($"The entity that '{Uri.UnescapeDataString(resourcePath)}' starts from does not exist");

        if (plan.Shape == ResultShape.Count)
        {
            var total = EntityRows.Count(session, plan.CountSql, plan.CountParameters);
            response.ContentType = "text/plain;charset=utf-8";
            await response.WriteAsync(total.ToString(CultureInfo.InvariantCulture));
            return;
        }

        var contextUrl = ContextUrl(resourcePath, plan);
        var tracking = plan.Shape == ResultShape.Collection && !plan.References ? Delta.ChangeTracking.Begin(context, Service, session, readRequest) : null;
        long? count = plan.IncludeCount ? EntityRows.Count(session, plan.CountSql, plan.CountParameters) : null;
        using var rows = EntityRows.Open(session, plan);

        if (plan.References)
        {
            response.ContentType = JsonContentType(ieee754);
            await WriteReferencesAsync(response, rows, ContextPrefix(resourcePath), plan.Shape == ResultShape.Collection);
            return;
        }
        if (plan.Shape == ResultShape.Collection)
        {
            response.ContentType = JsonContentType(ieee754);
            await using var json = new Utf8JsonWriter(response.BodyWriter, JsonOutput.Options);
            var served = await new V4JsonWriter(json, response.BodyWriter, ieee754)
                .WriteCollectionAsync(rows, contextUrl, Service.MetadataETag, count, (last, written) =>
                    {
                        var next = RequestTarget.NextLink(request, MountPath, relative, plan.Top, last, written);
                        return tracking == null ? next : tracking.NextLink(next);
                    },
                    tracking == null ? null : () => tracking.DeltaLink(request, MountPath, relative));
            ResponseRows.Add(context, served);
            return;
        }

        if (!rows.Read())
        {
            if (plan.Shape == ResultShape.Entity && readRequest.Path.LastSegment is Microsoft.OData.UriParser.NavigationPropertySegment)
            {
                response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }
            throw QueryException.NotFound($"No entity matches '{Uri.UnescapeDataString(resourcePath)}'");
        }
        if (plan.ETagOrdinal >= 0 && !rows.IsNull(plan.ETagOrdinal))
        {
            var etag = ETag.Format(rows.Record.GetValue(plan.ETagOrdinal));
            response.Headers.ETag = etag;
            if (status == StatusCodes.Status200OK && Preconditions.NotModified(request.Headers.IfNoneMatch.ToString(), etag))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
        }
        response.StatusCode = status;
        ResponseRows.Add(context, 1);

        if (plan.Shape == ResultShape.PropertyValue)
        {
            await WriteRawValueAsync(response, rows, plan.Property!.Column!);
            return;
        }
        var messages = V4Messages.ForEntity(response, plan, Service.Metadata.Model);
        response.ContentType = JsonContentType(ieee754);
        await using var writer = new Utf8JsonWriter(response.BodyWriter, JsonOutput.Options);
        var v4 = new V4JsonWriter(writer, response.BodyWriter, ieee754) { Messages = messages };
        if (plan.Shape == ResultShape.Property) await v4.WritePropertyAsync(rows, plan.Property!, contextUrl);
        else await v4.WriteEntityAsync(rows, contextUrl, Service.MetadataETag);
    }

    static string JsonContentType(bool ieee754) => ieee754
        ? "application/json;odata.metadata=minimal;ieee754compatible=true"
        : "application/json;odata.metadata=minimal";

    /// <summary>
    /// POST (create, deep insert, create through a navigation), PUT (replace), PATCH (merge), DELETE, and
    /// <c>$ref</c> to set or clear a to-one link. The answer is read back inside the change's session, as the
    /// client would read it next: 201 with the entity and <c>Location</c>, or 204 with the new ETag.
    /// </summary>
    async Task ChangeAsync(HttpContext context, string relative, StoreSession session, bool ieee754)
    {
        var request = context.Request;
        var response = context.Response;
        var method = request.Method;
        var path = V4RequestParser.Parse(Service, ParserRoot, relative, Service.PageSize).Path;
        var changes = new EntityChanges(Service, session, store.Dialect,
            id => V4RequestParser.Parse(Service, ParserRoot, RequestTarget.FromEntityId(id, MountPath), Service.PageSize).Path,
            context.User);
        var ifMatch = request.Headers.IfMatch.ToString();
        Func<Core.Write.ExistingEntity, string?> etagOf = e => e.ETag == null ? null : ETag.Format(e.ETag);
        var (resourcePath, _) = RequestTarget.Split(relative);

        if (path.LastSegment is Microsoft.OData.UriParser.ReferenceSegment)
        {
            Microsoft.OData.UriParser.ODataPath? target = null;
            if (HttpMethods.IsPut(method) || HttpMethods.IsPost(method))
            {
                var body = await ReadJsonBodyAsync(request);
                if (!body.TryGetProperty("@odata.id", out var id) || id.GetString() is not { Length: > 0 } url)
                    throw QueryException.BadRequest("A $ref body names the entity in \"@odata.id\"");
                target = V4RequestParser.Parse(Service, ParserRoot, RequestTarget.FromEntityId(url, MountPath), Service.PageSize).Path;
            }
            else if (!HttpMethods.IsDelete(method)) throw new QueryException(405, $"The method {method} is not allowed for a $ref");
            await RunChangeAsync(session, () => { changes.Link(path, target); return 0; });
            response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        if (HttpMethods.IsPost(method))
        {
            var body = await ReadJsonBodyAsync(request);
            var created = await RunChangeAsync(session, () => changes.Create(path, table => V4PayloadReader.Instance.Read(body, table)));
            var location = (created.Table.IsContained ? resourcePath : created.Table.Name) + V4Keys.Predicate(created.Table.Keys, created.Values);
            response.Headers.Location = $"{request.Scheme}://{request.Host}{MountPath}{location}";
            if (Prefers(request, "return=minimal"))
            {
                response.Headers["OData-EntityId"] = response.Headers.Location;
                response.Headers["Preference-Applied"] = "return=minimal";
                V4Messages.WriteHeader(response);
                response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }
            await ReadAsync(context, location, session, ieee754, StatusCodes.Status201Created);
            return;
        }
        if (HttpMethods.IsPut(method) || HttpMethods.IsPatch(method))
        {
            var body = await ReadJsonBodyAsync(request);
            await RunChangeAsync(session, () => changes.Update(path, table => V4PayloadReader.Instance.Read(body, table), HttpMethods.IsPut(method), ifMatch, etagOf));
            if (Prefers(request, "return=representation"))
            {
                response.Headers["Preference-Applied"] = "return=representation";
                await ReadAsync(context, resourcePath, session, ieee754);
                return;
            }
            if (Core.Write.ExistingEntity.Find(Service, session, path) is { ETag: { } token }) response.Headers.ETag = ETag.Format(token);
            V4Messages.WriteHeader(response);
            response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }
        if (HttpMethods.IsDelete(method))
        {
            await RunChangeAsync(session, () => { changes.Delete(path, ifMatch, etagOf); return 0; });
            V4Messages.WriteHeader(response);
            response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }
        throw new QueryException(405, $"The method {method} is not allowed; OData V4 changes data with POST, PUT, PATCH and DELETE");
    }

    /// <summary>
    /// Functions (GET, parameters in the URL) and actions (POST, parameters in a JSON body), unbound through their
    /// imports or bound to an entity: the service's handler runs them, in a transaction for actions.
    /// </summary>
    async Task OperationAsync(HttpContext context, string relative, StoreSession session, bool ieee754)
    {
        var request = context.Request;
        var response = context.Response;
        var path = V4RequestParser.Parse(Service, ParserRoot, relative, Service.PageSize).Path;
        var (resourcePath, _) = RequestTarget.Split(relative);
        IEdmOperation operation;
        IEnumerable<Microsoft.OData.UriParser.OperationSegmentParameter> urlParameters;
        Core.Write.ExistingEntity? binding = null;
        string? bindingPath = null;
        switch (path.LastSegment)
        {
            case Microsoft.OData.UriParser.OperationImportSegment import:
                operation = import.OperationImports.Single().Operation;
                urlParameters = import.Parameters;
                break;
            case Microsoft.OData.UriParser.OperationSegment bound:
                operation = bound.Operations.Single();
                urlParameters = bound.Parameters;
                var target = new Microsoft.OData.UriParser.ODataPath(path.Take(path.Count - 1));
                if (target.LastSegment is Microsoft.OData.UriParser.KeySegment
                    || target.LastSegment is Microsoft.OData.UriParser.NavigationPropertySegment single && !single.NavigationProperty.Type.IsCollection())
                {
                    binding = Core.Write.ExistingEntity.Get(Service, session, target);
                    bindingPath = resourcePath[..resourcePath.LastIndexOf('/')];
                }
                break;
            default:
                throw QueryException.NotImplemented("Paths that continue after a function or action are not supported");
        }
        var isAction = operation.IsAction();
        if (isAction ? !HttpMethods.IsPost(request.Method) : !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
            throw new QueryException(405, $"{operation.Name} is {(isAction ? "an action: call it with POST" : "a function: call it with GET")}");

        var parameters = isAction
            ? OperationParameters.FromJson(operation, request.ContentLength is 0 ? default : await ReadJsonBodyAsync(request), V4PayloadReader.Instance)
            : OperationParameters.FromValues(operation, urlParameters.Select(p => new KeyValuePair<string, object?>(p.Name,
                p.Value is Microsoft.OData.UriParser.ConstantNode constant ? constant.Value : p.Value)));
        var call = new Core.Operations.OperationCall { Operation = operation, Service = Service, Session = session, Binding = binding, Parameters = parameters,
            Writer = new Core.Write.EntityWriter(session, store.Dialect), User = context.User };
        var handler = Service.Handler(operation);
        var result = isAction ? await RunChangeAsync(session, () => handler.Invoke(call)) : handler.Invoke(call);

        switch (result)
        {
            case Core.Operations.OperationResult.Entity entity:
                var entityPath = bindingPath != null && entity.Table == binding!.Table && entity.Key.All(k => Equals(binding.Key[k.Key], k.Value))
                    ? bindingPath
                    : entity.Table.Name + V4Keys.Predicate(entity.Table.Keys, entity.Key);
                await ReadAsync(context, entityPath, session, ieee754);
                return;
            case Core.Operations.OperationResult.Value value:
                V4Messages.WriteHeader(response);
                response.ContentType = JsonContentType(ieee754);
                await using (var json = new Utf8JsonWriter(response.BodyWriter, JsonOutput.Options))
                {
                    var writer = new OperationValueWriter(json, v2: false, ieee754);
                    var typeName = value.Type.IsCollection() ? $"Collection({value.Type.AsCollection().ElementType().FullName()})" : value.Type.FullName();
                    json.WriteStartObject();
                    json.WriteString("@odata.context", ContextPrefix(resourcePath) + typeName);
                    if (value.Type.IsComplex() && value.Content is IDictionary<string, object?> complex)
                        foreach (var (name, inner) in complex)
                        {
                            json.WritePropertyName(name);
                            writer.Write(value.Type.AsComplex().ComplexDefinition().FindProperty(name)!.Type, inner);
                        }
                    else
                    {
                        json.WritePropertyName("value");
                        writer.Write(value.Type, value.Content);
                    }
                    json.WriteEndObject();
                }
                return;
            case Core.Operations.OperationResult.Raw raw:
                await WriteAsIsAsync(response, raw.Status, raw.ContentType, raw.Body);
                return;
            default:
                V4Messages.WriteHeader(response);
                response.StatusCode = StatusCodes.Status204NoContent;
                return;
        }
    }

    static bool Prefers(HttpRequest request, string preference) =>
        request.Headers["Prefer"].Any(p => (p ?? "").Split(',', StringSplitOptions.TrimEntries).Contains(preference, StringComparer.OrdinalIgnoreCase));

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
        var text = column.Kind switch
        {
            ValueKind.Boolean => (long)value != 0 ? "true" : "false",
            // An enumeration's raw value is its member's name, as in the JSON representation.
            ValueKind.Enum => V4JsonWriter.EnumName(column, (long)value),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        };
        await response.WriteAsync(text ?? "");
    }

    /// <summary>
    /// Relative to the request URL, as SAP's V4 services write it: <c>$metadata#Set(...)</c> at the
    /// service root, one <c>../</c> per extra path segment.
    /// </summary>
    internal static string ContextUrl(string resourcePath, ReadPlan plan)
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
