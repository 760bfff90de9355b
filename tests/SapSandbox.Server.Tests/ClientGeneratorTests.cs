using SapSandbox.Server.Tests.Clients;

namespace SapSandbox.Server.Tests;

/// <summary>
/// SAP's own client generator (npm <c>@sap-cloud-sdk/generator</c>, pinned in <c>tests/clients</c>) reads the
/// sandbox's V2 metadata and generates typed clients, as it would from a real system's.
/// </summary>
[Collection(SandboxCollection.Name)]
public class ClientGeneratorTests(SandboxServer server)
{
    /// <param name="basePath">A generated document names where it is served; SAP's own document names Gateway's path.</param>
    [Theory]
    [InlineData("CE_SALESORDER_0001", "SalesOrder", "/odata/v2/CE_SALESORDER_0001")]
    [InlineData("API_SALES_ORDER_SRV", "SalesOrder", "/sap/opu/odata/sap/API_SALES_ORDER_SRV")]
    public async Task SAP_Cloud_SDK_generates_a_typed_client_from_the_V2_metadata(string service, string entity, string basePath)
    {
        await ClientTools.EnsureInstalled();
        var work = Directory.CreateTempSubdirectory("sapsandbox-generator-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(work, "in"));
            await File.WriteAllBytesAsync(Path.Combine(work, "in", service + ".edmx"),
                await server.Client.GetByteArrayAsync($"/odata/v2/{service}/$metadata"));

            var (exit, stdout, stderr) = await ClientTools.Run(
                Path.Combine(ClientTools.Folder, "node_modules", ".bin", "generate-odata-client"),
                ["-i", Path.Combine(work, "in"), "-o", Path.Combine(work, "out"), "--skipValidation", "--overwrite"], work);

            Assert.True(exit == 0, stdout + stderr);
            var generated = await File.ReadAllTextAsync(Path.Combine(work, "out", service, entity + ".ts"));
            Assert.Contains($"_defaultBasePath = '{basePath}'", generated);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
