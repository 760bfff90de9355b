using SapSandbox.Server.Tests.Clients;

namespace SapSandbox.Server.Tests;

/// <summary>
/// Every OpenAPI document the sandbox serves (each service, in each protocol it is served in, bundled and folder
/// services alike) read by tools other than Microsoft.OpenApi, which writes them: SwaggerParser validates each
/// against the OpenAPI 3.0 schema, and Redocly's linter finds no error with its recommended rules and no example that
/// contradicts its own schema (<c>tests/clients/openapi/validate-openapi.mjs</c>).
/// </summary>
public class OpenApiToolTests(FolderSandboxServer server) : IClassFixture<FolderSandboxServer>
{
    [Fact]
    public async Task SwaggerParser_and_Redocly_accept_every_document_in_V2_and_V4()
    {
        await ClientTools.EnsureInstalled();
        var urls = await OpenApiReading.Urls(server);
        Assert.Contains("/sandbox/openapi/API_TEST_SRV.json?version=2", urls);
        Assert.Contains("/sandbox/openapi/CE_SALESORDER_0001.json?version=4", urls);

        var run = await ClientTools.Run("node",
            [Path.Combine(ClientTools.Folder, "openapi", "validate-openapi.mjs"), server.BaseAddress.ToString(), "sandbox", "sandbox", .. urls]);

        var report = $"exit {run.Exit}\n{run.Stdout}\n{run.Stderr}";
        var documents = ClientTools.Checks(run.Stdout, key: "document");
        foreach (var url in urls)
        {
            Assert.True(documents.TryGetValue(url, out var document), $"{url} was not validated\n{report}");
            Assert.True(document.GetProperty("ok").GetBoolean(), $"{url}: {document.GetProperty("errors")}");
        }
        Assert.True(run.Exit == 0, report);
    }
}
