using System.Globalization;
using System.Net;
using System.Text.Json;
using SapSandbox.Services.S4Data;

namespace SapSandbox.Server.Tests;

/// <summary>The bundled services' business data read as a client reads it: parties, products, amounts and places agree.</summary>
public class BusinessDataTests(SandboxServer server) : IClassFixture<SandboxServer>
{
    const string Partners = "/sap/opu/odata/sap/API_BUSINESS_PARTNER/";
    const string SalesOrdersV2 = "/sap/opu/odata/sap/API_SALES_ORDER_SRV/";
    const string SalesOrdersV4 = "/odata/v4/CE_SALESORDER_0001/";
    const string PurchaseOrders = "/odata/v4/CE_PURCHASEORDER_0001/";
    static readonly HashSet<string> Units = ["EA", "PC", "KG", "L", "M"];
    static readonly Dictionary<string, string> IsoUnits = new() { ["EA"] = "EA", ["PC"] = "PCE", ["KG"] = "KGM", ["L"] = "LTR", ["M"] = "MTR" };

    [Fact]
    public async Task Every_sales_order_total_is_the_sum_of_its_items_and_every_item_is_quantity_times_price()
    {
        var v4 = await AllV4(server, SalesOrdersV4 + "SalesOrder?$expand=_Item($expand=_ItemPricingElement)");
        var v2 = await AllV2(server, SalesOrdersV2 + "A_SalesOrder?$expand=to_Item/to_PricingElement");

        Assert.Equal(50, v4.Count);
        Assert.Equal(50, v2.Count);
        foreach (var order in v4)
        {
            var items = order.GetProperty("_Item").EnumerateArray().ToList();
            Assert.NotEmpty(items);
            Assert.Equal(order.GetProperty("TotalNetAmount").GetDecimal(), items.Sum(i => i.GetProperty("NetAmount").GetDecimal()));
            foreach (var item in items)
            {
                var price = item.GetProperty("_ItemPricingElement").EnumerateArray().Single(p => p.GetProperty("ConditionType").GetString() == "PPR0");
                var perUnit = price.GetProperty("ConditionRateAmount").GetDecimal() / price.GetProperty("ConditionQuantity").GetDecimal();
                Assert.Equal(Math.Round(item.GetProperty("RequestedQuantity").GetDecimal() * perUnit, 2), item.GetProperty("NetAmount").GetDecimal());
                Assert.Equal(item.GetProperty("NetAmount").GetDecimal(), price.GetProperty("ConditionAmount").GetDecimal());
            }
        }
        foreach (var order in v2)
        {
            var items = order.GetProperty("to_Item").GetProperty("results").EnumerateArray().ToList();
            Assert.NotEmpty(items);
            Assert.Equal(Number(order, "TotalNetAmount"), items.Sum(i => Number(i, "NetAmount")));
            foreach (var item in items)
            {
                var price = item.GetProperty("to_PricingElement").GetProperty("results").EnumerateArray().Single(p => p.GetProperty("ConditionType").GetString() == "PPR0");
                Assert.Equal(Math.Round(Number(item, "RequestedQuantity") * Number(price, "ConditionRateValue") / Number(price, "ConditionQuantity"), 2), Number(item, "NetAmount"));
            }
        }
    }

    [Fact]
    public async Task Every_purchase_order_item_is_quantity_times_net_price()
    {
        var orders = await AllV4(server, PurchaseOrders + "PurchaseOrder?$expand=_PurchaseOrderItem");

        Assert.Equal(50, orders.Count);
        foreach (var item in orders.SelectMany(o => o.GetProperty("_PurchaseOrderItem").EnumerateArray()))
        {
            var expected = item.GetProperty("OrderQuantity").GetDecimal() * item.GetProperty("NetPriceAmount").GetDecimal() / item.GetProperty("NetPriceQuantity").GetDecimal();
            Assert.Equal(Math.Round(expected, 2), item.GetProperty("NetAmount").GetDecimal());
        }
    }

