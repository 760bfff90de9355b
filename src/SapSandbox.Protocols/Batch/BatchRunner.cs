using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using SapSandbox.Core.Store;
using SapSandbox.Protocols.Http;

namespace SapSandbox.Protocols.Batch;

/// <summary>
/// Runs the operations of a <c>$batch</c> one after another through the service's own endpoint, on one store
/// session: each changeset in one transaction, committed when all its operations worked and rolled back
/// otherwise, so reads after it see exactly what it left. <c>$id</c> at the start of a URL is replaced by the
/// entity the operation with that Content-ID created.
/// </summary>
public sealed class BatchRunner(HttpContext outer, string mountPath, Func<HttpContext, Task> handle, Func<HttpContext, ODataError, Task> writeError)
{
    readonly Dictionary<string, string> _created = new(StringComparer.Ordinal);

    /// <summary>Runs every item; a changeset that failed is answered by its failing operation, as Gateway does.</summary>
    public async Task<List<(BatchItem Item, IReadOnlyList<BatchResult> Results, bool Failed)>> RunAsync(IReadOnlyList<BatchItem> items, StoreSession session)
    {
        var scope = new ChangeScope(session);
        var answers = new List<(BatchItem, IReadOnlyList<BatchResult>, bool)>();
        var failed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (item.Operation is { } single)
            {
                var result = Blocked(single, failed) ?? await RunAsync(single, scope);
                if (result.Status >= 400 && single.ContentId != null) failed.Add(single.ContentId);
                answers.Add((item, [result], result.Status >= 400));
                continue;
            }
            var results = new List<BatchResult>();
            BatchResult? failure = null;
            using (var transaction = await session.BeginWriteAsync())
            {
                scope.Changeset = transaction;
                foreach (var operation in item.Changeset!)
                {
                    var result = Blocked(operation, failed) ?? await RunAsync(operation, scope);
                    results.Add(result);
                    if (result.Status >= 400)
                    {
                        failure = result;
                        break;
                    }
                }
                scope.Changeset = null;
                if (failure == null)
                {
                    try { transaction.Commit(); }
                    catch (Core.Query.QueryException)
                    {
                        failure = await ErrorAsync(item.Changeset![^1], 400, "The changeset leaves a reference to an entity that does not exist, or deletes one that others still refer to");
                    }
                }
            }
            if (failure != null)
            {
                foreach (var operation in item.Changeset!)
                    if (operation.ContentId != null) { failed.Add(operation.ContentId); _created.Remove(operation.ContentId); }
                if (item.GroupId != null) failed.Add(item.GroupId);
                answers.Add((item, [failure], true));
            }
            else answers.Add((item, results, false));
        }
        return answers;
    }

    /// <summary>A JSON batch request whose dependency failed is answered 424 without running.</summary>
    BatchResult? Blocked(BatchOperation operation, HashSet<string> failed)
    {
        var blocker = operation.DependsOn.FirstOrDefault(failed.Contains);
        return blocker == null ? null : new BatchResult(operation, StatusCodes.Status424FailedDependency, new HeaderDictionary(), []);
    }

    async Task<BatchResult> RunAsync(BatchOperation operation, ChangeScope scope)
    {
        // A batch past its time limit runs no further operation; the changeset it is in rolls back.
        scope.Session.Deadline.ThrowIfCancellationRequested();
        var relative = Resolve(operation.Url);
        var (path, query) = RequestTarget.Split(relative);
        IHeaderDictionary headers = new HeaderDictionary();
        foreach (var (name, value) in operation.Headers) headers[name] = value;
        // The batch carried the credentials and the CSRF token for all its operations.
        headers.Host = outer.Request.Host.Value;
        if (!headers.ContainsKey("Authorization")) headers.Authorization = outer.Request.Headers.Authorization;
        if (!headers.ContainsKey("Content-Length") && operation.Body.Length > 0) headers.ContentLength = operation.Body.Length;

        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(new HttpRequestFeature
        {
            Method = operation.Method,
            Scheme = outer.Request.Scheme,
            Protocol = "HTTP/1.1",
            PathBase = "",
            Path = Uri.UnescapeDataString(mountPath + path),
            QueryString = query == null ? "" : "?" + query,
            RawTarget = mountPath + relative,
            Headers = headers,
            Body = new MemoryStream(operation.Body, writable: false),
        });
        features.Set(scope);
        var result = await AnswerAsync(operation, features, handle);
        if (operation.ContentId != null && result.Status == StatusCodes.Status201Created && result.Headers.Location.ToString() is { Length: > 0 } location)
            _created[operation.ContentId] = RequestTarget.FromEntityId(location, mountPath);
        return result;
    }

    /// <summary>The answer for a changeset that failed only at its commit, in the protocol's error format.</summary>
    Task<BatchResult> ErrorAsync(BatchOperation operation, int status, string message)
    {
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(new HttpRequestFeature { Method = operation.Method, Headers = operation.Headers });
        return AnswerAsync(operation, features, context => writeError(context, new ODataError(status, message)));
    }

    async Task<BatchResult> AnswerAsync(BatchOperation operation, FeatureCollection features, Func<HttpContext, Task> run)
    {
        var body = new MemoryStream();
        features.Set<IHttpResponseFeature>(new HttpResponseFeature());
        features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(body));
        var context = new DefaultHttpContext(features) { RequestServices = outer.RequestServices, User = outer.User };
        await run(context);
        await context.Response.CompleteAsync();
        ResponseRows.Add(outer, ResponseRows.Of(context));
        return new BatchResult(operation, context.Response.StatusCode, context.Response.Headers, body.ToArray());
    }

    /// <summary>
    /// A part's URL relative to the service: SAP Cloud SDK sends absolute paths (<c>/sap/opu/odata/sap/X/Set</c>),
    /// others relative ones or full URLs; <c>$1/to_Item</c> continues from what operation 1 created.
    /// </summary>
    string Resolve(string url)
    {
        var relative = RequestTarget.FromEntityId(url, mountPath);
        if (relative.StartsWith('$') && !relative.StartsWith("$batch", StringComparison.Ordinal))
        {
            var end = relative.IndexOfAny(['/', '?']);
            var id = end < 0 ? relative[1..] : relative[1..end];
            if (_created.TryGetValue(id, out var location)) return location + (end < 0 ? "" : relative[end..]);
        }
        return relative;
    }
}
