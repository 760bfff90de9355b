using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using SapSandbox.Core.Query;

namespace SapSandbox.Protocols.Http;

/// <summary>The request target relative to a service's mount path, and the next-page links built from it; shared by both protocols.</summary>
public static class RequestTarget
{
    /// <summary>The raw target after the mount path, still percent-encoded, so keys with '/' or '%' survive.</summary>
    public static string Relative(HttpContext context, string mountPath)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path + context.Request.QueryString;
        // Measured on a span: trimming the string would allocate on every request.
        var mount = mountPath.AsSpan().TrimEnd('/').Length;
        var rest = raw.Length >= mount ? raw[mount..] : "";
        return rest.StartsWith('/') ? rest[1..] : rest;
    }

    /// <summary>An entity's id or URI as clients send it in a body (relative to the service root, absolute, or from the host's root), relative to the service.</summary>
    public static string FromEntityId(string url, string mountPath)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal)) url = absolute.PathAndQuery;
        if (url.StartsWith(mountPath, StringComparison.Ordinal)) return url[mountPath.Length..];
        return url.TrimStart('/');
    }

    public static (string Path, string? Query) Split(string relative)
    {
        var question = relative.IndexOf('?');
        return question < 0 ? (relative, null) : (relative[..question], relative[(question + 1)..]);
    }

    /// <summary>The same request from the row after <paramref name="last"/>: $skip is spent, $top is reduced by what was served.</summary>
    public static string NextLink(HttpRequest request, string mountPath, string relative, long? top, object?[] last, long written) =>
        NextLink(request, mountPath, relative, top, written, SkipToken.Encode(last));

    /// <summary>The same request continuing at <paramref name="skipToken"/> (a key's or, on Olingo's paging, an offset): $skip is spent, $top is reduced by what was served.</summary>
    public static string NextLink(HttpRequest request, string mountPath, string relative, long? top, long written, string skipToken)
    {
        var (path, query) = Split(relative);
        var options = new List<string>();
        foreach (var pair in (query ?? "").Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = Uri.UnescapeDataString(pair.Split('=', 2)[0]);
            if (name is "$skiptoken" or "$skip" or "$top") continue;
            options.Add(pair);
        }
        if (top is { } t) options.Add("$top=" + (t - written).ToString(CultureInfo.InvariantCulture));
        options.Add("$skiptoken=" + skipToken);
        return $"{request.Scheme}://{request.Host}{mountPath}{path}?{string.Join("&", options)}";
    }
}
