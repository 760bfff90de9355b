using System.Net;
using System.Text.Json;

namespace SapSandbox.Server.Tests;

/// <summary>Creates, updates and deletes over OData V4, with SAP's ETag rules, against the real store.</summary>
[Collection(WriteCollection.Name)]
public class WriteTests(WriteSandboxServer server)
{
    const string Orders = "/odata/v4/CE_SALESORDER_0001/SalesOrder";

    const string NewOrder = """
        {"SalesOrderType":"OR","SalesOrganization":"1010","DistributionChannel":"10","SoldToParty":"0000001000",
         "TransactionCurrency":"EUR","PurchaseOrderByCustomer":"PO-4711","SalesOrderDate":"2026-11-02",
         "_Item":[{"Product":"TG11","RequestedQuantity":2.5,"RequestedQuantityISOUnit":"PCE"},{"Product":"TG12","RequestedQuantity":1}]}
        """;

    async Task<long> Count(string url) => long.Parse(await server.Client.GetStringAsync(url + "/$count"));

    async Task<(string Location, JsonElement Body)> CreateOrder()
    {
        using var response = await server.Send(HttpMethod.Post, Orders, NewOrder);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (response.Headers.Location!.ToString(), await WriteSandboxServer.Json(response));
    }

    async Task<string> ETagOf(string url)
    {
        using var response = await server.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.ETag!.ToString();
    }

    [Fact]
    public async Task A_deep_insert_creates_the_order_and_its_items_with_numbers_from_the_range()
    {
        var (location, body) = await CreateOrder();

        var number = body.GetProperty("SalesOrder").GetString()!;
        Assert.Matches("^0000001[0-9]{3}$", number);
        Assert.EndsWith($"/SalesOrder('{number}')", location);
        Assert.StartsWith("W/\"", body.GetProperty("@odata.etag").GetString());
        Assert.Equal("PO-4711", body.GetProperty("PurchaseOrderByCustomer").GetString());

        var (_, read) = await server.GetJson(location + "?$expand=_Item($select=SalesOrderItem,Product,RequestedQuantity)");
        var items = read.GetProperty("_Item").EnumerateArray().ToList();
        Assert.Equal(["10", "20"], items.Select(i => i.GetProperty("SalesOrderItem").GetString()));
        Assert.Equal(2.5m, items[0].GetProperty("RequestedQuantity").GetDecimal());
        Assert.Equal("2026-11-02", read.GetProperty("SalesOrderDate").GetString());
    }