    [Fact]
    public async Task Every_orders_party_is_a_business_partner_with_the_customer_or_supplier_role()
    {
        var roles = (await AllV2(server, Partners + "A_BusinessPartnerRole?$select=BusinessPartner,BusinessPartnerRole"))
            .Select(r => (Partner: r.GetProperty("BusinessPartner").GetString()!, Role: r.GetProperty("BusinessPartnerRole").GetString()!)).ToHashSet();
        var customers = (await AllV2(server, Partners + "A_Customer?$select=Customer")).Select(c => c.GetProperty("Customer").GetString()!).ToHashSet();
        var suppliers = (await AllV2(server, Partners + "A_Supplier?$select=Supplier")).Select(c => c.GetProperty("Supplier").GetString()!).ToHashSet();
        var v4 = await AllV4(server, SalesOrdersV4 + "SalesOrder?$select=SalesOrder,SoldToParty&$expand=_Partner");
        var v2 = await AllV2(server, SalesOrdersV2 + "A_SalesOrder?$select=SoldToParty");
        var purchases = await AllV4(server, PurchaseOrders + "PurchaseOrder?$select=Supplier,SupplierAddressID&$expand=_SupplierAddress");

        foreach (var soldTo in v4.Concat(v2).Select(o => o.GetProperty("SoldToParty").GetString()!))
        {
            Assert.Contains((soldTo, "FLCU01"), roles);
            Assert.Contains(soldTo, customers);
        }
        foreach (var order in v4)
        {
            var soldTo = order.GetProperty("_Partner").EnumerateArray().Single(p => p.GetProperty("PartnerFunction").GetString() == "SP");
            Assert.Equal(order.GetProperty("SoldToParty").GetString(), soldTo.GetProperty("Customer").GetString());
        }
        foreach (var order in purchases)
        {
            var supplier = order.GetProperty("Supplier").GetString()!;
            Assert.Contains((supplier, "FLVN01"), roles);
            Assert.Contains(supplier, suppliers);
            Assert.Equal(order.GetProperty("SupplierAddressID").GetString(), order.GetProperty("_SupplierAddress").GetProperty("SupplierAddressID").GetString());
        }
    }

    [Fact]
    public async Task Business_partners_have_names_categories_and_roles_that_fit_together()
    {
        var partners = await AllV2(server, Partners + "A_BusinessPartner?$expand=to_BusinessPartnerRole");
        var customers = (await AllV2(server, Partners + "A_Customer?$select=Customer,CustomerName"))
            .ToDictionary(c => c.GetProperty("Customer").GetString()!, c => c.GetProperty("CustomerName").GetString()!);

        Assert.Equal(1500, partners.Count);
        Assert.Contains(partners, p => Text(p, "BusinessPartnerCategory") == "1");
        Assert.Contains(partners, p => Text(p, "BusinessPartnerCategory") == "2");
        foreach (var partner in partners)
        {
            var roles = partner.GetProperty("to_BusinessPartnerRole").GetProperty("results").EnumerateArray().Select(r => Text(r, "BusinessPartnerRole")).ToList();
            Assert.NotEmpty(roles);
            if (Text(partner, "BusinessPartnerCategory") == "1")
            {
                Assert.NotEmpty(Text(partner, "FirstName"));
                Assert.NotEmpty(Text(partner, "LastName"));
                Assert.Equal($"{Text(partner, "FirstName")} {Text(partner, "LastName")}", Text(partner, "BusinessPartnerFullName"));
                Assert.Equal("", Text(partner, "OrganizationBPName1"));
            }
            else
            {
                Assert.Equal("2", Text(partner, "BusinessPartnerCategory"));
                Assert.NotEmpty(Text(partner, "OrganizationBPName1"));
                Assert.NotEmpty(Text(partner, "LegalForm"));
                Assert.Equal("", Text(partner, "FirstName"));
            }
            // A customer's number is its business partner's, and only partners with the customer role are customers.
            var number = Text(partner, "BusinessPartner");
            Assert.Equal(roles.Contains("FLCU01"), customers.ContainsKey(number));
            Assert.Equal(roles.Contains("FLCU01") ? number : "", Text(partner, "Customer"));
            if (customers.TryGetValue(number, out var name)) Assert.Equal(Text(partner, "BusinessPartnerFullName"), name);
        }
    }

