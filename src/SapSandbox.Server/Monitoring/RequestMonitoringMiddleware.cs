using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using SapSandbox.Protocols.Http;
using SapSandbox.Server.FaultInjection;
using SapSandbox.Server.Hosting;

namespace SapSandbox.Server.Monitoring;

/// <summary>
/// The outermost step of every request: one structured log line when it ends (user, service, method, path, status,
/// duration, entities served, fault rule), the metrics of <see cref="SandboxMetrics"/>, and a record in the
/// <see cref="ErrorLog"/> when it failed. Runs before authentication, so refused logons are seen too.
/// </summary>
public sealed class RequestMonitoringMiddleware(RequestDelegate next, ServiceMounts mounts, ErrorLog errors, SandboxMetrics metrics, RequestLog log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var start = Stopwatch.GetTimestamp();
        var request = context.Request;
        var requestBody = HasBody(request) ? new BodyCapture() : null;
        var originalRequestBody = request.Body;
        if (requestBody != null) request.Body = new CapturingReadStream(originalRequestBody, requestBody);
        var originalResponseBody = context.Features.Get<IHttpResponseBodyFeature>()!;
        var responseBody = new CapturingResponseBody(originalResponseBody, context.Response);
        context.Features.Set<IHttpResponseBodyFeature>(responseBody);
        // Registered first, so it runs last as the answer starts, when every other step has set its headers.
        var responseHeaders = new ResponseHeaders(context.Response);
        context.Response.OnStarting(ResponseHeaders.Take, responseHeaders);

        var failed = false;
        try
        {
            await next(context);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            // Dropped (a fault, or the client went away) before an answer started: there is no status to report.
            var status = failed ? StatusCodes.Status500InternalServerError
                : (FaultInjectionMiddleware.Dropped(context) || context.RequestAborted.IsCancellationRequested) && !context.Response.HasStarted ? 0
                : context.Response.StatusCode;
            var milliseconds = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            try
            {
                await RecordAsync(context, status, milliseconds, requestBody, responseBody, responseHeaders);
            }
            finally
            {
                context.Features.Set(originalResponseBody);
                request.Body = originalRequestBody;
            }
        }
    }

    async Task RecordAsync(HttpContext context, int status, double milliseconds, BodyCapture? requestBody, CapturingResponseBody responseBody, ResponseHeaders responseHeaders)
    {
        var request = context.Request;
        var mount = mounts.Find(request.Path);
        var service = mount?.Service.Name;
        var user = context.User.Identity?.IsAuthenticated == true ? context.User.Identity.Name : null;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path + request.QueryString;
        var rows = ResponseRows.Of(context);
        var fault = FaultInjectionMiddleware.AppliedRule(context);
        var duration = Math.Round(milliseconds, 1);

        // Probes come every few seconds; their lines would drown the requests that matter.
        var level = request.Path.StartsWithSegments("/health") ? LogLevel.Debug : LogLevel.Information;
        if (log.IsEnabled(level)) log.Add(new RequestLog.Line(level, request.Method, target, status, duration, rows, user ?? "-", service ?? "-", fault));
        metrics.Request(service, request.Method, status, milliseconds, rows);

        // Failed: an error status, or a connection a fault dropped (a client that gives up is not a failure of the sandbox).
        if (!(status >= 400 || status == 0 && fault != null)) return;
        if (requestBody != null && !requestBody.Truncated) await ReadRestAsync(context, requestBody);
        var entry = new ErrorLogEntry(errors.NextId(), ErrorLog.TransactionId(context), DateTimeOffset.UtcNow, user, service, request.Method,
            $"{request.Scheme}://{request.Host}{target}", ErrorLog.Headers(request.Headers), requestBody?.Text() ?? "", requestBody?.Truncated ?? false,
            status, responseBody.Capture?.Text() ?? "", responseBody.Capture?.Truncated ?? false, duration, fault);
        responseHeaders.Fill(entry);
        errors.Add(entry);
    }

    /// <summary>The response headers of a failed request as the client gets them: taken when the answer starts.</summary>
    sealed class ResponseHeaders(HttpResponse response)
    {
        IReadOnlyList<KeyValuePair<string, string>>? _taken;
        ErrorLogEntry? _entry;

        public static Task Take(object state)
        {
            ((ResponseHeaders)state).Take();
            return Task.CompletedTask;
        }

        void Take()
        {
            if (response.StatusCode < 400) return;
            _taken = ErrorLog.Headers(response.Headers);
            if (_entry != null) _entry.ResponseHeaders = _taken;
        }

        /// <summary>Now if the answer has started; otherwise as it starts, which is after this request's entry is made.</summary>
        public void Fill(ErrorLogEntry entry)
        {
            entry.ResponseHeaders = _taken ?? ErrorLog.Headers(response.Headers);
            if (!response.HasStarted) _entry = entry;
        }
    }

    /// <summary>
    /// A request refused before its body was read (403 for a missing role or CSRF token) shows its body too: the bytes
    /// are on their way already and Kestrel would read them to keep the connection. Not when the client waits for
    /// <c>100 Continue</c>: it sends nothing after a final answer, and waiting for it would hold the answer back.
    /// </summary>
    static async Task ReadRestAsync(HttpContext context, BodyCapture capture)
    {
        if (context.Request.Headers.Expect.ToString().Contains("100-continue", StringComparison.OrdinalIgnoreCase)) return;
        if (context.Request.Body is not CapturingReadStream body) return;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            timeout.CancelAfter(TimeSpan.FromMilliseconds(500));
            var buffer = new byte[4096];
            while (!capture.Truncated && await body.ReadAsync(buffer, timeout.Token) > 0) { }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or BadHttpRequestException or InvalidOperationException)
        {
            // What arrived is kept; the log shows the body as far as it was readable.
        }
    }

    static bool HasBody(HttpRequest request) => request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
}
