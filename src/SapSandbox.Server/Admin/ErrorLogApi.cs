using System.Globalization;
using SapSandbox.Server.Monitoring;

namespace SapSandbox.Server.Admin;

/// <summary>
/// <c>/sandbox/admin/errors</c>, the sandbox's <c>/IWFND/ERROR_LOG</c>: <c>GET</c> lists the recent failed requests
/// (newest first), <c>GET /{id}</c> shows one with its request and response (by its number, or by the transaction id
/// its SAP error body names, as Gateway's log is searched), <c>DELETE</c> empties the log.
/// </summary>
public static class ErrorLogApi
{
    public static void Map(RouteGroupBuilder group, ErrorLog errors)
    {
        group.MapGet("", () => AdminApi.Json(StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("errors");
            foreach (var entry in errors.Recent()) entry.WriteSummary(json);
            json.WriteEndArray();
            json.WriteEndObject();
        }));

        // The id is told apart here rather than by route constraints, so that anything else is a 404 of this API.
        group.MapGet("/{id}", (string id) =>
            (long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? errors.Find(number) : errors.Find(id)) is { } entry
                ? AdminApi.Json(StatusCodes.Status200OK, entry.WriteDetail)
                : AdminApi.Error(StatusCodes.Status404NotFound, $"There is no entry '{id}' in the error log (it keeps the last {ErrorLog.Capacity})"));

        group.MapDelete("", () =>
        {
            errors.Clear();
            return Results.NoContent();
        });
    }
}
