namespace SapSandbox.Core.Runtime;

/// <summary>Every service the sandbox serves, by name.</summary>
public sealed class ServiceCatalog
{
    readonly List<ServiceDefinition> _services = [];

    public IReadOnlyList<ServiceDefinition> Services => _services;

    public void Add(ServiceDefinition service)
    {
        if (_services.Any(s => string.Equals(s.Name, service.Name, StringComparison.OrdinalIgnoreCase)))
            throw new InvalidOperationException($"A service named '{service.Name}' is already served; rename one of the metadata files");
        _services.Add(service);
    }

    public ServiceDefinition? Find(string name) =>
        _services.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
