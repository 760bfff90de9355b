using Microsoft.AspNetCore.Http;
using SapSandbox.Core.Runtime;

namespace SapSandbox.Protocols.Http;

/// <summary>Decides whether the signed-in user may make a request of a service; the host supplies the rules.</summary>
public interface IServiceAuthorizer
{
    /// <summary>The role the user lacks for this request, or null when they may make it.</summary>
    /// <param name="resourcePath">The path after the service root, without the query; empty for a service without a role rule of its own.</param>
    string? MissingRole(HttpContext context, ServiceDefinition service, string resourcePath, bool change);
}
