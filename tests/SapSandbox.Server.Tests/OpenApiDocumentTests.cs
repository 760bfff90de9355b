using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace SapSandbox.Server.Tests;

/// <summary>Reads <c>/sandbox/openapi/NAME.json</c> as an OpenAPI tool does and checks it against the service.</summary>
static class OpenApiReading
{
    public static async Task<(string Text, OpenApiDocument Document)> Read(SandboxServer server, string url)
    {
        var response = await server.Client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var (document, diagnostic) = OpenApiDocument.Parse(text, "json", new OpenApiReaderSettings());
        Assert.True(diagnostic!.Errors.Count == 0, $"{url}: {string.Join("; ", diagnostic.Errors.Take(10))}");
        Assert.StartsWith("3.0", diagnostic.SpecificationVersion.ToString().Replace("OpenApi", "").Replace('_', '.'));
        var errors = document!.Validate(ValidationRuleSet.GetDefaultRuleSet())?.ToList() ?? [];
        Assert.True(errors.Count == 0, $"{url}: {string.Join("; ", errors.Take(10))}");
        return (text, document!);
    }

    /// <summary>Every service the sandbox lists, with the OpenAPI URL of each protocol it is served in.</summary>
    public static async Task<List<string>> Urls(SandboxServer server)
    {
        var (_, index) = await server.GetJson("/");
        var urls = new List<string>();
        foreach (var service in index.GetProperty("services").EnumerateArray())
        {
            var name = service.GetProperty("name").GetString()!;
            if (service.GetProperty("v2").GetArrayLength() > 0) urls.Add($"/sandbox/openapi/{name}.json?version=2");
            if (service.GetProperty("v4").GetArrayLength() > 0) urls.Add($"/sandbox/openapi/{name}.json?version=4");
        }
        return urls;
    }

    public static OpenApiOperation? Operation(OpenApiDocument document, string path, HttpMethod method) =>
        document.Paths.TryGetValue(path, out var item) && item.Operations!.TryGetValue(method, out var operation) ? operation : null;

    public static IOpenApiSchema Schema(OpenApiDocument document, string name) => document.Components!.Schemas![name];
}

[Collection(SandboxCollection.Name)]
public class OpenApiDocumentTests(SandboxServer server)
{
    const string SalesOrderV2 = "/sandbox/openapi/API_SALES_ORDER_SRV.json";
    const string SalesOrderV4 = "/sandbox/openapi/CE_SALESORDER_0001.json";

    [Fact]
    public async Task Every_served_service_has_a_valid_document_per_protocol()
    {
        var urls = await OpenApiReading.Urls(server);

        Assert.Contains("/sandbox/openapi/CloudIntegration.json?version=2", urls);
        Assert.True(urls.Count >= 9, string.Join(", ", urls));
        foreach (var url in urls)
        {
            var (_, document) = await OpenApiReading.Read(server, url);
            Assert.NotEmpty(document.Paths);
        }
    }

    [Fact]
    public async Task Without_a_version_the_document_describes_the_services_own_protocol_at_its_own_path()
    {
        var (_, v2) = await OpenApiReading.Read(server, SalesOrderV2);
        var (_, v4) = await OpenApiReading.Read(server, SalesOrderV4);

        Assert.Equal(server.BaseAddress.ToString().TrimEnd('/') + "/sap/opu/odata/sap/API_SALES_ORDER_SRV", v2.Servers![0].Url);
        Assert.Contains(v2.Servers, s => s.Url == server.BaseAddress.ToString().TrimEnd('/') + "/odata/v2/API_SALES_ORDER_SRV");
        Assert.Equal("ODATA", ((JsonNodeExtension)v2.Info.Extensions!["x-sap-api-type"]).Node.GetValue<string>());
        Assert.Equal(server.BaseAddress.ToString().TrimEnd('/') + "/sap/opu/odata4/sap/api_salesorder/srvd_a2x/sap/salesorder/0001", v4.Servers![0].Url);
        Assert.Equal("ODATAV4", ((JsonNodeExtension)v4.Info.Extensions!["x-sap-api-type"]).Node.GetValue<string>());
    }

