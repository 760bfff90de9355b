using System.CommandLine;
using SapSandbox.Core.Model;
using SapSandbox.Core.Store;
using SapSandbox.Server.Hosting;
using SapSandbox.Services.Catalog;
using Spectre.Console;

namespace SapSandbox.Server.Cli;

/// <summary>
/// <c>sapsandbox services</c>: every service <c>serve</c> would mount, with its protocols' paths and where its model
/// comes from, read from the same list the server mounts (without starting it or touching the store).
/// </summary>
public static class ServicesCommand
{
    public static Command Create()
    {
        var services = new Option<string?>("--services")
        {
            Description = "The services folder (default: ./services when it exists, as serve uses it)",
        };
        var command = new Command("services", "List the services the sandbox serves and where") { services };
        command.SetAction(result =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            var folder = SandboxCommand.ServicesFolder(result.GetValue(services));
            try
            {
                var rejected = new List<MetadataException>();
                var served = ServedServices.Load(folder, SqliteDialect.Instance, 1000, rejected.Add);
                Write(output, served);
                foreach (var file in rejected) error.WriteLine($"Not served: {file.Message}");
                return 0;
            }
            catch (Exception e) when (e is DirectoryNotFoundException or InvalidDataException or InvalidOperationException)
            {
                error.WriteLine($"sapsandbox: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    static void Write(TextWriter output, IReadOnlyList<ServedService> served)
    {
        var terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var rendered = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(rendered),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        // Fit a terminal; a pipe or file has no width to fit, so every path stays on one line there, to copy and grep.
        console.Profile.Width = terminal ? Math.Max(Console.WindowWidth, 80) : 400;

        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("Service").AddColumn("Metadata").AddColumn("OData V2 paths").AddColumn("OData V4 paths").AddColumn("Model from");
        foreach (var (service, origin, model) in served)
            table.AddRow(
                new Text(service.Name),
                new Text(service.Metadata.Origin == ODataVersion.V2 ? "V2 EDMX" : "V4 CSDL"),
                new Text(service.V2Paths.Count == 0 ? "-" : string.Join('\n', service.V2Paths)),
                new Text(service.V4Paths.Count == 0 ? "-" : string.Join('\n', service.V4Paths)),
                new Text(origin == ServedServices.FolderOrigin ? model : $"{origin} ({model})"));
        console.Write(table);
        // The table pads its blank top border and every row to its full width; the text needs none of that.
        foreach (var line in rendered.ToString().Split('\n').Select(l => l.TrimEnd()).SkipWhile(l => l.Length == 0))
            if (line.Length > 0) output.WriteLine(line);
    }
}
