using System.Net;
using Microsoft.OData.Edm;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SapSandbox.Server.Tests;

[Collection(SandboxCollection.Name)]
public class V2ReadTests(SandboxServer server)
{
    const string SalesOrders = "/sap/opu/odata/sap/API_SALES_ORDER_SRV/";
    static readonly (string, string) Json = ("Accept", "application/json");

    async Task<(HttpResponseMessage Response, string Raw, JsonElement Body)> Get(string url)
    {
        var (response, body) = await server.GetJson(url, Json);
        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.TryAddWithoutValidation("Accept", "application/json");
        var raw = await (await server.Client.SendAsync(again)).Content.ReadAsStringAsync();
        return (response, raw, body);
    }

    [Fact]
    public async Task A_page_of_sales_orders_has_the_shape_and_encodings_of_a_real_Gateway_response()
    {
        var sample = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Golden", "API_SALES_ORDER_SRV_A_SalesOrder_collection.json")))
            .RootElement.GetProperty("d").GetProperty("results")[0];
        var (response, raw, body) = await Get(SalesOrders + "A_SalesOrder?$top=2");
        var ours = body.GetProperty("d").GetProperty("results")[0];

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2.0", response.Headers.GetValues("DataServiceVersion").Single());
        var compared = 0;
        foreach (var property in sample.EnumerateObject())
        {
            if (!ours.TryGetProperty(property.Name, out var value) || property.Value.ValueKind == JsonValueKind.Null || value.ValueKind == JsonValueKind.Null) continue;
            compared++;
            Assert.True(Shape(property.Value) == Shape(value), $"{property.Name}: Gateway sends {property.Value.GetRawText()}, the sandbox {value.GetRawText()}");
        }
        Assert.True(compared > 40, $"only {compared} properties in common with the capture");
        Assert.Contains("\"\\/Date(", raw);
    }

    /// <summary>What a client's parser depends on: JSON kind, and for strings the Gateway encoding they follow.</summary>
    static string Shape(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String when Regex.IsMatch(value.GetString()!, @"^/Date\(\d+\)/$") => "datetime",
        JsonValueKind.String when Regex.IsMatch(value.GetString()!, @"^/Date\(\d+\+0000\)/$") => "datetimeoffset",
        JsonValueKind.String when Regex.IsMatch(value.GetString()!, @"^PT\d\dH\d\dM\d\dS$") => "time",
        JsonValueKind.Object when value.TryGetProperty("__deferred", out _) => "deferred",
        JsonValueKind.Object when value.TryGetProperty("uri", out _) => "metadata",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        var kind => kind.ToString(),
    };

    [Fact]
    public async Task Metadata_id_uri_type_and_etag_are_as_Gateway_writes_them()
    {
        var (_, _, body) = await Get(SalesOrders + "A_SalesOrder('0000001000')");
        var metadata = body.GetProperty("d").GetProperty("__metadata");

        var expected = server.BaseAddress.ToString().TrimEnd('/') + SalesOrders + "A_SalesOrder('0000001000')";
        Assert.Equal(expected, metadata.GetProperty("id").GetString());
        Assert.Equal(expected, metadata.GetProperty("uri").GetString());
        Assert.Equal("API_SALES_ORDER_SRV.A_SalesOrderType", metadata.GetProperty("type").GetString());
        Assert.Matches(@"^W/""datetimeoffset'\d{4}-\d\d-\d\dT\d\d%3A\d\d%3A\d\d\.\d{7}Z'""$", metadata.GetProperty("etag").GetString());
        Assert.Equal(expected + "/to_Item", body.GetProperty("d").GetProperty("to_Item").GetProperty("__deferred").GetProperty("uri").GetString());
    }

    [Fact]
    public async Task Expanded_to_many_is_a_results_object_with_composite_key_ids()
    {
        var (_, _, body) = await Get(SalesOrders + "A_SalesOrder('0000001000')?$expand=to_Item/to_ScheduleLine");
        var items = body.GetProperty("d").GetProperty("to_Item").GetProperty("results").EnumerateArray().ToList();

        Assert.NotEmpty(items);
        Assert.EndsWith("A_SalesOrderItem(SalesOrder='0000001000',SalesOrderItem='10')", items[0].GetProperty("__metadata").GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Array, items[0].GetProperty("to_ScheduleLine").GetProperty("results").ValueKind);
    }

