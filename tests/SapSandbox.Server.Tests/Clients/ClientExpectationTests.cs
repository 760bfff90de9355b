using System.Net;
using System.Text;
using System.Text.Json;

namespace SapSandbox.Server.Tests.Clients;

/// <summary>
/// What SAP's client libraries rely on in an answer, each found by running them (CloudSdkClientTests,
/// Ui5ModelWriteTests) and pinned here over plain HTTP.
/// </summary>
public class ClientExpectationTests(ClientSandboxServer server) : IClassFixture<ClientSandboxServer>
{
    const string V4 = "/odata/v4/CE_SALESORDER_0001/";

    async Task<HttpResponseMessage> Send(HttpMethod method, string url, string body, string contentType)
    {
        using var fetch = new HttpRequestMessage(HttpMethod.Head, V4) { Headers = { { "X-CSRF-Token", "Fetch" } } };
        using var token = await server.Client.SendAsync(fetch);
        var request = new HttpRequestMessage(method, url) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add("X-CSRF-Token", token.Headers.GetValues("X-CSRF-Token"));
        return await server.Client.SendAsync(request);
    }

    /// <summary>SAP Cloud SDK maps over every collection property of a created entity; null made its create fail.</summary>
    [Fact]
    public async Task A_created_V4_entity_has_its_collections_as_arrays_never_null()
    {
        using var response = await Send(HttpMethod.Post, V4 + "SalesOrder",
            """{"SalesOrderType":"OR","SalesOrganization":"1010","DistributionChannel":"10","OrganizationDivision":"00","SoldToParty":"1000001"}""",
            "application/json");
        var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(JsonValueKind.Array, created.GetProperty("SAP__Messages").ValueKind);
    }

    /// <summary>
    /// UI5's V4 model takes everything between a part's headers and the CRLF of the next boundary for the body, and
    /// parses it as JSON when it is not empty: a 204 part must end right after its headers.
    /// </summary>
    [Fact]
    public async Task A_204_part_of_a_batch_has_an_empty_body()
    {
        var (_, order) = await server.GetJson(V4 + "SalesOrder?$top=1&$select=SalesOrder");
        var key = order.GetProperty("value")[0].GetProperty("SalesOrder").GetString();
        var body = "--batch_t\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
                   $"PATCH SalesOrder('{key}') HTTP/1.1\r\nIf-Match: *\r\nContent-Type: application/json\r\n\r\n" +
                   "{\"PurchaseOrderByCustomer\":\"PO-1\"}\r\n--batch_t--\r\n";

        using var response = await Send(HttpMethod.Post, V4 + "$batch", body, "multipart/mixed; boundary=batch_t");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("HTTP/1.1 204 No Content\r\n", text);
        Assert.Matches(@"Content-Length: 0\r\n\r\n\r\n--[0-9A-F]{32}0--", text);
    }
}
