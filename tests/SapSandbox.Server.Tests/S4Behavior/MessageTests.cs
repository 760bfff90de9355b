using System.Net;
using System.Text.Json;

namespace SapSandbox.Server.Tests.S4Behavior;

/// <summary>
/// The success and warning messages of writes, where S/4 puts them: V2's <c>sap-message</c> header, V4's
/// <c>SAP__Messages</c> on the returned entity, and V4's <c>sap-messages</c> header when no entity is returned.
/// </summary>
[Collection(S4Collection.Name)]
public class MessageTests(S4Server server)
{
    [Fact]
    public async Task A_V2_create_carries_the_success_message_and_the_incompletion_warning_in_sap_message()
    {
        using var response = await server.Send(HttpMethod.Post, "/sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder",
            """{"SalesOrderType":"OR","SoldToParty":"17100001","TransactionCurrency":"EUR"}""", ("Accept", "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var number = (await WriteSandboxServer.Json(response)).GetProperty("d").GetProperty("SalesOrder").GetString()!.TrimStart('0');
        var message = JsonDocument.Parse(response.Headers.GetValues("sap-message").Single()).RootElement;
        Assert.Equal("V1/311", message.GetProperty("code").GetString());
        Assert.Equal($"Standard Order {number} has been saved", message.GetProperty("message").GetString());
        Assert.Equal("success", message.GetProperty("severity").GetString());
        Assert.Equal("", message.GetProperty("target").GetString());
        var warning = Assert.Single(message.GetProperty("details").EnumerateArray());
        Assert.Equal("V1/555", warning.GetProperty("code").GetString());
        Assert.Equal("warning", warning.GetProperty("severity").GetString());
        Assert.Equal("PurchaseOrderByCustomer", warning.GetProperty("target").GetString());
    }

    [Fact]
    public async Task A_complete_V2_create_has_the_success_message_only_and_reads_carry_none()
    {
        using var response = await server.Send(HttpMethod.Post, "/sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder",
            """{"SalesOrderType":"OR","SoldToParty":"17100001","PurchaseOrderByCustomer":"PO-1"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Empty(JsonDocument.Parse(response.Headers.GetValues("sap-message").Single()).RootElement.GetProperty("details").EnumerateArray());
        using var read = await server.Client.GetAsync(response.Headers.Location);
        Assert.False(read.Headers.Contains("sap-message"));
    }

    [Fact]
    public async Task A_V4_create_returns_its_messages_in_SAP__Messages_of_the_created_entity()
    {
        using var response = await server.Send(HttpMethod.Post, "/odata/v4/CE_SALESORDER_0001/SalesOrder", """{"SalesOrderType":"OR","SoldToParty":"17100001"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(response.Headers.Contains("sap-messages"));
        var messages = (await WriteSandboxServer.Json(response)).GetProperty("SAP__Messages").EnumerateArray().ToList();
        Assert.Equal(["V1/311", "V1/555"], messages.Select(m => m.GetProperty("code").GetString()));
        Assert.Equal([1, 3], messages.Select(m => m.GetProperty("numericSeverity").GetInt32()));
        Assert.All(messages, m =>
        {
            Assert.False(m.GetProperty("transition").GetBoolean());
            Assert.Empty(m.GetProperty("additionalTargets").EnumerateArray());
            Assert.Equal(JsonValueKind.Null, m.GetProperty("longtextUrl").ValueKind);
        });

        // The messages belong to the answer of the change, not to the stored order.
        var (_, read) = await server.GetJson(response.Headers.Location!.ToString());
        Assert.Empty(read.GetProperty("SAP__Messages").EnumerateArray());
    }

    [Fact]
    public async Task A_V4_create_answered_minimally_carries_its_messages_in_the_sap_messages_header()
    {
        using var response = await server.Send(HttpMethod.Post, "/odata/v4/CE_PURCHASEORDER_0001/PurchaseOrder",
            """{"PurchaseOrderType":"NB","CompanyCode":"1010"}""", ("Prefer", "return=minimal"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var message = Assert.Single(JsonDocument.Parse(response.Headers.GetValues("sap-messages").Single()).RootElement.EnumerateArray());
        Assert.Equal("06/017", message.GetProperty("code").GetString());
        Assert.StartsWith("Standard PO created under the number ", message.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Each_operation_of_a_batch_carries_its_own_messages()
    {
        const string boundary = "batch_1";
        const string changeset = "changeset_1";
        string Part(string body) => $"--{changeset}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
            $"POST A_SalesOrder HTTP/1.1\r\nContent-Type: application/json\r\nAccept: application/json\r\n\r\n{body}\r\n";
        var payload = $"--{boundary}\r\nContent-Type: multipart/mixed; boundary={changeset}\r\n\r\n" +
            Part("""{"SalesOrderType":"OR","PurchaseOrderByCustomer":"PO-2"}""") + Part("""{"SalesOrderType":"OR"}""") +
            $"--{changeset}--\r\n--{boundary}--\r\n";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/sap/opu/odata/sap/API_SALES_ORDER_SRV/$batch")
        {
            Content = new StringContent(payload, System.Text.Encoding.UTF8),
        };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse($"multipart/mixed; boundary={boundary}");
        request.Headers.Add("X-CSRF-Token", await server.FetchCsrfToken(server.Client, "/sap/opu/odata/sap/API_SALES_ORDER_SRV/"));

        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var headers = (await response.Content.ReadAsStringAsync()).Split("\r\n").Where(l => l.StartsWith("sap-message:", StringComparison.OrdinalIgnoreCase))
            .Select(l => JsonDocument.Parse(l["sap-message:".Length..]).RootElement).ToList();
        Assert.Equal(2, headers.Count);
        Assert.Empty(headers[0].GetProperty("details").EnumerateArray());
        Assert.Single(headers[1].GetProperty("details").EnumerateArray());
    }
}
