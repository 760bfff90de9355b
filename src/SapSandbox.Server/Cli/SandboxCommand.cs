using System.CommandLine;
using SapSandbox.Core.Model;
using SapSandbox.Server.Hosting;

namespace SapSandbox.Server.Cli;

/// <summary>The command line: <c>serve</c> (also the default) with its options.</summary>
public static class SandboxCommand
{
    public static RootCommand Create()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen", DefaultValueFactory = _ => SandboxOptions.DefaultUrls };
        var httpsUrls = new Option<string?>("--https-urls") { Description = "HTTPS listeners beside --urls (e.g. https://127.0.0.1:5443), with client certificates; the server certificate comes from the development CA (sapsandbox ca)" };
        var store = new Option<string>("--store") { Description = "sqlite:PATH, or postgres:Host=...;Database=...;Username=...;Password=... for a store several sandboxes share", DefaultValueFactory = _ => SandboxOptions.DefaultStore };
        var services = new Option<string?>("--services") { Description = "A folder of *.edmx / *.xml metadata files to serve as well (default: ./services when it exists)" };
        var reset = new Option<bool>("--reset") { Description = "Delete the store and seed the demo data again" };
        var noCsrf = new Option<bool>("--no-csrf") { Description = "Accept changes without an X-CSRF-Token (a fetch still gets one)" };
        var set = new Option<string[]>("--set")
        {
            Description = "A setting over the configuration file and the environment, as KEY=VALUE (Sandbox:Limits:RequestsPerSecond=10); repeatable",
            AllowMultipleArgumentsPerToken = false,
        };
        set.Validators.Add(result =>
        {
            foreach (var pair in result.GetValueOrDefault<string[]>() ?? [])
                if (pair.IndexOf('=') <= 0) result.AddError($"--set takes KEY=VALUE, not '{pair}'");
        });
        var config = new Option<string?>("--config") { Description = "The configuration file (users, role collections); default: sandbox.json in the current folder, if there is one" };
        var pageSize = new Option<int>("--page-size") { Description = "Rows per server-driven page", DefaultValueFactory = _ => 1000 };
        pageSize.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1) result.AddError("--page-size must be at least 1");
        });

        var serve = new Command("serve", "Start the sandbox") { urls, store, services, reset, pageSize, noCsrf, config, httpsUrls, set };
        var password = new Argument<string>("password") { Description = "The password to hash" };
        var hashPassword = new Command("hash-password", "Print the hash of a password for a user's PasswordHash in sandbox.json") { password };
        hashPassword.SetAction(result => Console.WriteLine(Security.PasswordHash.Create(result.GetValue(password)!)));
        var root = new RootCommand("SapSandbox: SAP's OData APIs on your machine") { serve, hashPassword };
        foreach (var command in CertificateCommands.Create(store)) root.Subcommands.Add(command);
        root.Subcommands.Add(Import.ImportCommand.Create());
        root.Subcommands.Add(ServicesCommand.Create());
        foreach (var option in new Option[] { urls, store, services, reset, pageSize, noCsrf, config, httpsUrls, set }) root.Options.Add(option);

        async Task<int> Run(ParseResult result, CancellationToken cancellation)
        {
            var options = new SandboxOptions
            {
                Urls = result.GetValue(urls)!,
                HttpsUrls = result.GetValue(httpsUrls),
                Store = result.GetValue(store)!,
                ServicesFolder = ServicesFolder(result.GetValue(services)),
                Reset = result.GetValue(reset),
                PageSize = result.GetValue(pageSize),
                CsrfProtection = !result.GetValue(noCsrf),
                ConfigFile = result.GetValue(config),
                Settings = (result.GetValue(set) ?? []).Select(pair => pair.Split('=', 2))
                    .ToDictionary(pair => pair[0], pair => (string?)pair[1]),
            };
            WebApplication app;
            try
            {
                app = SandboxHost.Build(options);
            }
            catch (Exception e) when (e is ArgumentException or MetadataException or DirectoryNotFoundException or InvalidDataException
                                           or InvalidOperationException or Configuration.ConfigurationError or FileNotFoundException)
            {
                Console.Error.WriteLine($"sapsandbox: {e.Message}");
                return 2;
            }
            catch (System.Data.Common.DbException e) when (options.Store.StartsWith("postgres", StringComparison.OrdinalIgnoreCase))
            {
                Console.Error.WriteLine($"sapsandbox: the PostgreSQL store {Hosting.StoreLocation.Parse(options.Store).Description} does not answer: {e.Message}");
                return 2;
            }
            await app.RunAsync(cancellation);
            return 0;
        }

        serve.SetAction(Run);
        root.SetAction(Run);
        return root;
    }

    /// <summary>The services folder to serve: the one named, else <c>./services</c> when it exists (where <c>import</c> puts services), else none.</summary>
    public static string? ServicesFolder(string? named) =>
        named ?? (Directory.Exists(SandboxOptions.DefaultServicesFolder) ? SandboxOptions.DefaultServicesFolder : null);
}
