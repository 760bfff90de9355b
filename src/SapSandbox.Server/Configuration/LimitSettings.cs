namespace SapSandbox.Server.Configuration;

/// <summary>
/// The limits a service may set for itself (<c>Sandbox:Limits:Services:&lt;SERVICE&gt;:...</c>); what it leaves
/// out comes from <see cref="LimitSettings"/>.
/// </summary>
public class ServiceLimitSettings
{
    /// <summary>Requests per second per client (user, else IP address) and service: the token bucket's refill.</summary>
    public int? RequestsPerSecond { get; set; }

    /// <summary>Requests a client may send at once before the refill rate applies: the token bucket's size.</summary>
    public int? Burst { get; set; }

    /// <summary>Characters in the request target (path and query as sent, still percent-encoded); longer is 414.</summary>
    public int? MaxUrlLength { get; set; }

    /// <summary>Levels of nested <c>$expand</c>; deeper is 400.</summary>
    public int? MaxExpandDepth { get; set; }

    /// <summary>Nodes (operators, functions, properties, values) in one <c>$filter</c>; more is 400.</summary>
    public int? MaxFilterNodes { get; set; }

    /// <summary>Operations in one <c>$batch</c>; more is 400.</summary>
    public int? MaxBatchOperations { get; set; }

    /// <summary>Seconds a request may run (fractions allowed); past it the request is cancelled and answered 504.</summary>
    public double? RequestTimeoutSeconds { get; set; }
}

/// <summary>
/// <c>Sandbox:Limits</c>: SAP's throttling and request limits, with the defaults of SAP's cloud systems and ICM
/// (seed table "Limit Type"): 100 requests per second with bursts to 200, 500 concurrent connections, 8 KB URLs,
/// <c>$expand</c> 4 levels deep, 1,000 operations per <c>$batch</c>, 600 s per request. Per-service overrides under
/// <see cref="Services"/>.
/// </summary>
public sealed class LimitSettings : ServiceLimitSettings
{
    public const int DefaultRequestsPerSecond = 100;
    public const int DefaultBurst = 200;
    public const int DefaultMaxConcurrentConnections = 500;
    public const int DefaultMaxUrlLength = 8192;
    public const double DefaultRequestTimeoutSeconds = 600;

    /// <summary>Requests being answered at once, over all services and clients; more is 503.</summary>
    public int? MaxConcurrentConnections { get; set; }

    /// <summary>Overrides by service name (as <c>GET /</c> lists it).</summary>
    public Dictionary<string, ServiceLimitSettings> Services { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
