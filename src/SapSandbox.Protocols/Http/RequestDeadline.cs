using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Timeouts;
using SapSandbox.Core.Store;

namespace SapSandbox.Protocols.Http;

/// <summary>
/// A request's time limit as the store sees it. The store works synchronously, so a request past its limit is
/// stopped where it touches the store: it gets no session, a batch runs no further operation, and a change rolls
/// back instead of committing. The server's timeout then answers 504.
/// </summary>
public static class RequestDeadline
{
    /// <summary>Fires when the request has run past its limit; never, when the server sets none.</summary>
    public static CancellationToken Of(HttpContext context) =>
        context.Features.Get<IHttpRequestTimeoutFeature>()?.RequestTimeoutToken ?? CancellationToken.None;

    /// <summary>A pooled session bound to the request's limit; none once the limit has passed.</summary>
    public static StoreSession Rent(HttpContext context, SandboxStore store)
    {
        var deadline = Of(context);
        deadline.ThrowIfCancellationRequested();
        var session = store.Rent();
        session.Deadline = deadline;
        return session;
    }
}
