namespace SapSandbox.Services.CloudIntegration.MessageStores;

/// <summary>
/// The message store's own query options turned into OData: <c>overdueonly=true</c> and <c>messageid=…</c> of the
/// data stores, <c>mplId=…</c> of a queue's messages. The read path stays as sent; the options become a
/// <c>$filter</c>, joined to one the client sent.
/// </summary>
static class QueryOptions
{
    /// <summary>The options of a read (percent-encoded as sent), by name in order.</summary>
    public static (string Path, List<(string Name, string Raw)> Options) Split(string relative)
    {
        var mark = relative.IndexOf('?');
        if (mark < 0) return (relative, []);
        var options = relative[(mark + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries).Select(part =>
        {
            var equals = part.IndexOf('=');
            return (Decode(equals < 0 ? part : part[..equals]), equals < 0 ? "" : part[(equals + 1)..]);
        }).ToList();
        return (relative[..mark], options);
    }

    public static string Decode(string raw) => Uri.UnescapeDataString(raw.Replace('+', ' '));

    /// <summary>The option's decoded value, without the quotes a client may put around it, or null when it is absent.</summary>
    public static string? Value(List<(string Name, string Raw)> options, string name)
    {
        var raw = options.LastOrDefault(o => o.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Raw;
        if (raw == null) return null;
        var value = Decode(raw);
        return value.Length >= 2 && value[0] == '\'' && value[^1] == '\'' ? value[1..^1].Replace("''", "'") : value;
    }

    /// <summary>The read with <paramref name="conditions"/> added to its <c>$filter</c> and the options they came from removed.</summary>
    public static string WithFilter(string path, List<(string Name, string Raw)> options, IReadOnlyList<string> conditions, params string[] consumed)
    {
        if (conditions.Count == 0 && consumed.Length == 0) return path + Join(options);
        var kept = options.Where(o => !consumed.Contains(o.Name, StringComparer.OrdinalIgnoreCase) && o.Name != "$filter").ToList();
        var filters = options.Where(o => o.Name == "$filter").Select(o => "(" + Decode(o.Raw) + ")").Concat(conditions.Select(c => "(" + c + ")")).ToList();
        if (filters.Count > 0) kept.Add(("$filter", Uri.EscapeDataString(string.Join(" and ", filters))));
        return path + Join(kept);
    }

    /// <summary>A string literal for a $filter.</summary>
    public static string Literal(string text) => "'" + text.Replace("'", "''") + "'";

    static string Join(List<(string Name, string Raw)> options) =>
        options.Count == 0 ? "" : "?" + string.Join("&", options.Select(o => (o.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '$' or '-' or '_' or '.') ? o.Name : Uri.EscapeDataString(o.Name)) + (o.Raw.Length > 0 ? "=" + o.Raw : "")));
}
