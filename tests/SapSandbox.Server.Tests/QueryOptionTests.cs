using System.Globalization;
using System.Net;
using System.Text.Json;

namespace SapSandbox.Server.Tests;

[Collection(SandboxCollection.Name)]
public class QueryOptionTests(SandboxServer server)
{
    const string Service = "/odata/v4/CE_SALESORDER_0001/";

    async Task<List<JsonElement>> Values(string url)
    {
        var (response, body) = await server.GetJson(Service + url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        return body.GetProperty("value").EnumerateArray().ToList();
    }

    async Task<List<JsonElement>> AllOrders() => await Values("SalesOrder?$select=SalesOrder,TotalNetAmount,SalesOrderType,CreationDate,TransactionCurrency,SalesOrganization");

    static decimal Amount(JsonElement e) => e.GetProperty("TotalNetAmount").GetDecimal();

    [Fact]
    public async Task Filter_on_a_decimal_compares_numerically()
    {
        var expected = (await AllOrders()).Where(o => Amount(o) > 1000m).Select(o => o.GetProperty("SalesOrder").GetString()).ToList();

        var actual = (await Values("SalesOrder?$filter=TotalNetAmount gt 1000&$select=SalesOrder")).Select(o => o.GetProperty("SalesOrder").GetString()).ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("SalesOrganization eq '1010' and TotalNetAmount ge 500", "and")]
    [InlineData("SalesOrganization eq '1010' or SalesOrganization eq '1710'", "or")]
    [InlineData("not (SalesOrganization eq '1010')", "not")]
    [InlineData("SalesOrganization ne '1010'", "ne")]
    [InlineData("TotalNetAmount add 100 gt 1100", "arithmetic")]
    [InlineData("SalesOrganization in ('1010','9999')", "in")]
    [InlineData("startswith(SalesOrder,'000000100')", "startswith")]
    [InlineData("contains(tolower(TransactionCurrency),'u')", "contains")]
    [InlineData("year(CreationDate) ge 2024", "year")]
    [InlineData("length(SalesOrderType) eq 4", "length")]
    public async Task Filter_operators_and_functions_agree_with_the_data(string filter, string what)
    {
        var all = await AllOrders();
        Func<JsonElement, bool> predicate = what switch
        {
            "and" => o => o.GetProperty("SalesOrganization").GetString() == "1010" && Amount(o) >= 500,
            "or" => o => o.GetProperty("SalesOrganization").GetString() is "1010" or "1710",
            "not" or "ne" => o => o.GetProperty("SalesOrganization").GetString() != "1010",
            "arithmetic" => o => Amount(o) + 100 > 1100,
            "in" => o => o.GetProperty("SalesOrganization").GetString() == "1010",
            "startswith" => o => o.GetProperty("SalesOrder").GetString()!.StartsWith("000000100"),
            "contains" => o => o.GetProperty("TransactionCurrency").GetString()!.ToLowerInvariant().Contains('u'),
            "year" => o => int.Parse(o.GetProperty("CreationDate").GetString()![..4], CultureInfo.InvariantCulture) >= 2024,
            "length" => o => o.GetProperty("SalesOrderType").GetString()!.Length == 4,
            _ => throw new ArgumentException(what),
        };
        var expected = all.Where(predicate).Select(o => o.GetProperty("SalesOrder").GetString()).ToList();

        var actual = (await Values($"SalesOrder?$filter={Uri.EscapeDataString(filter)}&$select=SalesOrder")).Select(o => o.GetProperty("SalesOrder").GetString()).ToList();

        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Filter_any_and_all_over_a_navigation()
    {
        var withItems = await Values("SalesOrder?$select=SalesOrder&$expand=_Item($select=NetAmount)");
        var anyBig = withItems.Where(o => o.GetProperty("_Item").EnumerateArray().Any(i => i.GetProperty("NetAmount").GetDecimal() > 4000)).Select(o => o.GetProperty("SalesOrder").GetString()).ToList();
        var allSmall = withItems.Where(o => o.GetProperty("_Item").EnumerateArray().All(i => i.GetProperty("NetAmount").GetDecimal() < 4000)).Select(o => o.GetProperty("SalesOrder").GetString()).ToList();

        var any = (await Values("SalesOrder?$select=SalesOrder&$filter=_Item/any(i:i/NetAmount gt 4000)")).Select(o => o.GetProperty("SalesOrder").GetString()).ToList();
        var all = (await Values("SalesOrder?$select=SalesOrder&$filter=_Item/all(i:i/NetAmount lt 4000)")).Select(o => o.GetProperty("SalesOrder").GetString()).ToList();

        Assert.Equal(anyBig, any);
        Assert.Equal(allSmall, all);
    }

    [Fact]
    public async Task Filter_any_without_a_lambda_selects_parents_with_children()
    {
        var all = await Values("SalesOrder?$select=SalesOrder");

        var withItems = await Values("SalesOrder?$select=SalesOrder&$filter=_Item/any()");

        Assert.Equal(all.Count, withItems.Count);
    }

    [Fact]
    public async Task Select_of_a_navigation_property_alone_writes_no_structural_properties()
    {
        var (_, body) = await server.GetJson(Service + "SalesOrder?$top=1&$select=_Item");

        Assert.DoesNotContain(body.GetProperty("value")[0].EnumerateObject(), p => p.Name == "SalesOrder");
    }

    [Fact]
    public async Task Filter_through_a_to_one_navigation()
    {
        var order = (await Values("SalesOrder?$top=1&$skip=4&$select=SalesOrder,SalesOrderType"))[0];

        var items = await Values($"SalesOrderItem?$filter=_SalesOrder/SalesOrderType eq '{order.GetProperty("SalesOrderType").GetString()}'&$select=SalesOrder");

        Assert.Contains(items, i => i.GetProperty("SalesOrder").GetString() == order.GetProperty("SalesOrder").GetString());
    }

    [Fact]
    public async Task Orderby_several_keys_with_directions()
    {
        var expected = (await AllOrders())
            .OrderBy(o => o.GetProperty("SalesOrganization").GetString(), StringComparer.Ordinal)
            .ThenByDescending(o => Amount(o))
            .Select(o => o.GetProperty("SalesOrder").GetString()).ToList();

        var actual = (await Values("SalesOrder?$orderby=SalesOrganization,TotalNetAmount desc&$select=SalesOrder")).Select(o => o.GetProperty("SalesOrder").GetString()).ToList();

        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Orderby_through_a_to_one_navigation()
    {
        var items = await Values("SalesOrderItem?$orderby=_SalesOrder/TotalNetAmount desc&$select=SalesOrder&$expand=_SalesOrder($select=TotalNetAmount)");
        var amounts = items.Select(i => i.GetProperty("_SalesOrder").GetProperty("TotalNetAmount").GetDecimal()).ToList();

        Assert.Equal(amounts.OrderByDescending(a => a), amounts);
    }

    [Fact]
    public async Task Top_and_skip_take_a_window_of_the_key_order()
    {
        var all = (await AllOrders()).Select(o => o.GetProperty("SalesOrder").GetString()).ToList();

        var window = (await Values("SalesOrder?$skip=5&$top=7&$select=SalesOrder")).Select(o => o.GetProperty("SalesOrder").GetString()).ToList();

        Assert.Equal(all.Skip(5).Take(7), window);
    }

    [Fact]
    public async Task Select_returns_only_the_named_properties_and_says_so_in_the_context()
    {
        var (_, body) = await server.GetJson(Service + "SalesOrder?$top=1&$select=SalesOrder,TotalNetAmount");
        var entity = body.GetProperty("value")[0];

        Assert.Equal("$metadata#SalesOrder(SalesOrder,TotalNetAmount)", body.GetProperty("@odata.context").GetString());
        Assert.Equal(["@odata.etag", "SalesOrder", "TotalNetAmount"], entity.EnumerateObject().Select(p => p.Name).ToArray());
    }

    [Fact]
    public async Task Expand_with_nested_filter_orderby_top_count_select_and_expand()
    {
        var (response, body) = await server.GetJson(Service +
            "SalesOrder('0000001000')?$select=SalesOrder&$expand=_Item($filter=NetAmount gt 0;$orderby=SalesOrderItem desc;$top=2;$count=true;$select=SalesOrderItem,NetAmount;$expand=_ScheduleLine($select=ScheduleLine))");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = body.GetProperty("_Item").EnumerateArray().ToList();
        Assert.True(items.Count <= 2);
        Assert.True(body.GetProperty("_Item@odata.count").GetInt64() >= items.Count);
        var numbers = items.Select(i => int.Parse(i.GetProperty("SalesOrderItem").GetString()!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(numbers.OrderByDescending(n => n), numbers);
        Assert.All(items, i => Assert.Equal(JsonValueKind.Array, i.GetProperty("_ScheduleLine").ValueKind));
    }

    [Fact]
    public async Task Expand_of_a_to_one_navigation_is_an_object()
    {
        var items = await Values("SalesOrderItem?$top=2&$select=SalesOrder&$expand=_SalesOrder($select=SalesOrder)");

        Assert.All(items, i => Assert.Equal(i.GetProperty("SalesOrder").GetString(), i.GetProperty("_SalesOrder").GetProperty("SalesOrder").GetString()));
    }

    [Fact]
    public async Task Count_true_counts_the_filtered_set_not_the_page()
    {
        var all = await AllOrders();
        var expected = all.Count(o => Amount(o) > 1000m);

        var (_, body) = await server.GetJson(Service + "SalesOrder?$filter=TotalNetAmount gt 1000&$top=1&$count=true");

        Assert.Equal(expected, body.GetProperty("@odata.count").GetInt64());
        Assert.Equal(1, body.GetProperty("value").GetArrayLength());
    }

    [Fact]
    public async Task Search_matches_string_properties_case_insensitively()
    {
        var (_, body) = await server.GetJson("/odata/v4/API_BUSINESS_PARTNER/A_BusinessPartner?$search=kestrel&$top=20");
        var partners = body.GetProperty("value").EnumerateArray().ToList();

        Assert.NotEmpty(partners);
        Assert.All(partners, p => Assert.Contains(p.EnumerateObject(), property =>
            property.Value.ValueKind == JsonValueKind.String && property.Value.GetString()!.Contains("kestrel", StringComparison.OrdinalIgnoreCase)));
    }
}
