using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SapSandbox.Core.Messages;

namespace SapSandbox.Protocols.V2;

/// <summary>
/// Gateway's <c>sap-message</c> response header: the first message of the request as
/// <c>{"code","message","severity","target","details":[…]}</c>, the others in <c>details</c>, which is what UI5's
/// V2 model and SAP Cloud SDK read the success and warning messages of a change from.
/// </summary>
public static class V2MessageHeader
{
    public const string Name = "sap-message";

    /// <summary>Sets the header from the messages the request gathered, if it gathered any.</summary>
    public static void Write(HttpResponse response)
    {
        if (RequestMessages.Current?.Take() is not { Count: > 0 } messages) return;
        response.Headers[Name] = Format(messages);
    }

    /// <summary>ASCII JSON (the default encoder escapes the rest), since a header carries no UTF-8.</summary>
    public static string Format(IReadOnlyList<SapMessage> messages)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            WriteFields(json, messages[0]);
            json.WriteStartArray("details");
            foreach (var detail in messages.Skip(1))
            {
                json.WriteStartObject();
                WriteFields(json, detail);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return System.Text.Encoding.ASCII.GetString(buffer.ToArray());
    }

    static void WriteFields(Utf8JsonWriter json, SapMessage message)
    {
        json.WriteString("code", message.Code);
        json.WriteString("message", message.Text);
        json.WriteString("severity", message.SeverityName);
        json.WriteString("target", message.Target);
    }
}
