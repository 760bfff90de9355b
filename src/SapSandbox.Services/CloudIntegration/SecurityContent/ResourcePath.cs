using System.Text;
using SapSandbox.Core.Query;

namespace SapSandbox.Services.CloudIntegration.SecurityContent;

/// <summary>
/// The parts of a resource path the security content API addresses: <c>KeystoreEntries('41')/Certificate/$value</c>,
/// <c>UserCredentials(Name='x')</c>, <c>AccessPolicies(101L)</c>. Single keys only, which is all these sets have.
/// </summary>
public sealed record ResourcePath(string Set, string? Key, string? Navigation, bool Value)
{
    public bool IsSet => Key == null && Navigation == null && !Value;
    public bool IsEntity => Key != null && Navigation == null && !Value;

    /// <summary>The path's parts, or null for a path of another shape (a compound key, deeper navigation).</summary>
    public static ResourcePath? Parse(string path)
    {
        var at = 0;
        while (at < path.Length && (char.IsLetterOrDigit(path[at]) || path[at] == '_')) at++;
        if (at == 0) return null;
        var set = path[..at];
        string? key = null;
        if (at < path.Length && path[at] == '(')
        {
            var (text, end) = KeyText(path, at + 1);
            if (end < 0) return null;
            key = text;
            at = end + 1;
        }
        string? navigation = null;
        var value = false;
        var rest = path[at..];
        if (rest.EndsWith("/$value", StringComparison.Ordinal))
        {
            value = true;
            rest = rest[..^"/$value".Length];
        }
        if (rest.Length > 0)
        {
            if (rest[0] != '/' || rest.Length == 1 || rest[1..].Any(c => !char.IsLetterOrDigit(c) && c != '_')) return null;
            navigation = rest[1..];
        }
        return new ResourcePath(set, key, navigation, value);
    }

    /// <summary>The key between the parentheses: <c>'it''s'</c>, <c>Name='x'</c>, <c>101</c> or <c>101L</c>; the index of ')'.</summary>
    static (string? Text, int End) KeyText(string path, int start)
    {
        var at = start;
        var equals = path.IndexOf('=', start);
        var quote = path.IndexOf('\'', start);
        if (equals >= 0 && (quote < 0 || equals < quote) && path.IndexOf(')', start) > equals) at = equals + 1;
        if (at < path.Length && path[at] == '\'')
        {
            var text = new StringBuilder();
            for (var i = at + 1; i < path.Length; i++)
            {
                if (path[i] != '\'') { text.Append(path[i]); continue; }
                if (i + 1 < path.Length && path[i + 1] == '\'') { text.Append('\''); i++; continue; }
                return i + 1 < path.Length && path[i + 1] == ')' ? (text.ToString(), i + 1) : (null, -1);
            }
            return (null, -1);
        }
        var close = path.IndexOf(')', at);
        if (close < 0) return (null, -1);
        var bare = path[at..close].Trim();
        if (bare.EndsWith('L') || bare.EndsWith('l')) bare = bare[..^1];
        return bare.Length > 0 && bare.All(char.IsDigit) ? (bare, close) : (null, -1);
    }

    /// <summary>A query option that is <c>true</c> or <c>false</c>; anything else is a 400 naming it.</summary>
    public static bool Flag(IReadOnlyDictionary<string, string> query, string name, bool otherwise = false)
    {
        if (!query.TryGetValue(name, out var text) || text.Length == 0) return otherwise;
        return text.Trim('\'').ToLowerInvariant() switch
        {
            "true" => true,
            "false" => false,
            _ => throw QueryException.BadRequest($"The query option {name} is true or false, not '{text}'", name),
        };
    }

    /// <summary>A query option's value without the quotes some clients put around it, or null when it is absent or empty.</summary>
    public static string? Option(IReadOnlyDictionary<string, string> query, string name) =>
        query.TryGetValue(name, out var text) && text.Trim().Trim('\'') is { Length: > 0 } value ? value : null;
}
