using System.Globalization;
using Microsoft.AspNetCore.Http;
using SapSandbox.Protocols.Http;

namespace SapSandbox.Protocols.V2;

/// <summary>
/// Server-driven paging as Apache Olingo V2 does it (SAP Cloud Integration's API): the next link's
/// <c>$skiptoken</c> is the number of entries served so far (<c>MessageProcessingLogs?$skiptoken=1000</c>), so
/// clients that build the next page's URL themselves, as some do against a tenant, get it too.
/// </summary>
static class OlingoPaging
{
    /// <summary>A numeric <c>$skiptoken</c> becomes the <c>$skip</c> it stands for (added to a <c>$skip</c> the request has).</summary>
    public static string Read(string relative)
    {
        var (path, query) = RequestTarget.Split(relative);
        if (query == null) return relative;
        var options = query.Split('&', StringSplitOptions.RemoveEmptyEntries).ToList();
        var token = options.FindIndex(o => o.StartsWith("$skiptoken=", StringComparison.Ordinal) || o.StartsWith("%24skiptoken=", StringComparison.OrdinalIgnoreCase));
        if (token < 0 || !long.TryParse(options[token][(options[token].IndexOf('=') + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            return relative;
        options.RemoveAt(token);
        var skip = options.FindIndex(o => o.StartsWith("$skip=", StringComparison.Ordinal) || o.StartsWith("%24skip=", StringComparison.OrdinalIgnoreCase));
        if (skip >= 0 && long.TryParse(options[skip][(options[skip].IndexOf('=') + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var given))
        {
            offset += given;
            options.RemoveAt(skip);
        }
        options.Add("$skip=" + offset.ToString(CultureInfo.InvariantCulture));
        return path + "?" + string.Join("&", options);
    }

    /// <summary>The next page of a read <see cref="Read"/> has rewritten: the request's options, <c>$top</c> reduced, <c>$skiptoken</c> the entries served.</summary>
    public static string NextLink(HttpRequest request, string mountPath, string relative, long? top, long? skip, long written) =>
        RequestTarget.NextLink(request, mountPath, relative, top, written, ((skip ?? 0) + written).ToString(CultureInfo.InvariantCulture));
}
