using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Csdl;

namespace SapSandbox.Server.Tests;

/// <summary>A sandbox of its own for delta links, so that no other test's changes show up in the deltas.</summary>
public sealed class DeltaSandboxServer : SandboxServer, IAsyncLifetime
{
    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        Directory.Delete(_services, recursive: true);
    }

    string? _token;
    readonly string _services = Directory.CreateTempSubdirectory("sapsandbox-delta-services-").FullName;

    /// <summary>Beside the bundled services, one whose metadata switches change tracking off for a set.</summary>
    protected override string? ServicesFolder
    {
        get
        {
            File.WriteAllText(Path.Combine(_services, "DELTA_SRV.edmx"), """
                <edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
                  <edmx:Reference Uri="https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Capabilities.V1.xml">
                    <edmx:Include Namespace="Org.OData.Capabilities.V1" Alias="Capabilities"/>
                  </edmx:Reference>
                  <edmx:DataServices>
                    <Schema Namespace="delta" xmlns="http://docs.oasis-open.org/odata/ns/edm">
                      <EntityType Name="Note"><Key><PropertyRef Name="ID"/></Key>
                        <Property Name="ID" Type="Edm.Int32" Nullable="false"/><Property Name="Text" Type="Edm.String" MaxLength="40"/>
                      </EntityType>
                      <EntityContainer Name="Container">
                        <EntitySet Name="Tracked" EntityType="delta.Note">
                          <Annotation Term="Capabilities.ChangeTracking"><Record><PropertyValue Property="Supported" Bool="true"/></Record></Annotation>
                        </EntitySet>
                        <EntitySet Name="Untracked" EntityType="delta.Note">
                          <Annotation Term="Capabilities.ChangeTracking"><Record><PropertyValue Property="Supported" Bool="false"/></Record></Annotation>
                        </EntitySet>
                      </EntityContainer>
                    </Schema>
                  </edmx:DataServices>
                </edmx:Edmx>
                """);
            return _services;
        }
    }

    /// <summary>A change as a client sends it: JSON, with a CSRF token fetched once.</summary>
    public async Task<HttpResponseMessage> Send(HttpMethod method, string url, string? json = null, string contentType = "application/json")
    {
        _token ??= await FetchCsrfToken(Client, DeltaLinkTests.Service);
        using var request = new HttpRequestMessage(method, url);
        if (json != null) request.Content = new StringContent(json, Encoding.UTF8, contentType);
        request.Headers.TryAddWithoutValidation("X-CSRF-Token", _token);
        request.Headers.TryAddWithoutValidation("If-Match", "*");
        return await Client.SendAsync(request);
    }
}

/// <summary>V4 delta links: <c>Prefer: odata.track-changes</c>, <c>@odata.deltaLink</c>, and what a <c>$deltatoken</c> returns.</summary>
public class DeltaLinkTests(DeltaSandboxServer server) : IClassFixture<DeltaSandboxServer>
{
    public const string Service = "/odata/v4/CE_SALESORDER_0001/";
    const string Orders = Service + "SalesOrder";
    const string Items = Service + "SalesOrderItem";
    static readonly (string, string) TrackChanges = ("Prefer", "odata.track-changes");

    [Fact]
    public async Task A_tracked_read_applies_the_preference_and_ends_with_a_delta_link_that_is_empty_while_nothing_changes()
    {
        var (response, body) = await server.GetJson(Orders + "?$select=SalesOrder,PurchaseOrderByCustomer&$top=3", TrackChanges);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("odata.track-changes", response.Headers.GetValues("Preference-Applied"));
        Assert.Equal(3, body.GetProperty("value").GetArrayLength());
        Assert.False(body.TryGetProperty("@odata.nextLink", out _));
        var deltaLink = body.GetProperty("@odata.deltaLink").GetString()!;
        Assert.Contains("$select=SalesOrder,PurchaseOrderByCustomer", deltaLink);
        Assert.DoesNotContain("$top", deltaLink);

        var (delta, changes) = await server.GetJson(deltaLink);
        Assert.Equal(HttpStatusCode.OK, delta.StatusCode);
        Assert.Equal("$metadata#SalesOrder(SalesOrder,PurchaseOrderByCustomer)/$delta", changes.GetProperty("@odata.context").GetString());
        Assert.Empty(changes.GetProperty("value").EnumerateArray());
        Assert.Contains("$deltatoken=", changes.GetProperty("@odata.deltaLink").GetString());
    }

