namespace SapSandbox.Server.Hosting;

/// <summary>What <c>serve</c> was asked to do.</summary>
public sealed record SandboxOptions
{
    public const string DefaultUrls = "http://127.0.0.1:5080";
    public const string DefaultStore = "sqlite:./data/sandbox.db";

    public string Urls { get; init; } = DefaultUrls;
    public string Store { get; init; } = DefaultStore;
    public string? ServicesFolder { get; init; }
    public bool Reset { get; init; }
    public int PageSize { get; init; } = 1000;
    /// <summary>Whether changes need an <c>X-CSRF-Token</c> (<c>--no-csrf</c> turns it off for every service).</summary>
    public bool CsrfProtection { get; init; } = true;
}
