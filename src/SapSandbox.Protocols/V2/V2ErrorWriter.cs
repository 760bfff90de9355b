using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SapSandbox.Protocols.Http;

namespace SapSandbox.Protocols.V2;

/// <summary>
/// Writes errors as SAP Gateway's V2 does: <c>{"error":{"code","message":{"lang","value"},"innererror":{...,"errordetails":[...]}}}</c>,
/// with <c>dataserviceversion: 1.0</c> as Gateway sends on errors.
/// </summary>
public static class V2ErrorWriter
{
    public static async Task WriteAsync(HttpContext context, ODataError error, string serviceName)
    {
        var response = context.Response;
        response.StatusCode = error.Status;
        response.ContentType = "application/json;charset=utf-8";
        response.Headers["DataServiceVersion"] = "1.0";
        var transaction = context.TraceIdentifier.Replace(":", "").ToUpperInvariant();
        await using var json = new Utf8JsonWriter(response.BodyWriter, JsonOutput.Options);
        json.WriteStartObject();
        json.WriteStartObject("error");
        json.WriteString("code", error.Code);
        json.WriteStartObject("message");
        json.WriteString("lang", "en");
        json.WriteString("value", error.Message);
        json.WriteEndObject();
        json.WriteStartObject("innererror");
        json.WriteStartObject("application");
        json.WriteString("component_id", "");
        json.WriteString("service_namespace", "/SAP/");
        json.WriteString("service_id", serviceName);
        json.WriteString("service_version", "0001");
        json.WriteEndObject();
        json.WriteString("transactionid", transaction);
        json.WriteString("timestamp", DateTime.UtcNow.ToString("yyyyMMddHHmmss.fffffff", CultureInfo.InvariantCulture));
        json.WriteStartObject("Error_Resolution");
        json.WriteString("SAP_Transaction", "Run the request against the sandbox with the same URL and body; the message above names what to change");
        json.WriteString("SAP_Note", "See SAP Note 1797736 for error analysis (https://service.sap.com/sap/support/notes/1797736)");
        json.WriteEndObject();
        json.WriteStartArray("errordetails");
        json.WriteStartObject();
        json.WriteString("code", error.Code);
        json.WriteString("message", error.Message);
        json.WriteString("propertyref", error.Target ?? "");
        json.WriteString("severity", "error");
        json.WriteString("target", error.Target ?? "");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
