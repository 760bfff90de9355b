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
        // Two endpoints at one path would make every request there ambiguous; refuse at start instead.
        foreach (var path in service.V2Paths.Concat(service.V4Paths))
            if (_services.FirstOrDefault(s => s.V2Paths.Concat(s.V4Paths).Contains(path, StringComparer.OrdinalIgnoreCase)) is { } other)
                throw new InvalidOperationException($"{service.Name} and {other.Name} are both mounted at {path}; give one of them another path (\"path\" in its settings.json)");
        _services.Add(service);
    }

    public ServiceDefinition? Find(string name) =>
        _services.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
