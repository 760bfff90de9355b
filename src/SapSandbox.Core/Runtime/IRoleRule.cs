namespace SapSandbox.Core.Runtime;

/// <summary>
/// The role a request needs, for a service whose roles follow its operations rather than read/write (Cloud
/// Integration's task table: <c>WorkspacePackagesRead</c>, <c>WorkspaceArtifactsDeploy</c>, ...).
/// </summary>
public interface IRoleRule
{
    /// <param name="method">The request's method (a tunnelled V2 verb already applied).</param>
    /// <param name="resourcePath">The path after the service root, still percent-encoded, without the query.</param>
    /// <param name="change">Whether the request changes data.</param>
    /// <returns>The role template needed, or null for the service's default read/write roles.</returns>
    string? RequiredRole(string method, string resourcePath, bool change);
}