    [Fact]
    public async Task Select_paths_narrow_expanded_entities()
    {
        var (_, _, body) = await Get(SalesOrders + "A_SalesOrder('0000001000')?$select=SalesOrder,to_Item/Material&$expand=to_Item");
        var d = body.GetProperty("d");
        var item = d.GetProperty("to_Item").GetProperty("results")[0];

        Assert.False(d.TryGetProperty("SalesOrderType", out _));
        Assert.True(item.TryGetProperty("Material", out _));
        Assert.False(item.TryGetProperty("RequestedQuantity", out _));
    }

    [Fact]
    public async Task Inlinecount_is_a_string_and_server_paging_gives_a_next_link()
    {
        var (_, _, body) = await Get("/sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner?$inlinecount=allpages&$select=BusinessPartner");
        var d = body.GetProperty("d");

        Assert.Equal("1500", d.GetProperty("__count").GetString());
        Assert.Equal(1000, d.GetProperty("results").GetArrayLength());
        var next = d.GetProperty("__next").GetString()!;
        Assert.Contains("$skiptoken=", next);
        var (_, _, second) = await Get(next);
        Assert.Equal(500, second.GetProperty("d").GetProperty("results").GetArrayLength());
    }

    [Fact]
    public async Task V2_filter_literals_and_substringof_select_what_V4_selects()
    {
        var v4 = await server.Client.GetStringAsync("/odata/v4/API_SALES_ORDER_SRV/A_SalesOrder/$count?$filter=" +
            Uri.EscapeDataString("CreationDate ge 2025-01-01 and contains(SalesOrder,'1')"));

        var v2 = await server.Client.GetStringAsync(SalesOrders + "A_SalesOrder/$count?$filter=" +
            Uri.EscapeDataString("CreationDate ge datetime'2025-01-01T00:00:00' and substringof('1',SalesOrder)"));

        Assert.Equal(v4, v2);
    }

    [Fact]
    public async Task Decimal_and_double_are_strings_and_Edm_Time_is_a_duration()
    {
        var (_, _, elements) = await Get(SalesOrders + "A_SalesOrderItemPrElement?$top=1&$select=ConditionRateValue,FactorForConditionBasisValue");
        var (_, _, flows) = await Get(SalesOrders + "A_SalesOrderPrecdgProcFlow?$top=1&$select=CreationTime");
        var element = elements.GetProperty("d").GetProperty("results")[0];

        Assert.Equal(JsonValueKind.String, element.GetProperty("ConditionRateValue").ValueKind);
        Assert.Equal(JsonValueKind.String, element.GetProperty("FactorForConditionBasisValue").ValueKind);
        Assert.Matches(@"^PT\d\dH\d\dM\d\dS$", flows.GetProperty("d").GetProperty("results")[0].GetProperty("CreationTime").GetString());
    }

    [Fact]
    public async Task A_V4_service_is_served_over_V2_too()
    {
        var (response, _, body) = await Get("/odata/v2/CE_SALESORDER_0001/SalesOrder('0000001000')");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches(@"^/Date\(\d+\)/$", body.GetProperty("d").GetProperty("CreationDate").GetString());
        Assert.Equal(JsonValueKind.String, body.GetProperty("d").GetProperty("TotalNetAmount").ValueKind);
    }

    [Fact]
    public async Task Metadata_of_a_V2_service_is_the_original_document_byte_for_byte()
    {
        var original = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Edmx", "Bundled", "API_SALES_ORDER_SRV.edmx"));

        var served = await server.Client.GetByteArrayAsync(SalesOrders + "$metadata");

        Assert.Equal(original, served);
    }

