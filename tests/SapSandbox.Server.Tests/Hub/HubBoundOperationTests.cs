using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace SapSandbox.Server.Tests.Hub;

/// <summary>
/// Operations that act on an entity set appear in its API reference with a Try out form: V4 actions and functions
/// bound to its entity type (called after the key with their qualified name) or to the collection, and V2 function
/// imports whose <c>sap:action-for</c> names its entity type (called at the root). The OpenAPI document lists an
/// action-for import under its sets' tags too.
/// </summary>
public partial class HubBoundOperationTests(FolderSandboxServer server) : IClassFixture<FolderSandboxServer>
{
    const string Action = "com.sap.gateway.srvd_a2x.api_salesorder.v0001.UpdatePrices";

    [Fact]
    public async Task A_V4_action_bound_to_an_entity_is_offered_with_its_set_with_a_key_and_its_parameters_as_the_body()
    {
        using var session = new HubSession(server.BaseAddress);
        await session.SignIn("sandbox", "sandbox");
        var html = WebUtility.HtmlDecode(await session.Client.GetStringAsync("/hub/services/CE_SALESORDER_0001?path=" + Uri.EscapeDataString("/odata/v4/CE_SALESORDER_0001/")));

        var order = Section(html, "SalesOrder");
        Assert.Contains($"<details class=\"method\" id=\"SalesOrder-op-UpdatePrices\" data-kind=\"action\" data-verb=\"POST\" data-target=\"SalesOrder\" data-segment=\"{Action}\">", order);
        Assert.Contains($"/SalesOrder({{SalesOrder}})/{Action}", order);
        Assert.Contains("data-name=\"SalesOrder\" data-type=\"Edm.String\"", order);
        Assert.Matches("\"PricingType\": null", order);
        Assert.Contains("1 operation</span>", order);
        // Bound to the item type as well: its section has the two-part key.
        var item = Section(html, "SalesOrderItem");
        Assert.Contains($"/SalesOrderItem(SalesOrder={{SalesOrder}},SalesOrderItem={{SalesOrderItem}})/{Action}", item);

        // V2 has no bound operations: the same service at its V2 path offers none.
        var v2 = await session.Client.GetStringAsync("/hub/services/CE_SALESORDER_0001?path=" + Uri.EscapeDataString("/odata/v2/CE_SALESORDER_0001/"));
        Assert.DoesNotContain("-op-UpdatePrices", v2);

        // The request the form builds (the key after the set, the qualified name, the body) is one the service answers.
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("sandbox:sandbox")));
        using var fetch = new HttpRequestMessage(HttpMethod.Get, "/odata/v4/CE_SALESORDER_0001/");
        fetch.Headers.Add("X-CSRF-Token", "Fetch");
        using var fetched = await client.SendAsync(fetch);
        using var call = new HttpRequestMessage(HttpMethod.Post, $"/odata/v4/CE_SALESORDER_0001/SalesOrder('0000001000')/{Action}")
        {
            Content = new StringContent("""{"PricingType":"B"}""", Encoding.UTF8, "application/json"),
        };
        call.Headers.Add("X-CSRF-Token", fetched.Headers.GetValues("X-CSRF-Token").Single());
        call.Headers.Add("Cookie", string.Join("; ", fetched.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        using var answered = await client.SendAsync(call);
        Assert.True(answered.IsSuccessStatusCode, $"{(int)answered.StatusCode} {await answered.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task A_V2_function_import_with_sap_action_for_is_offered_with_each_set_of_its_entity_type_and_tagged_so_in_OpenAPI()
    {
        using var session = new HubSession(server.BaseAddress);
        await session.SignIn("sandbox", "sandbox");
        var html = WebUtility.HtmlDecode(await session.Client.GetStringAsync("/hub/services/API_TEST_SRV"));

        foreach (var set in new[] { "A_TestEntityWithSharedEntityType1", "A_TestEntityWithSharedEntityType2" })
        {
            var section = Section(html, set);
            var id = set.Replace('_', '-'); // method ids are the set's name with '-' for what is not a letter or digit
            // Called at the root as any import (no segment, the import as the target), with its parameters in the URL.
            Assert.Contains($"<details class=\"method\" id=\"{id}-op-TestFunctionImportSharedEntityReturnType\" data-kind=\"function\" data-verb=\"GET\" data-target=\"TestFunctionImportSharedEntityReturnType\"", section);
            Assert.Contains($"id=\"{id}-op-TestFunctionImportSharedEntityReturnTypeCollection\"", section);
        }
        // The import is still listed with the other operations at the root.
        Assert.Contains("id=\"op-TestFunctionImportSharedEntityReturnType\"", html);
        Assert.DoesNotContain("-op-TestFunctionImportSharedEntityReturnType", Section(html, "A_TestEntity"));

        var (_, document) = await OpenApiReading.Read(server, "/sandbox/openapi/API_TEST_SRV.json?version=2");
        var tags = OpenApiReading.Operation(document, "/TestFunctionImportSharedEntityReturnType", HttpMethod.Get)!.Tags!.Select(t => t.Name).ToList();
        Assert.Equal(["A_TestEntityWithSharedEntityType1", "A_TestEntityWithSharedEntityType2", "Functions and actions"], tags.Order());
    }

    /// <summary>The HTML of one entity set's section of the reference.</summary>
    static string Section(string html, string set)
    {
        var match = Regex.Match(html, $"<section id=\"set-{Regex.Escape(set)}\"[\\s\\S]*?</section>");
        Assert.True(match.Success, $"no section for {set}");
        return match.Value;
    }
}
