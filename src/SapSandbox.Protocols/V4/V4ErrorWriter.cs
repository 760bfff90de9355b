using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SapSandbox.Protocols.Http;

namespace SapSandbox.Protocols.V4;

/// <summary>
/// Writes errors the way SAP's V4 stack does: <c>{"error":{"code","message","target","details","innererror"}}</c>
/// with the <c>@SAP__common</c> annotations a RAP service adds.
/// </summary>
public static class V4ErrorWriter
{
    public static async Task WriteAsync(HttpContext context, ODataError error, string serviceName)
    {
        var response = context.Response;
        response.StatusCode = error.Status;
        response.ContentType = "application/json;charset=utf-8";
        response.Headers["OData-Version"] = "4.0";
        var now = DateTime.UtcNow;
        using var writer = new Utf8JsonWriter(response.BodyWriter, JsonOutput.Options);
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("code", error.Code);
        writer.WriteString("message", error.Message);
        if (error.Target != null) writer.WriteString("target", error.Target);
        writer.WriteString("@SAP__common.ExceptionCategory", error.Category);
        writer.WriteStartArray("details");
        writer.WriteEndArray();
        writer.WriteStartObject("innererror");
        writer.WriteStartObject("ErrorDetails");
        writer.WriteStartObject("@SAP__common.Application");
        writer.WriteString("ComponentId", "BC-ESI-ESF-GW");
        writer.WriteString("ServiceRepository", "SRVD_A2X");
        writer.WriteString("ServiceId", serviceName);
        writer.WriteString("ServiceVersion", "0001");
        writer.WriteEndObject();
        writer.WriteString("@SAP__common.TransactionId", context.TraceIdentifier.Replace(":", "").ToUpperInvariant());
        writer.WriteString("@SAP__common.Timestamp", now.ToString("yyyyMMddHHmmss.ffffff", CultureInfo.InvariantCulture));
        writer.WriteStartObject("@SAP__common.ErrorResolution");
        writer.WriteString("Analysis", "Run the request against the sandbox with the same URL and body; the message above names what to change");
        writer.WriteString("Note", "See SAP Note 1797736 for error analysis (https://service.sap.com/sap/support/notes/1797736)");
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        await writer.FlushAsync();
    }
}
