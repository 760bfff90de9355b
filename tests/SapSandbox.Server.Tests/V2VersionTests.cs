using System.Net;
using System.Text.Json;

namespace SapSandbox.Server.Tests;

/// <summary><c>DataServiceVersion</c>/<c>MaxDataServiceVersion</c>: what a client speaks and what it can read back.</summary>
[Collection(SandboxCollection.Name)]
public class V2VersionTests(SandboxServer server)
{
    const string SalesOrders = "/sap/opu/odata/sap/API_SALES_ORDER_SRV/";

    Task<(HttpResponseMessage Response, JsonElement Body)> Get(string url, string maxVersion) =>
        server.GetJson(url, ("Accept", "application/json"), ("MaxDataServiceVersion", maxVersion));

    [Fact]
    public async Task A_client_capped_at_1_0_reads_collections_as_bare_arrays()
    {
        var (response, body) = await Get(SalesOrders + "A_SalesOrder?$top=3&$expand=to_Item", "1.0");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1.0", response.Headers.GetValues("DataServiceVersion").Single());
        var orders = body.GetProperty("d");
        Assert.Equal(JsonValueKind.Array, orders.ValueKind);
        Assert.Equal(3, orders.GetArrayLength());
        Assert.Equal(JsonValueKind.Array, orders[0].GetProperty("to_Item").ValueKind);
        Assert.True(orders[0].GetProperty("to_Item").GetArrayLength() > 0);
    }

    [Fact]
    public async Task A_single_entity_reads_the_same_under_1_0()
    {
        var (response, body) = await Get(SalesOrders + "A_SalesOrder('0000001000')", "1.0");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("0000001000", body.GetProperty("d").GetProperty("SalesOrder").GetString());
    }

    [Theory]
    [InlineData("A_SalesOrder?$top=2&$inlinecount=allpages", "$inlinecount=allpages")]
    [InlineData("A_SalesOrder?$top=2&$select=SalesOrder", "$select")]
    [InlineData("A_SalesOrder/$count", "$count")]
    [InlineData("../API_BUSINESS_PARTNER/A_BusinessPartner", "server paging after 1000")]
    public async Task What_only_2_0_can_express_is_refused_for_a_1_0_client(string url, string named)
    {
        var (response, body) = await Get(SalesOrders + url, "1.0");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = body.GetProperty("error").GetProperty("message").GetProperty("value").GetString();
        Assert.Contains(named, message);
        Assert.Contains("MaxDataServiceVersion", message);
    }

    [Fact]
    public async Task A_request_in_a_newer_protocol_version_is_refused()
    {
        var (response, body) = await server.GetJson(SalesOrders + "A_SalesOrder?$top=1", ("Accept", "application/json"), ("DataServiceVersion", "3.0"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("DataServiceVersion 3.0", body.GetProperty("error").GetProperty("message").GetProperty("value").GetString());
    }

    [Fact]
    public async Task Clients_that_allow_2_0_or_say_nothing_get_2_0()
    {
        var (capped, _) = await Get(SalesOrders + "A_SalesOrder?$top=1", "2.0;NetFx");
        var (silent, body) = await server.GetJson(SalesOrders + "A_SalesOrder?$top=1&$inlinecount=allpages", ("Accept", "application/json"));

        Assert.Equal("2.0", capped.Headers.GetValues("DataServiceVersion").Single());
        Assert.Equal("2.0", silent.Headers.GetValues("DataServiceVersion").Single());
        Assert.Equal(JsonValueKind.String, body.GetProperty("d").GetProperty("__count").ValueKind);
    }
}
