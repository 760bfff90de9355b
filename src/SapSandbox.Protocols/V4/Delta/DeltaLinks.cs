using Microsoft.AspNetCore.Http;
using SapSandbox.Protocols.Http;

namespace SapSandbox.Protocols.V4.Delta;

/// <summary>
/// The delta link of a read: the same entity set with the options that define which entities and properties the
/// client follows (<c>$filter</c>, <c>$select</c>, <c>$expand</c>, <c>$search</c>), without paging, and a <c>$deltatoken</c>.
/// </summary>
public static class DeltaLinks
{
    static readonly HashSet<string> Dropped = new(StringComparer.Ordinal)
    {
        "$skiptoken", "$skip", "$top", "$count", "$deltatoken", ChangeTracking.CarriedOption,
    };

    public static string Build(HttpRequest request, string mountPath, string relative, string token)
    {
        var (path, query) = RequestTarget.Split(relative);
        var options = Defining(query);
        options.Add("$deltatoken=" + token);
        return $"{request.Scheme}://{request.Host}{mountPath}{path}?{string.Join("&", options)}";
    }

    /// <summary>The request a delta link stands for: <paramref name="relative"/> without paging and without its token.</summary>
    public static string DefiningRequest(string relative)
    {
        var (path, query) = RequestTarget.Split(relative);
        var options = Defining(query);
        return options.Count == 0 ? path : path + "?" + string.Join("&", options);
    }

    static List<string> Defining(string? query)
    {
        var options = new List<string>();
        foreach (var pair in (query ?? "").Split('&', StringSplitOptions.RemoveEmptyEntries))
            if (!Dropped.Contains(Uri.UnescapeDataString(pair.Split('=', 2)[0]))) options.Add(pair);
        return options;
    }
}
