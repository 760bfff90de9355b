using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SapSandbox.Core.Query;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;
using SapSandbox.Protocols.Batch;

namespace SapSandbox.Protocols.Http;

/// <summary>
/// One service at one mount path, for one protocol: turns what a request cannot be answered with into the
/// protocol's error body, and an unexpected failure into a 500 with that body and a log line.
/// </summary>
public abstract class ODataEndpoint(ServiceDefinition service, string mountPath, ILogger logger)
{
    protected const string AllowedMethods = "GET, HEAD, POST, PUT, PATCH, MERGE, DELETE";

    protected ServiceDefinition Service => service;
    protected string MountPath => mountPath;

    /// <summary>The base the URI parser resolves the service's relative URLs against (only the path matters to it).</summary>
    protected Uri ParserRoot { get; } = new("http://sandbox" + mountPath);

    public async Task HandleAsync(HttpContext context)
    {
        // The messages operations and behaviours add while this request (or this operation of a batch) is answered.
        using var messages = Core.Messages.RequestMessages.Begin();
        try
        {
            // Gateway checks the CSRF token before the service sees the request, and answers a fetch on any URL.
            // The operations of a $batch were checked with the batch itself.
            if (ChangeScope.Of(context) == null)
                context.RequestServices.GetRequiredService<CsrfProtection>().Apply(context, service.CsrfProtection);
            Authorize(context);
            await DispatchAsync(context);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await FailAsync(context, new ODataError(413, $"The request body is larger than the limit of {RequestLimits.MaxBodyBytes / (1024 * 1024)} MB"));
        }
        catch (QueryException e)
        {
            await FailAsync(context, new ODataError(e.Status, e.Message, e.Target) { MessageCode = e.MessageCode });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Bad input is answered above; reaching here is a defect, reported with what was asked.
            logger.LogError(e, "Unexpected error for {Method} {Target}", context.Request.Method, RequestTarget.Relative(context, mountPath));
            await FailAsync(context, new ODataError(500, $"The sandbox failed to answer this request ({e.GetType().Name}: {e.Message}); please report it with the URL"));
        }
    }

    protected abstract Task DispatchAsync(HttpContext context);

