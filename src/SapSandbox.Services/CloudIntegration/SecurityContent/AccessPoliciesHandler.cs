using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SapSandbox.Core.Query;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;

namespace SapSandbox.Services.CloudIntegration.SecurityContent;

/// <summary>
/// Access policies and the artifact references that say which artifacts a policy covers. A policy is created with its
/// references in one POST (the runtime's deep insert, after the checks here: a role name taken is 409, a reference's
/// type, attribute and condition are checked); a reference is added to a policy by <c>POST ArtifactReferences</c> with
/// <c>"AccessPolicy":{"Id":"…"}</c>; deleting a policy deletes its references. Policies and references are joined by a
/// hidden column of the references, as the tenant's model declares no join.
/// </summary>
public sealed class AccessPoliciesHandler : IResourceHandler
{
    public static readonly NavigationLink References = new("AccessPolicies", "ArtifactReferences");

    static readonly string[] Types =
    [
        "INTEGRATION_FLOW", "INTEGRATION_PACKAGE", "MESSAGE_QUEUE", "GLOBAL_VARIABLE", "GLOBAL_DATA_STORE", "GLOBAL_DATASTORE", "ODATA_SERVICE",
        "REST_API_PROVIDER", "SOAP_API_PROVIDER", "API_ARTIFACT", "SCRIPT_COLLECTION", "VALUE_MAPPING", "MESSAGE_MAPPING", "DATA_TYPE", "MESSAGE_TYPE",
    ];

    public ResourceAnswer? Handle(ResourceRequest request)
    {
        if (request.IsRead) return null;
        var path = ResourcePath.Parse(request.Path);
        if (path == null || path.Set is not ("AccessPolicies" or "ArtifactReferences")) return null;
        var rows = new TenantRows(request);
        switch (path.Set, request.Method)
        {
            case ("AccessPolicies", "POST") when path.IsSet:
            {
                var body = RequestBody.Object(request);
                var role = KeystoreHandler.Text(body, "RoleName") ?? throw QueryException.BadRequest("RoleName is null or empty", "RoleName");
                if (rows.Select("AccessPolicies", "RoleName", role).Count > 0) throw QueryException.Conflict($"An access policy with the role name '{role}' exists already");
                if (body.TryGetProperty("ArtifactReferences", out var references))
                {
                    if (references.ValueKind == JsonValueKind.Object && references.TryGetProperty("results", out var results)) references = results;
                    if (references.ValueKind == JsonValueKind.Array)
                        foreach (var reference in references.EnumerateArray()) Check(reference);
                }
                // The runtime creates the policy and its references in this transaction, with the status and body of a create.
                return null;
            }
            case ("AccessPolicies", "PUT" or "MERGE" or "PATCH") when path.IsEntity:
            {
                var body = RequestBody.Object(request);
                if (KeystoreHandler.Text(body, "RoleName") is { } role
                    && rows.Select("AccessPolicies", "RoleName", role).Any(r => Convert.ToString(r["Id"], CultureInfo.InvariantCulture) != path.Key))
                    throw QueryException.Conflict($"An access policy with the role name '{role}' exists already");
                return null;
            }
            case ("AccessPolicies", "DELETE") when path.IsEntity:
            {
                var id = long.Parse(path.Key!, CultureInfo.InvariantCulture);
                if (rows.Select("AccessPolicies", "Id", id).Count == 0) throw QueryException.NotFound($"There is no access policy {id}");
                rows.Delete("ArtifactReferences", References.Path("Id"), id);
                rows.Delete("AccessPolicies", "Id", id);
                return ResourceAnswer.Empty(204);
            }
            case ("ArtifactReferences", "POST") when path.IsSet:
            {
                var body = RequestBody.Object(request);
                Check(body);
                var policy = PolicyOf(body) ?? throw QueryException.BadRequest("Name the access policy of the reference: \"AccessPolicy\":{\"Id\":\"…\"}", "AccessPolicy");
                if (rows.Select("AccessPolicies", "Id", policy).Count == 0) throw QueryException.BadRequest($"There is no access policy {policy}", "AccessPolicy");
                var values = new Dictionary<string, object?> { [References.Path("Id")] = policy };
                foreach (var property in new[] { "Name", "Description", "Type", "ConditionAttribute", "ConditionValue", "ConditionType" })
                    values[property] = KeystoreHandler.Text(body, property);
                var row = rows.Insert("ArtifactReferences", values);
                var id = row.First(r => r.Key.Path == "Id").Value;
                return new ResourceAnswer.Read($"ArtifactReferences({Convert.ToString(id, CultureInfo.InvariantCulture)}L)", 201);
            }
            case ("ArtifactReferences", "DELETE") when path.IsEntity:
            {
                var id = long.Parse(path.Key!, CultureInfo.InvariantCulture);
                if (rows.Delete("ArtifactReferences", "Id", id) == 0) throw QueryException.NotFound($"There is no artifact reference {id}");
                return ResourceAnswer.Empty(200);
            }
            case ("ArtifactReferences", "PUT" or "MERGE" or "PATCH") when path.IsEntity:
                Check(RequestBody.Object(request), partial: request.Method != "PUT");
                return null;
            default:
                return null;
        }
    }

