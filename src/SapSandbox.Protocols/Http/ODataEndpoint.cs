using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SapSandbox.Core.Query;
using SapSandbox.Core.Runtime;

namespace SapSandbox.Protocols.Http;

/// <summary>
/// One service at one mount path, for one protocol: turns what a request cannot be answered with into the
/// protocol's error body, and an unexpected failure into a 500 with that body and a log line.
/// </summary>
public abstract class ODataEndpoint(ServiceDefinition service, string mountPath, ILogger logger)
{
    protected const string AllowedMethods = "GET, HEAD";

    protected ServiceDefinition Service => service;
    protected string MountPath => mountPath;

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
            // Bad input is answered above; reaching here is a defect, reported with what was asked.
            logger.LogError(e, "Unexpected error for {Method} {Target}", context.Request.Method, RequestTarget.Relative(context, mountPath));
            await FailAsync(context, new ODataError(500, $"The sandbox failed to answer this request ({e.GetType().Name}: {e.Message}); please report it with the URL"));
        }
    }

    protected abstract Task DispatchAsync(HttpContext context);

    protected abstract Task WriteErrorAsync(HttpContext context, ODataError error);

    async Task FailAsync(HttpContext context, ODataError error)
    {
        if (context.Response.HasStarted)
        {
            // Half a body is already on the wire; a clean abort beats a corrupt document.
            context.Abort();
            return;
        }
        context.Response.Clear();
        if (error.Status == StatusCodes.Status405MethodNotAllowed) context.Response.Headers.Allow = AllowedMethods;
        await WriteErrorAsync(context, error);
    }
}