    [Fact]
    public async Task A_V2_document_names_V2_query_options_and_wraps_results_in_d()
    {
        var (_, document) = await OpenApiReading.Read(server, SalesOrderV2);

        var read = OpenApiReading.Operation(document, "/A_SalesOrder", HttpMethod.Get)!;
        var names = read.Parameters!.Select(p => p.Name).ToList();
        // No search: the set is not sap:searchable="true", and Gateway refuses search= there.
        Assert.Equal(["$top", "$skip", "$filter", "$inlinecount", "$orderby", "$select", "$expand"], names);
        var page = read.Responses!["200"].Content!["application/json"].Schema!;
        Assert.Equal(JsonSchemaType.Array, page.Properties!["d"].Properties!["results"].Type);
        Assert.Equal("API_SALES_ORDER_SRV.A_SalesOrderType", ((OpenApiSchemaReference)page.Properties["d"].Properties!["results"].Items!).Reference.Id);

        // Gateway's verbose JSON: decimals and dates as strings, to-many navigations as {"results": [...]}.
        var order = OpenApiReading.Schema(document, "API_SALES_ORDER_SRV.A_SalesOrderType");
        Assert.Equal("decimal", order.Properties!["TotalNetAmount"].Format);
        Assert.Equal(JsonSchemaType.String, order.Properties["TotalNetAmount"].Type & ~JsonSchemaType.Null);
        Assert.StartsWith("^/Date", order.Properties["CreationDate"].Pattern);
        Assert.Equal(10, order.Properties["SalesOrder"].MaxLength);
        Assert.NotNull(order.Properties["SalesOrder"].Title);
        Assert.Equal(JsonSchemaType.Array, order.Properties["to_Item"].Properties!["results"].Type);
    }

    [Fact]
    public async Task A_V2_document_offers_the_methods_the_sets_annotations_allow_with_the_CSRF_header_on_changes()
    {
        var (_, document) = await OpenApiReading.Read(server, SalesOrderV2);

        Assert.NotNull(OpenApiReading.Operation(document, "/A_SalesOrder", HttpMethod.Post));
        Assert.Contains(OpenApiReading.Operation(document, "/A_SalesOrder", HttpMethod.Post)!.Parameters!, p => p.Name == "X-CSRF-Token" && p.In == ParameterLocation.Header && p.Required);
        Assert.NotNull(OpenApiReading.Operation(document, "/A_SalesOrder('{SalesOrder}')", HttpMethod.Patch));
        Assert.NotNull(OpenApiReading.Operation(document, "/A_SalesOrder('{SalesOrder}')", HttpMethod.Delete));
        // sap:creatable="false" sap:deletable="false"
        Assert.Null(OpenApiReading.Operation(document, "/A_SalesOrderBillingPlan", HttpMethod.Post));
        Assert.NotNull(OpenApiReading.Operation(document, "/A_SalesOrderBillingPlan", HttpMethod.Get));
        Assert.Contains(document.Paths.Keys, p => p.StartsWith("/A_SalesOrderBillingPlan(") && document.Paths[p].Operations!.ContainsKey(HttpMethod.Patch));
        Assert.DoesNotContain(document.Paths.Keys, p => p.StartsWith("/A_SalesOrderBillingPlan(") && document.Paths[p].Operations!.ContainsKey(HttpMethod.Delete));
        Assert.NotNull(OpenApiReading.Operation(document, "/A_SalesOrder('{SalesOrder}')/to_Item", HttpMethod.Get));
        Assert.NotNull(OpenApiReading.Operation(document, "/$batch", HttpMethod.Post));
        // The function import, called with POST as its m:HttpMethod says.
        Assert.NotNull(OpenApiReading.Operation(document, "/rejectApprovalRequest", HttpMethod.Post));
        // Create and update variants: keys are not updated, computed properties neither created nor updated.
        Assert.Contains("SalesOrder", OpenApiReading.Schema(document, "API_SALES_ORDER_SRV.A_SalesOrderType-create").Properties!.Keys);
        Assert.DoesNotContain("SalesOrder", OpenApiReading.Schema(document, "API_SALES_ORDER_SRV.A_SalesOrderType-update").Properties!.Keys);
        Assert.NotNull(document.Components!.SecuritySchemes!["basic"]);
        Assert.Equal(new Uri(server.BaseAddress, "/oauth/token"), document.Components.SecuritySchemes["oauth2"].Flows!.ClientCredentials!.TokenUrl);
    }

