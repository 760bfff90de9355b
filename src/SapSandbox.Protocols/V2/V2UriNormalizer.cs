using System.Globalization;
using System.Text;
using SapSandbox.Core.Query;

namespace SapSandbox.Protocols.V2;

/// <summary>
/// Rewrites a V2 request target (SAP Gateway's URL dialect) into V4 syntax, so that one parser and one
/// request shape serve both protocols: typed literals (<c>datetime'...'</c>, <c>guid'...'</c>,
/// <c>time'PT..'</c>, <c>X'..'</c>, <c>1.5M</c>, <c>2L</c>), <c>substringof</c>, <c>$inlinecount</c>,
/// <c>/</c>-paths in <c>$expand</c>, SAP's <c>search=</c>. V4-only features asked of V2 are refused
/// with 400, as Gateway refuses them.
/// </summary>
public static class V2UriNormalizer
{
    /// <summary>The V4 target for a V2 one. <c>$format</c> is dropped: the endpoint negotiates the representation.</summary>
    public static string Normalize(string relative)
    {
        var question = relative.IndexOf('?');
        // A client may send the quotes of a key percent-encoded (.NET's Uri.EscapeDataString does): they are quotes all
        // the same, and what they enclose is a string, never a typed literal such as the 411d in '578f1fd3-411d-...'.
        var path = Links(Literals((question < 0 ? relative : relative[..question]).Replace("%27", "'", StringComparison.OrdinalIgnoreCase), "path"));
        if (question < 0) return path;

        var options = new List<string>();
        string? expand = null, select = null;
        foreach (var pair in relative[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            switch (name)
            {
                case "$filter":
                    options.Add("$filter=" + Escape(Filter(value)));
                    break;
                case "$inlinecount":
                    if (value == "allpages") options.Add("$count=true");
                    else if (value != "none") throw QueryException.BadRequest($"$inlinecount={value} is not valid; use allpages or none", "$inlinecount");
                    break;
                case "$format":
                    break;
                case "$expand":
                    if (value.Contains('(')) throw QueryException.BadRequest("Options inside $expand (such as $expand=to_Item($filter=...)) are OData V4; OData V2 does not support them", "$expand");
                    expand = value;
                    break;
                case "$select":
                    select = value;
                    break;
                case "search":
                    if (value.Length > 0) options.Add("$search=" + Escape("\"" + value.Replace("\"", "") + "\""));
                    break;
                case "$search" or "$count" or "$apply" or "$compute" or "$levels":
                    throw QueryException.BadRequest($"The system query option '{name}' is OData V4; OData V2 does not support it" +
                        (name == "$count" ? " (use $inlinecount=allpages or the /$count segment)" : name == "$search" ? " (SAP's search= parameter is supported)" : ""), name);
                case "$orderby" or "$top" or "$skip" or "$skiptoken":
                    options.Add(pair);
                    break;
                default:
                    // sap-client, sap-language and other custom options are accepted and need no rewriting.
                    if (name.StartsWith('$')) throw QueryException.BadRequest($"the system query option '{name}' is not defined", name);
                    break;
            }
        }
        if (expand != null || select != null) options.AddRange(SelectExpand(select, expand));
        return options.Count == 0 ? path : path + "?" + string.Join("&", options);
    }

    /// <summary>
    /// V2 selects properties of expanded entities by path (<c>$select=to_Item/Material&amp;$expand=to_Item</c>);
    /// V4 nests them (<c>$expand=to_Item($select=Material)</c>). Both options are merged into one tree.
    /// </summary>
    static IEnumerable<string> SelectExpand(string? select, string? expand)
    {
        var root = new Level();
        foreach (var item in Items(expand))
            root.Descend(item.Split('/'));
        foreach (var item in Items(select))
        {
            var segments = item.Split('/');
            var level = root.Descend(segments[..^1]);
            level.Selected.Add(segments[^1]);
        }
        var top = new List<string>();
        if (root.Selected.Count > 0) top.Add("$select=" + Escape(string.Join(",", root.Selected)));
        if (root.Expanded.Count > 0) top.Add("$expand=" + Escape(root.WriteExpands()));
        return top;

        static IEnumerable<string> Items(string? value) =>
            (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    sealed class Level
    {
        public List<string> Selected { get; } = [];
        public SortedDictionary<string, Level> Expanded { get; } = new(StringComparer.Ordinal);

        public Level Descend(IEnumerable<string> segments)
        {
            var level = this;
            foreach (var segment in segments)
            {
                if (!level.Expanded.TryGetValue(segment, out var next)) level.Expanded[segment] = next = new Level();
                level = next;
            }
            return level;
        }

        public string WriteExpands() => string.Join(",", Expanded.Select(e =>
        {
            var options = new List<string>();
            if (e.Value.Selected.Count > 0) options.Add("$select=" + string.Join(",", e.Value.Selected));
            if (e.Value.Expanded.Count > 0) options.Add("$expand=" + e.Value.WriteExpands());
            return options.Count == 0 ? e.Key : $"{e.Key}({string.Join(";", options)})";
        }));
    }

    /// <summary>One V2 literal (a function import's parameter) in V4 syntax: <c>datetime'2024-01-01T00:00'</c> becomes <c>2024-01-01T00:00Z</c>.</summary>
    public static string Literal(string text, string name) => Literals(text, name);

    static string Escape(string value) => Uri.EscapeDataString(value);

    /// <summary><c>A_SalesOrder('1')/$links/to_Item</c> is V4's <c>A_SalesOrder('1')/to_Item/$ref</c>.</summary>
    static string Links(string path)
    {
        var at = path.IndexOf("/$links/", StringComparison.Ordinal);
        return at < 0 ? path : path[..at] + "/" + path[(at + "/$links/".Length)..] + "/$ref";
    }

    /// <summary>Literals rewritten, <c>substringof(a,b)</c> turned into <c>contains(b,a)</c>, lambdas refused.</summary>
    static string Filter(string filter)
    {
        var text = Literals(filter, "$filter");
        if (ContainsOutsideQuotes(text, "/any(") || ContainsOutsideQuotes(text, "/all("))
            throw QueryException.BadRequest("Lambda operators (any, all) are OData V4; OData V2 does not support them", "$filter");
        if (ContainsWordOutsideQuotes(text, "in"))
            throw QueryException.BadRequest("The 'in' operator is OData V4; OData V2 does not support it", "$filter");
        return SubstringOf(text);
    }

    /// <summary>Rewrites the typed literals of V2 into V4 literals, leaving quoted strings alone.</summary>
    static string Literals(string text, string target)
    {
        var output = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\'')
            {
                var end = EndOfString(text, i);
                var prefix = TypePrefix(output);
                var content = text[(i + 1)..end];
                if (prefix != null)
                {
                    output.Length -= prefix.Length;
                    output.Append(TypedLiteral(prefix, Uri.UnescapeDataString(content), target));
                }
                else output.Append(text, i, end - i + 1);
                i = end + 1;
                continue;
            }
            if (char.IsDigit(c) && (i == 0 || !IsIdentifierChar(text[i - 1])))
            {
                var start = i;
                while (i < text.Length && (char.IsDigit(text[i]) || text[i] is '.' or 'E' or 'e' || (text[i] is '+' or '-' && text[i - 1] is 'E' or 'e'))) i++;
                output.Append(text, start, i - start);
                // 1.5M, 2L, 1.0d, 1.0f: V2 type suffixes; V4 infers the type.
                if (i < text.Length && text[i] is 'M' or 'm' or 'L' or 'l' or 'D' or 'd' or 'F' or 'f'
                    && (i + 1 == text.Length || !IsIdentifierChar(text[i + 1]))) i++;
                continue;
            }
            output.Append(c);
            i++;
        }
        return output.ToString();
    }

    static readonly string[] Prefixes = ["datetimeoffset", "datetime", "guid", "time", "binary", "X"];

    static string? TypePrefix(StringBuilder output)
    {
        foreach (var prefix in Prefixes)
        {
            if (output.Length < prefix.Length) continue;
            var start = output.Length - prefix.Length;
            if (!string.Equals(output.ToString(start, prefix.Length), prefix, prefix == "X" ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase)) continue;
            if (start > 0 && IsIdentifierChar(output[start - 1])) continue;
            return output.ToString(start, prefix.Length);
        }
        return null;
    }

    static string TypedLiteral(string prefix, string content, string target)
    {
        try
        {
            switch (prefix.ToLowerInvariant())
            {
                case "datetime":
                    // V2 DateTime carries no offset; Gateway reads it as UTC.
                    var local = DateTime.Parse(content, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
                    return local.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
                case "datetimeoffset":
                    return DateTimeOffset.Parse(content, CultureInfo.InvariantCulture).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
                case "guid":
                    return Guid.Parse(content).ToString("D");
                case "time":
                    var time = System.Xml.XmlConvert.ToTimeSpan(content);
                    return new TimeOnly(time.Ticks).ToString("HH':'mm':'ss.FFFFFFF", CultureInfo.InvariantCulture).TrimEnd('.');
                default:
                    return "binary'" + Convert.ToBase64String(Convert.FromHexString(content)).Replace('+', '-').Replace('/', '_').TrimEnd('=') + "'";
            }
        }
        catch (FormatException)
        {
            throw QueryException.BadRequest($"{prefix}'{content}' is not a valid {prefix} literal", target);
        }
    }

    static int EndOfString(string text, int start)
    {
        for (var i = start + 1; i < text.Length; i++)
        {
            if (text[i] != '\'') continue;
            if (i + 1 < text.Length && text[i + 1] == '\'') { i++; continue; }
            return i;
        }
        throw QueryException.BadRequest("a string literal is not closed", "$filter");
    }

    static bool IsIdentifierChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '.';

    static bool ContainsOutsideQuotes(string text, string value) => Unquoted(text).Contains(value, StringComparison.Ordinal);

    static bool ContainsWordOutsideQuotes(string text, string word) =>
        Unquoted(text).Split([' ', '(', ')'], StringSplitOptions.RemoveEmptyEntries).Contains(word);

    /// <summary>The text with the content of string literals blanked, for scanning operators.</summary>
    static string Unquoted(string text)
    {
        var chars = text.ToCharArray();
        var quoted = false;
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] == '\'') quoted = !quoted;
            else if (quoted) chars[i] = ' ';
        }
        return new string(chars);
    }

    /// <summary><c>substringof('x', Name)</c> is V2's <c>contains(Name, 'x')</c>, arguments swapped.</summary>
    static string SubstringOf(string text)
    {
        var unquoted = Unquoted(text);
        var at = unquoted.IndexOf("substringof(", StringComparison.Ordinal);
        if (at < 0 || (at > 0 && IsIdentifierChar(unquoted[at - 1]))) return text;
        var open = at + "substringof(".Length;
        var depth = 0;
        var comma = -1;
        var close = -1;
        for (var i = open; i < unquoted.Length && close < 0; i++)
        {
            switch (unquoted[i])
            {
                case '(': depth++; break;
                case ')' when depth == 0: close = i; break;
                case ')': depth--; break;
                case ',' when depth == 0 && comma < 0: comma = i; break;
            }
        }
        if (comma < 0 || close < 0) throw QueryException.BadRequest("substringof takes two arguments", "$filter");
        var rewritten = $"contains({text[(comma + 1)..close].Trim()},{text[open..comma].Trim()})";
        return SubstringOf(text[..at] + rewritten + text[(close + 1)..]);
    }
}
