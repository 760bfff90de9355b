using Microsoft.OData;
using Microsoft.OData.UriParser;
using SapSandbox.Core.Query;
using SapSandbox.Core.Runtime;

namespace SapSandbox.Protocols.V4;

/// <summary>Parses a V4 resource URL with Microsoft.OData's URI parser into the protocol-neutral <see cref="ReadRequest"/>.</summary>
public static class V4RequestParser
{
    static readonly HashSet<string> SystemQueryOptions = new(StringComparer.Ordinal)
    {
        "$filter", "$orderby", "$top", "$skip", "$count", "$select", "$expand", "$search", "$skiptoken", "$format",
        "$apply", "$compute", "$deltatoken", "$index", "$schemaversion", "$levels", "$id",
    };

    /// <param name="serviceRoot">Absolute URL of the service root, ending in '/'.</param>
    /// <param name="relative">The raw (still percent-encoded) path and query after the service root.</param>
    public static ReadRequest Parse(ServiceDefinition service, Uri serviceRoot, string relative, int pageSize)
    {
        CheckQueryOptionNames(relative);
        ODataUriParser parser;
        Microsoft.OData.UriParser.ODataPath path;
        try
        {
            // Concatenated, not resolved: a relative target with a colon in its first segment (a key 'a:b') would read as a scheme.
            parser = new ODataUriParser(service.Metadata.Model, serviceRoot, new Uri(serviceRoot.AbsoluteUri + relative))
            {
                Resolver = new ODataUriResolver { EnableCaseInsensitive = false },
            };
            path = parser.ParsePath();
        }
        catch (ODataUnrecognizedPathException e)
        {
            throw QueryException.NotFound(e.Message);
        }
        catch (Exception e) when (e is ODataException or UriFormatException)
        {
            throw QueryException.BadRequest(e.Message);
        }

        var top = Option("$top", parser.ParseTop);
        var skip = Option("$skip", parser.ParseSkip);
        if (top < 0) throw QueryException.BadRequest("$top must not be negative", "$top");
        if (skip < 0) throw QueryException.BadRequest("$skip must not be negative", "$skip");
        if (Option("$apply", parser.ParseApply) != null) throw QueryException.NotImplemented("$apply is not supported");
        if (Option("$compute", parser.ParseCompute) != null) throw QueryException.NotImplemented("$compute is not supported");
        var filter = Option("$filter", parser.ParseFilter);
        var selectExpand = Option("$select", parser.ParseSelectAndExpand);
        QueryLimitCheck.Check(service.Limits, filter, selectExpand);
        return new ReadRequest(
            path,
            filter,
            Option("$orderby", parser.ParseOrderBy),
            Option("$search", parser.ParseSearch),
            selectExpand,
            top,
            skip,
            Option("$count", parser.ParseCount) == true,
            Option("$skiptoken", parser.ParseSkipToken),
            pageSize);
    }

    /// <summary>Parses one query option; its errors name it as the target, as SAP's do.</summary>
    static T Option<T>(string name, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (ODataException e)
        {
            throw QueryException.BadRequest(e.Message, name);
        }
    }

    static void CheckQueryOptionNames(string relative)
    {
        var question = relative.IndexOf('?');
        if (question < 0) return;
        foreach (var pair in relative[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = Uri.UnescapeDataString(pair.Split('=', 2)[0]);
            if (name.StartsWith('$') && !SystemQueryOptions.Contains(name))
                throw QueryException.BadRequest($"the system query option '{name}' is not defined", name);
        }
    }
}
