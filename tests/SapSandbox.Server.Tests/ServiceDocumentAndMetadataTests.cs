using System.Net;
using System.Xml.Linq;

namespace SapSandbox.Server.Tests;

[Collection(SandboxCollection.Name)]
public class ServiceDocumentAndMetadataTests(SandboxServer server)
{
    [Theory]
    [InlineData("/odata/v4/CE_SALESORDER_0001/")]
    [InlineData("/sap/opu/odata4/sap/api_salesorder/srvd_a2x/sap/salesorder/0001/")]
    public async Task Service_document_lists_every_entity_set(string root)
    {
        var (response, body) = await server.GetJson(root);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("4.0", response.Headers.GetValues("OData-Version").Single());
        Assert.Equal("$metadata", body.GetProperty("@odata.context").GetString());
        var names = body.GetProperty("value").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToList();
        Assert.Contains("SalesOrder", names);
        Assert.Contains("SalesOrderItem", names);
    }

    [Fact]
    public async Task Metadata_of_a_V4_service_is_its_original_document_byte_for_byte()
    {
        var original = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Edmx", "Bundled", "CE_SALESORDER_0001.edmx"));

        var response = await server.Client.GetAsync("/sap/opu/odata4/sap/api_salesorder/srvd_a2x/sap/salesorder/0001/$metadata");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(original, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Metadata_of_a_V2_service_over_V4_is_CSDL_4_with_its_entity_sets()
    {
        var response = await server.Client.GetAsync("/odata/v4/API_SALES_ORDER_SRV/$metadata");
        var document = XDocument.Parse(await response.Content.ReadAsStringAsync());

        XNamespace edmx = "http://docs.oasis-open.org/odata/ns/edmx";
        XNamespace edm = "http://docs.oasis-open.org/odata/ns/edm";
        Assert.Equal(edmx + "Edmx", document.Root!.Name);
        Assert.Equal("4.0", document.Root.Attribute("Version")!.Value);
        Assert.Contains(document.Descendants(edm + "EntitySet"), e => e.Attribute("Name")!.Value == "A_SalesOrder");
    }

    [Fact]
    public async Task Metadata_asked_as_json_only_is_406()
    {
        var (response, body) = await server.GetJson("/odata/v4/CE_SALESORDER_0001/$metadata", ("Accept", "application/json"));

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        Assert.Contains("application/xml", body.GetProperty("error").GetProperty("message").GetString());
    }
}
