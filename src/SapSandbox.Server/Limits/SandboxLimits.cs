using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using SapSandbox.Core.Runtime;
using SapSandbox.Server.Hosting;

namespace SapSandbox.Server.Limits;

/// <summary>
/// Throttling and request limits as SAP's systems apply them, answered in the protocol's SAP error body:
/// a token bucket per client and service (429 with <c>Retry-After</c>), a cap on requests answered at once (503),
/// the URL length (414) and the request time limit (504). The <c>$expand</c>, <c>$filter</c> and <c>$batch</c>
/// limits are checked where requests are parsed (<see cref="Protocols.V4.QueryLimitCheck"/>); the 50 MB body
/// limit is Kestrel's.
/// </summary>
public static class SandboxLimits
{
    /// <summary>Registers ASP.NET Core's rate limiter with the sandbox's buckets, and lets Kestrel read URLs past the limit.</summary>
    public static void AddSandboxLimits(this WebApplicationBuilder builder, LimitPolicy policy)
    {
        builder.Services.AddSingleton(policy);
        // Kestrel answers a request line over its own limit with a bare 414; it reads lines well past the configured
        // limit so that the 414 comes from the sandbox, with an SAP body that names the limit.
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Limits.MaxRequestLineSize = Math.Max(kestrel.Limits.MaxRequestLineSize, policy.LongestUrl + 64 * 1024));
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, (string Service, string Client)>(context =>
            {
                var scope = LimitScope.Of(context);
                var limits = scope?.Limits ?? policy.Default;
                return RateLimitPartition.GetTokenBucketLimiter((scope?.Mount?.Service.Name ?? "", Client(context)), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.Burst,
                    TokensPerPeriod = limits.RequestsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    // The partitioned limiter refills every bucket on its own timer, in proportion to the time passed.
                    AutoReplenishment = false,
                });
            });
            options.OnRejected = async (rejected, _) =>
            {
                var context = rejected.HttpContext;
                var scope = LimitScope.Of(context);
                var limits = scope?.Limits ?? policy.Default;
                var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await LimitScope.FailAsync(context, scope?.Mount, StatusCodes.Status429TooManyRequests,
                    $"Too Many Requests: {Client(context)} sent more than {limits.RequestsPerSecond} requests per second (bursts to {limits.Burst}) to " +
                    $"{scope?.Mount?.Service.Name ?? "the sandbox"}; retry after {seconds} s (limits RequestsPerSecond and Burst)");
            };
        });
    }

    /// <summary>
    /// Adds the limits to the pipeline; call it after authentication, so that a signed-in client is throttled by
    /// its user name. Gives each service its query limits, which fails start-up for overrides of unknown services.
    /// </summary>
    public static void UseSandboxLimits(this WebApplication app, ServiceCatalog catalog)
    {
        var policy = app.Services.GetRequiredService<LimitPolicy>();
        policy.Apply(catalog.Services);
        var mounts = new ServiceMounts(catalog);
        var busy = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = policy.MaxConcurrentConnections, QueueLimit = 0 });
        app.Lifetime.ApplicationStopped.Register(busy.Dispose);
        app.Use(next => new LimitMiddleware(next, policy, mounts, busy).InvokeAsync);
        app.UseRateLimiter();
    }

    /// <summary>Who a bucket belongs to: the signed-in user, else the caller's IP address.</summary>
    static string Client(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { } name } ? "user " + name : "client " + context.Connection.RemoteIpAddress;
}
