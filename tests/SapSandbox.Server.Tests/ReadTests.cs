using System.Net;
using System.Text.Json;

namespace SapSandbox.Server.Tests;

[Collection(SandboxCollection.Name)]
public class ReadTests(SandboxServer server)
{
    const string SalesOrder = "/odata/v4/CE_SALESORDER_0001/";
    const string BusinessPartner = "/odata/v4/API_BUSINESS_PARTNER/";

    [Fact]
    public async Task Collection_has_relative_context_metadata_etag_and_values()
    {
        var (response, body) = await server.GetJson(SalesOrder + "SalesOrder?$top=3");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("$metadata#SalesOrder", body.GetProperty("@odata.context").GetString());
        Assert.StartsWith("W/\"", body.GetProperty("@odata.metadataEtag").GetString());
        Assert.Equal(3, body.GetProperty("value").GetArrayLength());
    }

    [Fact]
    public async Task Numeric_text_keys_are_zero_padded_to_their_length()
    {
        var (_, body) = await server.GetJson(BusinessPartner + "A_BusinessPartner?$top=1&$select=BusinessPartner");

        Assert.Equal("0000001000", body.GetProperty("value")[0].GetProperty("BusinessPartner").GetString());
    }

    [Fact]
    public async Task Entity_by_key_has_entity_context_and_etag_in_header_and_body()
    {
        var (response, body) = await server.GetJson(SalesOrder + "SalesOrder('0000001000')");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("$metadata#SalesOrder/$entity", body.GetProperty("@odata.context").GetString());
        Assert.Equal("0000001000", body.GetProperty("SalesOrder").GetString());
        var etag = body.GetProperty("@odata.etag").GetString();
        Assert.Matches("^W/\"\\d{14}\\.\\d{7}\"$", etag);
        Assert.Equal(etag, response.Headers.ETag!.ToString());
    }

    [Fact]
    public async Task Entity_by_named_composite_key()
    {
        var (response, body) = await server.GetJson(SalesOrder + "SalesOrderItem(SalesOrder='0000001000',SalesOrderItem='10')");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("10", body.GetProperty("SalesOrderItem").GetString());
        Assert.Equal("0000001000", body.GetProperty("SalesOrder").GetString());
    }

    [Fact]
    public async Task Unknown_key_is_404_with_SAP_error_body()
    {
        var (response, body) = await server.GetJson(SalesOrder + "SalesOrder('9999999999')");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = body.GetProperty("error");
        Assert.Equal("/IWCOR/CX_OD_NOT_FOUND", error.GetProperty("code").GetString());
        Assert.Contains("9999999999", error.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Array, error.GetProperty("details").ValueKind);
        Assert.Equal("CE_SALESORDER_0001", error.GetProperty("innererror").GetProperty("ErrorDetails")
            .GetProperty("@SAP__common.Application").GetProperty("ServiceId").GetString());
    }

    [Fact]
    public async Task A_key_with_a_colon_or_slash_is_a_key_not_a_scheme_or_a_segment()
    {
        var (colon, _) = await server.GetJson(SalesOrder + "SalesOrder('a:b')");
        var (slash, _) = await server.GetJson(SalesOrder + "SalesOrder('a%2Fb')");

        Assert.Equal(HttpStatusCode.NotFound, colon.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, slash.StatusCode);
    }

    [Fact]
    public async Task Navigation_to_many_returns_the_parents_children_only()
    {
        var (response, body) = await server.GetJson(SalesOrder + "SalesOrder('0000001001')/_Item");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("../$metadata#SalesOrderItem", body.GetProperty("@odata.context").GetString());
        var items = body.GetProperty("value").EnumerateArray().ToList();
        Assert.True(items.Count >= 2);
        Assert.All(items, i => Assert.Equal("0000001001", i.GetProperty("SalesOrder").GetString()));
    }

    [Fact]
    public async Task Navigation_to_one_returns_the_parent()
    {
        var (_, body) = await server.GetJson(SalesOrder + "SalesOrderItem(SalesOrder='0000001002',SalesOrderItem='10')/_SalesOrder");

        Assert.Equal("0000001002", body.GetProperty("SalesOrder").GetString());
        Assert.Equal("../$metadata#SalesOrder/$entity", body.GetProperty("@odata.context").GetString());
    }

