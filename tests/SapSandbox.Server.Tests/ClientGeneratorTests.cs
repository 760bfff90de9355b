using System.Diagnostics;

namespace SapSandbox.Server.Tests;

/// <summary>
/// SAP's own client generator (npm <c>@sap-cloud-sdk/generator</c>, pinned in <c>tests/clients</c>) reads the
/// sandbox's V2 metadata and generates typed clients, as it would from a real system's.
/// </summary>
[Collection(SandboxCollection.Name)]
public class ClientGeneratorTests(SandboxServer server)
{
    static readonly string Clients = Path.Combine(RepositoryRoot(), "tests", "clients");

    /// <param name="basePath">A generated document names where it is served; SAP's own document names Gateway's path.</param>
    [Theory]
    [InlineData("CE_SALESORDER_0001", "SalesOrder", "/odata/v2/CE_SALESORDER_0001")]
    [InlineData("API_SALES_ORDER_SRV", "SalesOrder", "/sap/opu/odata/sap/API_SALES_ORDER_SRV")]
    public async Task SAP_Cloud_SDK_generates_a_typed_client_from_the_V2_metadata(string service, string entity, string basePath)
    {
        await EnsureInstalled();
        var work = Directory.CreateTempSubdirectory("sapsandbox-generator-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(work, "in"));
            await File.WriteAllBytesAsync(Path.Combine(work, "in", service + ".edmx"),
                await server.Client.GetByteArrayAsync($"/odata/v2/{service}/$metadata"));

            var (exit, output) = await Run(Path.Combine(Clients, "node_modules", ".bin", "generate-odata-client"),
                $"-i {Path.Combine(work, "in")} -o {Path.Combine(work, "out")} --skipValidation --overwrite", work);

            Assert.True(exit == 0, output);
            var generated = await File.ReadAllTextAsync(Path.Combine(work, "out", service, entity + ".ts"));
            Assert.Contains($"_defaultBasePath = '{basePath}'", generated);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>.ci/run installs the packages; on a developer's machine the first run does.</summary>
    static async Task EnsureInstalled()
    {
        if (File.Exists(Path.Combine(Clients, "node_modules", ".bin", "generate-odata-client"))) return;
        var (exit, output) = await Run("npm", "ci", Clients);
        Assert.True(exit == 0, "npm ci in tests/clients failed: " + output);
    }

    static async Task<(int Exit, string Output)> Run(string file, string arguments, string directory)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "SapSandbox.slnx"))) return directory.FullName;
        throw new InvalidOperationException("the tests run outside the repository");
    }
}
