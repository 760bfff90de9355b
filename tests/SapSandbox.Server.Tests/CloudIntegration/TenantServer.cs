using System.Net;
using System.Text;
using System.Text.Json;

namespace SapSandbox.Server.Tests.CloudIntegration;

/// <summary>A Cloud Integration tenant of its own for a group's tests, with the reads every group's tests make.</summary>
public abstract class TenantServer : SandboxServer
{
    public const string Api = "/api/v1/";

    /// <summary>A call as Cloud Integration clients make it: CSRF token fetched on the service root, JSON in and out.</summary>
    public async Task<HttpResponseMessage> Send(HttpMethod method, string url, string? json = null, params (string Name, string Value)[] headers)
    {
        var token = await FetchCsrfToken(Client, Api);
        using var request = new HttpRequestMessage(method, url);
        if (json != null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        request.Headers.Add("X-CSRF-Token", token);
        request.Headers.Add("Accept", "application/json");
        foreach (var (name, value) in headers) request.Headers.Add(name, value);
        return await Client.SendAsync(request);
    }

    /// <summary>The <c>d</c> of a JSON read that must answer 200.</summary>
    public async Task<JsonElement> D(string url)
    {
        var (response, body) = await GetJson(url, ("Accept", "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return body.GetProperty("d");
    }

    public async Task<List<JsonElement>> Results(string url) => [.. (await D(url)).GetProperty("results").EnumerateArray()];

    public async Task<HttpStatusCode> Status(string url) => (await GetJson(url, ("Accept", "application/json"))).Response.StatusCode;

    /// <summary>A real capture or SAP example kept under <c>Golden/CloudIntegration</c>.</summary>
    public static string GoldenText(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "CloudIntegration", file));

    public static JsonElement Golden(string file) => JsonDocument.Parse(GoldenText(file)).RootElement.Clone();
}