    [Fact]
    public async Task References_list_entity_ids()
    {
        var (_, many) = await server.GetJson(SalesOrder + "SalesOrder('0000001000')/_Item/$ref");
        var (_, one) = await server.GetJson(SalesOrder + "SalesOrderItem(SalesOrder='0000001000',SalesOrderItem='10')/_SalesOrder/$ref");

        Assert.Equal("../../$metadata#Collection($ref)", many.GetProperty("@odata.context").GetString());
        Assert.Equal("SalesOrderItem(SalesOrder='0000001000',SalesOrderItem='10')", many.GetProperty("value")[0].GetProperty("@odata.id").GetString());
        Assert.Equal("SalesOrder('0000001000')", one.GetProperty("@odata.id").GetString());
    }

    [Fact]
    public async Task Navigation_from_a_missing_parent_is_404()
    {
        var (response, _) = await server.GetJson(SalesOrder + "SalesOrder('9999999999')/_Item");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Deep_navigation_path_through_two_hops()
    {
        var (response, body) = await server.GetJson(SalesOrder + "SalesOrder('0000001000')/_Item(SalesOrder='0000001000',SalesOrderItem='10')/_ScheduleLine");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All(body.GetProperty("value").EnumerateArray(), line =>
        {
            Assert.Equal("0000001000", line.GetProperty("SalesOrder").GetString());
            Assert.Equal("10", line.GetProperty("SalesOrderItem").GetString());
        });
    }

    [Fact]
    public async Task Single_property_and_its_raw_value()
    {
        var (response, body) = await server.GetJson(SalesOrder + "SalesOrder('0000001000')/SalesOrderType");
        var raw = await server.Client.GetAsync(SalesOrder + "SalesOrder('0000001000')/SalesOrderType/$value");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("../$metadata#SalesOrder('0000001000')/SalesOrderType", body.GetProperty("@odata.context").GetString());
        Assert.Equal("text/plain", raw.Content.Headers.ContentType!.MediaType);
        Assert.Equal(body.GetProperty("value").GetString(), await raw.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Types_are_written_in_their_V4_JSON_forms()
    {
        var (_, body) = await server.GetJson(SalesOrder + "SalesOrder('0000001000')?$select=CreationDate,CreationTime,LastChangeDateTime,TotalNetAmount,CompleteDeliveryIsDefined");

        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", body.GetProperty("CreationDate").GetString());
        Assert.Matches(@"^\d{2}:\d{2}:\d{2}$", body.GetProperty("CreationTime").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$", body.GetProperty("LastChangeDateTime").GetString());
        Assert.Equal(JsonValueKind.Number, body.GetProperty("TotalNetAmount").ValueKind);
        Assert.True(body.GetProperty("CompleteDeliveryIsDefined").ValueKind is JsonValueKind.True or JsonValueKind.False);
    }

    [Fact]
    public async Task IEEE754Compatible_writes_decimals_int64_and_count_as_strings()
    {
        var (response, body) = await server.GetJson(SalesOrder + "SalesOrder?$top=1&$count=true",
            ("Accept", "application/json;odata.metadata=minimal;IEEE754Compatible=true"));

        Assert.Contains("ieee754compatible=true", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(JsonValueKind.String, body.GetProperty("@odata.count").ValueKind);
        Assert.Equal(JsonValueKind.String, body.GetProperty("value")[0].GetProperty("TotalNetAmount").ValueKind);
    }

    [Fact]
    public async Task Count_segment_is_a_plain_number()
    {
        var response = await server.Client.GetAsync(BusinessPartner + "A_BusinessPartner/$count");

        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("1500", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Canonical_S4_path_and_generic_path_serve_the_same_data()
    {
        var (_, canonical) = await server.GetJson("/sap/opu/odata4/sap/api_salesorder/srvd_a2x/sap/salesorder/0001/SalesOrder('0000001003')");
        var (_, generic) = await server.GetJson(SalesOrder + "SalesOrder('0000001003')");

        Assert.Equal(generic.GetProperty("TotalNetAmount").GetRawText(), canonical.GetProperty("TotalNetAmount").GetRawText());
    }
}
