using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Timeouts;
using SapSandbox.Protocols.Http;
using SapSandbox.Server.Hosting;

namespace SapSandbox.Server.Limits;

/// <summary>What the limits know about a request: the service it is for (none outside the services) and its limits.</summary>
public sealed class LimitScope(ServiceMount? mount, ServiceLimits limits)
{
    public ServiceMount? Mount => mount;
    public ServiceLimits Limits => limits;

    public static LimitScope? Of(HttpContext context) => context.Features.Get<LimitScope>();

    /// <summary>An answer in the SAP error body of the request's protocol; V4's shape outside the services.</summary>
    public static Task FailAsync(HttpContext context, ServiceMount? mount, int status, string message)
    {
        var error = new ODataError(status, message);
        return mount != null ? mount.WriteErrorAsync(context, error) : Protocols.V4.V4ErrorWriter.WriteAsync(context, error, "");
    }
}

/// <summary>
/// The limits checked before a request reaches its service: requests answered at once (503), URL length (414),
/// and the time limit (504), which cancels <see cref="HttpContext.RequestAborted"/> and the store's
/// <see cref="RequestDeadline"/> so that a change still running rolls back.
/// </summary>
sealed class LimitMiddleware(RequestDelegate next, LimitPolicy policy, ServiceMounts mounts, ConcurrencyLimiter busy)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var mount = mounts.Find(context.Request.Path);
        var limits = policy.For(mount?.Service.Name);
        var scope = new LimitScope(mount, limits);
        context.Features.Set(scope);

        // The ICM refuses connections over icm/max_conn; the sandbox counts requests being answered (a keep-alive
        // connection that waits costs nothing) and answers the ones over the cap, so that clients see why.
        using var permit = busy.AttemptAcquire();
        if (!permit.IsAcquired)
        {
            context.Response.Headers.RetryAfter = "1";
            await LimitScope.FailAsync(context, mount, StatusCodes.Status503ServiceUnavailable,
                $"Service Unavailable: the sandbox is answering {policy.MaxConcurrentConnections} requests already (limit MaxConcurrentConnections); retry shortly");
            return;
        }

        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.GetEncodedPathAndQuery();
        if (target.Length > limits.MaxUrlLength)
        {
            await LimitScope.FailAsync(context, mount, StatusCodes.Status414UriTooLong,
                $"URI Too Long: the request URL has {target.Length} characters; the limit MaxUrlLength allows {limits.MaxUrlLength}");
            return;
        }

        var original = context.RequestAborted;
        using var deadline = new CancellationTokenSource(limits.RequestTimeout);
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(original, deadline.Token);
        context.Features.Set<IHttpRequestTimeoutFeature>(new RequestTimeoutFeature(deadline));
        context.RequestAborted = aborted.Token;
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !original.IsCancellationRequested)
        {
            // Half an answer on the wire cannot become a 504; cutting the connection tells the client it is incomplete.
            if (context.Response.HasStarted)
            {
                context.Abort();
                return;
            }
            context.Response.Clear();
            await LimitScope.FailAsync(context, mount, StatusCodes.Status504GatewayTimeout,
                $"Gateway Timeout: the request ran longer than {limits.RequestTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s " +
                "(limit RequestTimeoutSeconds) and was cancelled; the change it was making, if any, was not committed");
        }
        finally
        {
            context.RequestAborted = original;
        }
    }

    /// <summary>ASP.NET Core's feature for a request's time limit, so that code downstream finds it the usual way.</summary>
    sealed class RequestTimeoutFeature(CancellationTokenSource deadline) : IHttpRequestTimeoutFeature
    {
        public CancellationToken RequestTimeoutToken => deadline.Token;
        public void DisableTimeout() => deadline.CancelAfter(Timeout.InfiniteTimeSpan);
    }
}