    [Fact]
    public async Task A_V4_document_names_V4_query_options_and_maps_Edm_types()
    {
        var (_, document) = await OpenApiReading.Read(server, SalesOrderV4);

        var read = OpenApiReading.Operation(document, "/SalesOrder", HttpMethod.Get)!;
        Assert.Contains(read.Parameters!, p => p.Name == "$count");
        Assert.DoesNotContain(read.Parameters!, p => p.Name == "$inlinecount");
        Assert.Equal(JsonSchemaType.Array, read.Responses!["200"].Content!["application/json"].Schema!.Properties!["value"].Type);
        Assert.NotNull(OpenApiReading.Operation(document, "/SalesOrder('{SalesOrder}')", HttpMethod.Patch));
        Assert.DoesNotContain(document.Paths.Values, p => p.Operations!.ContainsKey(HttpMethod.Put));

        var order = OpenApiReading.Schema(document, "com.sap.gateway.srvd_a2x.api_salesorder.v0001.SalesOrder_Type");
        var amount = order.Properties!["TotalNetAmount"];
        Assert.Contains(amount.AnyOf!, s => (s.Type & ~JsonSchemaType.Null) == JsonSchemaType.Number && s.Format == "decimal");
        Assert.Contains(amount.AnyOf!, s => (s.Type & ~JsonSchemaType.Null) == JsonSchemaType.String);
        Assert.Equal("date", order.Properties["SalesOrderDate"].Format);
        Assert.Equal("date-time", order.Properties["LastChangeDateTime"].Format);
        // The bound action and the contained items under their order.
        Assert.Contains(document.Paths.Keys, p => p.EndsWith(".UpdatePrices"));
        Assert.Contains(document.Paths.Keys, p => p.StartsWith("/SalesOrder('{SalesOrder}')/_Item"));
    }

    [Fact]
    public async Task The_documents_paths_are_URLs_the_service_answers()
    {
        var (_, document) = await OpenApiReading.Read(server, "/sandbox/openapi/API_BUSINESS_PARTNER.json");
        var root = new Uri(document.Servers![0].Url!).AbsolutePath;

        var collections = document.Paths.Keys.Where(p => p != "/" && !p.Contains('(') && !p.StartsWith("/$")).ToList();
        Assert.True(collections.Count > 30);
        foreach (var path in collections)
        {
            var response = await server.Client.GetAsync(root + path + "?$top=1&$inlinecount=allpages&$format=json");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        }
        var (_, first) = await server.GetJson(root + "/A_BusinessPartner?$top=1&$format=json");
        var key = first.GetProperty("d").GetProperty("results")[0].GetProperty("BusinessPartner").GetString();
        var entity = await server.Client.GetAsync(root + "/A_BusinessPartner('{BusinessPartner}')".Replace("{BusinessPartner}", key) + "?$format=json");
        Assert.Equal(HttpStatusCode.OK, entity.StatusCode);
    }

