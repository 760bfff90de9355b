using SapSandbox.Core.Query;

namespace SapSandbox.Services.CloudIntegration.MessageStores;

/// <summary>
/// A decoded resource path as the message store's handlers read it: the entity set, the key predicate's values
/// (named, or the one positional value under the empty name), and what follows the key (<c>/$value</c>, <c>/Entries</c>).
/// </summary>
sealed record ResourcePath(string EntitySet, IReadOnlyDictionary<string, string>? Key, string Rest)
{
    /// <summary>Splits <c>Set(Name='a',Other='b''c')/Rest</c>; a path that is not of that form gives a set with no key.</summary>
    public static ResourcePath Parse(string path)
    {
        var open = path.IndexOf('(');
        var slash = path.IndexOf('/');
        if (open < 0 || (slash >= 0 && slash < open))
            return slash < 0 ? new(path, null, "") : new(path[..slash], null, path[slash..]);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = open + 1;
        while (i < path.Length && path[i] != ')')
        {
            var name = "";
            var equals = path.IndexOf('=', i);
            var quote = path.IndexOf('\'', i);
            if (equals >= 0 && (quote < 0 || equals < quote) && equals < path.IndexOf(')', i))
            {
                name = path[i..equals].Trim();
                i = equals + 1;
            }
            string value;
            if (i < path.Length && path[i] == '\'')
            {
                var text = new System.Text.StringBuilder();
                for (i++; ; i++)
                {
                    if (i >= path.Length) throw QueryException.BadRequest($"The key in '{path}' has an unterminated string");
                    if (path[i] != '\'') { text.Append(path[i]); continue; }
                    if (i + 1 < path.Length && path[i + 1] == '\'') { text.Append('\''); i++; continue; }
                    i++;
                    break;
                }
                value = text.ToString();
            }
            else
            {
                var end = i;
                while (end < path.Length && path[end] != ',' && path[end] != ')') end++;
                value = path[i..end].Trim();
                i = end;
            }
            values[name] = value;
            if (i < path.Length && path[i] == ',') i++;
        }
        if (i >= path.Length) throw QueryException.BadRequest($"The key in '{path}' is not closed");
        return new(path[..open], values, path[(i + 1)..]);
    }

    /// <summary>The value of a key property, named or (for a single key) positional.</summary>
    public string? Value(string name) =>
        Key == null ? null : Key.TryGetValue(name, out var value) ? value : Key.Count == 1 && Key.TryGetValue("", out var only) ? only : null;
}
