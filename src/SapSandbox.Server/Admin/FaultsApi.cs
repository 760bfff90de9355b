using System.Text.Json;
using System.Text.Json.Serialization;
using SapSandbox.Server.FaultInjection;

namespace SapSandbox.Server.Admin;

/// <summary>
/// <c>/sandbox/admin/faults</c>: <c>GET</c> lists the rules in force with what they have injected, <c>POST</c> adds one
/// (the fields of a <c>Sandbox:Faults</c> entry, as JSON) and answers 201 with its id, <c>DELETE /{id}</c> removes one,
/// <c>DELETE</c> removes all (configured ones too, until the next start).
/// </summary>
public static class FaultsApi
{
    static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static void Map(RouteGroupBuilder group, FaultRules faults)
    {
        group.MapGet("", () => AdminApi.Json(StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("faults");
            foreach (var rule in faults.All) rule.WriteTo(json);
            json.WriteEndArray();
            json.WriteEndObject();
        }));

        group.MapPost("", async (HttpContext context) =>
        {
            FaultRuleSettings? settings;
            try
            {
                settings = await JsonSerializer.DeserializeAsync<FaultRuleSettings>(context.Request.Body, Options, context.RequestAborted);
            }
            catch (JsonException e)
            {
                return AdminApi.Error(StatusCodes.Status400BadRequest, $"The body is not a fault rule: {e.Message}");
            }
            if (settings == null) return AdminApi.Error(StatusCodes.Status400BadRequest, "The body is not a fault rule: send a JSON object");
            try
            {
                var rule = faults.Add(settings);
                return AdminApi.Json(StatusCodes.Status201Created, rule.WriteTo, $"{AdminApi.Prefix}/faults/{rule.Id}");
            }
            catch (FaultRuleException e)
            {
                return AdminApi.Error(StatusCodes.Status400BadRequest, $"The fault rule cannot work: {e.Message}");
            }
        });

        group.MapGet("/{id}", (string id) => faults.Find(id) is { } rule
            ? AdminApi.Json(StatusCodes.Status200OK, rule.WriteTo)
            : NotFound(id));

        group.MapDelete("/{id}", (string id) => faults.Remove(id) ? Results.NoContent() : NotFound(id));

        group.MapDelete("", () =>
        {
            faults.Clear();
            return Results.NoContent();
        });
    }

    static IResult NotFound(string id) => AdminApi.Error(StatusCodes.Status404NotFound, $"There is no fault rule '{id}'");
}
