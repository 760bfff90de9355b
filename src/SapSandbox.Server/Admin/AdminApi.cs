using System.Security.Claims;
using System.Text.Json;
using SapSandbox.Protocols.Http;
using SapSandbox.Protocols.V2;
using SapSandbox.Server.FaultInjection;
using SapSandbox.Server.Monitoring;
using SapSandbox.Server.Security;

namespace SapSandbox.Server.Admin;

/// <summary>
/// The sandbox's own administration under <c>/sandbox/admin</c>: fault rules and the error log. Signed-in users with
/// the role <see cref="Role"/> only (the built-in collection <c>Sandbox_Administrator</c> has it); others get 403 in
/// Gateway's V2 error body, naming the role.
/// </summary>
public static class AdminApi
{
    public const string Role = "Sandbox.Admin";
    public const string Prefix = "/sandbox/admin";
    /// <summary>The name the error bodies give as their service.</summary>
    const string ServiceName = "SANDBOX_ADMIN";

    public static void Map(WebApplication app, FaultRules faults, ErrorLog errors)
    {
        var admin = app.MapGroup(Prefix).RequireAuthorization().AddEndpointFilter(RequireRole);
        FaultsApi.Map(admin.MapGroup("/faults"), faults);
        ErrorLogApi.Map(admin.MapGroup("/errors"), errors);
    }

    static async ValueTask<object?> RequireRole(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var user = invocation.HttpContext.User;
        if (user.FindAll(ClaimTypes.Role).Any(granted => BuiltInRoles.Covers(granted.Value, Role))) return await next(invocation);
        return Error(StatusCodes.Status403Forbidden, $"User {user.Identity?.Name} is not authorized to administer the sandbox: the role {Role} is missing");
    }

    public static IResult Error(int status, string message) => new ErrorResult(new ODataError(status, message));

    /// <summary>A JSON answer written straight to the response.</summary>
    public static IResult Json(int status, Action<Utf8JsonWriter> write, string? location = null) => new JsonResult(status, write, location);

    sealed class ErrorResult(ODataError error) : IResult
    {
        public Task ExecuteAsync(HttpContext context) => V2ErrorWriter.WriteAsync(context, error, ServiceName, V2Format.Json);
    }

    sealed class JsonResult(int status, Action<Utf8JsonWriter> write, string? location) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json;charset=utf-8";
            if (location != null) context.Response.Headers.Location = location;
            await using var json = new Utf8JsonWriter(context.Response.BodyWriter, new JsonWriterOptions { Indented = true, Encoder = ErrorLog.Encoder });
            write(json);
        }
    }
}
