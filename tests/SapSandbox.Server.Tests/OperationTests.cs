using System.Net;
using System.Text.Json;

namespace SapSandbox.Server.Tests;

/// <summary>Function imports and functions a service declares answer with a result of their type, checked parameters first.</summary>
public class FunctionImportTests(FolderSandboxServer server) : IClassFixture<FolderSandboxServer>
{
    const string V2 = "/odata/v2/API_TEST_SRV/";
    static readonly (string, string) Json = ("Accept", "application/json");

    [Theory]
    [InlineData("TestFunctionImportEdmReturnType", "TestFunctionImportEdmReturnType", JsonValueKind.False)]
    [InlineData("TestFunctionImportMultipleParams?StringParam='a'&BooleanParam=true", "TestFunctionImportMultipleParams", JsonValueKind.False)]
    [InlineData("TestFunctionImportComplexReturnType", "TestFunctionImportComplexReturnType", JsonValueKind.Object)]
    [InlineData("TestFunctionImportEdmReturnTypeCollection", "results", JsonValueKind.Array)]
    public async Task A_V2_function_import_answers_a_value_of_its_return_type(string call, string member, JsonValueKind kind)
    {
        var (response, body) = await server.GetJson(V2 + call, Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(kind, body.GetProperty("d").GetProperty(member).ValueKind);
    }

    [Fact]
    public async Task A_function_import_returning_an_entity_answers_an_entity_of_its_set()
    {
        var (response, body) = await server.GetJson(V2 + "TestFunctionImportEntityReturnType", Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("API_TEST_SRV.A_TestEntityType", body.GetProperty("d").GetProperty("__metadata").GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("TestFunctionImportMultipleParams?StringParam='a'", "BooleanParam")]
    [InlineData("TestFunctionImportMultipleParams?StringParam='a'&BooleanParam=maybe", "BooleanParam")]
    [InlineData("TestFunctionImportEdmReturnType?Unknown=1", "Unknown")]
    public async Task Missing_unknown_or_invalid_parameters_are_400_naming_them(string call, string parameter)
    {
        var (response, body) = await server.GetJson(V2 + call, Json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(parameter, body.GetProperty("error").GetProperty("message").GetProperty("value").GetString());
    }

    [Fact]
    public async Task A_function_import_called_with_the_wrong_method_is_405()
    {
        var (response, _) = await server.GetJson(V2 + "TestFunctionImportPOST", Json);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task The_same_import_over_V4_is_a_function_with_parameters_in_the_URL()
    {
        var (response, body) = await server.GetJson("/odata/v4/API_TEST_SRV/TestFunctionImportMultipleParams(StringParam='a',BooleanParam=true)");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(body.GetProperty("value").GetBoolean());
        Assert.EndsWith("$metadata#Edm.Boolean", body.GetProperty("@odata.context").GetString());
    }
}

/// <summary>Actions change data in a transaction of their own and take their parameters from the body.</summary>
[Collection(WriteCollection.Name)]
public class ActionTests(WriteSandboxServer server)
{
    const string UpdatePrices = "/odata/v4/CE_SALESORDER_0001/SalesOrder('0000001000')/com.sap.gateway.srvd_a2x.api_salesorder.v0001.UpdatePrices";

    [Fact]
    public async Task A_bound_action_with_its_parameters_is_204_and_without_them_400()
    {
        using var done = await server.Send(HttpMethod.Post, UpdatePrices, """{"PricingType":"B"}""");
        using var missing = await server.Send(HttpMethod.Post, UpdatePrices, "{}");
        using var tooLong = await server.Send(HttpMethod.Post, UpdatePrices, """{"PricingType":"BB"}""");

        Assert.Equal(HttpStatusCode.NoContent, done.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("PricingType", await missing.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
    }

    [Fact]
    public async Task An_action_called_with_GET_is_405()
    {
        var (response, _) = await server.GetJson(UpdatePrices);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    /// <summary>The wrapped result of a released order is in S4Behavior.ApprovalTests, whose store holds orders awaiting approval.</summary>
    [Fact]
    public async Task A_V2_function_import_with_POST_runs_the_services_logic_and_answers_its_refusal_in_Gateways_error_body()
    {
        using var response = await server.Send(HttpMethod.Post, "/sap/opu/odata/sap/API_SALES_ORDER_SRV/releaseApprovalRequest?SalesOrder='9999999999'", null, ("Accept", "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = (await WriteSandboxServer.Json(response)).GetProperty("error");
        Assert.Equal("V1/302", error.GetProperty("code").GetString());
        Assert.Equal("V1/302", error.GetProperty("innererror").GetProperty("errordetails")[0].GetProperty("code").GetString());
    }
}
