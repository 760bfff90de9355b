using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SapSandbox.Core.Changes;
using SapSandbox.Core.Query;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;
using SapSandbox.Protocols.Http;

namespace SapSandbox.Protocols.V4.Delta;

/// <summary>
/// Answers a delta link (<c>Set?...&amp;$deltatoken=</c>) in OData 4.0 JSON, as Microsoft.OData's writer does for 4.0:
/// the entities inserted or changed since the token, each once in its current state with the original
/// <c>$filter</c>/<c>$select</c>/<c>$expand</c> applied, then <c>$deletedEntity</c> entries (reason <c>deleted</c>, or
/// <c>changed</c> for one that no longer matches the filter), then the next <c>@odata.deltaLink</c>.
/// </summary>
public static class DeltaResponse
{
    public const string TokenOption = "$deltatoken";

    public static bool Asked(HttpRequest request) => request.Query.ContainsKey(TokenOption);

    public static async Task WriteAsync(HttpContext context, ServiceDefinition service, Uri parserRoot, string mountPath, string relative,
        StoreSession session, bool ieee754, string contentType)
    {
        var request = context.Request;
        var response = context.Response;
        var token = request.Query[TokenOption].ToString();
        var parsed = V4RequestParser.Parse(service, parserRoot, DeltaLinks.DefiningRequest(relative), int.MaxValue);
        var set = ChangeTracking.EntitySet(parsed.Path)
                  ?? throw QueryException.BadRequest("A delta token applies to an entity set read as a whole; follow the delta link as given", TokenOption);
        if (!ChangeTracking.Tracks(service, set))
            throw QueryException.BadRequest($"{set.Name} does not track changes (Capabilities.ChangeTracking)", TokenOption);
        var since = DeltaToken.Decode(token, set.Name);

        // The new position is taken first: a change committed while this answer is read comes again next time.
        var position = ChangeLog.Position(session);
        var plan = service.Planner.Plan(parsed with { Top = null, Skip = null, Count = false, SkipToken = null });
        var table = plan.Table;
        var changes = ChangeLog.Since(session, table, since);

        response.ContentType = contentType;
        await using var json = new Utf8JsonWriter(response.BodyWriter, JsonOutput.Options);
        var writer = new V4JsonWriter(json, response.BodyWriter, ieee754);
        var flusher = new JsonPipeFlusher(json, response.BodyWriter);
        json.WriteStartObject();
        json.WriteString("@odata.context", V4Endpoint.ContextUrl(set.Name, plan) + "/$delta");
        json.WriteStartArray("value");

        var written = new HashSet<string>(StringComparer.Ordinal);
        if (changes.Count > 0)
        {
            var n = plan.Parameters.Count;
            var changed = plan with
            {
                Sql = $"SELECT * FROM ({plan.Sql}) d WHERE {ChangeLog.ChangedCondition(session.Dialect, table, "d", "$p" + n, "$p" + (n + 1))}",
                Parameters = [.. plan.Parameters, table.TableName, since],
            };
            using var rows = EntityRows.Open(session, changed);
            var key = new object?[table.StoredKey.Count];
            while (rows.Read())
            {
                writer.WriteEntity(rows);
                for (var i = 0; i < key.Length; i++)
                {
                    var ordinal = plan.Ordinal(table.StoredKey[i]);
                    key[i] = rows.IsNull(ordinal) ? null : rows.Record.GetValue(ordinal);
                }
                written.Add(ChangeLog.KeyText(key));
                await flusher.FlushIfFullAsync();
            }
        }

        var removedContext = "$metadata#" + table.ContextPath + "/$deletedEntity";
        foreach (var change in changes)
        {
            if (written.Contains(ChangeLog.KeyText(change.Key))) continue;
            var values = table.StoredKey.Select((k, i) => (k, change.Key[i])).ToDictionary(p => p.k, p => p.Item2);
            json.WriteStartObject();
            json.WriteString("@odata.context", removedContext);
            json.WriteString("id", set.Name + V4Keys.Predicate(table.Keys, values));
            // Changed since the token but not in the result: it no longer matches the request, which 4.0 calls "changed".
            json.WriteString("reason", change.Operation == ChangeLog.Deleted ? "deleted" : "changed");
            json.WriteEndObject();
            await flusher.FlushIfFullAsync();
        }
        json.WriteEndArray();
        json.WriteString(V4JsonWriter.DeltaLinkName, DeltaLinks.Build(request, mountPath, relative, DeltaToken.Encode(position, set.Name)));
        json.WriteEndObject();
        await json.FlushAsync();
        ResponseRows.Add(context, written.Count);
    }
}
