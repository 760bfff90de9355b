using System.Net;
using System.Xml.Linq;

namespace SapSandbox.Server.Tests;

[Collection(SandboxCollection.Name)]
public class V2AtomTests(SandboxServer server)
{
    const string SalesOrders = "/sap/opu/odata/sap/API_SALES_ORDER_SRV/";
    static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    static readonly XNamespace M = "http://schemas.microsoft.com/ado/2007/08/dataservices/metadata";
    static readonly XNamespace D = "http://schemas.microsoft.com/ado/2007/08/dataservices";

    async Task<(HttpResponseMessage Response, XDocument Document)> Get(string url, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept != null) request.Headers.TryAddWithoutValidation("Accept", accept);
        var response = await server.Client.SendAsync(request);
        return (response, XDocument.Parse(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Without_a_preference_V2_answers_an_Atom_feed_as_Gateway_does()
    {
        var (response, document) = await Get(SalesOrders + "A_SalesOrder?$top=2&$inlinecount=allpages");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType!.MediaType);
        var feed = document.Root!;
        Assert.Equal(Atom + "feed", feed.Name);
        Assert.Equal("50", feed.Element(M + "count")!.Value);
        var entry = feed.Elements(Atom + "entry").First();
        Assert.EndsWith("A_SalesOrder('0000001000')", entry.Element(Atom + "id")!.Value);
        Assert.Equal("API_SALES_ORDER_SRV.A_SalesOrderType", entry.Element(Atom + "category")!.Attribute("term")!.Value);
        Assert.StartsWith("W/\"datetimeoffset'", entry.Attribute(M + "etag")!.Value);
        var properties = entry.Element(Atom + "content")!.Element(M + "properties")!;
        Assert.Equal("0000001000", properties.Element(D + "SalesOrder")!.Value);
        Assert.Equal("Edm.DateTime", properties.Element(D + "CreationDate")!.Attribute(M + "type")!.Value);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT00:00:00$", properties.Element(D + "CreationDate")!.Value);
        Assert.Equal("Edm.Decimal", properties.Element(D + "TotalNetAmount")!.Attribute(M + "type")!.Value);
        Assert.Contains(entry.Elements(Atom + "link"), l => l.Attribute("title")?.Value == "to_Item"
            && l.Attribute("rel")!.Value == "http://schemas.microsoft.com/ado/2007/08/dataservices/related/to_Item");
    }

    [Fact]
    public async Task Expanded_navigations_are_inline_feeds()
    {
        var (_, document) = await Get(SalesOrders + "A_SalesOrder('0000001000')?$expand=to_Item", "application/atom+xml");

        var link = document.Root!.Elements(Atom + "link").Single(l => l.Attribute("title")?.Value == "to_Item");
        Assert.NotEmpty(link.Element(M + "inline")!.Element(Atom + "feed")!.Elements(Atom + "entry"));
    }

    [Fact]
    public async Task A_full_page_streams_with_a_next_link()
    {
        var (response, document) = await Get("/sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1000, document.Root!.Elements(Atom + "entry").Count());
        Assert.Contains("$skiptoken=", document.Root.Elements(Atom + "link").Single(l => l.Attribute("rel")!.Value == "next").Attribute("href")!.Value);
    }

    [Fact]
    public async Task The_service_document_is_AtomPub()
    {
        var (_, document) = await Get(SalesOrders);

        XNamespace app = "http://www.w3.org/2007/app";
        Assert.Contains(document.Root!.Element(app + "workspace")!.Elements(app + "collection"), c => c.Attribute("href")!.Value == "A_SalesOrder");
    }

    [Fact]
    public async Task Errors_for_Atom_clients_are_XML_error_documents()
    {
        var (response, document) = await Get(SalesOrders + "A_SalesOrder('9999999999')");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(M + "error", document.Root!.Name);
        Assert.Equal("en", document.Root.Element(M + "message")!.Attribute(XNamespace.Xml + "lang")!.Value);
    }
}
