using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SapSandbox.Core.Messages;
using SapSandbox.Core.Query;
using SapSandbox.Core.Store;

namespace SapSandbox.Protocols.V4;

/// <summary>
/// Where a RAP service puts the messages of a request: in the <c>SAP__Messages</c> property of the entity it
/// answers with, when the entity type declares one (<c>@Common.Messages</c>) and the answer includes it; otherwise
/// in the <c>sap-messages</c> header (an action without a result, a 204, a type without the property), as a
/// JSON array of the same objects.
/// </summary>
public static class V4Messages
{
    public const string HeaderName = "sap-messages";

    /// <summary>Sets the header from the messages the request gathered, if it gathered any.</summary>
    public static void WriteHeader(HttpResponse response)
    {
        if (RequestMessages.Current?.Take() is not { Count: > 0 } messages) return;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer)) WriteArray(json, messages);
        response.Headers[HeaderName] = System.Text.Encoding.ASCII.GetString(buffer.ToArray());
    }

    /// <summary>
    /// For an answer that is one entity: the column its messages go in and their JSON, when its type has the
    /// property and the answer selects it; otherwise the messages go to the header and the answer is written as stored.
    /// </summary>
    public static (ColumnMap Column, string Json)? ForEntity(HttpResponse response, ReadPlan plan, Microsoft.OData.Edm.IEdmModel model)
    {
        if (RequestMessages.Current is not { All.Count: > 0 } scope) return null;
        var column = Column(plan, model);
        if (column == null)
        {
            WriteHeader(response);
            return null;
        }
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Http.JsonOutput.Options)) WriteArray(json, scope.Take());
        return (column, System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    static ColumnMap? Column(ReadPlan plan, Microsoft.OData.Edm.IEdmModel model)
    {
        if (MessagesProperty.Of(model, plan.Table.EntityType) is not { } name) return null;
        return plan.Selected.FirstOrDefault(p => p.Column?.Path == name)?.Column;
    }

    static void WriteArray(Utf8JsonWriter json, IReadOnlyList<SapMessage> messages)
    {
        json.WriteStartArray();
        foreach (var message in messages)
        {
            json.WriteStartObject();
            json.WriteString("code", message.Code);
            json.WriteString("message", message.Text);
            json.WriteString("target", message.Target);
            json.WriteStartArray("additionalTargets");
            json.WriteEndArray();
            json.WriteBoolean("transition", false);
            json.WriteNumber("numericSeverity", (int)message.Severity);
            json.WriteNull("longtextUrl");
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