    /// <summary>
    /// Reads need the service's read role, changes its write role; a <c>$batch</c> is checked operation by
    /// operation, since its parts come through here too.
    /// </summary>
    void Authorize(HttpContext context)
    {
        var request = context.Request;
        var change = !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method)
                     && !request.Path.Value!.EndsWith("/$batch", StringComparison.Ordinal);
        // Only a service's own role rule (Cloud Integration's task table) looks at the path; the others decide by method.
        var resourcePath = service.Roles == null ? "" : RequestTarget.Split(RequestTarget.Relative(context, mountPath)).Path;
        var missing = context.RequestServices.GetRequiredService<IServiceAuthorizer>().MissingRole(context, service, resourcePath, change);
        if (missing != null)
            throw new QueryException(403, $"User {context.User.Identity?.Name} is not authorized to {(change ? "change" : "read")} {service.Name}: the role {missing} is missing");
    }

    /// <summary>A body as a service made it (a task id, a certificate, or none at all), with its status and content type.</summary>
    protected static async Task WriteAsIsAsync(HttpResponse response, int status, string contentType, byte[] body, bool head = false)
    {
        response.StatusCode = status;
        if (contentType.Length > 0) response.ContentType = contentType;
        response.ContentLength = body.Length;
        // 204 and 202 without a body: Kestrel refuses even an empty write to a 204.
        if (!head && body.Length > 0) await response.Body.WriteAsync(body);
    }

    /// <summary>
    /// Runs a change in a transaction of its own, or in the changeset's when it is part of one, so that a failure
    /// anywhere leaves the store as it was. A deferred foreign key that still points nowhere fails the commit.
    /// </summary>
    protected static async Task<T> RunChangeAsync<T>(StoreSession session, Func<T> change)
    {
        if (session.InTransaction) return change();
        using var transaction = await session.BeginWriteAsync();
        var result = change();
        transaction.Commit();
        return result;
    }

    /// <summary>
    /// <c>POST $batch</c>: multipart/mixed on both protocols, and OData 4.01's JSON batch where
    /// <paramref name="json"/> allows it. Every operation goes through this endpoint on one store session.
    /// </summary>
    protected async Task BatchAsync(HttpContext context, SandboxStore store, int status, bool json)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method)) throw new QueryException(405, "$batch takes POST only");
        if (ChangeScope.Of(context) != null) throw QueryException.BadRequest("A batch cannot contain another batch");
        var type = request.ContentType ?? "";
        List<BatchItem> items;
        var isJson = false;
        if (type.StartsWith("multipart/mixed", StringComparison.OrdinalIgnoreCase))
            items = await MultipartBatchReader.ReadAsync(request.Body, type, service.Limits.MaxBatchOperations);
        else if (json && type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            items = JsonBatch.Read(await ReadJsonBodyAsync(request), service.Limits.MaxBatchOperations);
            isJson = true;
        }
        else throw new QueryException(415, $"A $batch body is multipart/mixed{(json ? " or application/json" : "")}, not '{type}'");

        using var session = RequestDeadline.Rent(context, store);
        var answers = await new BatchRunner(context, MountPath, HandleAsync, WriteErrorAsync).RunAsync(items, session);
        var response = context.Response;
        if (isJson)
        {
            await JsonBatch.WriteAsync(response, answers);
            return;
        }
        var (contentType, body) = MultipartBatchWriter.Write(answers);
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body);
    }

    /// <summary>
    /// The path of the entity whose media resource <c>…/$value</c> addresses, or null when <c>$value</c> follows a
    /// property (a primitive's raw value, which the read path answers).
    /// </summary>
    protected static Microsoft.OData.UriParser.ODataPath? MediaEntityPath(Microsoft.OData.UriParser.ODataPath path) =>
        path.LastSegment is Microsoft.OData.UriParser.ValueSegment && path.Count > 1
        && path.ElementAt(path.Count - 2) is Microsoft.OData.UriParser.KeySegment or Microsoft.OData.UriParser.NavigationPropertySegment
            ? new Microsoft.OData.UriParser.ODataPath(path.Take(path.Count - 1))
            : null;

    /// <summary><c>GET</c> or <c>PUT …/$value</c> of a media entity, through its entity set's behaviour.</summary>
    protected static async Task MediaAsync(HttpContext context, string method, EntityChanges changes, Microsoft.OData.UriParser.ODataPath entityPath,
        StoreSession session, Func<Core.Write.ExistingEntity, string?> etagOf)
    {
        var response = context.Response;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
        {
            var media = changes.ReadMedia(entityPath);
            response.ContentType = media.ContentType;
            response.ContentLength = media.Bytes.Length;
            if (HttpMethods.IsGet(method)) await response.Body.WriteAsync(media.Bytes);
            return;
        }
        if (!HttpMethods.IsPut(method)) throw new QueryException(405, "A media resource is read with GET and replaced with PUT");
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var content = new Core.Write.MediaContent(context.Request.ContentType ?? "application/octet-stream", buffer.ToArray());
        await RunChangeAsync(session, () => { changes.WriteMedia(entityPath, content, context.Request.Headers.IfMatch.ToString(), etagOf); return 0; });
        response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>The JSON body of a create or update; 415 for other media types, 400 for JSON that does not parse.</summary>
    protected static async Task<System.Text.Json.JsonElement> ReadJsonBodyAsync(HttpRequest request)
    {
        var type = request.ContentType ?? "";
        if (type.Length > 0 && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
            throw new QueryException(415, $"The body's media type {type} is not accepted; send application/json");
        try
        {
            using var document = await System.Text.Json.JsonDocument.ParseAsync(request.Body);
            return document.RootElement.Clone();
        }
        catch (System.Text.Json.JsonException e)
        {
            throw QueryException.BadRequest($"The body is not valid JSON: {e.Message}");
        }
    }

    protected abstract Task WriteErrorAsync(HttpContext context, ODataError error);

    async Task FailAsync(HttpContext context, ODataError error)
    {
        if (context.Response.HasStarted)
        {
            // Half a body is already on the wire; a clean abort beats a corrupt document.
            context.Abort();
            return;
        }
        // The CSRF exchange belongs to the answer however it ends: a token fetched with a request that fails (SAP's
        // clients read it even from an error), its session cookie, and the "Required" of a refused change.
        var csrfToken = context.Response.Headers[CsrfProtection.HeaderName];
        var cookies = context.Response.Headers.SetCookie;
        context.Response.Clear();
        if (csrfToken.Count > 0) context.Response.Headers[CsrfProtection.HeaderName] = csrfToken;
        if (cookies.Count > 0) context.Response.Headers.SetCookie = cookies;
        // The methods OData allows a resource, less the one just refused for it.
        if (error.Status == StatusCodes.Status405MethodNotAllowed)
            context.Response.Headers.Allow = string.Join(", ", AllowedMethods.Split(", ").Where(m => !m.Equals(context.Request.Method, StringComparison.OrdinalIgnoreCase)));
        await WriteErrorAsync(context, error);
    }
}
