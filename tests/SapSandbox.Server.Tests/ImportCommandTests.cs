using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SapSandbox.Server.Cli;
using SapSandbox.Server.Cli.Import;
using SapSandbox.Server.Hosting;

namespace SapSandbox.Server.Tests;

/// <summary>
/// <c>sapsandbox import</c> and <c>sapsandbox services</c>: a metadata file or a live <c>$metadata</c> URL (the
/// sandbox's own, over real HTTP with Basic auth) into a services folder, then served by a real server at the paths
/// the import printed.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class ImportCommandTests(SandboxServer server) : IDisposable
{
    static readonly string Samples = Path.Combine(AppContext.BaseDirectory, "Services", "Folder");
    readonly string _folder = Directory.CreateTempSubdirectory("sapsandbox-import-").FullName;

    string SalesOrderMetadata => new Uri(server.BaseAddress, "/sap/opu/odata/sap/API_SALES_ORDER_SRV/$metadata").ToString();

    static async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await SandboxCommand.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>The paths of the URLs an import printed, by protocol ("OData V2  http://127.0.0.1:5080/odata/v2/X/").</summary>
    static List<(string Protocol, string Path)> PrintedMounts(string output) =>
        output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("OData V"))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(p => (p[1], new Uri(p[2]).AbsolutePath))
            .ToList();

    [Fact]
    public async Task Imported_files_are_served_at_the_printed_paths_and_listed_by_services()
    {
        var (exit, output, error) = await Run("import", Path.Combine(Samples, "API_TEST_SRV.edmx"), "--services", _folder);
        var (ownExit, ownOutput, ownError) = await Run("import", Path.Combine(Samples, "TYPES_SRV.edmx"), "--services", _folder,
            "--path", "/sap/opu/odata4/sap/types/srvd_a2x/sap/types/0001");

        Assert.True(exit == 0, error);
        Assert.True(ownExit == 0, ownError);
        Assert.True(File.Exists(Path.Combine(_folder, "API_TEST_SRV.edmx")));
        Assert.Contains($"OData V2  {SandboxOptions.DefaultUrls}/sap/opu/odata/sap/API_TEST_SRV/", output);
        Assert.Contains("restart", output);
        var printed = PrintedMounts(output);
        Assert.Equal([("V2", "/sap/opu/odata/sap/API_TEST_SRV/"), ("V2", "/odata/v2/API_TEST_SRV/"), ("V4", "/odata/v4/API_TEST_SRV/")], printed);
        var ownPrinted = PrintedMounts(ownOutput);
        Assert.Contains(("V4", "/sap/opu/odata4/sap/types/srvd_a2x/sap/types/0001/"), ownPrinted);
        var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "TYPES_SRV", "settings.json"))).RootElement;
        Assert.Equal("/sap/opu/odata4/sap/types/srvd_a2x/sap/types/0001/", settings.GetProperty("path").GetString());

        var (listExit, listing, _) = await Run("services", "--services", _folder);

        await using var imported = await StartedServer(_folder);
        using var client = imported.NewClient();
        foreach (var (protocol, path) in printed.Concat(ownPrinted))
        {
            using var metadata = await client.GetAsync(path + "$metadata");
            Assert.True(metadata.StatusCode == HttpStatusCode.OK, $"{path}$metadata: {(int)metadata.StatusCode}");
            Assert.Equal(protocol == "V2" ? "1.0" : "4.0", System.Xml.Linq.XDocument.Parse(await metadata.Content.ReadAsStringAsync()).Root!.Attribute("Version")!.Value);
        }
        using var things = await client.GetAsync("/sap/opu/odata4/sap/types/srvd_a2x/sap/types/0001/Things?$top=1");
        Assert.Equal(HttpStatusCode.OK, things.StatusCode);

        // `services` lists every service the server mounts, with every path it mounts it at.
        Assert.Equal(0, listExit);
        using var index = JsonDocument.Parse(await client.GetStringAsync("/"));
        foreach (var service in index.RootElement.GetProperty("services").EnumerateArray())
        {
            var row = listing.Split('\n').SkipWhile(l => !l.TrimStart().StartsWith(service.GetProperty("name").GetString() + " ")).ToList();
            Assert.True(row.Count > 0, $"{service.GetProperty("name")} is not listed:\n{listing}");
            foreach (var path in service.GetProperty("v2").EnumerateArray().Concat(service.GetProperty("v4").EnumerateArray()))
                Assert.Contains(path.GetString()!, listing);
        }
        Assert.Contains(Path.Combine(_folder, "TYPES_SRV.edmx"), listing);
        Assert.Contains("bundled S/4HANA", listing);
    }

    [Fact]
    public async Task A_live_metadata_URL_is_fetched_with_Basic_auth_and_stored_as_served()
    {
        var (exit, output, error) = await Run("import", SalesOrderMetadata, "--user", "sandbox", "--password", "sandbox",
            "--name", "MY_SALES_ORDER", "--services", _folder);

        Assert.True(exit == 0, error);
        Assert.Equal(await server.Client.GetByteArrayAsync(SalesOrderMetadata), File.ReadAllBytes(Path.Combine(_folder, "MY_SALES_ORDER.edmx")));
        Assert.Contains("/sap/opu/odata/sap/MY_SALES_ORDER/", output);
        Assert.Contains("/odata/v4/MY_SALES_ORDER/", output);
    }

    [Fact]
    public async Task A_service_root_URL_with_credentials_and_sap_client_gets_its_metadata()
    {
        var root = new UriBuilder(new Uri(server.BaseAddress, "/sap/opu/odata4/sap/api_salesorder/srvd_a2x/sap/salesorder/0001/"))
        {
            UserName = "sandbox", Password = "sandbox", Query = "sap-client=100",
        };

        var (exit, output, error) = await Run("import", root.Uri.ToString(), "--services", _folder);

        Assert.True(exit == 0, error);
        Assert.Contains("$metadata?sap-client=100", output);
        Assert.DoesNotContain("sandbox:sandbox", output);
        Assert.True(File.Exists(Path.Combine(_folder, "salesorder_0001.edmx")));
    }

    [Fact]
    public async Task A_401_says_that_credentials_are_missing_or_wrong()
    {
        var (missing, missingOutput, missingError) = await Run("import", SalesOrderMetadata, "--name", "X", "--services", _folder);
        var (wrong, _, wrongError) = await Run("import", SalesOrderMetadata, "--name", "X", "--user", "sandbox", "--password", "nope", "--services", _folder);

        Assert.Equal(2, missing);
        Assert.Contains("401 Unauthorized", missingError);
        Assert.Contains("--user and --password", missingError);
        Assert.Equal("", missingOutput);
        Assert.Equal(2, wrong);
        Assert.Contains("the user sandbox and its password were not accepted", wrongError);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
    }

    [Fact]
    public async Task A_404_an_HTML_page_and_an_unreachable_host_are_named()
    {
        await using var system = await FakeSystem.StartAsync(server.BaseAddress);
        var unused = new TcpListener(IPAddress.Loopback, 0);
        unused.Start();
        var closedPort = ((IPEndPoint)unused.LocalEndpoint).Port;
        unused.Stop();

        var (notFound, _, notFoundError) = await Run("import", new Uri(server.BaseAddress, "/sap/opu/odata/sap/ZNOPE_SRV/").ToString(),
            "--user", "sandbox", "--password", "sandbox", "--services", _folder);
        var (html, _, htmlError) = await Run("import", system.Url("/logon/ZMY_SRV/"), "--services", _folder);
        var (json, _, jsonError) = await Run("import", system.Url("/json/ZMY_SRV/$metadata"), "--services", _folder);
        var (down, _, downError) = await Run("import", $"http://127.0.0.1:{closedPort}/sap/opu/odata/sap/ZMY_SRV/", "--services", _folder);

        Assert.Equal(2, notFound);
        Assert.Contains("ZNOPE_SRV/$metadata answered 404 Not Found", notFoundError);
        Assert.Equal(2, html);
        Assert.Contains("HTML page", htmlError);
        Assert.Equal(2, json);
        Assert.Contains("application/json, not a metadata document", jsonError);
        Assert.Equal(2, down);
        Assert.Contains($"Could not reach http://127.0.0.1:{closedPort}", downError);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
    }

    [Fact]
    public async Task Redirects_are_followed_with_the_credentials_on_the_same_host()
    {
        await using var system = await FakeSystem.StartAsync(server.BaseAddress);

        var (exit, output, error) = await Run("import", system.Url("/moved/sap/opu/odata/sap/API_SALES_ORDER_SRV/"),
            "--user", "sandbox", "--password", "sandbox", "--name", "ZMOVED_SRV", "--services", _folder);

        Assert.True(exit == 0, error);
        Assert.Contains("Imported ZMOVED_SRV (OData V2 EDMX", output);
        Assert.Equal("Basic c2FuZGJveDpzYW5kYm94", system.Authorization);
    }

    [Fact]
    public async Task A_broken_file_is_refused_with_its_line_and_reason()
    {
        var noContainer = Path.Combine(_folder, "..", $"NO_CONTAINER_{Guid.NewGuid():N}.xml");
        File.WriteAllText(noContainer, """
            <?xml version="1.0" encoding="utf-8"?>
            <edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
              <edmx:DataServices>
                <Schema Namespace="X" xmlns="http://docs.oasis-open.org/odata/ns/edm">
                  <EntityType Name="T"><Key><PropertyRef Name="Id"/></Key><Property Name="Id" Type="Edm.Nope" Nullable="false"/></EntityType>
                </Schema>
              </edmx:DataServices>
            </edmx:Edmx>
            """);
        try
        {
            var (broken, _, brokenError) = await Run("import", Path.Combine(Samples, "BROKEN.xml"), "--services", _folder);
            var (invalid, _, invalidError) = await Run("import", noContainer, "--name", "NO_CONTAINER", "--services", _folder);

            Assert.Equal(2, broken);
            Assert.Contains("BROKEN.xml(4): not well-formed XML", brokenError);
            Assert.Contains("Nothing was imported", brokenError);
            Assert.Equal(2, invalid);
            Assert.Matches(@"NO_CONTAINER_\w+\.xml\(\d+\): ", invalidError);
            Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
        }
        finally
        {
            File.Delete(noContainer);
        }
    }

    [Fact]
    public async Task An_existing_service_is_replaced_only_with_force_and_bundled_names_never()
    {
        var file = Path.Combine(Samples, "TYPES_SRV.edmx");
        Directory.CreateDirectory(Path.Combine(_folder, "TYPES_SRV"));
        File.WriteAllText(Path.Combine(_folder, "TYPES_SRV", "settings.json"), """{ "pageSize": 7 }""");
        File.WriteAllText(Path.Combine(_folder, "types_srv.xml"), "<old/>");

        var (refused, _, refusedError) = await Run("import", file, "--services", _folder);
        var (forced, _, forcedError) = await Run("import", file, "--services", _folder, "--force", "--path", "/my/types/");
        var (bundled, _, bundledError) = await Run("import", file, "--name", "API_BUSINESS_PARTNER", "--services", _folder, "--force");

        Assert.Equal(2, refused);
        Assert.Contains("--force", refusedError);
        Assert.True(forced == 0, forcedError);
        Assert.Equal(["TYPES_SRV.edmx"], Directory.EnumerateFiles(_folder).Select(Path.GetFileName));
        var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "TYPES_SRV", "settings.json"))).RootElement;
        Assert.Equal(7, settings.GetProperty("pageSize").GetInt32());
        Assert.Equal("/my/types/", settings.GetProperty("path").GetString());
        Assert.Equal(2, bundled);
        Assert.Contains("bundles", bundledError);
    }

    [Fact]
    public async Task A_path_that_cannot_be_mounted_or_is_taken_is_refused()
    {
        var file = Path.Combine(Samples, "TYPES_SRV.edmx");

        var (relative, _, relativeError) = await Run("import", file, "--services", _folder, "--path", "sap/x");
        var (braces, _, bracesError) = await Run("import", file, "--services", _folder, "--path", "/sap/{x}/");
        var (taken, _, takenError) = await Run("import", file, "--services", _folder, "--path", "/sap/opu/odata/sap/API_BUSINESS_PARTNER");

        Assert.Equal(2, relative);
        Assert.Contains("must start with '/'", relativeError);
        Assert.Equal(2, braces);
        Assert.Contains("'{x}'", bracesError);
        Assert.Equal(2, taken);
        Assert.Contains("both mounted at /sap/opu/odata/sap/API_BUSINESS_PARTNER/", takenError);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
    }

    [Theory]
    [InlineData("https://host/sap/opu/odata/sap/ZMY_SRV/$metadata", "https://host/sap/opu/odata/sap/ZMY_SRV/$metadata", "ZMY_SRV")]
    [InlineData("https://host/sap/opu/odata/sap/ZMY_SRV?sap-client=100", "https://host/sap/opu/odata/sap/ZMY_SRV/$metadata?sap-client=100", "ZMY_SRV")]
    [InlineData("https://host/sap/opu/odata/sap/ZMY_SRV;v=0002/", "https://host/sap/opu/odata/sap/ZMY_SRV;v=0002/$metadata", "ZMY_SRV")]
    [InlineData("https://host:44300/sap/opu/odata4/sap/api_salesorder/srvd_a2x/sap/salesorder/0001/", "https://host:44300/sap/opu/odata4/sap/api_salesorder/srvd_a2x/sap/salesorder/0001/$metadata", "salesorder_0001")]
    public void A_URL_names_its_metadata_and_its_service(string url, string metadata, string name)
    {
        var parsed = MetadataUrl.Parse(url, null, null);

        Assert.Equal(metadata, parsed.Metadata.ToString());
        Assert.Equal(name, parsed.SuggestedName());
    }

    [Fact]
    public void Credentials_in_the_URL_are_used_and_not_shown()
    {
        var parsed = MetadataUrl.Parse("https://ALICE:p%40ss@host/sap/opu/odata/sap/ZMY_SRV/", null, null);

        Assert.Equal(("ALICE", "p@ss"), (parsed.User, parsed.Password));
        Assert.Equal("https://host/sap/opu/odata/sap/ZMY_SRV/$metadata", parsed.ToString());
    }

    static async Task<StartedSandbox> StartedServer(string servicesFolder)
    {
        var store = Directory.CreateTempSubdirectory("sapsandbox-import-store-").FullName;
        var app = SandboxHost.Build(new SandboxOptions
        {
            Urls = "http://127.0.0.1:0",
            Store = "sqlite:" + Path.Combine(store, "sandbox.db"),
            ServicesFolder = servicesFolder,
            Settings = new Dictionary<string, string?> { ["Sandbox:Limits:RequestsPerSecond"] = "1000000", ["Sandbox:Limits:Burst"] = "1000000" },
        });
        await app.StartAsync();
        return new StartedSandbox(app, store);
    }

    sealed class StartedSandbox(WebApplication app, string store) : IAsyncDisposable
    {
        public HttpClient NewClient()
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var client = new HttpClient { BaseAddress = new Uri(address) };
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", "c2FuZGJveDpzYW5kYm94");
            return client;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(store, recursive: true);
        }
    }

    /// <summary>
    /// A system in front of the sandbox, for what the sandbox itself does not answer: a redirect to the sandbox (as a
    /// Web Dispatcher or a moved host does), a logon page, a JSON body where metadata should be.
    /// </summary>
    sealed class FakeSystem(WebApplication app) : IAsyncDisposable
    {
        public string? Authorization { get; private set; }
        Uri Address => new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        public string Url(string path) => new Uri(Address, path).ToString();

        public static async Task<FakeSystem> StartAsync(Uri sandbox)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var system = new FakeSystem(app);
            app.MapGet("/moved/{**rest}", (HttpContext context, string rest) =>
            {
                system.Authorization = context.Request.Headers.Authorization;
                return Results.Redirect(new Uri(sandbox, "/" + rest).ToString());
            });
            app.MapGet("/logon/{**rest}", () => Results.Content("<!DOCTYPE html><html><body>Logon</body></html>", "text/html"));
            app.MapGet("/json/{**rest}", () => Results.Json(new { error = "no" }));
            await app.StartAsync();
            return system;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
