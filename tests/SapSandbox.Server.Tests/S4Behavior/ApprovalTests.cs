using System.Net;
using System.Text.Json;

namespace SapSandbox.Server.Tests.S4Behavior;

/// <summary>API_SALES_ORDER_SRV's releaseApprovalRequest and rejectApprovalRequest over V2, against the real store.</summary>
[Collection(S4Collection.Name)]
public class ApprovalTests(S4Server server)
{
    const string Service = "/sap/opu/odata/sap/API_SALES_ORDER_SRV/";

    async Task<(string Status, string ETag)> Order(string number)
    {
        using var response = await server.Client.GetAsync($"{Service}A_SalesOrder('{number}')?$format=json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await WriteSandboxServer.Json(response);
        return (body.GetProperty("d").GetProperty("SalesDocApprovalStatus").GetString()!, response.Headers.ETag!.ToString());
    }

    static JsonElement Message(HttpResponseMessage response) =>
        JsonDocument.Parse(response.Headers.GetValues("sap-message").Single()).RootElement;

    [Fact]
    public async Task Releasing_an_order_in_approval_releases_it_changes_its_ETag_and_says_so()
    {
        var (_, before) = await Order("0000000101");

        using var response = await server.Send(HttpMethod.Post, $"{Service}releaseApprovalRequest?SalesOrder='101'&$format=json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await WriteSandboxServer.Json(response);
        var result = body.GetProperty("d").GetProperty("releaseApprovalRequest");
        Assert.Equal("API_SALES_ORDER_SRV.FunctionResult", result.GetProperty("__metadata").GetProperty("type").GetString());
        Assert.True(result.GetProperty("Boolean").GetBoolean());
        var message = Message(response);
        Assert.Equal("success", message.GetProperty("severity").GetString());
        Assert.Equal("Sales order 101 has been released", message.GetProperty("message").GetString());
        Assert.Empty(message.GetProperty("details").EnumerateArray());
        var (status, after) = await Order("0000000101");
        Assert.Equal("B", status);
        Assert.NotEqual(before, after);
    }

    [Fact]
    public async Task Rejecting_an_order_in_approval_rejects_it()
    {
        using var response = await server.Send(HttpMethod.Post, $"{Service}rejectApprovalRequest?SalesOrder='0000000102'&$format=json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("C", (await Order("0000000102")).Status);
        Assert.Equal("Sales order 102 has been rejected", Message(response).GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("releaseApprovalRequest", "103", "Released")]
    [InlineData("rejectApprovalRequest", "104", "Not Relevant")]
    public async Task An_order_that_is_not_awaiting_approval_is_refused_with_an_SAP_message(string operation, string number, string state)
    {
        var (statusBefore, etagBefore) = await Order("0000000" + number);

        using var response = await server.Send(HttpMethod.Post, $"{Service}{operation}?SalesOrder='{number}'&$format=json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await WriteSandboxServer.Json(response)).GetProperty("error");
        Assert.Equal("SLS_APM/010", error.GetProperty("code").GetString());
        Assert.Equal($"Sales order {number} is not awaiting approval; its approval status is {state}", error.GetProperty("message").GetProperty("value").GetString());
        Assert.False(response.Headers.Contains("sap-message"));
        Assert.Equal((statusBefore, etagBefore), await Order("0000000" + number));
    }

    [Fact]
    public async Task An_order_that_does_not_exist_is_404_with_SDs_message()
    {
        using var response = await server.Send(HttpMethod.Post, $"{Service}releaseApprovalRequest?SalesOrder='4711000'&$format=json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = (await WriteSandboxServer.Json(response)).GetProperty("error");
        Assert.Equal("V1/302", error.GetProperty("code").GetString());
        Assert.Contains("4711000", error.GetProperty("message").GetProperty("value").GetString());
    }

    [Fact]
    public async Task The_function_imports_take_POST_only()
    {
        using var response = await server.Client.GetAsync($"{Service}releaseApprovalRequest?SalesOrder='101'");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
