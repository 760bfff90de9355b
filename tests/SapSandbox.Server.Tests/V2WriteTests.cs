using System.Net;
using System.Text.Json;
using System.Xml.Linq;

namespace SapSandbox.Server.Tests;

/// <summary>Changes over OData V2 as SAP Gateway takes them: verbose JSON bodies, MERGE, tunnelled verbs, Gateway's ETags.</summary>
[Collection(WriteCollection.Name)]
public class V2WriteTests(WriteSandboxServer server)
{
    const string Service = "/sap/opu/odata/sap/API_SALES_ORDER_SRV/";
    static readonly (string, string) Json = ("Accept", "application/json");

    const string NewOrder = """
        {"SalesOrderType":"OR","SalesOrganization":"1710","DistributionChannel":"10","OrganizationDivision":"00",
         "SoldToParty":"0000001000","PurchaseOrderByCustomer":"V2-PO","CustomerPurchaseOrderDate":"\/Date(1762041600000)\/",
         "TotalNetAmount":"999.00",
         "to_Item":{"results":[{"Material":"TG11","RequestedQuantity":"3","RequestedQuantityUnit":"PC"}]}}
        """;

    async Task<(string Location, JsonElement Order)> Create()
    {
        using var response = await server.Send(HttpMethod.Post, Service + "A_SalesOrder", NewOrder, Json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (response.Headers.Location!.ToString(), (await WriteSandboxServer.Json(response)).GetProperty("d"));
    }

    [Fact]
    public async Task A_deep_insert_in_verbose_JSON_answers_201_with_the_entity_and_its_location()
    {
        var (location, order) = await Create();

        var number = order.GetProperty("SalesOrder").GetString();
        Assert.EndsWith($"/sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder('{number}')", location);
        Assert.Equal(location, order.GetProperty("__metadata").GetProperty("uri").GetString());
        Assert.Equal("/Date(1762041600000)/", order.GetProperty("CustomerPurchaseOrderDate").GetString());
        Assert.Equal(JsonValueKind.Null, order.GetProperty("TotalNetAmount").ValueKind); // sap:creatable="false": ignored, as Gateway does
        var (_, items) = await server.GetJson(location + "/to_Item", Json);
        var item = items.GetProperty("d").GetProperty("results").EnumerateArray().Single();
        Assert.Equal("10", item.GetProperty("SalesOrderItem").GetString());
        Assert.Equal("3.000", item.GetProperty("RequestedQuantity").GetString());
    }

    [Fact]
    public async Task Without_a_JSON_preference_the_created_entity_comes_back_as_an_Atom_entry()
    {
        using var response = await server.Send(HttpMethod.Post, Service + "A_SalesOrder", """{"SalesOrderType":"OR"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("entry", XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Name.LocalName);
    }

    [Theory]
    [InlineData("MERGE", null)]
    [InlineData("POST", "MERGE")]
    [InlineData("PATCH", null)]
    public async Task Merge_as_a_verb_or_tunnelled_changes_only_what_is_sent_with_Gateways_ETag(string verb, string? tunnelled)
    {
        var (location, order) = await Create();
        var etag = order.GetProperty("__metadata").GetProperty("etag").GetString()!;
        Assert.StartsWith("W/\"datetimeoffset'", etag);

        var headers = new List<(string, string)> { ("If-Match", etag) };
        if (tunnelled != null) headers.Add(("X-HTTP-Method", tunnelled));
        using var response = await server.Send(new HttpMethod(verb), location, """{"PurchaseOrderByCustomer":"merged"}""", [.. headers]);
        using var stale = await server.Send(new HttpMethod(verb), location, """{"PurchaseOrderByCustomer":"stale"}""", [.. headers]);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var (_, read) = await server.GetJson(location, Json);
        Assert.Equal("merged", read.GetProperty("d").GetProperty("PurchaseOrderByCustomer").GetString());
        Assert.Equal("10", read.GetProperty("d").GetProperty("DistributionChannel").GetString());
    }

    [Fact]
    public async Task A_duplicate_key_is_400_as_on_Gateway()
    {
        var (_, order) = await Create();

        using var response = await server.Send(HttpMethod.Post, Service + "A_SalesOrder", $$"""{"SalesOrder":"{{order.GetProperty("SalesOrder").GetString()}}"}""", Json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("already exists", (await WriteSandboxServer.Json(response)).GetProperty("error").GetProperty("message").GetProperty("value").GetString());
    }

    [Fact]
    public async Task A_wrongly_encoded_value_is_400_naming_the_property_and_the_expected_form()
    {
        using var response = await server.Send(HttpMethod.Post, Service + "A_SalesOrder", """{"CustomerPurchaseOrderDate":"yesterday"}""", Json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await WriteSandboxServer.Json(response)).GetProperty("error").GetProperty("message").GetProperty("value").GetString();
        Assert.Contains("CustomerPurchaseOrderDate", message);
        Assert.Contains("/Date(", message);
    }

    [Fact]
    public async Task Delete_tunnelled_through_POST_removes_the_order_with_its_items()
    {
        var (location, order) = await Create();
        var number = order.GetProperty("SalesOrder").GetString();

        using var response = await server.Send(HttpMethod.Post, location, null,
            ("X-HTTP-Method", "DELETE"), ("If-Match", order.GetProperty("__metadata").GetProperty("etag").GetString()!));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync(location)).StatusCode);
        Assert.Equal("0", await server.Client.GetStringAsync(Service + $"A_SalesOrderItem/$count?$filter=SalesOrder%20eq%20'{number}'"));
        var (_, next) = await Create();
        Assert.True(string.CompareOrdinal(next.GetProperty("SalesOrder").GetString(), number) > 0, "a deleted order's number is not handed out again");
    }

    [Fact]
    public async Task A_set_the_service_marks_not_creatable_cannot_be_filled_through_a_navigation_either()
    {
        var (location, _) = await Create();

        using var response = await server.Send(HttpMethod.Post, location + "/to_SubsequentProcFlowDoc", "{}", Json);
        using var nested = await server.Send(HttpMethod.Post, Service + "A_SalesOrder", """{"to_SubsequentProcFlowDoc":{"results":[{}]}}""", Json);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, nested.StatusCode);
    }

    [Fact]
    public async Task A_link_that_is_part_of_the_key_cannot_be_moved_with_links()
    {
        var (location, _) = await Create();
        var item = location.Replace("A_SalesOrder('", "A_SalesOrderItem(SalesOrder='").Replace("')", "',SalesOrderItem='10')");

        using var response = await server.Send(HttpMethod.Put, item + "/$links/to_SalesOrder", """{"uri":"A_SalesOrder('0000001000')"}""", Json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("part of the key of A_SalesOrderItem", await response.Content.ReadAsStringAsync());
    }
}
