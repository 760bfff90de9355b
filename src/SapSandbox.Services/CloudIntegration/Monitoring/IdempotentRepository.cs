using System.Text.RegularExpressions;
using SapSandbox.Core.Query;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Write;

namespace SapSandbox.Services.CloudIntegration.Monitoring;

/// <summary>
/// Idempotent repository entries (<c>IdempotentRepositoryEntries(HexSource,HexEntry)</c> and the generic
/// <c>GenericIdempotentRepositoryEntries(HexVendor,HexSource,HexEntry,HexComponent)</c>): keyed by the hex of their
/// texts, read by entry id with <c>?id=</c>, deleted with 204 whether or not the entry exists, and a key that is not
/// hex answers 500 as on a tenant.
/// </summary>
sealed partial class IdempotentEntries : IEntitySetBehavior, IResourceHandler
{
    static readonly string[] Sets = ["IdempotentRepositoryEntries", "GenericIdempotentRepositoryEntries"];

    /// <summary><c>?id='InputFolder/file.xml'</c>: the entries with that entry id, whatever their source.</summary>
    public string RewriteRead(EntityContext context, string relative)
    {
        var (path, options) = CustomQuery.Split(relative);
        if (path.Contains('(') || path.Contains('/'))
        {
            if (!HexKeys(Uri.UnescapeDataString(path)))
                throw new QueryException(500, "Problem during reading an idempotent repository entry with source null and entry null");
            return relative;
        }
        var id = options.LastOrDefault(o => o.Name == "id").Value;
        if (id == null) return relative;
        return CustomQuery.WithFilter(path, options, "Entry eq " + CustomQuery.Quote(CustomQuery.Unquote(CustomQuery.Decode(id))), "id");
    }

    /// <summary>An entry created through the API gets its texts from its hex keys; keys that are not hex are refused.</summary>
    public void BeforeCreate(EntityContext context, EntityInput input)
    {
        foreach (var (hex, text) in new[] { ("HexSource", "Source"), ("HexEntry", "Entry"), ("HexVendor", "Vendor"), ("HexComponent", "Component") })
        {
            if (input.Table.Column(hex) is not { } hexColumn || input.Table.Column(text) is not { } textColumn) continue;
            var decoded = input.Values.GetValueOrDefault(hexColumn) is string value ? MonitoringData.TextOf(value) : null;
            if (decoded == null)
                throw new QueryException(500, $"Problem during creation of an idempotent repository entry: {hex} is not hex-encoded", hex);
            // The generic set's HexComponent names the component only by convention; a text the client sent stays.
            if (input.Values.GetValueOrDefault(textColumn) is not string { Length: > 0 }) input.Values[textColumn] = decoded;
        }
    }

    /// <summary><c>DELETE</c> answers 204 "Success or entry does not exist"; a key that is not hex is a 500.</summary>
    public ResourceAnswer? Handle(ResourceRequest request)
    {
        if (request.Method != "DELETE") return null;
        var open = request.Path.IndexOf('(');
        if (open < 0 || !Sets.Contains(request.Path[..open]) || request.Path.IndexOf('/', open) >= 0) return null;
        if (!HexKeys(request.Path))
            throw new QueryException(500, "Problem during deletion of an idempotent repository entry with source null and entry null");
        var values = KeyValue().Matches(request.Path).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Replace("''", "'"));
        var table = request.Service.Schema.Table(request.Path[..open])!;
        if (table.Keys.Any(k => !values.ContainsKey(k.Name))) return null;
        var key = table.Keys.ToDictionary(k => k, k => (object?)values[k.Name]);
        return ExistingEntity.Find(request.Service, request.Session, ExistingEntity.PathOf(table, key)) == null ? ResourceAnswer.Empty(204) : null;
    }

    /// <summary>Every <c>Hex…='…'</c> of a key predicate holds hex of UTF-8 text.</summary>
    static bool HexKeys(string path) => KeyValue().Matches(path).All(m => !m.Groups[1].Value.StartsWith("Hex", StringComparison.Ordinal)
                                                                           || MonitoringData.TextOf(m.Groups[2].Value.Replace("''", "'")) != null);

    [GeneratedRegex("(\\w+)='((?:[^']|'')*)'")]
    private static partial Regex KeyValue();
}
