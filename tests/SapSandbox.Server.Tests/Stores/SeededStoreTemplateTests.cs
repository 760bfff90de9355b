using System.Net;
using Microsoft.Data.Sqlite;
using SapSandbox.Core.Store;
using SapSandbox.Server.Hosting;

namespace SapSandbox.Server.Tests.Stores;

/// <summary>
/// The test servers' seeded stores: a copy is a whole database with nothing left to seed (so the servers do not seed
/// again, and serve what a fresh store would), and holds only seeded tables, so each server makes its own keys and
/// its own change log, as on a fresh store.
/// </summary>
public class SeededStoreTemplateTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("Folder")]
    public async Task A_copy_of_the_template_has_every_service_seeded_and_nothing_a_start_makes(string? services)
    {
        var folder = Directory.CreateTempSubdirectory("sapsandbox-template-").FullName;
        var servicesFolder = services == null ? null : Path.Combine(AppContext.BaseDirectory, "Services", services);
        var store = Path.Combine(folder, "sandbox.db");
        try
        {
            await SeededStoreTemplates.CopyTo(store, servicesFolder, 1000);
            // A row taken away before seeding comes back only if seeding ran again.
            Execute(store, "DELETE FROM \"CE_SALESORDER_0001__SalesOrderText\"");

            SandboxHost.Seed(new SandboxOptions { Store = "sqlite:" + store, ServicesFolder = servicesFolder, PageSize = 1000 });
            SqliteConnection.ClearAllPools();

            Assert.Equal(0L, Execute(store, "SELECT COUNT(*) FROM \"CE_SALESORDER_0001__SalesOrderText\""));
            Assert.Equal("ok", Execute(store, "PRAGMA quick_check"));
            Assert.Equal(1L, Execute(store, "SELECT COUNT(*) FROM \"_sandbox_services\" WHERE \"name\" = 'CloudIntegration'"));
            // The OAuth signing key is made by each server's start, not kept in the template.
            Assert.Equal(0L, Execute(store, "SELECT COUNT(*) FROM sqlite_master WHERE \"name\" = '_sandbox_keys'"));
            Assert.False(Directory.Exists(new SqliteLocation(store).KeysFolder));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Servers_started_from_one_template_are_separate_stores_whose_delta_tokens_do_not_mix()
    {
        const string Orders = "/odata/v4/CE_SALESORDER_0001/SalesOrder?$select=SalesOrder&$top=1";
        var first = new SandboxServer();
        var second = new SandboxServer();
        await Task.WhenAll(first.InitializeAsync(), second.InitializeAsync());
        try
        {
            var (_, read) = await first.GetJson(Orders, ("Prefer", "odata.track-changes"));
            // The link's path and query: the link itself names the first server.
            var deltaLink = new Uri(first.BaseAddress, read.GetProperty("@odata.deltaLink").GetString()!).PathAndQuery;

            var (own, _) = await first.GetJson(deltaLink);
            var (other, error) = await second.GetJson(deltaLink);

            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
            Assert.Equal("$deltatoken", error.GetProperty("error").GetProperty("target").GetString());
        }
        finally
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
        }
    }

    static object? Execute(string store, string sql)
    {
        // The store's own connection: its indexes use the sandbox's DECIMAL collation.
        using var connection = new SqliteStore(store).Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
