using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using SapSandbox.Core.Store;
using SapSandbox.Server.Cli;
using SapSandbox.Server.Hosting;

namespace SapSandbox.Server.Tests;

public class CommandLineTests
{
    static async Task<(int Exit, string Error)> Run(params string[] args)
    {
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        try
        {
            var exit = await SandboxCommand.Create().Parse(args).InvokeAsync();
            return (exit, error.ToString());
        }
        finally
        {
            Console.SetError(original);
        }
    }

    [Fact]
    public async Task A_PostgreSQL_store_that_does_not_answer_is_named_in_a_clear_message()
    {
        // Port 1 on loopback: nothing listens there.
        var (exit, error) = await Run("serve", "--store", "postgres:Host=127.0.0.1;Port=1;Database=sandbox;Username=sandbox;Password=secret;Timeout=3");

        Assert.Equal(2, exit);
        Assert.Contains("the PostgreSQL store postgres://127.0.0.1:1/sandbox does not answer", error);
        Assert.DoesNotContain("secret", error);
    }

    [Fact]
    public async Task A_PostgreSQL_connection_string_that_is_not_one_is_refused()
    {
        var (exit, error) = await Run("serve", "--store", "postgres:Hots=x;;=");

        Assert.Equal(2, exit);
        Assert.Contains("connection string is not understood", error);
    }

    [Fact]
    public async Task An_unknown_store_kind_is_refused()
    {
        var (exit, error) = await Run("--store", "mysql:x");

        Assert.Equal(2, exit);
        Assert.Contains("sqlite:PATH", error);
    }

    [Fact]
    public async Task A_page_size_below_one_is_refused()
    {
        var (exit, error) = await Run("serve", "--page-size", "0");

        Assert.NotEqual(0, exit);
        Assert.Contains("--page-size", error);
    }

    [Fact]
    public async Task A_setting_given_with_set_is_checked_like_the_configuration_file()
    {
        var store = "sqlite:" + Path.Combine(Path.GetTempPath(), $"sapsandbox-{Guid.NewGuid():N}", "s.db");

        var (badPair, pairError) = await Run("serve", "--set", "nokey");
        var (badValue, valueError) = await Run("serve", "--store", store, "--set", "Sandbox:Users:eve:PasswordHash=secret");

        Assert.NotEqual(0, badPair);
        Assert.Contains("KEY=VALUE", pairError);
        Assert.Equal(2, badValue);
        Assert.Contains("Sandbox:Users:eve:PasswordHash", valueError);
    }

    [Fact]
    public async Task A_missing_services_folder_is_refused()
    {
        var (exit, error) = await Run("serve", "--services", "/no/such/folder", "--store", "sqlite:" + Path.Combine(Path.GetTempPath(), $"sapsandbox-{Guid.NewGuid():N}.db"));

        Assert.Equal(2, exit);
        Assert.Contains("/no/such/folder", error);
    }

    [Fact]
    public async Task Later_starts_keep_the_data_and_reset_seeds_it_again()
    {
        var folder = Directory.CreateTempSubdirectory("sapsandbox-cli-").FullName;
        var store = "sqlite:" + Path.Combine(folder, "sandbox.db");
        try
        {
            await StartAndStop(new SandboxOptions { Urls = "http://127.0.0.1:0", Store = store });
            Execute(folder, "DELETE FROM \"CE_SALESORDER_0001__SalesOrderText\"");

            await StartAndStop(new SandboxOptions { Urls = "http://127.0.0.1:0", Store = store });
            Assert.Equal(0L, Execute(folder, "SELECT COUNT(*) FROM \"CE_SALESORDER_0001__SalesOrderText\""));

            await StartAndStop(new SandboxOptions { Urls = "http://127.0.0.1:0", Store = store, Reset = true });
            Assert.True((long)Execute(folder, "SELECT COUNT(*) FROM \"CE_SALESORDER_0001__SalesOrderText\"")! > 0);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    static async Task StartAndStop(SandboxOptions options)
    {
        await using var app = SandboxHost.Build(options);
        await app.StartAsync();
        await app.StopAsync();
    }

    static object? Execute(string folder, string sql)
    {
        using var connection = new SqliteStore(Path.Combine(folder, "sandbox.db")).Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
