using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SapSandbox.Server.Tests;

/// <summary><c>$batch</c> on both protocols: parts, changesets as one transaction, Content-ID references, limits.</summary>
[Collection(WriteCollection.Name)]
public class BatchTests(WriteSandboxServer server)
{
    const string V2 = "/sap/opu/odata/sap/API_SALES_ORDER_SRV/";
    const string V4 = "/odata/v4/CE_SALESORDER_0001/";

    static string Part(string method, string url, string? body = null, string? contentId = null, string headers = "") =>
        "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n" + (contentId != null ? $"Content-ID: {contentId}\r\n" : "") + "\r\n" +
        $"{method} {url} HTTP/1.1\r\nAccept: application/json\r\n{headers}" + (body != null ? "Content-Type: application/json\r\n" : "") + "\r\n" + (body ?? "") + "\r\n";

    static string Multipart(params string[] parts) =>
        string.Concat(parts.Select(p => p.StartsWith("--changeset") ? "--batch_t\r\nContent-Type: multipart/mixed; boundary=changeset_t\r\n\r\n" + p + "--changeset_t--\r\n\r\n" : "--batch_t\r\n" + p)) + "--batch_t--\r\n";

    static string Changeset(params string[] parts) => string.Concat(parts.Select(p => "--changeset_t\r\n" + p));

    async Task<(HttpResponseMessage Response, string Body)> Batch(string service, string body, string contentType = "multipart/mixed; boundary=batch_t")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, service + "$batch") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        using var token = await server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, service) { Headers = { { "X-CSRF-Token", "Fetch" } } });
        request.Headers.Add("X-CSRF-Token", token.Headers.GetValues("X-CSRF-Token"));
        var answer = await server.Client.SendAsync(request);
        return (answer, await answer.Content.ReadAsStringAsync());
    }

    static List<int> Statuses(string body) => Regex.Matches(body, @"^HTTP/1\.1 (\d{3})", RegexOptions.Multiline).Select(m => int.Parse(m.Groups[1].Value)).ToList();

    async Task<long> Count(string url) => long.Parse(await server.Client.GetStringAsync(url + "/$count"));

    [Fact]
    public async Task A_V2_batch_answers_202_with_a_part_per_read_and_the_changeset_with_Content_ID_references()
    {
        var (response, body) = await Batch(V2, Multipart(
            Part("GET", V2 + "A_SalesOrder?$top=1"),
            Changeset(
                Part("POST", "A_SalesOrder", """{"SalesOrderType":"OR","PurchaseOrderByCustomer":"batch-v2"}""", "1"),
                Part("POST", "$1/to_Item", """{"Material":"TG11","RequestedQuantity":"1"}""", "2")),
            Part("GET", "A_SalesOrder?$filter=PurchaseOrderByCustomer%20eq%20'batch-v2'&$expand=to_Item")));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Matches("^multipart/mixed; boundary=[0-9A-F]{32}0$", response.Content.Headers.ContentType!.ToString());
        Assert.True(Statuses(body).SequenceEqual([200, 201, 201, 200]), body[body.LastIndexOf("HTTP/1.1", StringComparison.Ordinal)..]);
        Assert.Contains("dataserviceversion: 2.0", body, StringComparison.OrdinalIgnoreCase);
        var lastPart = body[body.LastIndexOf("{\"d\"", StringComparison.Ordinal)..];
        var read = JsonDocument.Parse(lastPart[..(lastPart.LastIndexOf('}') + 1)]).RootElement.GetProperty("d").GetProperty("results")[0];
        Assert.Equal("10", read.GetProperty("to_Item").GetProperty("results")[0].GetProperty("SalesOrderItem").GetString());
    }

    [Fact]
    public async Task A_failing_changeset_is_rolled_back_and_answered_by_its_failing_operation()
    {
        var before = await Count(V2 + "A_SalesOrder");

        var (response, body) = await Batch(V2, Multipart(
            Changeset(
                Part("POST", "A_SalesOrder", """{"SalesOrderType":"OR"}""", "1"),
                Part("POST", "A_SalesOrder", """{"SalesOrderType":"TOOLONG"}""", "2")),
            Part("GET", "A_SalesOrder/$count")));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal([400, 200], Statuses(body));
        Assert.Contains("SalesOrderType", body);
        Assert.DoesNotContain("changeset", body.Split("HTTP/1.1 400")[0][body.IndexOf("\r\n\r\n", StringComparison.Ordinal)..], StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await Count(V2 + "A_SalesOrder"));
    }

    [Fact]
    public async Task A_V4_multipart_batch_answers_200()
    {
        var (response, body) = await Batch(V4, Multipart(
            Changeset(Part("POST", "SalesOrder", """{"SalesOrderType":"OR"}""", "a1"),
                      Part("POST", "$a1/_Item", """{"Product":"TG11","RequestedQuantity":1}""", "a2")),
            Part("GET", "SalesOrder?$top=1")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([201, 201, 200], Statuses(body));
        Assert.Contains("content-id: a2", body);
        Assert.Contains("odata-version: 4.0", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_V4_JSON_batch_runs_atomicity_groups_and_answers_424_for_a_failed_dependency()
    {
        var json = """
            {"requests":[
              {"id":"1","atomicityGroup":"g1","method":"post","url":"SalesOrder","body":{"SalesOrderType":"OR","PurchaseOrderByCustomer":"json-batch"}},
              {"id":"2","atomicityGroup":"g1","method":"post","url":"$1/_Item","body":{"Product":"TG11","RequestedQuantity":1}},
              {"id":"3","method":"post","url":"SalesOrder","body":{"SalesOrderType":"TOOLONG"}},
              {"id":"4","dependsOn":["3"],"method":"get","url":"SalesOrder?$top=1"},
              {"id":"5","dependsOn":["g1"],"method":"get","url":"SalesOrder?$filter=PurchaseOrderByCustomer eq 'json-batch'&$expand=_Item"}
            ]}
            """;
        var (response, body) = await Batch(V4, json, "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var responses = JsonDocument.Parse(body).RootElement.GetProperty("responses").EnumerateArray().ToList();
        Assert.Equal([201, 201, 400, 424, 200], responses.Select(r => r.GetProperty("status").GetInt32()));
        Assert.Single(responses[4].GetProperty("body").GetProperty("value")[0].GetProperty("_Item").EnumerateArray());
        Assert.Contains("/SalesOrder('", responses[0].GetProperty("headers").GetProperty("location").GetString());
    }

    [Fact]
    public async Task A_JSON_batch_depending_on_an_unknown_request_is_400()
    {
        var (response, body) = await Batch(V4, """{"requests":[{"id":"1","dependsOn":["7"],"method":"get","url":"SalesOrder?$top=1"}]}""", "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'7'", body);
    }

    [Fact]
    public async Task More_than_1000_operations_are_refused()
    {
        var parts = Enumerable.Range(0, 1001).Select(_ => Part("GET", "A_SalesOrder/$count")).ToArray();

        var (response, body) = await Batch(V2, Multipart(parts));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 1000 operations", body);
    }

    [Fact]
    public async Task A_batch_without_a_CSRF_token_is_403()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, V2 + "$batch") { Content = new StringContent(Multipart(Part("GET", "A_SalesOrder/$count"))) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/mixed; boundary=batch_t");
        using var client = server.NewClient("sandbox", "sandbox");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Required", response.Headers.GetValues("X-CSRF-Token").Single());
    }
}
