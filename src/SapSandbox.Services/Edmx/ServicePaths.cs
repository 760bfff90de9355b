using System.Text.RegularExpressions;
using SapSandbox.Core.Model;

namespace SapSandbox.Services.Edmx;

/// <summary>
/// Where a service is mounted: its own path, served in the protocol its metadata came in (SAP Gateway's
/// <c>/sap/opu/odata/sap/NAME/</c> for a V2 service unless it names another, the system's RAP path for a V4 one),
/// and the sandbox's <c>/odata/v2/NAME/</c> and <c>/odata/v4/NAME/</c> for both protocols.
/// </summary>
public static partial class ServicePaths
{
    public sealed record Mounts(IReadOnlyList<string> V2, IReadOnlyList<string> V4);

    public static string Gateway(string name) => $"/sap/opu/odata/sap/{name}/";

    /// <param name="ownPath">The service's own path (normalised), or null for the default: Gateway's for a V2 service, none for a V4 one.</param>
    public static Mounts For(string name, ODataVersion origin, string? ownPath)
    {
        var own = ownPath ?? (origin == ODataVersion.V2 ? Gateway(name) : null);
        var v2 = new List<string>();
        var v4 = new List<string>();
        if (own != null) (origin == ODataVersion.V2 ? v2 : v4).Add(own);
        Add(v2, $"/odata/v2/{name}/");
        Add(v4, $"/odata/v4/{name}/");
        return new Mounts(v2, v4);
    }

    static void Add(List<string> paths, string path)
    {
        if (!paths.Contains(path, StringComparer.OrdinalIgnoreCase)) paths.Add(path);
    }

    /// <summary>
    /// A mount path as the endpoints need it: starting and ending with '/', segments of URL-safe characters (a brace
    /// would be read as a route parameter, '?' and '#' end a path).
    /// </summary>
    /// <exception cref="ArgumentException">The path cannot be a mount path; the message says why.</exception>
    public static string Normalize(string path)
    {
        var trimmed = path.Trim();
        if (!trimmed.StartsWith('/')) throw new ArgumentException($"The service path '{path}' must start with '/' (e.g. /sap/opu/odata/sap/ZMY_SRV/)");
        var segments = trimmed.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0) throw new ArgumentException($"The service path '{path}' is the root; give the service a path of its own (e.g. /sap/opu/odata/sap/ZMY_SRV/)");
        foreach (var segment in segments)
            if (!Segment().IsMatch(segment) || segment is "." or "..")
                throw new ArgumentException($"The service path '{path}' has the segment '{segment}'; use letters, digits and _ . ~ - only");
        return "/" + string.Join('/', segments) + "/";
    }

    [GeneratedRegex("^[A-Za-z0-9_.~-]+$")]
    private static partial Regex Segment();
}
