using System.Net;
using System.Text.Json;

namespace SapSandbox.Server.Tests;

[Collection(SandboxCollection.Name)]
public class ContainmentTests(SandboxServer server)
{
    const string Item = "/odata/v4/CE_SALESORDER_0001/SalesOrderItem(SalesOrder='0000001000',SalesOrderItem='10')";

    [Fact]
    public async Task A_contained_to_one_target_is_read_through_its_container()
    {
        var (response, body) = await server.GetJson(Item + "/_VariantConfiguration");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("VarConfigurationBusObjectKey").GetString()));
        Assert.Equal("../$metadata#SalesOrderItem/_VariantConfiguration/$entity", body.GetProperty("@odata.context").GetString());
        Assert.DoesNotContain(body.EnumerateObject(), p => p.Name.StartsWith("_container", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_container_has_its_own_contained_target()
    {
        var (_, first) = await server.GetJson(Item + "/_VariantConfiguration");
        var (_, second) = await server.GetJson("/odata/v4/CE_SALESORDER_0001/SalesOrderItem(SalesOrder='0000001001',SalesOrderItem='10')/_VariantConfiguration");

        Assert.NotEqual(first.GetProperty("VarConfigurationBusObjectKey").GetString(), second.GetProperty("VarConfigurationBusObjectKey").GetString());
    }

    [Fact]
    public async Task Contained_collections_nest_and_expand_to_any_depth()
    {
        var (response, body) = await server.GetJson(Item + "/_VariantConfiguration?$expand=_Instance($expand=_Characteristic($expand=_AssignedValue))");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var instances = body.GetProperty("_Instance").EnumerateArray().ToList();
        Assert.True(instances.Count >= 2);
        var key = body.GetProperty("VarConfigurationBusObjectKey").GetString();
        Assert.All(instances, i => Assert.Equal(key, i.GetProperty("VarConfigurationBusObjectKey").GetString()));
        Assert.All(instances, i => Assert.Equal(JsonValueKind.Array, i.GetProperty("_Characteristic").ValueKind));
    }

    [Fact]
    public async Task A_contained_row_navigates_back_to_its_container()
    {
        var (_, configuration) = await server.GetJson(Item + "/_VariantConfiguration?$expand=_Instance($top=1;$expand=_VariantConfiguration)");
        var instance = configuration.GetProperty("_Instance")[0];

        Assert.Equal(configuration.GetProperty("VarConfigurationBusObjectKey").GetString(),
            instance.GetProperty("_VariantConfiguration").GetProperty("VarConfigurationBusObjectKey").GetString());
    }

    [Fact]
    public async Task Expand_all_on_items_includes_the_contained_configuration()
    {
        var (response, body) = await server.GetJson("/odata/v4/CE_SALESORDER_0001/SalesOrderItem?$top=2&$expand=*");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All(body.GetProperty("value").EnumerateArray(), i => Assert.Equal(JsonValueKind.Object, i.GetProperty("_VariantConfiguration").ValueKind));
    }
}
