using System.Net;
using System.Text.RegularExpressions;
using System.Xml;
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

    /// <summary>
    /// The capture of a real Gateway entry (<c>Golden/MMIM_GR4PO_DL_SRV_entry_fragment.xml</c>, from
    /// <c>specs/s4/WIRE.md</c>) ends after its first navigation link, so it is read as far as it goes and the
    /// sandbox's entry must open the same way: element for element, attribute for attribute, same encodings.
    /// </summary>
    [Fact]
    public async Task An_entry_opens_element_for_element_as_a_captured_Gateway_entry()
    {
        var captured = Shape(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "MMIM_GR4PO_DL_SRV_entry_fragment.xml")));
        using var response = await server.Client.GetAsync(SalesOrders + "A_SalesOrder('0000001000')?$select=SalesOrder,to_Item");
        var ours = Shape(await response.Content.ReadAsStringAsync());

        Assert.Equal(7, captured.Count);
        Assert.Equal(captured, ours.Take(captured.Count));
    }

    /// <summary>Each element as name, attributes and the encoding of their values, in document order, as far as the XML is complete.</summary>
    static List<string> Shape(string xml)
    {
        var shapes = new List<string>();
        string? root = null, title = null;
        using var reader = XmlReader.Create(new StringReader(xml));
        try
        {
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Text && reader.Depth == 2 && shapes[^1].StartsWith("{http://www.w3.org/2005/Atom}title"))
                    title = reader.Value;
                if (reader.NodeType == XmlNodeType.Text && reader.Depth == 2 && shapes[^1].StartsWith("{http://www.w3.org/2005/Atom}id"))
                    shapes[^1] += reader.Value.StartsWith(root!) ? " =base+key" : " =" + reader.Value;
                if (reader.NodeType == XmlNodeType.Text && reader.Depth == 2 && shapes[^1].StartsWith("{http://www.w3.org/2005/Atom}updated"))
                    shapes[^1] += Regex.IsMatch(reader.Value, @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$") ? " =utc-seconds" : " =" + reader.Value;
                if (reader.NodeType != XmlNodeType.Element) continue;
                var attributes = new SortedSet<string>(StringComparer.Ordinal);
                while (reader.MoveToNextAttribute())
                {
                    if (reader.Prefix == "xmlns" || reader.Name == "xmlns")
                    {
                        attributes.Add($"{reader.Name}={reader.Value}");
                        continue;
                    }
                    if (reader.Name == "xml:base") root = reader.Value;
                    if (reader.Name == "m:etag") continue; // the captured type has no ETag
                    attributes.Add(reader.Name + "=" + reader.Name switch
                    {
                        "rel" when reader.Value.StartsWith("http://schemas.microsoft.com/ado/2007/08/dataservices/related/") => "related/<navigation>",
                        "rel" or "type" or "scheme" => reader.Value,
                        "term" => Regex.IsMatch(reader.Value, @"^\w+\.\w+$") ? "<namespace>.<type>" : reader.Value,
                        "xml:base" => Regex.IsMatch(reader.Value, "/sap/opu/odata/sap/\\w+/$") ? "<host>/sap/opu/odata/sap/<service>/" : reader.Value,
                        _ => "*",
                    });
                }
                reader.MoveToElement();
                shapes.Add($"{{{reader.NamespaceURI}}}{reader.LocalName} {string.Join(" ", attributes)}");
            }
        }
        catch (XmlException) when (xml.Contains("MMIM_GR4PO_DL_SRV"))
        {
            // The capture stops inside the entry: everything before is compared.
        }
        Assert.NotNull(title);
        return shapes;
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
