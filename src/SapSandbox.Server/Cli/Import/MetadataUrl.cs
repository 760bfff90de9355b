namespace SapSandbox.Server.Cli.Import;

/// <summary>
/// A live system's service as <c>import</c> is given it: the service root or its <c>$metadata</c> URL, with the
/// credentials from <c>--user</c>/<c>--password</c> or from the URL itself. The query (<c>sap-client=100</c>) is kept.
/// </summary>
public sealed record MetadataUrl(Uri Metadata, string? User, string? Password)
{
    /// <summary>True for an <c>http:</c> or <c>https:</c> URL; anything else is a file path.</summary>
    public static bool IsUrl(string source) =>
        Uri.TryCreate(source, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    public static MetadataUrl Parse(string source, string? user, string? password)
    {
        var uri = new Uri(source);
        if (user == null && uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            user = Uri.UnescapeDataString(parts[0]);
            password = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : null;
        }
        if (user != null && password == null) throw new ImportException("--user needs --password (or give https://USER:PASSWORD@host/... in the URL)");
        if (user == null && password != null) throw new ImportException("--password needs --user");

        var builder = new UriBuilder(uri) { UserName = "", Password = "" };
        if (!IsMetadataSegment(builder.Path.TrimEnd('/').Split('/')[^1]))
            builder.Path = builder.Path.TrimEnd('/') + "/$metadata";
        return new MetadataUrl(builder.Uri, user, password);
    }

    /// <summary>The URL as messages show it: never with credentials (they are not part of <see cref="Metadata"/>).</summary>
    public override string ToString() => Metadata.ToString();

    /// <summary>
    /// The service's name from its path: the segment before <c>$metadata</c> (<c>.../sap/ZMY_SRV/$metadata</c>:
    /// <c>ZMY_SRV</c>) without Gateway's matrix parameters (<c>ZMY_SRV;v=0002</c>); for a RAP path that ends in a
    /// version (<c>.../sap/salesorder/0001/</c>) the service and its version, <c>salesorder_0001</c>.
    /// </summary>
    public string? SuggestedName()
    {
        var segments = Metadata.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => Uri.UnescapeDataString(s).Split(';')[0])
            .Where(s => s.Length > 0)
            .ToList();
        if (segments.Count > 0 && IsMetadataSegment(segments[^1])) segments.RemoveAt(segments.Count - 1);
        if (segments.Count == 0) return null;
        var last = segments[^1];
        return last.All(char.IsAsciiDigit) && segments.Count > 1 ? $"{segments[^2]}_{last}" : last;
    }

    static bool IsMetadataSegment(string segment) =>
        string.Equals(Uri.UnescapeDataString(segment), "$metadata", StringComparison.OrdinalIgnoreCase);
}
