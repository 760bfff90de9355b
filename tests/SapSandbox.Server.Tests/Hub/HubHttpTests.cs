using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace SapSandbox.Server.Tests.Hub;

/// <summary>
/// The API hub over plain HTTP: what needs a sign-in and what does not, the sign-in cookie on hub pages and on the
/// services (writes still need a CSRF token), and GET / staying the JSON service index for every client but a browser.
/// </summary>
[Collection(SandboxCollection.Name)]
public class HubHttpTests(SandboxServer server)
{
    [Theory]
    [InlineData("/hub", "/hub/signin?ReturnUrl=%2Fhub")]
    [InlineData("/hub/services/API_BUSINESS_PARTNER", "/hub/signin?ReturnUrl=%2Fhub%2Fservices%2FAPI_BUSINESS_PARTNER")]
    [InlineData("/hub/monitor", "/hub/signin?ReturnUrl=%2Fhub%2Fmonitor")]
    public async Task Hub_pages_send_a_visitor_who_is_not_signed_in_to_the_sign_in_page(string page, string signIn)
    {
        using var session = new HubSession(server.BaseAddress);
        using var response = await session.Client.GetAsync(page);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(signIn, response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_browser_opening_the_root_is_sent_to_the_hub()
    {
        using var session = new HubSession(server.BaseAddress);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        using var response = await session.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/hub", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/json")]
    [InlineData("text/html")]
    public async Task Clients_with_credentials_keep_the_JSON_service_index_at_the_root(string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        if (accept != null) request.Headers.Accept.ParseAdd(accept);
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var index = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var names = index.GetProperty("services").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToList();
        Assert.Contains("API_BUSINESS_PARTNER", names);
        Assert.Contains("CloudIntegration", names);
        var partner = index.GetProperty("services").EnumerateArray().First(s => s.GetProperty("name").GetString() == "API_BUSINESS_PARTNER");
        Assert.Equal("OData V2", partner.GetProperty("origin").GetString());
        Assert.Contains("/sap/opu/odata/sap/API_BUSINESS_PARTNER/", partner.GetProperty("v2").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task Without_credentials_the_root_still_answers_401_to_a_client_that_is_not_a_browser()
    {
        using var session = new HubSession(server.BaseAddress);
        using var response = await session.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/hub/assets/hub.css", "text/css")]
    [InlineData("/hub/assets/tryout.js", "text/javascript")]
    public async Task The_style_sheet_and_scripts_need_no_sign_in(string path, string type)
    {
        using var session = new HubSession(server.BaseAddress);
        using var response = await session.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_wrong_password_does_not_sign_in()
    {
        using var session = new HubSession(server.BaseAddress);
        using var response = await session.SignIn("sandbox", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Unknown user or wrong password", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(session.Cookies.GetCookies(server.BaseAddress), cookie => cookie.Name == "sapsandbox-hub");
    }

    [Fact]
    public async Task Signing_in_opens_the_catalog_and_service_pages_with_their_methods()
    {
        using var session = new HubSession(server.BaseAddress);
        using var signIn = await session.SignIn("sandbox", "sandbox");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/hub", signIn.Headers.Location!.OriginalString);

        var catalog = await session.Client.GetStringAsync("/hub");
        foreach (var name in new[] { "API_BUSINESS_PARTNER", "API_SALES_ORDER_SRV", "CE_SALESORDER_0001", "CE_PURCHASEORDER_0001", "CloudIntegration" })
        {
            Assert.Contains($"href=\"/hub/services/{name}\"", catalog);
            Assert.Contains($"href=\"/sandbox/openapi/{name}.json\"", catalog);
        }
        Assert.Contains("href=\"/sap/opu/odata/sap/API_BUSINESS_PARTNER/$metadata\"", catalog);
        Assert.Contains("href=\"/hub/monitor\"", catalog);

        var partners = await session.Client.GetStringAsync("/hub/services/API_BUSINESS_PARTNER");
        Assert.Contains("id=\"A-BusinessPartner-list\"", partners);
        Assert.Contains("id=\"A-BusinessPartner-create\"", partners);
        Assert.Contains("data-name=\"$inlinecount\"", partners);
        Assert.Contains("CSRF Token Handling", partners);

        // The V4 mount of the same service offers $count instead of $inlinecount.
        var v4 = await session.Client.GetStringAsync("/hub/services/API_BUSINESS_PARTNER?path=" + Uri.EscapeDataString("/odata/v4/API_BUSINESS_PARTNER/"));
        Assert.Contains("data-name=\"$count\"", v4);
        Assert.DoesNotContain("data-name=\"$inlinecount\"", v4);

        using var missing = await session.Client.GetAsync("/hub/services/NO_SUCH_SERVICE");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_methods_offered_follow_the_SAP_annotations()
    {
        using var session = new HubSession(server.BaseAddress);
        (await session.SignIn("sandbox", "sandbox")).Dispose();
        // A_Customer is sap:creatable="false" sap:deletable="false" (updatable); A_BPContactToAddress allows no change;
        // A_BusinessPartner is sap:deletable="false" (business partners are blocked, not deleted).
        var page = await session.Client.GetStringAsync("/hub/services/API_BUSINESS_PARTNER");
        Assert.Contains("id=\"A-Customer-list\"", page);
        Assert.Contains("id=\"A-Customer-update\"", page);
        Assert.DoesNotContain("id=\"A-Customer-create\"", page);
        Assert.DoesNotContain("id=\"A-Customer-delete\"", page);
        Assert.Contains("id=\"A-BPContactToAddress-read\"", page);
        Assert.DoesNotContain("id=\"A-BPContactToAddress-update\"", page);
        foreach (var method in new[] { "list", "read", "create", "update" })
            Assert.Contains($"id=\"A-BusinessPartner-{method}\"", page);
        Assert.DoesNotContain("id=\"A-BusinessPartner-delete\"", page);
    }

    [Fact]
    public async Task An_outside_return_address_after_sign_in_leads_to_the_hub()
    {
        using var session = new HubSession(server.BaseAddress);
        using var response = await session.SignIn("sandbox", "sandbox", "https://example.com/phish");
        Assert.Equal("/hub", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_sign_in_cookie_calls_the_services_and_changes_still_need_a_CSRF_token()
    {
        using var session = new HubSession(server.BaseAddress);
        (await session.SignIn("sandbox", "sandbox")).Dispose();
        using var read = await session.Client.GetAsync("/sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner?$top=1&$format=json");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);

        var id = "hub-http-" + Guid.NewGuid().ToString("N")[..8];
        var body = JsonSerializer.Serialize(new { Pid = "HubHttp", Id = id, Value = "v" });
        using var withoutToken = await session.Client.PostAsync("/api/v1/StringParameters", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, withoutToken.StatusCode);
        Assert.Equal("Required", withoutToken.Headers.GetValues("X-CSRF-Token").Single());

        var token = await server.FetchCsrfToken(session.Client, "/api/v1/");
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/StringParameters") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        create.Headers.Add("X-CSRF-Token", token);
        create.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var created = await session.Client.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task A_service_call_with_a_forged_cookie_is_refused_like_any_unauthenticated_call()
    {
        using var session = new HubSession(server.BaseAddress);
        session.Cookies.Add(server.BaseAddress, new Cookie("sapsandbox-hub", "forged"));
        using var response = await session.Client.GetAsync("/sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner?$top=1");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, header => header.Scheme == "Basic");
    }
}
