namespace SapSandbox.Server.Tests.S4Behavior;

/// <summary>
/// A sandbox of its own for the S/4 behaviour tests, whose actions change documents: the bundled services with a
/// few documents of known state from <c>Services/S4</c> (orders awaiting approval, orders with pricing elements).
/// </summary>
public sealed class S4Server : WriteSandboxServer
{
    protected override string? ServicesFolder => Path.Combine(AppContext.BaseDirectory, "Services", "S4");
}

[CollectionDefinition(Name)]
public sealed class S4Collection : ICollectionFixture<S4Server>
{
    public const string Name = "s4-behaviour";
}
