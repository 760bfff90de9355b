using System.CommandLine;
using SapSandbox.Core.Model;
using SapSandbox.Server.Hosting;

namespace SapSandbox.Server.Cli.Import;

/// <summary>
/// <c>sapsandbox import &lt;file|url&gt;</c>: adds a service from a metadata file or a live system's <c>$metadata</c>
/// to the services folder, and says where <c>serve</c> will serve it.
/// </summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("file|url") { Description = "A metadata file (V2 EDMX or V4 CSDL), or a service's URL or its $metadata URL (http/https)" };
        var name = new Option<string?>("--name") { Description = "The service's name (default: the file name, or the service name in the URL's path)" };
        var path = new Option<string?>("--path") { Description = "The service's own mount path, e.g. /sap/opu/odata/sap/ZMY_SRV/ (kept in NAME/settings.json)" };
        var services = new Option<string>("--services")
        {
            Description = "The services folder to add it to (serve loads ./services when it exists)",
            DefaultValueFactory = _ => SandboxOptions.DefaultServicesFolder,
        };
        var user = new Option<string?>("--user") { Description = "User for HTTP Basic authentication at the system" };
        var password = new Option<string?>("--password") { Description = "Password for --user" };
        var force = new Option<bool>("--force") { Description = "Replace a service of the same name in the services folder" };
        var command = new Command("import", "Add a service from its metadata file or URL to the services folder")
        {
            source, name, path, services, user, password, force,
        };
        command.SetAction(async (result, cancellation) =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            var folder = result.GetValue(services)!;
            try
            {
                var (label, bytes, suggested) = await ReadAsync(result.GetValue(source)!, result.GetValue(user), result.GetValue(password), cancellation);
                var serviceName = result.GetValue(name) ?? suggested
                    ?? throw new ImportException($"Cannot tell the service's name from {label}; give --name");
                var imported = ServiceImport.Run(label, bytes, serviceName, folder, result.GetValue(path), result.GetValue(force));
                Report(output, imported, label, folder);
                return 0;
            }
            catch (ImportException e)
            {
                error.WriteLine($"sapsandbox import: {e.Message}");
                error.WriteLine("Nothing was imported.");
                return 2;
            }
        });
        return command;
    }

    static async Task<(string Label, byte[] Bytes, string? Name)> ReadAsync(string source, string? user, string? password, CancellationToken cancellation)
    {
        if (MetadataUrl.IsUrl(source))
        {
            var url = MetadataUrl.Parse(source, user, password);
            return (url.ToString(), await MetadataDownload.FetchAsync(url, cancellation), url.SuggestedName());
        }
        if (user != null || password != null)
            throw new ImportException("--user and --password are for a URL; a file is read as it is");
        if (!File.Exists(source))
            throw new ImportException(Directory.Exists(source) ? $"{source} is a folder; give a metadata file" : $"There is no file {source}");
        return (source, await File.ReadAllBytesAsync(source, cancellation), Path.GetFileNameWithoutExtension(source));
    }

    static void Report(TextWriter output, ImportedService imported, string label, string folder)
    {
        var service = imported.Service;
        var origin = service.Metadata.Origin == ODataVersion.V2 ? "OData V2 EDMX" : "OData V4 CSDL";
        output.WriteLine($"Imported {imported.Name} ({origin}, {service.Schema.Tables.Count} entity sets) from {label}");
        output.WriteLine($"  into {imported.MetadataFile}" + (imported.SettingsFile != null ? $" (settings: {imported.SettingsFile})" : ""));
        foreach (var warning in service.Metadata.Warnings) output.WriteLine($"  warning: {warning}");
        output.WriteLine($"It is served at (with the default --urls {SandboxOptions.DefaultUrls}):");
        var root = SandboxOptions.DefaultUrls.TrimEnd('/');
        foreach (var mount in service.V2Paths) output.WriteLine($"  OData V2  {root}{mount}");
        foreach (var mount in service.V4Paths) output.WriteLine($"  OData V4  {root}{mount}");
        var serve = IsDefaultFolder(folder) ? "sapsandbox serve" : $"sapsandbox serve --services {folder}";
        output.WriteLine($"Start the sandbox with `{serve}`; a sandbox that is running serves it after a restart.");
    }

    static bool IsDefaultFolder(string folder) =>
        string.Equals(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar),
            Path.GetFullPath(SandboxOptions.DefaultServicesFolder).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);
}
