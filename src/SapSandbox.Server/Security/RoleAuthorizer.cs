using System.Security.Claims;
using SapSandbox.Core.Runtime;
using SapSandbox.Protocols.Http;

namespace SapSandbox.Server.Security;

/// <summary>
/// A service's roles: <c>SERVICE.Read</c> for reads and <c>SERVICE.Write</c> for changes, as S/4's
/// communication scenarios grant display and change per API, unless the service's own rule names another
/// (<see cref="IRoleRule"/>). A user has a role when one of theirs covers it.
/// </summary>
public sealed class RoleAuthorizer : IServiceAuthorizer
{
    public string? MissingRole(HttpContext context, ServiceDefinition service, string resourcePath, bool change)
    {
        var method = context.Request.Headers["X-HTTP-Method"].ToString() is { Length: > 0 } tunnelled && HttpMethods.IsPost(context.Request.Method)
            ? tunnelled.ToUpperInvariant() : context.Request.Method;
        var required = service.Roles?.RequiredRole(method, resourcePath, change) ?? service.Name + (change ? ".Write" : ".Read");
        foreach (var granted in context.User.FindAll(ClaimTypes.Role))
            if (BuiltInRoles.Covers(granted.Value, required)) return null;
        return required;
    }
}
