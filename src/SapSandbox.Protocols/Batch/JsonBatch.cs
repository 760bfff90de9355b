using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SapSandbox.Core.Query;
using SapSandbox.Protocols.Http;

namespace SapSandbox.Protocols.Batch;

/// <summary>
/// OData 4.01's JSON batch (<c>{"requests":[...]}</c> in, <c>{"responses":[...]}</c> out): adjacent requests with
/// one <c>atomicityGroup</c> form a changeset, <c>dependsOn</c> names requests or groups that must have worked.
/// </summary>
public static class JsonBatch
{
    public static List<BatchItem> Read(JsonElement body, int limit)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("requests", out var requests) || requests.ValueKind != JsonValueKind.Array)
            throw QueryException.BadRequest("A JSON batch is an object with a \"requests\" array");
        if (requests.GetArrayLength() > limit) throw QueryException.BadRequest($"A batch may hold at most {limit} operations");
        var items = new List<BatchItem>();
        var groups = new HashSet<string>(StringComparer.Ordinal);
        var earlier = new HashSet<string>(StringComparer.Ordinal);
        foreach (var request in requests.EnumerateArray())
        {
            var operation = Operation(request);
            var group = request.TryGetProperty("atomicityGroup", out var g) ? g.GetString() : null;
            foreach (var dependency in operation.DependsOn)
                if (!earlier.Contains(dependency) || dependency == group)
                    throw QueryException.BadRequest($"Request '{operation.ContentId}' depends on '{dependency}', which is not an earlier request or atomicity group");
            if (!earlier.Add(operation.ContentId!)) throw QueryException.BadRequest($"Two requests of the batch have the id '{operation.ContentId}'");
            if (group == null)
            {
                items.Add(new BatchItem(operation, null));
                continue;
            }
            earlier.Add(group);
            if (items.Count > 0 && items[^1].GroupId == group)
            {
                ((List<BatchOperation>)items[^1].Changeset!).Add(operation);
                continue;
            }
            if (!groups.Add(group)) throw QueryException.BadRequest($"The requests of atomicity group '{group}' must be adjacent");
            items.Add(new BatchItem(null, new List<BatchOperation> { operation }, group));
        }
        return items;
    }

    static BatchOperation Operation(JsonElement request)
    {
        string Required(string name) => request.TryGetProperty(name, out var value) && value.GetString() is { Length: > 0 } text
            ? text : throw QueryException.BadRequest($"Every request of a JSON batch needs \"{name}\"");
        var headers = new HeaderDictionary();
        if (request.TryGetProperty("headers", out var h) && h.ValueKind == JsonValueKind.Object)
            foreach (var header in h.EnumerateObject()) headers[header.Name] = header.Value.GetString();
        var body = request.TryGetProperty("body", out var b) && b.ValueKind != JsonValueKind.Null
            ? Encoding.UTF8.GetBytes(b.GetRawText()) : [];
        if (body.Length > 0 && !headers.ContainsKey("Content-Type")) headers["Content-Type"] = "application/json";
        var dependsOn = request.TryGetProperty("dependsOn", out var d) && d.ValueKind == JsonValueKind.Array
            ? d.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
        return new BatchOperation(Required("method").ToUpperInvariant(), Required("url"), headers, body) { ContentId = Required("id"), DependsOn = dependsOn };
    }

    public static async Task WriteAsync(HttpResponse response, IReadOnlyList<(BatchItem Item, IReadOnlyList<BatchResult> Results, bool Failed)> answers)
    {
        response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(response.BodyWriter, JsonOutput.Options);
        json.WriteStartObject();
        json.WriteStartArray("responses");
        foreach (var (item, results, failed) in answers)
        {
            var operations = item.Operation != null ? [item.Operation] : item.Changeset!;
            foreach (var operation in operations)
            {
                // In a failed group the failing request carries the error and the others did not happen.
                var result = results.FirstOrDefault(r => r.Operation == operation)
                             ?? new BatchResult(operation, failed ? StatusCodes.Status424FailedDependency : 200, new HeaderDictionary(), []);
                json.WriteStartObject();
                json.WriteString("id", operation.ContentId);
                if (item.GroupId != null) json.WriteString("atomicityGroup", item.GroupId);
                json.WriteNumber("status", result.Status);
                json.WriteStartObject("headers");
                foreach (var (name, value) in result.Headers)
                    if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) json.WriteString(name.ToLowerInvariant(), value.ToString());
                json.WriteEndObject();
                if (result.Body.Length > 0)
                {
                    json.WritePropertyName("body");
                    if ((result.Headers.ContentType.ToString()).Contains("json", StringComparison.OrdinalIgnoreCase)) json.WriteRawValue(result.Body, skipInputValidation: true);
                    else json.WriteStringValue(Encoding.UTF8.GetString(result.Body));
                }
                json.WriteEndObject();
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
