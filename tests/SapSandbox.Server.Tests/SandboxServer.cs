using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SapSandbox.Server.Hosting;

namespace SapSandbox.Server.Tests;

/// <summary>
/// A sandbox on a free loopback port over a SQLite file of its own (a copy of the run's seeded store, see
/// <see cref="Stores.SeededStoreTemplates"/>): the real server, reached over real HTTP.
/// </summary>
public class SandboxServer : IAsyncLifetime
{
    readonly string _folder = Directory.CreateTempSubdirectory("sapsandbox-e2e-").FullName;
    WebApplication? _app;

    public HttpClient Client { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;
    public WebApplication App => _app!;
    /// <summary>The store's SQLite file (on SQLite).</summary>
    public string StoreFile => Path.Combine(_folder, "sandbox.db");
    /// <summary>The server's <c>--store</c>: the SQLite file, or its own PostgreSQL database (<see cref="Stores.TestStores"/>).</summary>
    public string Store { get; private set; } = "";

    /// <summary>The server's store opened anew, for a test that looks at (or arranges) rows behind the API.</summary>
    public Core.Store.SandboxStore OpenStore() => StoreLocation.Parse(Store).Open();

    /// <summary>Takes the store away under the running server: deletes the SQLite file, or drops the database.</summary>
    public void RemoveStore()
    {
        if (Stores.TestStores.OnPostgres) Stores.TestStores.Drop(Store);
        else File.Delete(StoreFile);
    }

    protected virtual string? ServicesFolder => null;
    protected virtual int PageSize => 1000;
    /// <summary>Configuration settings (as <c>sandbox.json</c> would hold them, by key) for a fixture that needs its own.</summary>
    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;
    /// <summary>HTTPS listeners (<c>--https-urls</c>) for a fixture that needs them, e.g. <c>https://127.0.0.1:0</c>.</summary>
    protected virtual string? HttpsUrls => null;
    /// <summary>
    /// Whether the server starts on a copy of the run's seeded store (and so skips seeding); false for a fixture
    /// whose tests are about seeding itself, whose start must seed an empty store.
    /// </summary>
    protected virtual bool StartsSeeded => true;
    /// <summary>The HTTPS listener's address when <see cref="HttpsUrls"/> asked for one.</summary>
    public Uri? HttpsAddress { get; private set; }

    public async Task InitializeAsync()
    {
        // A copy of this run's seeded store for the same services and page size: the start finds it seeded.
        Store = await Stores.TestStores.CreateAsync(StoreFile, ServicesFolder, PageSize, StartsSeeded);
        _app = SandboxHost.Build(new SandboxOptions
        {
            Urls = "http://127.0.0.1:0",
            Store = Store,
            ServicesFolder = ServicesFolder,
            PageSize = PageSize,
            Settings = Unthrottled(Settings),
            HttpsUrls = HttpsUrls,
        });
        await _app.StartAsync();
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First(address => address.StartsWith("http://")));
        HttpsAddress = addresses.FirstOrDefault(address => address.StartsWith("https://")) is { } https ? new Uri(https) : null;
        Client = NewClient("sandbox", "sandbox");
    }

    /// <summary>
    /// The tests send requests as fast as the machine allows, which the default rate limit (100 per second per client
    /// and service) would refuse; a fixture that sets its own limits (the rate-limit tests) keeps them.
    /// </summary>
    static Dictionary<string, string?> Unthrottled(IReadOnlyDictionary<string, string?>? settings)
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Sandbox:Limits:RequestsPerSecond"] = "1000000",
            ["Sandbox:Limits:Burst"] = "1000000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        return all;
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
        Stores.TestStores.Drop(Store);
        Directory.Delete(_folder, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class SandboxCollection : ICollectionFixture<SandboxServer>
{
    public const string Name = "sandbox";
}
