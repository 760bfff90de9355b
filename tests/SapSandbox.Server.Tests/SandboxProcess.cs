using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace SapSandbox.Server.Tests;

/// <summary>
/// The real server: <c>dotnet sapsandbox.dll serve</c> as its own process, started directly (no <c>dotnet run</c>
/// in between), so that killing it kills the server itself, without a chance to shut down or flush anything.
/// </summary>
public sealed class SandboxProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly StringBuilder _log = new();
    readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    SandboxProcess(Process process) => _process = process;

    public Uri BaseAddress { get; private set; } = null!;

    static readonly Regex ListeningLine = new(@"listening on (http://\S+)");

    /// <param name="store">The <c>--store</c> value; <paramref name="folder"/> is the working directory (./data, ./services).</param>
    public static async Task<SandboxProcess> Start(string store, string folder, ITestOutputHelper output, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        // The writers send as fast as they can; the default rate limit (100 per second) would refuse most of it.
        start.Environment["SAPSANDBOX_Sandbox__Limits__RequestsPerSecond"] = "1000000";
        start.Environment["SAPSANDBOX_Sandbox__Limits__Burst"] = "1000000";
        // Port 0: the server picks a free port and names it in its "listening on" line; no race for a port.
        foreach (var argument in new[] { ServerDll(), "serve", "--urls", "http://127.0.0.1:0", "--store", store }.Concat(arguments))
            start.ArgumentList.Add(argument);
        var server = new SandboxProcess(new Process { StartInfo = start, EnableRaisingEvents = true });
        server._process.OutputDataReceived += (_, e) => server.Read(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Read(e.Data);
        server._process.Exited += (_, _) => server._listening.TrySetException(new InvalidOperationException("the server exited before it listened"));
        server._process.Start();
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            // A first start seeds the demo data; a slow machine gets time for that.
            server.BaseAddress = await server._listening.Task.WaitAsync(TimeSpan.FromSeconds(90));
        }
        catch (Exception e)
        {
            await server.DisposeAsync();
            output.WriteLine(server.Log);
            throw new InvalidOperationException($"sapsandbox did not start ({e.Message}):\n{server.Log}", e);
        }
        return server;
    }

    void Read(string? line)
    {
        if (line == null) return;
        lock (_log) _log.AppendLine(line);
        if (ListeningLine.Match(line) is { Success: true } match) _listening.TrySetResult(new Uri(match.Groups[1].Value));
    }

    string Log { get { lock (_log) return _log.ToString(); } }

    /// <summary>SIGKILL on Linux and macOS, TerminateProcess on Windows: no shutdown code runs.</summary>
    public void Kill()
    {
        // The process started is the server itself (no launcher in between), so the signal goes straight to it,
        // without first walking a process tree while requests complete.
        _process.Kill();
        _process.WaitForExit();
        if (!OperatingSystem.IsWindows())
            Assert.True(_process.ExitCode == 128 + 9, $"the server ended with {_process.ExitCode}, not by SIGKILL");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started, or already gone.
        }
        _process.Dispose();
    }

    /// <summary>The server built for the tests' configuration: src/SapSandbox.Server/bin/&lt;Configuration&gt;/&lt;framework&gt;/sapsandbox.dll.</summary>
    static string ServerDll()
    {
        var configuration = typeof(SandboxProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var framework = Path.GetFileName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
        {
            if (!File.Exists(Path.Combine(directory.FullName, "SapSandbox.slnx"))) continue;
            var built = Path.Combine(directory.FullName, "src", "SapSandbox.Server", "bin", configuration, framework, "sapsandbox.dll");
            if (File.Exists(built)) return built;
            break;
        }
        // A build with its own output path still has the copy that the project reference puts beside the tests.
        var copy = Path.Combine(AppContext.BaseDirectory, "sapsandbox.dll");
        return File.Exists(copy) ? copy : throw new FileNotFoundException("sapsandbox.dll is not built", copy);
    }
}