    [Theory]
    [InlineData("CE_SALESORDER_0001", "SalesOrder", "_Item")]
    [InlineData("CE_PURCHASEORDER_0001", "PurchaseOrder", "_PurchaseOrderItem")]
    public async Task Metadata_of_a_V4_service_over_V2_is_a_generated_EDMX_1_0_that_reads_back(string service, string set, string navigation)
    {
        var response = await server.Client.GetAsync($"/odata/v2/{service}/$metadata");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = Core.Model.MetadataDocument.Parse("generated.edmx", bytes);
        Assert.Equal(Core.Model.ODataVersion.V2, document.Origin);
        var entitySet = document.Model.EntityContainer.FindEntitySet(set);
        var navigationProperty = (Microsoft.OData.Edm.IEdmNavigationProperty)entitySet.EntityType.FindProperty(navigation);
        Assert.NotNull(entitySet.FindNavigationTarget(navigationProperty) as Microsoft.OData.Edm.IEdmEntitySet);
        var creationDate = entitySet.EntityType.FindProperty("CreationDate");
        Assert.Equal("Edm.Date", creationDate.Type.FullName());
        Assert.Contains("sap:display-format=\"Date\"", System.Text.Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public async Task Sap_statistics_is_answered_with_total_and_database_time()
    {
        var byUrl = await server.Client.GetAsync(SalesOrders + "A_SalesOrder?$top=5&sap-statistics=true");
        using var request = new HttpRequestMessage(HttpMethod.Get, SalesOrders + "A_SalesOrder?$top=5");
        request.Headers.Add("sap-statistics", "true");
        var byHeader = await server.Client.SendAsync(request);
        var plain = await server.Client.GetAsync(SalesOrders + "A_SalesOrder?$top=5");

        Assert.Matches(@"^total=\d+,fw=\d+,app=\d+,gwtotal=\d+,gwhub=\d+,gwrfcoh=0,gwbe=\d+,gwapp=\d+,gwnongw=0$", byUrl.Headers.GetValues("sap-statistics").Single());
        Assert.True(byHeader.Headers.Contains("sap-statistics"));
        Assert.False(plain.Headers.Contains("sap-statistics"));
    }

    [Fact]
    public async Task Links_list_the_uris_of_related_entities()
    {
        var (_, _, many) = await Get(SalesOrders + "A_SalesOrder('0000001000')/$links/to_Item");
        var (_, _, one) = await Get(SalesOrders + "A_SalesOrderItem(SalesOrder='0000001000',SalesOrderItem='10')/$links/to_SalesOrder");

        var uris = many.GetProperty("d").GetProperty("results").EnumerateArray().Select(l => l.GetProperty("uri").GetString()!).ToList();
        Assert.NotEmpty(uris);
        Assert.All(uris, u => Assert.Contains("A_SalesOrderItem(SalesOrder='0000001000',SalesOrderItem=", u));
        Assert.EndsWith("A_SalesOrder('0000001000')", one.GetProperty("d").GetProperty("uri").GetString());
    }

    [Fact]
    public async Task Service_document_lists_entity_sets()
    {
        var (_, _, body) = await Get(SalesOrders);

        Assert.Contains("A_SalesOrder", body.GetProperty("d").GetProperty("EntitySets").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("A_SalesOrder?$filter=to_Item/any(i:i/Material eq 'x')", 400, "Lambda")]
    [InlineData("A_SalesOrder?$expand=to_Item($top=1)", 400, "$expand")]
    [InlineData("A_SalesOrder?$count=true", 400, "$inlinecount")]
    [InlineData("A_SalesOrder('9999999999')", 404, "9999999999")]
    [InlineData("A_SalesOrder?$format=csv", 406, "$format=json")]
    public async Task Errors_come_in_Gateways_V2_error_body(string url, int status, string mentioned)
    {
        var (response, _, body) = await Get(SalesOrders + url);

        Assert.Equal(status, (int)response.StatusCode);
        var error = body.GetProperty("error");
        Assert.Equal("en", error.GetProperty("message").GetProperty("lang").GetString());
        Assert.Contains(mentioned, error.GetProperty("message").GetProperty("value").GetString());
        Assert.NotEmpty(error.GetProperty("innererror").GetProperty("errordetails").EnumerateArray());
    }

    [Fact]
    public async Task A_navigation_named_in_select_stays_a_deferred_link_and_the_others_go()
    {
        var (_, _, body) = await Get(SalesOrders + "A_SalesOrder('0000001000')?$select=SalesOrder,to_Item");
        var order = body.GetProperty("d");

        Assert.EndsWith("A_SalesOrder('0000001000')/to_Item", order.GetProperty("to_Item").GetProperty("__deferred").GetProperty("uri").GetString());
        Assert.False(order.TryGetProperty("to_Partner", out _));
        Assert.False(order.TryGetProperty("TotalNetAmount", out _));
    }
}
