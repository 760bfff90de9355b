using SapSandbox.Server.Hosting;

namespace SapSandbox.Server.Configuration;

/// <summary>
/// Reads the <c>Sandbox</c> settings the ASP.NET Core way: <c>sandbox.json</c> (or <c>--config FILE</c>), then
/// environment variables (<c>SAPSANDBOX_Sandbox__Users__alice__PasswordHash</c>), then settings given in code.
/// </summary>
public static class SettingsLoader
{
    public const string DefaultFile = "sandbox.json";
    public const string EnvironmentPrefix = "SAPSANDBOX_";

    public static SandboxSettings Load(ConfigurationManager configuration, SandboxOptions options)
    {
        if (options.ConfigFile != null)
        {
            var path = Path.GetFullPath(options.ConfigFile);
            if (!File.Exists(path)) throw new FileNotFoundException($"The configuration file {path} does not exist", path);
            configuration.AddJsonFile(path, optional: false);
        }
        else configuration.AddJsonFile(Path.GetFullPath(DefaultFile), optional: true);
        configuration.AddEnvironmentVariables(EnvironmentPrefix);
        if (options.Settings != null) configuration.AddInMemoryCollection(options.Settings);

        try
        {
            return configuration.GetSection(SandboxSettings.Section).Get<SandboxSettings>(binder => binder.ErrorOnUnknownConfiguration = true) ?? new SandboxSettings();
        }
        catch (InvalidOperationException e)
        {
            // The binder names the setting it could not convert or does not know; keep its words, add the section.
            throw new ConfigurationError(SandboxSettings.Section, e.Message);
        }
    }
}
