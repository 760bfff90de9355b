using System.Net;
using System.Text.Json;

namespace SapSandbox.Server.Tests.S4Behavior;

/// <summary>CE_SALESORDER_0001's bound action UpdatePrices on an order and on an item, against the real store.</summary>
[Collection(S4Collection.Name)]
public class UpdatePricesTests(S4Server server)
{
    const string Service = "/odata/v4/CE_SALESORDER_0001/";
    const string Action = "com.sap.gateway.srvd_a2x.api_salesorder.v0001.UpdatePrices";

    async Task<(JsonElement Body, string ETag)> Read(string path)
    {
        using var response = await server.Client.GetAsync(Service + path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await WriteSandboxServer.Json(response), response.Headers.ETag?.ToString() ?? "");
    }

    [Fact]
    public async Task Updating_the_prices_of_an_order_prices_its_items_again_and_totals_them()
    {
        var (_, before) = await Read("SalesOrder('0000009001')");

        using var response = await server.Send(HttpMethod.Post, $"{Service}SalesOrder('0000009001')/{Action}", """{"PricingType":"B"}""");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var messages = JsonDocument.Parse(response.Headers.GetValues("sap-messages").Single()).RootElement.EnumerateArray().ToList();
        Assert.Equal("Prices of sales order 9001 have been updated", Assert.Single(messages).GetProperty("message").GetString());
        Assert.Equal(1, messages[0].GetProperty("numericSeverity").GetInt32());

        var (order, after) = await Read("SalesOrder('0000009001')?$expand=_Item($select=SalesOrderItem,NetAmount,TaxAmount,PricingDate)");
        Assert.NotEqual(before, after);
        Assert.Equal(140m, order.GetProperty("TotalNetAmount").GetDecimal());
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        Assert.Equal(today, order.GetProperty("PricingDate").GetString());
        var items = order.GetProperty("_Item").EnumerateArray().ToList();
        // 5 × 20.00 less 10 %, 19 % tax on the net; the statistical cost does not count; item 20 has nothing to price from.
        Assert.Equal(90m, items[0].GetProperty("NetAmount").GetDecimal());
        Assert.Equal(17.1m, items[0].GetProperty("TaxAmount").GetDecimal());
        Assert.Equal(50m, items[1].GetProperty("NetAmount").GetDecimal());
        Assert.All(items, i => Assert.Equal(today, i.GetProperty("PricingDate").GetString()));
        var (elements, _) = await Read("SalesOrderItem(SalesOrder='0000009001',SalesOrderItem='10')/_ItemPricingElement?$select=ConditionType,ConditionAmount");
        Assert.Equal([100m, -10m, 60m, 17.1m], elements.GetProperty("value").EnumerateArray().Select(e => e.GetProperty("ConditionAmount").GetDecimal()));
    }

    [Fact]
    public async Task Updating_the_prices_of_an_item_after_its_quantity_changed_changes_the_item_and_its_order()
    {
        const string item = "SalesOrderItem(SalesOrder='0000009002',SalesOrderItem='10')";
        var (_, itemETag) = await Read(item);
        using (var patch = await server.Send(HttpMethod.Patch, Service + item, """{"RequestedQuantity":4}""", ("If-Match", itemETag)))
            Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        var (_, orderBefore) = await Read("SalesOrder('0000009002')");

        using var response = await server.Send(HttpMethod.Post, $"{Service}{item}/{Action}", """{"PricingType":"B"}""");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(30m, (await Read(item)).Body.GetProperty("NetAmount").GetDecimal());
        var (order, orderAfter) = await Read("SalesOrder('0000009002')");
        Assert.Equal(30m, order.GetProperty("TotalNetAmount").GetDecimal());
        Assert.NotEqual(orderBefore, orderAfter);
    }

    [Fact]
    public async Task An_unknown_pricing_type_is_refused_and_nothing_changes()
    {
        var (before, etag) = await Read("SalesOrder('0000009002')");

        using var response = await server.Send(HttpMethod.Post, $"{Service}SalesOrder('0000009002')/{Action}", """{"PricingType":"9"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await WriteSandboxServer.Json(response)).GetProperty("error");
        Assert.Equal("SLS_PRICING/002", error.GetProperty("code").GetString());
        Assert.Equal("PricingType", error.GetProperty("target").GetString());
        Assert.Equal(etag, (await Read("SalesOrder('0000009002')")).ETag);
    }
}
