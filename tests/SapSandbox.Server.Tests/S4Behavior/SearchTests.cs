using System.Net;

namespace SapSandbox.Server.Tests.S4Behavior;

/// <summary>SAP's <c>search=</c> on V2 as Gateway offers it: free text over the set's text properties, only where the set is sap:searchable.</summary>
[Collection(S4Collection.Name)]
public class SearchTests(S4Server server)
{
    const string Service = "/sap/opu/odata/sap/CATALOG_SRV/";

    async Task<(List<string> Products, string? Count)> Search(string query)
    {
        var (response, body) = await server.GetJson($"{Service}Products?$format=json&$orderby=Product&{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var d = body.GetProperty("d");
        return (d.GetProperty("results").EnumerateArray().Select(p => p.GetProperty("Product").GetString()!).ToList(),
            d.TryGetProperty("__count", out var count) ? count.GetString() : null);
    }

    [Fact]
    public async Task Search_finds_the_text_in_any_text_property_whatever_its_case()
    {
        Assert.Equal(["P-100", "P-101", "P-200"], (await Search("search=STEEL")).Products);
        Assert.Equal(["P-300"], (await Search("search=gearbox")).Products);
        Assert.Equal(["P-100", "P-101"], (await Search("search=m8")).Products);
        Assert.Empty((await Search("search=titanium")).Products);
    }

    [Fact]
    public async Task Search_combines_with_filter_and_inline_count()
    {
        var (products, count) = await Search("search=steel&$filter=Category eq 'Fasteners'&$inlinecount=allpages&$top=1");

        Assert.Equal(["P-100"], products);
        Assert.Equal("2", count);
        Assert.Equal("2", await server.Client.GetStringAsync($"{Service}Products/$count?search=steel&$filter=Category eq 'Fasteners'"));
    }

    [Fact]
    public async Task An_empty_search_reads_everything()
    {
        Assert.Equal(4, (await Search("search=")).Products.Count);
    }

    [Fact]
    public async Task A_set_that_is_not_searchable_refuses_search_with_400()
    {
        var (response, body) = await server.GetJson($"{Service}Suppliers?$format=json&search=steel");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Suppliers", body.GetProperty("error").GetProperty("message").GetProperty("value").GetString());
        var (bundled, _) = await server.GetJson("/sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder?$format=json&search=gearbox");
        Assert.Equal(HttpStatusCode.BadRequest, bundled.StatusCode);
    }

    [Fact]
    public async Task The_V4_option_is_refused_on_V2_with_a_pointer_to_search()
    {
        var (response, body) = await server.GetJson($"{Service}Products?$format=json&$search=steel");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("search=", body.GetProperty("error").GetProperty("message").GetProperty("value").GetString());
    }
}
