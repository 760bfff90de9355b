using Microsoft.AspNetCore.Http;
using SapSandbox.Core.Store;

namespace SapSandbox.Protocols.Http;

/// <summary>
/// The store session of a <c>$batch</c>, lent to each of its operations through the request's features, so that
/// reads see earlier writes and the operations of a changeset share one transaction that the batch commits.
/// </summary>
public sealed class ChangeScope(StoreSession session)
{
    public StoreSession Session => session;

    /// <summary>Set while a changeset runs: its operations neither begin nor commit a transaction of their own.</summary>
    public StoreTransaction? Changeset { get; set; }

    public static ChangeScope? Of(HttpContext context) => context.Features.Get<ChangeScope>();
}

/// <summary>A session for one request: the batch's when there is one (not returned here), else a pooled one.</summary>
public readonly struct SessionLease(StoreSession session, bool owned) : IDisposable
{
    public StoreSession Session => session;

    public static SessionLease For(HttpContext context, SandboxStore store) =>
        ChangeScope.Of(context) is { } scope ? new SessionLease(scope.Session, false) : new SessionLease(RequestDeadline.Rent(context, store), true);

    public void Dispose()
    {
        if (owned) session.Dispose();
    }
}