    [Fact]
    public async Task A_set_annotated_ChangeTracking_Supported_false_ignores_the_preference_and_refuses_tokens()
    {
        var (tracked, trackedBody) = await server.GetJson("/odata/v4/DELTA_SRV/Tracked", TrackChanges);
        var (untracked, untrackedBody) = await server.GetJson("/odata/v4/DELTA_SRV/Untracked", TrackChanges);
        var (refused, error) = await server.GetJson("/odata/v4/DELTA_SRV/Untracked?$deltatoken=" + Core.Changes.DeltaToken.Encode(1, "Untracked"));

        Assert.Contains("odata.track-changes", tracked.Headers.GetValues("Preference-Applied"));
        Assert.True(trackedBody.TryGetProperty("@odata.deltaLink", out _));
        Assert.Equal(HttpStatusCode.OK, untracked.StatusCode);
        Assert.False(untracked.Headers.Contains("Preference-Applied"));
        Assert.False(untrackedBody.TryGetProperty("@odata.deltaLink", out _));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("does not track changes", error.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_read_without_the_preference_has_no_delta_link()
    {
        var (response, body) = await server.GetJson(Orders + "?$top=1");

        Assert.False(response.Headers.Contains("Preference-Applied"));
        Assert.False(body.TryGetProperty("@odata.deltaLink", out _));
    }

    [Fact]
    public async Task The_delta_link_returns_exactly_the_entities_created_changed_and_deleted_since_the_token()
    {
        var parent = await Create("delta-parent", ""","_Item":[{"Product":"TG11","RequestedQuantity":1},{"Product":"TG12","RequestedQuantity":2}]""");
        var orderLink = await DeltaLink(Orders + "?$select=SalesOrder,PurchaseOrderByCustomer&$top=1");
        var itemLink = await DeltaLink(Items + "?$select=SalesOrder,SalesOrderItem,Product&$top=1");
        var existing = (await server.GetJson(Orders + "?$top=1&$skip=5&$select=SalesOrder")).Body.GetProperty("value")[0].GetProperty("SalesOrder").GetString()!;
        var (_, items) = await server.GetJson($"{Orders}('{parent}')/_Item?$select=SalesOrderItem");
        var gone = items.GetProperty("value")[0].GetProperty("SalesOrderItem").GetString();

        var created = await Create("delta-new");
        using (var update = await server.Send(HttpMethod.Patch, $"{Orders}('{existing}')", """{"PurchaseOrderByCustomer":"delta-changed"}"""))
            Assert.Equal(HttpStatusCode.NoContent, update.StatusCode);
        using (var delete = await server.Send(HttpMethod.Delete, $"{Items}(SalesOrder='{parent}',SalesOrderItem='{gone}')"))
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using (var added = await server.Send(HttpMethod.Post, $"{Orders}('{parent}')/_Item", """{"Product":"TG13","RequestedQuantity":4}"""))
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        // Orders: the new one, the changed one, and the parent, whose ETag its items' changes moved.
        var (_, orderDelta) = await server.GetJson(orderLink);
        var orders = orderDelta.GetProperty("value").EnumerateArray().ToDictionary(e => e.GetProperty("SalesOrder").GetString()!);
        Assert.Equal(new[] { created, existing, parent }.Order(), orders.Keys.Order());
        Assert.Equal("delta-new", orders[created].GetProperty("PurchaseOrderByCustomer").GetString());
        Assert.Equal("delta-changed", orders[existing].GetProperty("PurchaseOrderByCustomer").GetString());
        Assert.Equal(["@odata.etag", "PurchaseOrderByCustomer", "SalesOrder"], orders[created].EnumerateObject().Select(p => p.Name).Order());

        // Items: the one deleted as a removed entry, the one added in full.
        var (_, itemDelta) = await server.GetJson(itemLink);
        var entries = itemDelta.GetProperty("value").EnumerateArray().ToList();
        Assert.Equal(2, entries.Count);
        var removed = Assert.Single(entries, e => e.TryGetProperty("reason", out _));
        Assert.Equal("deleted", removed.GetProperty("reason").GetString());
        Assert.Equal($"SalesOrderItem(SalesOrder='{parent}',SalesOrderItem='{gone}')", removed.GetProperty("id").GetString());
        Assert.Equal("$metadata#SalesOrderItem/$deletedEntity", removed.GetProperty("@odata.context").GetString());
        Assert.Equal("TG13", Assert.Single(entries, e => e.TryGetProperty("Product", out _)).GetProperty("Product").GetString());

        // The new delta link starts after these changes.
        var (_, next) = await server.GetJson(orderDelta.GetProperty("@odata.deltaLink").GetString()!);
        Assert.Empty(next.GetProperty("value").EnumerateArray());
    }

    [Fact]
    public async Task An_entity_that_no_longer_matches_the_filter_is_removed_with_reason_changed()
    {
        var order = await Create("delta-filtered");
        var deltaLink = await DeltaLink(Orders + "?$filter=" + Uri.EscapeDataString("PurchaseOrderByCustomer eq 'delta-filtered'"));
        var joining = await Create("delta-filtered");
        using (var update = await server.Send(HttpMethod.Patch, $"{Orders}('{order}')", """{"PurchaseOrderByCustomer":"delta-elsewhere"}"""))
            Assert.Equal(HttpStatusCode.NoContent, update.StatusCode);
        await Create("delta-not-matching");

        var (_, delta) = await server.GetJson(deltaLink);
        var entries = delta.GetProperty("value").EnumerateArray().ToList();

        Assert.Equal(3, entries.Count);
        Assert.Equal(joining, Assert.Single(entries, e => e.TryGetProperty("SalesOrder", out _)).GetProperty("SalesOrder").GetString());
        var left = entries.Single(e => e.TryGetProperty("id", out var id) && id.GetString() == $"SalesOrder('{order}')");
        Assert.Equal("changed", left.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_rolled_back_changeset_leaves_the_delta_empty()
    {
        var deltaLink = await DeltaLink(Orders + "?$top=1");
        var batch = """
            {"requests":[
              {"id":"1","atomicityGroup":"g1","method":"post","url":"SalesOrder","body":{"SalesOrderType":"OR","PurchaseOrderByCustomer":"delta-rolled-back"}},
              {"id":"2","atomicityGroup":"g1","method":"patch","url":"SalesOrder('9999999999')","headers":{"if-match":"*"},"body":{"PurchaseOrderByCustomer":"x"}}
            ]}
            """;
        using var response = await server.Send(HttpMethod.Post, Service + "$batch", batch);
        var statuses = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("responses").EnumerateArray()
            .Select(r => r.GetProperty("status").GetInt32()).ToList();
        Assert.Contains(404, statuses);
        Assert.DoesNotContain(201, statuses);

        var (_, delta) = await server.GetJson(deltaLink);
        Assert.Empty(delta.GetProperty("value").EnumerateArray());
    }

    [Fact]
    public async Task A_token_that_is_malformed_for_another_set_or_not_kept_is_a_400_in_SAPs_format()
    {
        var deltaLink = await DeltaLink(Orders + "?$top=1");
        var token = deltaLink[(deltaLink.IndexOf("$deltatoken=", StringComparison.Ordinal) + "$deltatoken=".Length)..];
        var foreign = Core.Changes.DeltaToken.Encode(long.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(Pad(token))).Split(':')[0]), "SalesOrderItem");

        foreach (var url in new[]
                 {
                     Orders + "?$deltatoken=not-a-token",
                     Service + "SalesOrderItem?$deltatoken=" + token,
                     Orders + "?$deltatoken=" + foreign,
                     Orders + "?$deltatoken=" + Core.Changes.DeltaToken.Encode(0, "SalesOrder"),
                     Orders + "?$deltatoken=" + Core.Changes.DeltaToken.Encode(long.MaxValue, "SalesOrder"),
                 })
        {
            var (response, body) = await server.GetJson(url);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var error = body.GetProperty("error");
            Assert.Equal("$deltatoken", error.GetProperty("target").GetString());
            Assert.True(error.TryGetProperty("@SAP__common.ExceptionCategory", out _));
        }
    }

    [Fact]
    public async Task Paging_carries_the_token_to_the_last_page_which_alone_has_the_delta_link()
    {
        var filter = "?$filter=" + Uri.EscapeDataString("PurchaseOrderByCustomer eq 'delta-paged'") + "&$select=SalesOrder";
        for (var i = 0; i < 5; i++) await Create("delta-paged");

        var (first, page) = await server.GetJson(Orders + filter, ("Prefer", "odata.track-changes, odata.maxpagesize=2"));
        Assert.Contains("odata.track-changes", first.Headers.GetValues("Preference-Applied"));
        Assert.False(page.TryGetProperty("@odata.deltaLink", out _));
        // A change while the client pages is in the delta, since the token was taken before the first page.
        var during = await Create("delta-paged");
        var pages = 1;
        var seen = page.GetProperty("value").GetArrayLength();
        while (page.TryGetProperty("@odata.nextLink", out var next))
        {
            Assert.False(page.TryGetProperty("@odata.deltaLink", out _));
            (_, page) = await server.GetJson(next.GetString()!, ("Prefer", "odata.maxpagesize=2"));
            seen += page.GetProperty("value").GetArrayLength();
            pages++;
        }
        Assert.Equal(6, seen);
        Assert.Equal(3, pages);

        var (_, delta) = await server.GetJson(page.GetProperty("@odata.deltaLink").GetString()!);
        Assert.Equal(during, Assert.Single(delta.GetProperty("value").EnumerateArray()).GetProperty("SalesOrder").GetString());
    }

    [Fact]
    public async Task Microsoft_OData_reads_the_delta_as_an_OData_4_0_client()
    {
        var parent = await Create("delta-odl", ""","_Item":[{"Product":"TG11","RequestedQuantity":1}]""");
        var deltaLink = await DeltaLink(Items + "?$select=SalesOrder,SalesOrderItem,Product&$top=1");
        using (var added = await server.Send(HttpMethod.Post, $"{Orders}('{parent}')/_Item", """{"Product":"TG13","RequestedQuantity":4}"""))
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var (_, items) = await server.GetJson($"{Orders}('{parent}')/_Item?$select=SalesOrderItem,Product");
        var gone = items.GetProperty("value").EnumerateArray().First(i => i.GetProperty("Product").GetString() == "TG11").GetProperty("SalesOrderItem").GetString();
        using (var delete = await server.Send(HttpMethod.Delete, $"{Items}(SalesOrder='{parent}',SalesOrderItem='{gone}')"))
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);

        // Microsoft.OData's CSDL reader knows 4.0's scales only; RAP writes 4.01's "floating".
        var metadata = (await server.Client.GetStringAsync(Service + "$metadata")).Replace("Scale=\"floating\"", "Scale=\"variable\"");
        var model = CsdlReader.Parse(XmlReader.Create(new StringReader(metadata)));
        var set = model.EntityContainer.FindEntitySet("SalesOrderItem");
        using var response = await server.Client.GetAsync(deltaLink);
        var message = new ResponseMessage(await response.Content.ReadAsStreamAsync(), response.Content.Headers.ContentType!.ToString());
        using var messageReader = new ODataMessageReader(message,
            new ODataMessageReaderSettings { BaseUri = new Uri(server.BaseAddress, Service), Version = ODataVersion.V4 }, model);
        var reader = messageReader.CreateODataDeltaResourceSetReader(set, set.EntityType);
        var resources = new List<ODataResource>();
        var deleted = new List<ODataDeletedResource>();
        ODataDeltaResourceSet? feed = null;
        while (reader.Read())
        {
            if (reader.State == ODataReaderState.ResourceEnd && reader.Item is ODataResource resource) resources.Add(resource);
            if (reader.State == ODataReaderState.DeletedResourceEnd) deleted.Add((ODataDeletedResource)reader.Item);
            if (reader.State == ODataReaderState.DeltaResourceSetEnd) feed = (ODataDeltaResourceSet)reader.Item;
        }

        Assert.Equal("TG13", Assert.Single(resources).Properties.OfType<ODataProperty>().Single(p => p.Name == "Product").Value);
        var removed = Assert.Single(deleted);
        Assert.Equal(DeltaDeletedEntryReason.Deleted, removed.Reason);
        Assert.EndsWith($"SalesOrderItem(SalesOrder='{parent}',SalesOrderItem='{gone}')", removed.Id.ToString());
        Assert.Contains("$deltatoken=", feed!.DeltaLink!.ToString());
    }

    async Task<string> Create(string reference, string more = "")
    {
        using var response = await server.Send(HttpMethod.Post, Orders, $$"""{"SalesOrderType":"OR","PurchaseOrderByCustomer":"{{reference}}"{{more}}}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("SalesOrder").GetString()!;
    }

    /// <summary>Reads <paramref name="url"/> tracking changes, and returns the delta link of its (single) page.</summary>
    async Task<string> DeltaLink(string url)
    {
        var (response, body) = await server.GetJson(url, TrackChanges);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return body.GetProperty("@odata.deltaLink").GetString()!;
    }

    static string Pad(string base64Url)
    {
        var text = base64Url.Replace('-', '+').Replace('_', '/');
        return text + new string('=', (4 - text.Length % 4) % 4);
    }

    sealed class ResponseMessage(Stream body, string contentType) : IODataResponseMessage
    {
        readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = contentType, ["OData-Version"] = "4.0" };
        public IEnumerable<KeyValuePair<string, string>> Headers => _headers;
        public int StatusCode { get; set; } = 200;
        public string GetHeader(string headerName) => _headers.GetValueOrDefault(headerName)!;
        public void SetHeader(string headerName, string headerValue) => _headers[headerName] = headerValue;
        public Stream GetStream() => body;
    }
}
