using System.Diagnostics;
using System.Text.Json;

namespace SapSandbox.Server.Tests.Clients;

/// <summary>
/// Runs SAP's client tooling from <c>tests/clients</c> (npm packages pinned by its package-lock.json) with node, and
/// reads the one-JSON-line-per-check reports its scripts print.
/// </summary>
static class ClientTools
{
    public const string Chromium = "/usr/bin/chromium";
    public static readonly string Folder = Path.Combine(RepositoryRoot(), "tests", "clients");

    /// <summary>.ci/run installs the packages; on a developer's machine the first run does.</summary>
    public static async Task EnsureInstalled()
    {
        if (File.Exists(Path.Combine(Folder, "node_modules", "@sap-cloud-sdk", "odata-v4", "package.json"))
            && File.Exists(Path.Combine(Folder, "node_modules", "@openui5", "sap.ui.core", "src", "sap-ui-core.js"))
            && File.Exists(Path.Combine(Folder, "node_modules", "playwright-core", "package.json"))
            && File.Exists(Path.Combine(Folder, "node_modules", "@redocly", "openapi-core", "package.json"))
            && File.Exists(Path.Combine(Folder, "node_modules", "@apidevtools", "swagger-parser", "package.json"))) return;
        var (exit, stdout, stderr) = await Run("npm", ["ci", "--no-audit", "--no-fund"]);
        Assert.True(exit == 0, "npm ci in tests/clients failed: " + stdout + stderr);
    }

    /// <summary>The UI5 checks run in headless Chromium besides the npm packages.</summary>
    public static async Task EnsureInstalledWithChromium()
    {
        Assert.True(File.Exists(Chromium),
            $"The UI5 model check runs in headless Chromium, which is not installed at {Chromium}: apt-get install chromium");
        await EnsureInstalled();
    }

    /// <summary>Runs a program in <c>tests/clients</c>; node resolves the generated clients' imports from its node_modules.</summary>
    public static async Task<(int Exit, string Stdout, string Stderr)> Run(string file, IEnumerable<string> arguments, string? directory = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory ?? Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["NODE_PATH"] = Path.Combine(Folder, "node_modules");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // A hung client or browser must not outlive the test run.
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The checks a script reported, by name; the report itself is the assertion message.</summary>
    public static Dictionary<string, JsonElement> Checks(string stdout, string key = "check") =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith('{'))
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .Where(line => line.TryGetProperty(key, out _))
            .ToDictionary(line => line.GetProperty(key).GetString()!);

    /// <summary>Every expected check ran and passed; a failure names the check and the error the client reported.</summary>
    public static void AssertPassed(IEnumerable<string> expected, (int Exit, string Stdout, string Stderr) run)
    {
        var report = $"exit {run.Exit}\n{run.Stdout}\n{run.Stderr}";
        var checks = Checks(run.Stdout);
        foreach (var name in expected)
        {
            Assert.True(checks.TryGetValue(name, out var check), $"the check '{name}' did not run\n{report}");
            Assert.True(check.GetProperty("ok").GetBoolean(),
                $"{name}: {(check.TryGetProperty("error", out var error) ? error.GetString() : "failed")}\n{report}");
        }
        Assert.True(run.Exit == 0, report);
    }

    static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "SapSandbox.slnx"))) return directory.FullName;
        throw new InvalidOperationException("the tests run outside the repository");
    }
}
