using System.Net;
using System.Text;

namespace SapSandbox.Server.Tests.CloudIntegration;

/// <summary>
/// A body the tenant cannot read is answered alike wherever the tenant takes JSON: 400, in the words SAP's API
/// reference uses ("request body does not contain the expected content"), or that the body must be an object.
/// </summary>
public class RequestBodyTests(SecurityContentServer security, IntegrationContentServer content, MessageStoresServer stores)
    : IClassFixture<SecurityContentServer>, IClassFixture<IntegrationContentServer>, IClassFixture<MessageStoresServer>
{
    const string Api = TenantServer.Api;

    public static TheoryData<string, string> Unreadable => new()
    {
        { "{\"Name\": ", "Request body does not contain the expected content" },
        { "[1, 2]", "The body is a JSON object" },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public async Task Security_content_refuses_a_body_it_cannot_read(string body, string message)
    {
        foreach (var set in new[] { "UserCredentials", "AccessPolicies", "KeyPairGenerationRequests", "CertificateUserMappings" })
        {
            using var response = await security.Send(HttpMethod.Post, Api + set, new StringContent(body, Encoding.UTF8, "application/json"));
            await AssertRefused(response, message, set);
        }
    }

    [Theory]
    [MemberData(nameof(Unreadable))]
    public async Task Integration_content_and_message_stores_refuse_a_body_they_cannot_read(string body, string message)
    {
        using (var response = await content.Send(HttpMethod.Post, Api + "IntegrationPackages", body))
            await AssertRefused(response, message, "IntegrationPackages");
        using (var response = await stores.Send(HttpMethod.Post, Api + "NumberRanges", body))
            await AssertRefused(response, message, "NumberRanges");
    }

    static async Task AssertRefused(HttpResponseMessage response, string message, string set)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{set}: {(int)response.StatusCode} {text}");
        Assert.Contains(message, text);
    }
}
