using SapSandbox.Core.Query;
using SapSandbox.Core.Runtime;
using SapSandbox.Protocols.Http;
using SapSandbox.Server.Configuration;

namespace SapSandbox.Server.Limits;

/// <summary>The limits in force for one service (or, for requests outside any service, the defaults).</summary>
public sealed record ServiceLimits(int RequestsPerSecond, int Burst, int MaxUrlLength, TimeSpan RequestTimeout, QueryLimits Query);

/// <summary>
/// <c>Sandbox:Limits</c> checked and resolved: every number positive (a configuration error names the key
/// otherwise), each service's overrides laid over the defaults, and override names that match a served service.
/// </summary>
public sealed class LimitPolicy
{
    const string Key = SandboxSettings.Section + ":Limits";

    readonly Dictionary<string, ServiceLimits> _services = new(StringComparer.OrdinalIgnoreCase);
    readonly LimitSettings _settings;

    public LimitPolicy(LimitSettings? settings)
    {
        _settings = settings ?? new LimitSettings();
        MaxConcurrentConnections = Positive(_settings.MaxConcurrentConnections, Key + ":MaxConcurrentConnections") ?? LimitSettings.DefaultMaxConcurrentConnections;
        Default = Resolve(_settings, Key, null);
        foreach (var (name, overrides) in _settings.Services)
            _services[name] = Resolve(overrides ?? new ServiceLimitSettings(), $"{Key}:Services:{name}", Default);
    }

    /// <summary>Requests answered at once, over all services and clients.</summary>
    public int MaxConcurrentConnections { get; }

    public ServiceLimits Default { get; }

    public ServiceLimits For(string? service) => service != null && _services.TryGetValue(service, out var limits) ? limits : Default;

    /// <summary>The longest URL any service accepts: Kestrel's own request-line limit must stay above it.</summary>
    public int LongestUrl => _services.Values.Select(s => s.MaxUrlLength).Append(Default.MaxUrlLength).Max();

    /// <summary>Gives each served service its query limits; an override for a service that is not served is an error.</summary>
    public void Apply(IEnumerable<ServiceDefinition> services)
    {
        var served = services.ToList();
        foreach (var name in _services.Keys)
            if (!served.Any(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
                throw new ConfigurationError($"{Key}:Services:{name}", $"no service of that name is served (served: {string.Join(", ", served.Select(s => s.Name))})");
        foreach (var service in served) service.Limits = For(service.Name).Query;
    }

    static ServiceLimits Resolve(ServiceLimitSettings settings, string key, ServiceLimits? inherited)
    {
        var timeout = settings.RequestTimeoutSeconds;
        if (timeout is { } seconds && (!(seconds > 0) || double.IsInfinity(seconds) || seconds > int.MaxValue / 1000.0))
            throw new ConfigurationError(key + ":RequestTimeoutSeconds", $"must be a positive number of seconds (at most {int.MaxValue / 1000}), not {seconds}");
        return new ServiceLimits(
            Positive(settings.RequestsPerSecond, key + ":RequestsPerSecond") ?? inherited?.RequestsPerSecond ?? LimitSettings.DefaultRequestsPerSecond,
            Positive(settings.Burst, key + ":Burst") ?? inherited?.Burst ?? LimitSettings.DefaultBurst,
            Positive(settings.MaxUrlLength, key + ":MaxUrlLength") ?? inherited?.MaxUrlLength ?? LimitSettings.DefaultMaxUrlLength,
            timeout is { } t ? TimeSpan.FromSeconds(t) : inherited?.RequestTimeout ?? TimeSpan.FromSeconds(LimitSettings.DefaultRequestTimeoutSeconds),
            new QueryLimits(
                Positive(settings.MaxExpandDepth, key + ":MaxExpandDepth") ?? inherited?.Query.MaxExpandDepth ?? QueryLimits.Default.MaxExpandDepth,
                Positive(settings.MaxFilterNodes, key + ":MaxFilterNodes") ?? inherited?.Query.MaxFilterNodes ?? QueryLimits.Default.MaxFilterNodes,
                Positive(settings.MaxBatchOperations, key + ":MaxBatchOperations") ?? inherited?.Query.MaxBatchOperations ?? RequestLimits.MaxBatchOperations));
    }

    static int? Positive(int? value, string key) =>
        value is <= 0 ? throw new ConfigurationError(key, $"must be a positive number, not {value}") : value;
}
