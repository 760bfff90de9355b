using SapSandbox.Core.Store;
using SapSandbox.Services.Catalog;

namespace SapSandbox.Server.Hub;

/// <summary>
/// What the hub's pages show: the services the sandbox serves (the list <c>sapsandbox services</c> prints, with
/// where each comes from) and the store they live in. Filled once the services are loaded, before the server starts.
/// </summary>
public sealed class HubCatalog
{
    IReadOnlyList<ServedService> _services = [];
    SandboxStore? _store;

    public IReadOnlyList<ServedService> Services => _services;
    public SandboxStore Store => _store ?? throw new InvalidOperationException("the hub is used before the services are loaded");

    public ServedService? Find(string name) =>
        _services.FirstOrDefault(s => string.Equals(s.Service.Name, name, StringComparison.OrdinalIgnoreCase));

    internal void Load(IReadOnlyList<ServedService> services, SandboxStore store)
    {
        _services = services;
        _store = store;
    }
}
