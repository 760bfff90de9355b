using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SapSandbox.Server.Hosting;

namespace SapSandbox.Server.Tests;

/// <summary>A sandbox on a free loopback port over a fresh SQLite file: the real server, reached over real HTTP.</summary>
public class SandboxServer : IAsyncLifetime
{
    readonly string _folder = Directory.CreateTempSubdirectory("sapsandbox-e2e-").FullName;
    WebApplication? _app;

    public HttpClient Client { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;
    public WebApplication App => _app!;

    protected virtual string? ServicesFolder => null;
    protected virtual int PageSize => 1000;
    /// <summary>Configuration settings (as <c>sandbox.json</c> would hold them, by key) for a fixture that needs its own.</summary>
    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    public async Task InitializeAsync()
    {
        _app = SandboxHost.Build(new SandboxOptions
        {
            Urls = "http://127.0.0.1:0",
            Store = "sqlite:" + Path.Combine(_folder, "sandbox.db"),
            ServicesFolder = ServicesFolder,
            PageSize = PageSize,
            Settings = Settings,
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        Client = NewClient("sandbox", "sandbox");
    }

    public HttpClient NewClient(string? user, string? password)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (user != null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }

    public async Task<(HttpResponseMessage Response, JsonElement Body)> GetJson(string url, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length > 0 && (response.Content.Headers.ContentType?.MediaType?.Contains("json") ?? false)
            ? JsonDocument.Parse(text).RootElement.Clone()
            : default;
        return (response, body);
    }

    /// <summary>Fetches a CSRF token as SAP's clients do; the client's cookie container keeps the session cookie that comes with it.</summary>
    public async Task<string> FetchCsrfToken(HttpClient client, string serviceUrl)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, serviceUrl);
        request.Headers.Add("X-CSRF-Token", "Fetch");
        using var response = await client.SendAsync(request);
        return response.Headers.TryGetValues("X-CSRF-Token", out var token)
            ? token.Single()
            : throw new InvalidOperationException($"The {(int)response.StatusCode} answer to {serviceUrl} has no X-CSRF-Token");
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app != null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class SandboxCollection : ICollectionFixture<SandboxServer>
{
    public const string Name = "sandbox";
}