    [Fact]
    public async Task A_child_posted_to_a_navigation_belongs_to_its_parent_and_gets_the_next_item_number()
    {
        var (location, _) = await CreateOrder();

        using var response = await server.Send(HttpMethod.Post, location + "/_Item", """{"Product":"TG13","RequestedQuantity":4}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var item = await WriteSandboxServer.Json(response);
        Assert.Equal("30", item.GetProperty("SalesOrderItem").GetString());
        Assert.Equal(location.Split('\'')[1], item.GetProperty("SalesOrder").GetString());
    }

    [Fact]
    public async Task A_duplicate_key_is_409_and_changes_nothing()
    {
        var (_, body) = await CreateOrder();
        var before = await Count(Orders);

        using var response = await server.Send(HttpMethod.Post, Orders, $$"""{"SalesOrder":"{{body.GetProperty("SalesOrder").GetString()}}","SalesOrderType":"OR"}""");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("already exists", (await WriteSandboxServer.Json(response)).GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(before, await Count(Orders));
    }

    [Theory]
    [InlineData("""{"SalesOrderType":"TOOLONG"}""", "SalesOrderType", "MaxLength")]
    [InlineData("""{"SalesOrderType":"OR","Unheard":"x"}""", "Unheard", "does not exist")]
    [InlineData("""{"SalesOrderDate":"2. November"}""", "SalesOrderDate", "invalid value")]
    [InlineData("""{"SalesOrderType":null}""", "SalesOrderType", "must not be null")]
    [InlineData("""{"SalesOrderType":"OR","_Item":[{"Product":"TG11","RequestedQuantity":1.23456}]}""", "RequestedQuantity", "decimal places")]
    public async Task Invalid_values_are_400_naming_the_property_and_nothing_is_written(string json, string property, string reason)
    {
        var orders = await Count(Orders);
        var items = await Count("/odata/v4/CE_SALESORDER_0001/SalesOrderItem");

        using var response = await server.Send(HttpMethod.Post, Orders, json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await WriteSandboxServer.Json(response)).GetProperty("error");
        Assert.Equal(property, error.GetProperty("target").GetString());
        Assert.Contains(reason, error.GetProperty("message").GetString());
        Assert.Equal(orders, await Count(Orders));
        Assert.Equal(items, await Count("/odata/v4/CE_SALESORDER_0001/SalesOrderItem"));
    }

    [Fact]
    public async Task A_change_without_If_Match_is_428_a_stale_one_412_and_a_current_one_204_with_a_new_ETag()
    {
        var (location, _) = await CreateOrder();
        var etag = await ETagOf(location);

        using var missing = await server.Send(HttpMethod.Patch, location, """{"PurchaseOrderByCustomer":"A"}""");
        using var current = await server.Send(HttpMethod.Patch, location, """{"PurchaseOrderByCustomer":"B"}""", ("If-Match", etag));
        using var stale = await server.Send(HttpMethod.Patch, location, """{"PurchaseOrderByCustomer":"C"}""", ("If-Match", etag));
        using var any = await server.Send(HttpMethod.Patch, location, """{"CustomerPaymentTerms":"0001"}""", ("If-Match", "*"));

        Assert.Equal((HttpStatusCode)428, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, current.StatusCode);
        Assert.NotEqual(etag, current.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, any.StatusCode);
        var (_, order) = await server.GetJson(location);
        Assert.Equal("B", order.GetProperty("PurchaseOrderByCustomer").GetString());
        Assert.Equal("0001", order.GetProperty("CustomerPaymentTerms").GetString());
    }

    [Fact]
    public async Task Twenty_clients_racing_with_one_ETag_have_exactly_one_winner()
    {
        var (location, _) = await CreateOrder();
        var etag = await ETagOf(location);
        var clients = Enumerable.Range(0, 20).Select(_ => server.NewClient("sandbox", "sandbox")).ToList();

        var responses = await Task.WhenAll(clients.Select((client, i) =>
            server.Send(client, HttpMethod.Patch, location, $$"""{"PurchaseOrderByCustomer":"racer {{i}}"}""", ("If-Match", etag))));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.NoContent));
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
        var winner = responses.Select((r, i) => (r, i)).Single(x => x.r.StatusCode == HttpStatusCode.NoContent).i;
        var (_, order) = await server.GetJson(location);
        Assert.Equal($"racer {winner}", order.GetProperty("PurchaseOrderByCustomer").GetString());
        foreach (var client in clients) client.Dispose();
    }

    [Fact]
    public async Task Put_replaces_the_entity_and_what_it_leaves_out_goes_back_to_its_initial_value()
    {
        var (location, _) = await CreateOrder();

        using var response = await server.Send(HttpMethod.Put, location, """{"CustomerPaymentTerms":"0002"}""", ("If-Match", await ETagOf(location)));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var (_, order) = await server.GetJson(location);
        Assert.Equal("0002", order.GetProperty("CustomerPaymentTerms").GetString());
        Assert.Equal("", order.GetProperty("PurchaseOrderByCustomer").GetString());
        Assert.Equal(JsonValueKind.Null, order.GetProperty("SalesOrderDate").ValueKind);
        Assert.Equal("OR", order.GetProperty("SalesOrderType").GetString());
    }

    [Fact]
    public async Task If_None_Match_with_the_current_ETag_is_304()
    {
        var (location, _) = await CreateOrder();
        var etag = await ETagOf(location);

        var (response, _) = await server.GetJson(location, ("If-None-Match", etag));

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task Prefer_return_minimal_answers_204_with_the_location()
    {
        using var response = await server.Send(HttpMethod.Post, Orders, """{"SalesOrderType":"OR"}""", ("Prefer", "return=minimal"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("return=minimal", response.Headers.GetValues("Preference-Applied").Single());
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync(response.Headers.Location)).StatusCode);
    }

    [Fact]
    public async Task A_change_to_the_metadata_document_is_405_with_Allow()
    {
        using var response = await server.Send(HttpMethod.Post, "/odata/v4/CE_SALESORDER_0001/$metadata", "{}");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("PATCH", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task The_services_capability_restrictions_hold_items_are_created_through_their_order_and_orders_not_deleted()
    {
        var (location, _) = await CreateOrder();

        using var direct = await server.Send(HttpMethod.Post, "/odata/v4/CE_SALESORDER_0001/SalesOrderItem", """{"SalesOrder":"0000001000","Product":"TG14"}""");
        using var delete = await server.Send(HttpMethod.Delete, location, null, ("If-Match", "*"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, direct.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, delete.StatusCode);
        Assert.Contains("does not allow", await delete.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_item_bound_to_its_order_by_id_joins_that_order()
    {
        const string Service = "/odata/v4/API_SALES_ORDER_SRV/";
        using var order = await server.Send(HttpMethod.Post, Service + "A_SalesOrder", """{"SalesOrderType":"OR"}""");
        var number = (await WriteSandboxServer.Json(order)).GetProperty("SalesOrder").GetString();

        using var response = await server.Send(HttpMethod.Post, Service + "A_SalesOrderItem",
            $$"""{"to_SalesOrder@odata.bind":"A_SalesOrder('{{number}}')","Material":"TG14"}""");
        using var unknown = await server.Send(HttpMethod.Post, Service + "A_SalesOrderItem",
            """{"to_SalesOrder@odata.bind":"A_SalesOrder('9999999999')","Material":"TG14"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var item = await WriteSandboxServer.Json(response);
        Assert.Equal(number, item.GetProperty("SalesOrder").GetString());
        Assert.Equal("10", item.GetProperty("SalesOrderItem").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
