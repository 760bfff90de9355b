using System.Net;
using System.Text.Json;

namespace SapSandbox.Server.Tests;

/// <summary>A sandbox started with <c>--services</c> pointing at a folder of metadata files and data files.</summary>
public sealed class FolderSandboxServer : SandboxServer
{
    protected override string? ServicesFolder => Path.Combine(AppContext.BaseDirectory, "Services", "Folder");
}

public class FolderServicesTests(FolderSandboxServer server) : IClassFixture<FolderSandboxServer>
{
    const string Types = "/odata/v4/TYPES_SRV/";

    [Fact]
    public async Task A_metadata_file_in_the_services_folder_is_served_under_its_file_name()
    {
        var (response, body) = await server.GetJson(Types);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["Things", "Parts"], body.GetProperty("value").EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToArray());
    }

    [Fact]
    public async Task Data_files_take_precedence_and_every_type_round_trips_exactly()
    {
        var (_, thing) = await server.GetJson(Types + "Things(6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7)");

        Assert.Equal("Zürich Ölkännchen", thing.GetProperty("Name").GetString());
        Assert.Equal(9007199254740993L, thing.GetProperty("Big").GetInt64());
        Assert.Equal(255, thing.GetProperty("Small").GetInt32());
        Assert.Equal("123456789012345678901.1234567891", thing.GetProperty("Amount").GetRawText());
        Assert.Equal(0.125, thing.GetProperty("Ratio").GetDouble());
        Assert.True(thing.GetProperty("Flag").GetBoolean());
        Assert.Equal("2024-02-29", thing.GetProperty("Day").GetString());
        Assert.Equal("2024-02-29T23:59:59.1234567Z", thing.GetProperty("At").GetString());
        Assert.Equal("2024-03-01T08:15:30Z", thing.GetProperty("AtSeconds").GetString());
        Assert.Equal("09:50:04.123", thing.GetProperty("Clock").GetString());
        Assert.Equal("P1DT2H3M4S", thing.GetProperty("Span").GetString());
        Assert.Equal(Convert.FromBase64String("AAEC/w=="), Convert.FromBase64String(thing.GetProperty("Blob").GetString()!.Replace('_', '/').Replace('-', '+').PadRight(8, '=')));
        Assert.Equal("Red,Blue", thing.GetProperty("Colours").GetString());
        Assert.Equal("Walldorf", thing.GetProperty("Address").GetProperty("City").GetString());
        Assert.Equal(["a", "b"], thing.GetProperty("Tags").EnumerateArray().Select(t => t.GetString()!).ToArray());
    }

    [Fact]
    public async Task Nulls_and_edge_values_round_trip()
    {
        var (_, thing) = await server.GetJson(Types + "Things(00000000-0000-0000-0000-000000000002)");

        Assert.Equal(JsonValueKind.Null, thing.GetProperty("Name").ValueKind);
        Assert.Equal(JsonValueKind.Null, thing.GetProperty("Blob").ValueKind);
        Assert.Equal("PT0S", thing.GetProperty("Span").GetString());
        Assert.Equal(JsonValueKind.Null, thing.GetProperty("Address").GetProperty("City").ValueKind);
    }

    [Fact]
    public async Task Over_V2_Atom_nulls_are_m_null_and_values_carry_their_V2_type()
    {
        var xml = await server.Client.GetStringAsync("/odata/v2/TYPES_SRV/Things(guid'00000000-0000-0000-0000-000000000002')");
        var properties = System.Xml.Linq.XDocument.Parse(xml).Descendants().First(e => e.Name.LocalName == "properties");
        System.Xml.Linq.XNamespace m = "http://schemas.microsoft.com/ado/2007/08/dataservices/metadata";

        Assert.Equal("true", properties.Elements().Single(e => e.Name.LocalName == "Name").Attribute(m + "null")!.Value);
        Assert.Equal("Edm.Int64", properties.Elements().Single(e => e.Name.LocalName == "Big").Attribute(m + "type")!.Value);
        Assert.Equal("-1", properties.Elements().Single(e => e.Name.LocalName == "Big").Value);
    }

    [Fact]
    public async Task Its_generated_V2_metadata_maps_types_V2_lacks_and_reads_back()
    {
        var bytes = await server.Client.GetByteArrayAsync("/odata/v2/TYPES_SRV/$metadata");

        var type = Core.Model.MetadataDocument.Parse("TYPES_SRV.edmx", bytes).Model.EntityContainer.FindEntitySet("Things").EntityType;
        Assert.Equal(Microsoft.OData.Edm.EdmPrimitiveTypeKind.Int32, Microsoft.OData.Edm.EdmTypeSemantics.PrimitiveKind(type.FindProperty("Colours").Type));
        Assert.NotNull(type.FindProperty("Address"));
        Assert.Null(type.FindProperty("Tags"));
        Assert.NotNull(type.FindProperty("Parts"));
    }

    [Fact]
    public async Task Int64_with_IEEE754Compatible_is_a_string_with_every_digit()
    {
        var (_, thing) = await server.GetJson(Types + "Things(6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7)?$select=Big,Amount",
            ("Accept", "application/json;IEEE754Compatible=true"));

        Assert.Equal("9007199254740993", thing.GetProperty("Big").GetString());
        Assert.Equal("123456789012345678901.1234567891", thing.GetProperty("Amount").GetString());
    }

    [Fact]
    public async Task Csv_data_file_rows_are_served_with_quoted_commas_intact()
    {
        var (_, body) = await server.GetJson(Types + "Things(6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7)/Parts", ("Prefer", "odata.maxpagesize=100"));

        Assert.Equal(["bolt, M6", "nut"], body.GetProperty("value").EnumerateArray().Select(p => p.GetProperty("Label").GetString()!).ToArray());
    }

    [Theory]
    [InlineData("Colours has sandbox.types.Colour'Blue'", 1)]
    [InlineData("Colours eq sandbox.types.Colour'Green'", 1)]
    [InlineData("Address/City eq 'Walldorf'", 1)]
    [InlineData("Amount gt 1", 1)]
    [InlineData("Day lt 2000-01-01", 1)]
    [InlineData("At gt 2024-01-01T00:00:00Z", 1)]
    [InlineData("Clock ge 09:00:00", 1)]
    [InlineData("Id eq 00000000-0000-0000-0000-000000000002", 1)]
    [InlineData("Parts/$count eq 2", 1)]
    [InlineData("Flag eq true and Big gt 0", 1)]
    [InlineData("Name eq null", 1)]
    [InlineData("Name ne null", 1)]
    [InlineData("Ratio lt 0", 1)]
    [InlineData("floor(Ratio) eq -3 and ceiling(Ratio) eq -2", 1)]
    public async Task Filters_over_every_type_select_the_right_rows(string filter, int expected)
    {
        var (response, body) = await server.GetJson(Types + "Things?$count=true&$filter=" + Uri.EscapeDataString(filter));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, body.GetProperty("@odata.count").GetInt32());
    }

    [Fact]
    public async Task The_service_settings_file_sets_its_page_size()
    {
        var (_, body) = await server.GetJson(Types + "Things");

        Assert.Equal(1, body.GetProperty("value").GetArrayLength());
        Assert.True(body.TryGetProperty("@odata.nextLink", out _));
    }

    [Fact]
    public async Task A_folder_named_after_a_bundled_service_sets_its_sizes_and_page_size()
    {
        var count = await server.Client.GetStringAsync("/odata/v4/CE_PURCHASEORDER_0001/PurchaseOrder/$count");
        var (_, page) = await server.GetJson("/odata/v4/CE_PURCHASEORDER_0001/PurchaseOrder");

        Assert.Equal("12", count);
        Assert.Equal(7, page.GetProperty("value").GetArrayLength());
    }

    [Fact]
    public async Task A_file_that_cannot_be_read_is_not_served_but_the_others_are()
    {
        var broken = await server.Client.GetAsync("/odata/v4/BROKEN/");
        var (typesResponse, _) = await server.GetJson(Types);

        Assert.Equal(HttpStatusCode.NotFound, broken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, typesResponse.StatusCode);
    }

    [Fact]
    public async Task A_V2_file_with_unknown_types_is_served_without_them()
    {
        var (response, body) = await server.GetJson("/odata/v4/API_TEST_SRV/A_TestEntity?$top=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(body.GetProperty("value")[0].TryGetProperty("SomethingTheSDKDoesNotSupport", out _));
    }
}
