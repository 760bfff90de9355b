using System.Text.Json;
using SapSandbox.Core.Query;
using SapSandbox.Core.Runtime;

namespace SapSandbox.Services.CloudIntegration;

/// <summary>The JSON object a client sends to the tenant's <c>/api/v1</c>, as V2 clients write it or bare.</summary>
internal static class RequestBody
{
    /// <summary>
    /// The body's object, unwrapped from V2's <c>{"d":{…}}</c>; an empty body is an empty object. Anything else
    /// is answered with 400 in the words SAP's API reference uses for a body it cannot read.
    /// </summary>
    public static JsonElement Object(ResourceRequest request)
    {
        try
        {
            using var document = JsonDocument.Parse(request.Body.Length == 0 ? "{}"u8.ToArray() : request.Body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("d", out var inner) && inner.ValueKind == JsonValueKind.Object) root = inner;
            if (root.ValueKind != JsonValueKind.Object) throw QueryException.BadRequest("The body is a JSON object");
            return root.Clone();
        }
        catch (JsonException e)
        {
            throw QueryException.BadRequest($"Request body does not contain the expected content: {e.Message}");
        }
    }
}
