namespace SapSandbox.Server.Hosting;

/// <summary>What <c>serve</c> was asked to do.</summary>
public sealed record SandboxOptions
{
    public const string DefaultUrls = "http://127.0.0.1:5080";
    public const string DefaultStore = "sqlite:./data/sandbox.db";
    /// <summary>The services folder <c>serve</c> loads when it exists and <c>--services</c> names none; where <c>import</c> puts services.</summary>
    public const string DefaultServicesFolder = "./services";

    public string Urls { get; init; } = DefaultUrls;
    /// <summary>HTTPS listeners beside <see cref="Urls"/> (<c>--https-urls</c>), with client certificate authentication; none by default.</summary>
    public string? HttpsUrls { get; init; }
    public string Store { get; init; } = DefaultStore;
    public string? ServicesFolder { get; init; }
    public bool Reset { get; init; }
    public int PageSize { get; init; } = 1000;
    /// <summary>Whether changes need an <c>X-CSRF-Token</c> (<c>--no-csrf</c> turns it off for every service).</summary>
    public bool CsrfProtection { get; init; } = true;
    /// <summary>The configuration file (<c>--config</c>); null: <c>sandbox.json</c> in the current folder when it exists.</summary>
    public string? ConfigFile { get; init; }
    /// <summary>Settings given in code (tests), applied over the file and the environment.</summary>
    public IReadOnlyDictionary<string, string?>? Settings { get; init; }
}
