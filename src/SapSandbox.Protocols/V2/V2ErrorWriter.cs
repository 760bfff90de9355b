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
    /// <param name="olingo">As Apache Olingo writes it (Cloud Integration): the HTTP reason phrase as code, no inner error
    /// (<c>{"error":{"code":"Bad Request","message":{"lang":"en","value":"…"}}}</c>).</param>
    public static async Task WriteAsync(HttpContext context, ODataError error, string serviceName, V2Format format, bool olingo = false)
    {
        var response = context.Response;
        response.StatusCode = error.Status;
        response.Headers["DataServiceVersion"] = "1.0";
        var transaction = context.TraceIdentifier.Replace(":", "").ToUpperInvariant();
        if (format == V2Format.Atom)
        {
            await WriteXmlAsync(response, error, serviceName, transaction);
            return;
        }
        response.ContentType = "application/json;charset=utf-8";
        await using var json = new Utf8JsonWriter(response.BodyWriter, JsonOutput.Options);
        json.WriteStartObject();
        json.WriteStartObject("error");
        if (olingo)
        {
            json.WriteString("code", Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(error.Status));
            json.WriteStartObject("message");
            json.WriteString("lang", "en");
            json.WriteString("value", error.Message);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            return;
        }
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

    /// <summary>The same content as the XML error document Gateway sends to Atom clients.</summary>
    static async Task WriteXmlAsync(HttpResponse response, ODataError error, string serviceName, string transaction)
    {
        response.ContentType = "application/xml;charset=utf-8";
        const string m = "http://schemas.microsoft.com/ado/2007/08/dataservices/metadata";
        await using var xml = System.Xml.XmlWriter.Create(new PipeBufferStream(response.BodyWriter), V2AtomWriter.Settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("error", m);
        xml.WriteElementString("code", m, error.Code);
        xml.WriteStartElement("message", m);
        xml.WriteAttributeString("xml", "lang", null, "en");
        xml.WriteString(error.Message);
        xml.WriteEndElement();
        xml.WriteStartElement("innererror", m);
        xml.WriteStartElement("application", m);
        xml.WriteElementString("component_id", m, "");
        xml.WriteElementString("service_namespace", m, "/SAP/");
        xml.WriteElementString("service_id", m, serviceName);
        xml.WriteElementString("service_version", m, "0001");
        xml.WriteEndElement();
        xml.WriteElementString("transactionid", m, transaction);
        xml.WriteElementString("timestamp", m, DateTime.UtcNow.ToString("yyyyMMddHHmmss.fffffff", CultureInfo.InvariantCulture));
        xml.WriteStartElement("errordetails", m);
        xml.WriteStartElement("errordetail", m);
        xml.WriteElementString("code", m, error.Code);
        xml.WriteElementString("message", m, error.Message);
        xml.WriteElementString("propertyref", m, error.Target ?? "");
        xml.WriteElementString("severity", m, "error");
        xml.WriteElementString("target", m, error.Target ?? "");
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
        await xml.FlushAsync();
    }
}
