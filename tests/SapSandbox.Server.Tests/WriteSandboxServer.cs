using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace SapSandbox.Server.Tests;

/// <summary>A sandbox of its own for the tests that change data, so that the read tests' counts stay true.</summary>
public class WriteSandboxServer : SandboxServer
{
    /// <summary>Sends a change as a client would: with a CSRF token fetched once per client and service, and JSON.</summary>
    public async Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string url, string? json = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, url);
        if (json != null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        request.Headers.TryAddWithoutValidation("X-CSRF-Token", await Token(client, url));
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return await client.SendAsync(request);
    }

    public Task<HttpResponseMessage> Send(HttpMethod method, string url, string? json = null, params (string Name, string Value)[] headers) =>
        Send(Client, method, url, json, headers);

    public static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    readonly Dictionary<(HttpClient, string), string> _tokens = [];

    async Task<string> Token(HttpClient client, string url)
    {
        var root = ServiceRoot(url);
        lock (_tokens)
            if (_tokens.TryGetValue((client, root), out var known)) return known;
        using var fetch = new HttpRequestMessage(HttpMethod.Head, root);
        fetch.Headers.TryAddWithoutValidation("X-CSRF-Token", "Fetch");
        using var response = await client.SendAsync(fetch);
        var token = response.Headers.TryGetValues("X-CSRF-Token", out var values) ? values.First() : "";
        lock (_tokens) _tokens[(client, root)] = token;
        return token;
    }

    /// <summary>The service's root in a test URL: everything up to the entity set.</summary>
    static string ServiceRoot(string url)
    {
        foreach (var marker in new[] { "/odata/v4/", "/odata/v2/", "/sap/opu/odata/sap/" })
        {
            var at = url.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0) continue;
            var end = url.IndexOf('/', at + marker.Length);
            return url[..(end + 1)];
        }
        var v4 = url.IndexOf("/0001/", StringComparison.Ordinal);
        return v4 >= 0 ? url[..(v4 + 6)] : url;
    }
}

[CollectionDefinition(Name)]
public sealed class WriteCollection : ICollectionFixture<WriteSandboxServer>
{
    public const string Name = "writes";
}
