using Microsoft.AspNetCore.WebUtilities;
using SapSandbox.Protocols.Http;
using SapSandbox.Server.Hosting;
using SapSandbox.Server.Monitoring;
using SapSandbox.Server.Security;

namespace SapSandbox.Server.FaultInjection;

/// <summary>
/// Injects the faults of <see cref="FaultRules"/> into requests on service paths, after authentication (rules see
/// who asks; a request without credentials gets its 401, not a fault) and before the service's endpoint. The admin
/// API and the health checks are never faulted, so a broad rule cannot lock out its own removal.
/// </summary>
/// <remarks>
/// Every fault is logged with the rule's id and answered with <c>sap-sandbox-fault: &lt;rule id&gt;</c> (also
/// when the request then goes on, after added latency), so clients and tests can tell an injected failure from a real one.
/// </remarks>
public sealed class FaultInjectionMiddleware(RequestDelegate next, FaultRules rules, ServiceMounts mounts, SandboxMetrics metrics, ILoggerFactory loggers)
{
    public const string HeaderName = "sap-sandbox-fault";
    const string ItemKey = "SapSandbox.FaultRule";
    const string DroppedKey = "SapSandbox.FaultDropped";

    readonly ILogger _logger = loggers.CreateLogger("SapSandbox.Faults");

    /// <summary>The id of the rule whose fault the request got, if it got one.</summary>
    public static string? AppliedRule(HttpContext context) => context.Items.TryGetValue(ItemKey, out var id) ? id as string : null;

    /// <summary>Whether a fault aborted the connection (Kestrel signals <see cref="HttpContext.RequestAborted"/> a moment later).</summary>
    public static bool Dropped(HttpContext context) => context.Items.ContainsKey(DroppedKey);

    public async Task InvokeAsync(HttpContext context)
    {
        var mount = rules.All.Count == 0 ? null : mounts.Find(context.Request.Path);
        var rule = mount == null ? null : rules.Pick(mount, context.Request);
        if (rule == null)
        {
            await next(context);
            return;
        }

        var request = context.Request;
        var response = context.Response;
        context.Items[ItemKey] = rule.Id;
        // Set as the answer starts: an error path of the endpoint clears the headers set before it.
        response.OnStarting(() =>
        {
            response.Headers[HeaderName] = rule.Id;
            return Task.CompletedTask;
        });
        _logger.LogWarning("Fault {FaultRule} injected into {Method} {Path} ({Service}, user {User}): {Effect}",
            rule.Id, request.Method, request.Path + request.QueryString, mount!.Service.Name, context.User.Identity?.Name ?? "-", rule.Effect);
        metrics.FaultInjected(rule.Id, mount.Service.Name);

        var settings = rule.Settings;
        if (settings.Latency is { } latency && latency > 0)
        {
            // A timer may fire a millisecond before the monotonic clock says the time is up; the rule promises at least Latency ms.
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                for (var left = (double)latency; left > 0; left = latency - System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds)
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(left)), context.RequestAborted);
            }
            catch (OperationCanceledException) { return; }
        }
        if (settings.Drop)
        {
            context.Items[DroppedKey] = true;
            context.Abort();
            return;
        }
        if (settings.Status is { } status)
        {
            var retryAfter = settings.RetryAfterSeconds ?? (status == StatusCodes.Status429TooManyRequests ? 1 : null);
            if (retryAfter != null) response.Headers.RetryAfter = retryAfter.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (status == StatusCodes.Status401Unauthorized) response.Headers.WWWAuthenticate = $"Basic realm=\"{BasicAuthenticationHandler.Realm}\"";
            await mount.WriteErrorAsync(context, new ODataError(status, settings.Message ?? StatusMessage(status, mount, retryAfter)));
            return;
        }
        if (settings.ExpireCsrfToken)
        {
            // What CsrfProtection answers for a token past its lifetime: the client is to fetch a new one.
            response.Headers[CsrfProtection.HeaderName] = "Required";
            await mount.WriteErrorAsync(context, new ODataError(StatusCodes.Status403Forbidden, CsrfProtection.FailureMessage));
            return;
        }
        if (settings.StaleETag)
        {
            var ifMatch = request.Headers.IfMatch.ToString().Trim();
            await mount.WriteErrorAsync(context, new ODataError(StatusCodes.Status412PreconditionFailed,
                ifMatch.Length > 0 && ifMatch != "*" ? $"The entity was changed since it was read: If-Match {ifMatch} does not match the current ETag"
                    : "The entity was changed by another user since it was read"));
            return;
        }
        await next(context);
    }

    /// <summary>SAP's words for the statuses a fault rule typically injects.</summary>
    static string StatusMessage(int status, ServiceMount mount, int? retryAfter) => status switch
    {
        StatusCodes.Status429TooManyRequests => $"Too Many Requests: the rate limit of {mount.Service.Name} is exceeded; retry after {retryAfter ?? 1} s",
        StatusCodes.Status500InternalServerError => "In the context of Data Services an unknown internal server error occurred",
        StatusCodes.Status503ServiceUnavailable => "Service Unavailable: the system is in maintenance mode; try again later",
        _ => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : $"Error {status}",
    };
}
