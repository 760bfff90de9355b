using SapSandbox.Core.Write;

namespace SapSandbox.Core.Runtime;

/// <summary>
/// State of a service that moves with time rather than with requests (a deployment that starts after a few
/// seconds). The host calls <see cref="Tick"/> every <see cref="Interval"/> inside a change's transaction.
/// </summary>
public interface IServiceTicker
{
    TimeSpan Interval { get; }

    void Tick(EntityContext context);
}