    [Fact]
    public async Task Ordered_products_exist_in_their_own_units()
    {
        var catalogue = S4Vocabulary.Products.ToDictionary(p => p.Code);
        var v4 = await AllV4(server, SalesOrdersV4 + "SalesOrderItem?$select=Product,RequestedQuantitySAPUnit,RequestedQuantityISOUnit");
        var v2 = await AllV2(server, SalesOrdersV2 + "A_SalesOrderItem?$select=Material,RequestedQuantityUnit");
        var purchases = await AllV4(server, PurchaseOrders + "PurchaseOrderItem?$select=Material,PurchaseOrderQuantityUnit");

        Assert.All(v4, i =>
        {
            var unit = Text(i, "RequestedQuantitySAPUnit");
            Assert.Contains(unit, Units);
            Assert.Equal(catalogue[Text(i, "Product")].Unit, unit);
            Assert.Equal(IsoUnits[unit], Text(i, "RequestedQuantityISOUnit"));
        });
        Assert.All(v2, i => Assert.Equal(catalogue[Text(i, "Material")].Unit, Text(i, "RequestedQuantityUnit")));
        Assert.All(purchases, i => Assert.Equal(catalogue[Text(i, "Material")].Unit, Text(i, "PurchaseOrderQuantityUnit")));
    }

    [Fact]
    public async Task Addresses_are_in_real_places_whose_postal_code_region_and_country_match_the_city()
    {
        var places = S4Vocabulary.Places.Select(p => (p.City, p.PostalCode, p.Region, p.Country)).ToHashSet();
        var addresses = await AllV2(server, Partners + "A_BusinessPartnerAddress?$select=CityName,PostalCode,Region,Country");
        var orderPartners = await AllV4(server, SalesOrdersV4 + "SalesOrderPartner?$select=CityName,PostalCode,Region,Country");
        var supplierAddresses = await AllV4(server, PurchaseOrders + "PurchaseOrderSupplierAddress?$select=CityName,PostalCode,Region,Country");

        Assert.Equal(1500, addresses.Count);
        Assert.All(addresses.Concat(orderPartners).Concat(supplierAddresses),
            a => Assert.Contains((Text(a, "CityName"), Text(a, "PostalCode"), Text(a, "Region"), Text(a, "Country")), places));
        // Spread over many cities, not one.
        Assert.True(addresses.Select(a => Text(a, "CityName")).Distinct().Count() > 30);
    }

    [Fact]
    public async Task Orders_have_plausible_dates_statuses_from_SAPs_value_lists_and_read_the_same_on_V2_and_V4()
    {
        var v4 = await AllV4(server, SalesOrdersV4 + "SalesOrder?$expand=_Item");
        var v2 = (await AllV2(server, SalesOrdersV2 + "A_SalesOrder")).ToDictionary(o => Text(o, "SalesOrder"));
        string[] statuses = ["", "A", "B", "C"];

        foreach (var order in v4)
        {
            var created = DateOnly.Parse(Text(order, "CreationDate"), CultureInfo.InvariantCulture);
            Assert.True(DateOnly.Parse(Text(order, "CustomerPurchaseOrderDate"), CultureInfo.InvariantCulture) <= created);
            Assert.True(created < DateOnly.Parse(Text(order, "RequestedDeliveryDate"), CultureInfo.InvariantCulture));
            foreach (var status in new[] { "OverallSDProcessStatus", "OverallDeliveryStatus", "OverallSDDocumentRejectionSts", "TotalCreditCheckStatus" })
                Assert.Contains(Text(order, status), statuses);
            Assert.All(order.GetProperty("_Item").EnumerateArray(), i => Assert.Contains(Text(i, "SDProcessStatus"), statuses));

            var same = v2[Text(order, "SalesOrder")];
            Assert.Equal(Text(order, "SoldToParty"), Text(same, "SoldToParty"));
            Assert.Equal(order.GetProperty("TotalNetAmount").GetDecimal(), Number(same, "TotalNetAmount"));
            Assert.Equal(Text(order, "TransactionCurrency"), Text(same, "TransactionCurrency"));
        }
        Assert.Contains(v4, o => Text(o, "OverallSDProcessStatus") == "A");
        Assert.Contains(v4, o => Text(o, "OverallSDProcessStatus") == "C");
    }

    [Fact]
    public async Task Two_fresh_stores_hold_the_same_data()
    {
        string[] urls =
        [
            Partners + "A_BusinessPartner?$top=300&$expand=to_BusinessPartnerAddress,to_BusinessPartnerRole,to_Customer&$format=json",
            SalesOrdersV2 + "A_SalesOrder?$expand=to_Item&$format=json",
            SalesOrdersV4 + "SalesOrder?$expand=_Item,_Partner",
            PurchaseOrders + "PurchaseOrder?$expand=_PurchaseOrderItem",
        ];
        var other = new SandboxServer();
        await other.InitializeAsync();
        try
        {
            foreach (var url in urls)
            {
                var first = (await server.Client.GetStringAsync(url)).Replace(server.BaseAddress.Authority, "host");
                var second = (await other.Client.GetStringAsync(url)).Replace(other.BaseAddress.Authority, "host");
                Assert.True(first == second, $"{url} differs between two fresh stores");
            }
        }
        finally
        {
            await other.DisposeAsync();
        }
    }