    [Fact]
    public async Task Cloud_Integration_has_a_V2_document_of_all_its_sets_and_no_V4_one()
    {
        var (_, document) = await OpenApiReading.Read(server, "/sandbox/openapi/CloudIntegration.json");

        Assert.EndsWith("/api/v1", document.Servers![0].Url);
        Assert.True(document.Paths.Keys.Count(p => p != "/" && !p.Contains('(') && !p.StartsWith("/$")) >= 131);
        var (response, body) = await server.GetJson("/sandbox/openapi/CloudIntegration.json?version=4");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("V4", body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_unknown_service_or_version_is_a_JSON_error_and_anonymous_requests_are_refused()
    {
        var (missing, body) = await server.GetJson("/sandbox/openapi/NO_SUCH_SRV.json");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("NO_SUCH_SRV", body.GetProperty("error").GetProperty("message").GetString());

        var (wrong, _) = await server.GetJson(SalesOrderV2 + "?version=3");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);

        using var anonymous = server.NewClient(null, null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(SalesOrderV2)).StatusCode);
    }

    [Fact]
    public async Task A_document_is_built_once_and_then_served_from_memory()
    {
        var (first, _) = await OpenApiReading.Read(server, "/sandbox/openapi/API_BUSINESS_PARTNER.json?version=4");
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++) Assert.Equal(first, await server.Client.GetStringAsync("/sandbox/openapi/API_BUSINESS_PARTNER.json?version=4"));
        Assert.True(watch.ElapsedMilliseconds < 2000, $"20 reads took {watch.ElapsedMilliseconds} ms");
    }
}

public class FolderServiceOpenApiTests(FolderSandboxServer server) : IClassFixture<FolderSandboxServer>
{
    [Fact]
    public async Task Folder_services_have_valid_documents_in_both_protocols()
    {
        var urls = await OpenApiReading.Urls(server);

        Assert.Contains("/sandbox/openapi/TYPES_SRV.json?version=4", urls);
        foreach (var url in urls) await OpenApiReading.Read(server, url);
    }

    [Fact]
    public async Task Every_Edm_type_maps_to_its_JSON_schema_per_protocol()
    {
        var (_, v4) = await OpenApiReading.Read(server, "/sandbox/openapi/TYPES_SRV.json?version=4");
        var (_, v2) = await OpenApiReading.Read(server, "/sandbox/openapi/TYPES_SRV.json?version=2");

        var name = v4.Components!.Schemas!.Keys.Single(k => k.EndsWith(".Thing"));
        var thing = OpenApiReading.Schema(v4, name).Properties!;
        Assert.Equal("uuid", thing["Id"].Format);
        Assert.Contains(thing["Big"].AnyOf!, s => s.Format == "int64");
        Assert.Contains(thing["Big"].AnyOf!, s => (s.Type & ~JsonSchemaType.Null) == JsonSchemaType.String);
        Assert.Equal("date", thing["Day"].Format);
        Assert.Equal("date-time", thing["At"].Format);
        Assert.Equal("partial-time", thing["Clock"].Format);
        Assert.Equal("duration", thing["Span"].Format);
        Assert.Equal("base64url", thing["Blob"].Format);
        Assert.Equal(JsonSchemaType.Array, thing["Tags"].Type & ~JsonSchemaType.Null);
        Assert.True(thing["Name"].Type!.Value.HasFlag(JsonSchemaType.Null));

        var thingV2 = OpenApiReading.Schema(v2, name).Properties!;
        Assert.Equal(JsonSchemaType.String, thingV2["Big"].Type & ~JsonSchemaType.Null);
        Assert.StartsWith("^/Date", thingV2["Day"].Pattern);
        Assert.False(thingV2.ContainsKey("Tags")); // V2 has no collection properties
        Assert.Contains(v2.Paths.Keys, p => p.StartsWith("/Things(guid'{Id}')"));
        Assert.Contains(v4.Paths.Keys, p => p.StartsWith("/Things({Id})"));
    }
}