    /// <summary>The policy a new reference names: <c>AccessPolicy</c> (the Hub's example spells it <c>AcessPolicy</c>) by Id or by its URI.</summary>
    static long? PolicyOf(JsonElement body)
    {
        foreach (var name in new[] { "AccessPolicy", "AcessPolicy" })
        {
            if (!body.TryGetProperty(name, out var policy)) continue;
            if (policy.ValueKind == JsonValueKind.Array && policy.GetArrayLength() > 0) policy = policy[0];
            if (policy.ValueKind != JsonValueKind.Object) continue;
            if (policy.TryGetProperty("Id", out var id))
            {
                if (id.ValueKind == JsonValueKind.Number) return id.GetInt64();
                if (id.ValueKind == JsonValueKind.String && long.TryParse(id.GetString()!.TrimEnd('L'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)) return parsed;
            }
            if (policy.TryGetProperty("__metadata", out var metadata) && metadata.TryGetProperty("uri", out var uri)
                && Regex.Match(uri.GetString() ?? "", @"AccessPolicies\((\d+)L?\)") is { Success: true } match)
                return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        return null;
    }

    /// <summary>A reference's type, attribute and condition as the tenant accepts them.</summary>
    static void Check(JsonElement reference, bool partial = false)
    {
        var type = KeystoreHandler.Text(reference, "Type");
        var attribute = KeystoreHandler.Text(reference, "ConditionAttribute");
        var condition = KeystoreHandler.Text(reference, "ConditionType");
        var value = KeystoreHandler.Text(reference, "ConditionValue");
        if (!partial)
        {
            if (KeystoreHandler.Text(reference, "Name") == null) throw QueryException.BadRequest("An artifact reference needs a Name", "Name");
            if (type == null || attribute == null || condition == null || value == null)
                throw QueryException.BadRequest("An artifact reference needs Type, ConditionAttribute, ConditionValue and ConditionType", "Type");
        }
        if (type != null && !Types.Contains(type)) throw QueryException.BadRequest($"Type '{type}' is not one of {string.Join(", ", Types)}", "Type");
        if (attribute != null && attribute is not ("Name" or "ID")) throw QueryException.BadRequest($"ConditionAttribute is Name or ID, not '{attribute}'", "ConditionAttribute");
        if (type is "MESSAGE_QUEUE" or "GLOBAL_DATA_STORE" or "GLOBAL_DATASTORE" or "GLOBAL_VARIABLE" && attribute is not (null or "Name"))
            throw QueryException.BadRequest($"A reference of type {type} names its artifacts by Name only", "ConditionAttribute");
        if (condition != null && condition is not ("exactString" or "regularExpression"))
            throw QueryException.BadRequest($"ConditionType is exactString or regularExpression, not '{condition}'", "ConditionType");
        if (condition == "regularExpression" && value != null)
        {
            try { _ = new Regex(value); }
            catch (ArgumentException e) { throw QueryException.BadRequest($"ConditionValue is not a regular expression: {e.Message}", "ConditionValue"); }
        }
    }
}
