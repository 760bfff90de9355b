using SapSandbox.Core.Model;
using SapSandbox.Core.Runtime;
using SapSandbox.Protocols.Http;
using SapSandbox.Protocols.V2;
using SapSandbox.Protocols.V4;

namespace SapSandbox.Server.Hosting;

/// <summary>One service at one mount path, for one protocol.</summary>
public sealed record ServiceMount(ServiceDefinition Service, string Path, ODataVersion Protocol)
{
    /// <summary>The mount path without its trailing '/': what a request path starts with. Kept, as every request asks.</summary>
    public string Prefix { get; } = Path.TrimEnd('/');

    /// <summary>The request path after the mount path, without the leading '/' (<c>A_SalesOrder('1')</c>); decoded.</summary>
    public string Relative(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        return path.Length > Prefix.Length ? path[(Prefix.Length + 1)..] : "";
    }

    /// <summary>
    /// An error for a request on this mount, in the protocol's SAP error body, for answers given before the
    /// service's endpoint sees the request (V2: JSON or XML as the client asks, like Gateway; V4: JSON).
    /// </summary>
    public Task WriteErrorAsync(HttpContext context, ODataError error) => Protocol == ODataVersion.V2
        ? V2ErrorWriter.WriteAsync(context, error, Service.Name, V2Endpoint.Negotiate(context.Request, strict: false))
        : V4ErrorWriter.WriteAsync(context, error, Service.Name);
}

/// <summary>
/// Which service a request path belongs to, by the mount paths the catalog serves it at (longest first, so a
/// mount inside another's path wins). Matched without regard to case, as the endpoints' routes are.
/// </summary>
public sealed class ServiceMounts
{
    readonly ServiceMount[] _mounts;

    public ServiceMounts(ServiceCatalog catalog)
    {
        _mounts = catalog.Services
            .SelectMany(s => s.V2Paths.Select(p => new ServiceMount(s, p, ODataVersion.V2)).Concat(s.V4Paths.Select(p => new ServiceMount(s, p, ODataVersion.V4))))
            .OrderByDescending(m => m.Path.Length)
            .ToArray();
    }

    public IEnumerable<ServiceDefinition> Services => _mounts.Select(m => m.Service).Distinct();

    public ServiceMount? Find(PathString path)
    {
        var value = path.Value;
        if (string.IsNullOrEmpty(value)) return null;
        foreach (var mount in _mounts)
        {
            var prefix = mount.Prefix;
            if (value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && (value.Length == prefix.Length || value[prefix.Length] == '/'))
                return mount;
        }
        return null;
    }
}
