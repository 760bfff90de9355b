namespace SapSandbox.Server.Tests.Clients;

/// <summary>
/// Typed clients that SAP Cloud SDK for JavaScript generates from the sandbox's own <c>$metadata</c>, run against it
/// with a destination <c>{url, username, password}</c> as an application runs them (<c>tests/clients/sdk</c>).
/// </summary>
public sealed class CloudSdkSandboxServer : ClientSandboxServer, IAsyncLifetime
{
    readonly string _work = Directory.CreateTempSubdirectory("sapsandbox-sdk-").FullName;

    /// <summary>Where the generated clients lie, one folder per metadata file.</summary>
    public string Generated => Path.Combine(_work, "out");

    /// <summary>Metadata file, where the sandbox serves it, and the base path of the generated client.</summary>
    static readonly (string File, string Metadata, string? BasePath)[] Services =
    [
        // A V2 document names its own base path (atom:link rel="self"); a V4 document does not, so the developer
        // names it in the generator's options, as for a real system.
        ("API_SALES_ORDER_SRV", "/sap/opu/odata/sap/API_SALES_ORDER_SRV/$metadata", null),
        ("CE_SALESORDER_0001", "/odata/v4/CE_SALESORDER_0001/$metadata", "/odata/v4/CE_SALESORDER_0001"),
        ("SHOP_SRV", "/odata/v4/SHOP_SRV/$metadata", "/odata/v4/SHOP_SRV"),
        ("SHOP_SRV_V2", "/odata/v2/SHOP_SRV/$metadata", null),
    ];

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        await ClientTools.EnsureInstalled();
        Directory.CreateDirectory(Path.Combine(_work, "in"));
        var options = new Dictionary<string, object>();
        foreach (var (file, metadata, basePath) in Services)
        {
            var bytes = await Client.GetByteArrayAsync(metadata);
            // SDK 4.5.1 reads only Version="4.0" as V4 and takes anything else for V2 (SAP/cloud-sdk-js#5726);
            // S/4HANA Cloud's CE_SALESORDER_0001 says 4.01, so a developer generating from it makes the same edit.
            bytes = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(bytes)
                .Replace("<edmx:Edmx Version=\"4.01\"", "<edmx:Edmx Version=\"4.0\""));
            await File.WriteAllBytesAsync(Path.Combine(_work, "in", file + ".edmx"), bytes);
            if (basePath != null) options[$"in/{file}.edmx"] = new { basePath };
        }
        await File.WriteAllTextAsync(Path.Combine(_work, "options-per-service.json"), System.Text.Json.JsonSerializer.Serialize(options));

        var (exit, stdout, stderr) = await ClientTools.Run("node",
            [Path.Combine(ClientTools.Folder, "sdk", "generate.cjs"), "in", "out", "options-per-service.json"], _work);
        Assert.True(exit == 0, $"the SDK's generator failed:\n{stdout}\n{stderr}");
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}

public class CloudSdkClientTests(CloudSdkSandboxServer server) : IClassFixture<CloudSdkSandboxServer>
{
    static readonly string[] Checks =
    [
        "read with filter, orderBy, select, top and skip",
        "count",
        "get by key",
        "expand",
        "create (CSRF token fetched by the SDK)",
        "update with ETag, and a stale ETag refused with 412",
        "delete",
        "$batch with a changeset",
        "$batch changeset that fails is rolled back",
        "deep create",
        "create as child (asChildOf)",
    ];

    /// <param name="profile">Protocol and service, as tests/clients/sdk/profiles.cjs names what the checks use of it.</param>
    /// <param name="client">The generated client's folder.</param>
    [Theory]
    [InlineData("v2/API_SALES_ORDER_SRV", "API_SALES_ORDER_SRV")]
    [InlineData("v4/CE_SALESORDER_0001", "CE_SALESORDER_0001")]
    [InlineData("v4/SHOP_SRV", "SHOP_SRV")]
    [InlineData("v2/SHOP_SRV", "SHOP_SRV_V2")]
    public async Task SAP_Cloud_SDK_generated_client_reads_writes_and_batches(string profile, string client)
    {
        var run = await ClientTools.Run("node",
        [
            Path.Combine(ClientTools.Folder, "sdk", "check-client.cjs"), Path.Combine(server.Generated, client), profile,
            server.BaseAddress.ToString().TrimEnd('/'), "sandbox", "sandbox",
        ]);

        ClientTools.AssertPassed(Checks, run);
    }
}
