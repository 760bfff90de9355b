using SapSandbox.Core.Query;
using SapSandbox.Core.Store;
using SapSandbox.Core.Write;

namespace SapSandbox.Services.CloudIntegration.Monitoring;

/// <summary>The query options of the monitoring API that are not OData's, turned into the <c>$filter</c> they mean.</summary>
static class CustomQuery
{
    /// <summary>The relative URL split into its path and its options (name decoded, value as sent).</summary>
    public static (string Path, List<(string Name, string Value)> Options) Split(string relative)
    {
        var question = relative.IndexOf('?');
        if (question < 0) return (relative, []);
        var options = relative[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(parts => (Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? parts[1] : ""))
            .ToList();
        return (relative[..question], options);
    }

    /// <summary>A custom option's value as a client means it: percent- and form-decoded ('+' is a space).</summary>
    public static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));

    /// <summary>The read with <paramref name="condition"/> (V2 syntax) added to its <c>$filter</c>, and the named custom options gone.</summary>
    public static string WithFilter(string path, List<(string Name, string Value)> options, string condition, params string[] consumed)
    {
        var kept = options.Where(o => !consumed.Contains(o.Name)).ToList();
        var existing = kept.FindIndex(o => o.Name == "$filter");
        if (existing >= 0)
            kept[existing] = ("$filter", Uri.EscapeDataString($"({Uri.UnescapeDataString(kept[existing].Value)}) and ({condition})"));
        else kept.Add(("$filter", Uri.EscapeDataString(condition)));
        return path + "?" + string.Join("&", kept.Select(o => Uri.EscapeDataString(o.Name) + "=" + o.Value));
    }

    public static string Quote(string text) => "'" + text.Replace("'", "''") + "'";

    /// <summary>A quoted literal's text (<c>'po_number'</c> → po_number); an unquoted value is taken as it is.</summary>
    public static string Unquote(string text)
    {
        text = text.Trim();
        return text.Length >= 2 && text[0] == '\'' && text[^1] == '\'' ? text[1..^1].Replace("''", "'") : text;
    }
}

/// <summary>
/// <c>GET /MessageProcessingLogs?filterCustomHeaderProperties='po_number' eq '12345'</c>: the logs that carry a custom
/// header property with that value, combinable with <c>$filter</c>, <c>$orderby</c>, <c>$top</c> and the rest.
/// </summary>
sealed class MessageLogQueries : IEntitySetBehavior
{
    const string Option = "filterCustomHeaderProperties";
    /// <summary>Logs one condition can name; each is a term of the <c>$filter</c>, whose size is limited.</summary>
    const int MaxLogs = 100;

    public string RewriteRead(EntityContext context, string relative)
    {
        var (path, options) = CustomQuery.Split(relative);
        var given = options.Where(o => o.Name == Option).Select(o => CustomQuery.Decode(o.Value)).ToList();
        if (given.Count == 0) return relative;

        var properties = context.Service.Schema.Table("MessageProcessingLogCustomHeaderProperties")!;
        var link = properties.Column(new NavigationLink("MessageProcessingLogs", "CustomHeaderProperties").Path("MessageGuid"))!;
        HashSet<string>? guids = null;
        foreach (var condition in given.SelectMany(g => g.Split(" and ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var parts = condition.Split(" eq ", 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2)
                throw QueryException.BadRequest($"{Option} takes the form 'name' eq 'value', not \"{condition}\"", Option);
            var matching = new HashSet<string>(StringComparer.Ordinal);
            var command = context.Session.Rent(
                $"SELECT DISTINCT {SqlDialect.Quote(link.Name)} FROM {properties.TableName} WHERE {SqlDialect.Quote(properties.Column("Name")!.Name)} = $p0 " +
                $"AND {SqlDialect.Quote(properties.Column("Value")!.Name)} = $p1 AND {SqlDialect.Quote(link.Name)} IS NOT NULL",
                [CustomQuery.Unquote(parts[0]), CustomQuery.Unquote(parts[1])]);
            try
            {
                using var reader = command.ExecuteReader();
                while (reader.Read()) matching.Add(reader.GetString(0));
            }
            finally { context.Session.Return(command); }
            if (guids == null) guids = matching;
            else guids.IntersectWith(matching);
        }
        var names = guids!.Order(StringComparer.Ordinal).Take(MaxLogs).ToList();
        var filter = names.Count == 0 ? "MessageGuid eq ''" : string.Join(" or ", names.Select(g => "MessageGuid eq " + CustomQuery.Quote(g)));
        return CustomQuery.WithFilter(path, options, filter, Option);
    }
}