    static string Text(JsonElement element, string property) => element.GetProperty(property).GetString()!;

    static decimal Number(JsonElement element, string property) => decimal.Parse(Text(element, property), CultureInfo.InvariantCulture);

    /// <summary>Every row of a V2 collection, following Gateway's <c>__next</c> links.</summary>
    internal static async Task<List<JsonElement>> AllV2(SandboxServer server, string url)
    {
        var rows = new List<JsonElement>();
        for (string? next = url + (url.Contains('?') ? "&" : "?") + "$format=json"; next != null;)
        {
            var (response, body) = await server.GetJson(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var d = body.GetProperty("d");
            rows.AddRange(d.GetProperty("results").EnumerateArray());
            next = d.TryGetProperty("__next", out var link) ? link.GetString() : null;
        }
        return rows;
    }

    /// <summary>Every row of a V4 collection, following <c>@odata.nextLink</c>.</summary>
    internal static async Task<List<JsonElement>> AllV4(SandboxServer server, string url)
    {
        var rows = new List<JsonElement>();
        for (string? next = url; next != null;)
        {
            var (response, body) = await server.GetJson(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            rows.AddRange(body.GetProperty("value").EnumerateArray());
            next = body.TryGetProperty("@odata.nextLink", out var link) ? new Uri(new Uri(server.BaseAddress, url), link.GetString()).PathAndQuery : null;
        }
        return rows;
    }
}

/// <summary>A sandbox whose services folder sizes the business data and replaces one set with a data file.</summary>
public sealed class SizedBusinessDataServer : SandboxServer, IDisposable
{
    readonly string _services = Directory.CreateTempSubdirectory("sapsandbox-s4data-").FullName;

    public SizedBusinessDataServer()
    {
        Write("API_BUSINESS_PARTNER/settings.json", """{"rows": {"A_BusinessPartner": 120}}""");
        Write("API_SALES_ORDER_SRV/settings.json", """{"rows": {"A_SalesOrder": 30}}""");
        Write("CE_SALESORDER_0001/SalesOrder.json",
            """[{"SalesOrder": "0000000001", "SalesOrderType": "OR", "SoldToParty": "FILE-1"}, {"SalesOrder": "0000000002", "SalesOrderType": "OR", "SoldToParty": "FILE-2"}]""");
    }

    protected override string? ServicesFolder => _services;

    public void Dispose() => Directory.Delete(_services, recursive: true);

    void Write(string path, string text)
    {
        var file = Path.Combine(_services, path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
    }
}

public class SizedBusinessDataTests(SizedBusinessDataServer server) : IClassFixture<SizedBusinessDataServer>
{
    [Fact]
    public async Task Settings_size_the_partners_and_orders_and_orders_still_sell_to_existing_customers()
    {
        var partners = await BusinessDataTests.AllV2(server, "/sap/opu/odata/sap/API_BUSINESS_PARTNER/A_Customer?$select=Customer");
        var orders = await BusinessDataTests.AllV2(server, "/sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder?$select=SoldToParty");
        var customers = partners.Select(p => p.GetProperty("Customer").GetString()).ToHashSet();

        Assert.Equal("120", await server.Client.GetStringAsync("/sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner/$count"));
        Assert.Equal(30, orders.Count);
        Assert.All(orders, o => Assert.Contains(o.GetProperty("SoldToParty").GetString(), customers));
    }

    [Fact]
    public async Task A_data_file_takes_precedence_and_its_orders_get_generated_items()
    {
        var orders = await BusinessDataTests.AllV4(server, "/odata/v4/CE_SALESORDER_0001/SalesOrder?$expand=_Item");

        Assert.Equal(["FILE-1", "FILE-2"], orders.Select(o => o.GetProperty("SoldToParty").GetString()!).ToArray());
        Assert.All(orders, o => Assert.All(o.GetProperty("_Item").EnumerateArray(),
            i => Assert.Equal(o.GetProperty("SalesOrder").GetString(), i.GetProperty("SalesOrder").GetString())));
    }
}
