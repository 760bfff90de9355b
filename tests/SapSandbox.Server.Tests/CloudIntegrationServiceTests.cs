using System.Net;
using System.Text.Json;
using System.Xml.Linq;

namespace SapSandbox.Server.Tests;

/// <summary>The Cloud Integration API at <c>/api/v1</c>: the tenant's model, and every entity set answering.</summary>
[Collection(SandboxCollection.Name)]
public class CloudIntegrationServiceTests(SandboxServer server)
{
    const string Api = "/api/v1/";
    static readonly XNamespace Edm = "http://schemas.microsoft.com/ado/2008/09/edm";

    [Fact]
    public async Task The_metadata_has_the_tenants_131_entity_sets_Neos_certificate_user_mappings_and_35_function_imports()
    {
        var document = XDocument.Parse(await server.Client.GetStringAsync(Api + "$metadata"));

        // The CF tenant's 131 sets, and Neo's CertificateUserMappings, which the API documents and the X.509 sign-in honours.
        Assert.Equal(132, document.Descendants(Edm + "EntitySet").Count());
        Assert.Equal(35, document.Descendants(Edm + "FunctionImport").Count());
        Assert.Contains(document.Descendants(Edm + "FunctionImport"), f => (string?)f.Attribute("Name") == "DeployIntegrationDesigntimeArtifact");
    }

    [Fact]
    public async Task Every_entity_set_of_the_service_document_answers_a_page_in_JSON()
    {
        var (_, document) = await server.GetJson(Api, ("Accept", "application/json"));
        var sets = document.GetProperty("d").GetProperty("EntitySets").EnumerateArray().Select(s => s.GetString()!).ToList();
        Assert.Equal(132, sets.Count);

        var failures = new List<string>();
        foreach (var set in sets)
        {
            // A tenant lists user credential parameters only for one partner (any other read of the list is its documented 500).
            var query = set == "UserCredentialParameters" ? "?$top=2&$filter=Pid eq 'Receiver_1'" : "?$top=2";
            var (response, body) = await server.GetJson(Api + set + query, ("Accept", "application/json"));
            if (response.StatusCode != HttpStatusCode.OK || body.GetProperty("d").GetProperty("results").ValueKind != JsonValueKind.Array)
                failures.Add($"{set}: {(int)response.StatusCode}");
        }
        Assert.True(failures.Count == 0, string.Join("; ", failures));
    }

    [Fact]
    public async Task The_tenant_path_takes_the_same_CSRF_protection_as_a_tenant()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Api + "IntegrationPackages") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Required", response.Headers.GetValues("X-CSRF-Token").Single());
    }
}
