using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;
using SapSandbox.Core.Write;

namespace SapSandbox.Server.Hosting;

/// <summary>
/// Runs the services' time-driven state (<see cref="IServiceTicker"/>) in the background, each tick in a
/// transaction of its own that queues at the store's write gate like any change.
/// </summary>
public sealed class ServiceTickerHost(ServiceCatalog catalog, SandboxStore store, ILogger<ServiceTickerHost> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stopping) =>
        Task.WhenAll(catalog.Services.SelectMany(service => service.Tickers.Select(ticker => RunAsync(service, ticker, stopping))));

    async Task RunAsync(ServiceDefinition service, IServiceTicker ticker, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(ticker.Interval);
        while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
        {
            try
            {
                using var session = store.Rent();
                using var transaction = await session.BeginWriteAsync();
                ticker.Tick(new EntityContext(service, session, new EntityWriter(session, store.Dialect), null));
                transaction.Commit();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failing tick must not stop the others; the next tick tries again.
                logger.LogError(e, "{Service}: {Ticker} failed", service.Name, ticker.GetType().Name);
            }
        }
    }
}
