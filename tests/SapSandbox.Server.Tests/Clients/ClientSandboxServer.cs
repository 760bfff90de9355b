namespace SapSandbox.Server.Tests.Clients;

/// <summary>
/// A sandbox for SAP's client libraries: the bundled services and a service a developer brings along
/// (<c>Services/Clients/SHOP_SRV.edmx</c>, integer keys, an ETag), in a store of its own so that what the clients
/// create and delete disturbs no other test.
/// </summary>
public class ClientSandboxServer : SandboxServer
{
    protected override string? ServicesFolder => Path.Combine(AppContext.BaseDirectory, "Services", "Clients");
}
