using System.Collections.Concurrent;
using SapSandbox.Core.Model;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;
using SapSandbox.Services.CloudIntegration;
using SapSandbox.Services.Edmx;

namespace SapSandbox.Services.Catalog;

/// <summary>A service the sandbox serves and where its model comes from.</summary>
/// <param name="Origin">What kind of service it is: bundled S/4HANA, Cloud Integration, or from the services folder.</param>
/// <param name="Model">The metadata file it is read from (or, for Cloud Integration, what builds it).</param>
public sealed record ServedService(ServiceDefinition Service, string Origin, string Model);

/// <summary>
/// Every service <c>serve</c> mounts, in the order it mounts them: the bundled S/4HANA services, Cloud Integration,
/// then each metadata file in the services folder. One list for the server and for <c>sapsandbox services</c>, so
/// the listing says what the server does.
/// </summary>
public static class ServedServices
{
    public const string BundledOrigin = "bundled S/4HANA";
    public const string CloudIntegrationOrigin = "bundled Cloud Integration";
    public const string FolderOrigin = "services folder";

    /// <param name="rejected">Told of each metadata file in the services folder that cannot be served; the others are.</param>
    public static IReadOnlyList<ServedService> Load(string? servicesFolder, SqlDialect dialect, int pageSize, Action<MetadataException> rejected)
    {
        var loads = new List<Func<ServedService>>();
        foreach (var bundled in BundledServices.All)
            loads.Add(() =>
            {
                var service = BundledServices.Define(bundled, dialect, pageSize, servicesFolder);
                return new ServedService(service, BundledOrigin, service.Metadata.FileName);
            });
        var tenant = loads.Count;
        loads.Add(() => new ServedService(CloudIntegrationService.Load(dialect, pageSize, servicesFolder), CloudIntegrationOrigin, "the tenant's model"));
        if (servicesFolder != null)
            foreach (var file in FolderServices.MetadataFiles(servicesFolder))
                loads.Add(() => new ServedService(FolderServices.Define(file, dialect, pageSize), FolderOrigin, file));

        // Reading a model is most of a start, and each is read on its own: side by side they take as long as the largest
        // on a machine with as many cores. The tenant's, the longest, starts first; each core takes the next load when
        // it is free. The list keeps the mount order whatever finished first.
        var results = new (ServedService? Service, Exception? Failure)[loads.Count];
        var tenantFirst = Enumerable.Range(0, loads.Count).OrderBy(i => i == tenant ? 0 : 1);
        Parallel.ForEach(Partitioner.Create(tenantFirst, EnumerablePartitionerOptions.NoBuffering), i =>
        {
            try { results[i] = (loads[i](), null); }
            catch (Exception e) { results[i] = (null, e); }
        });
        var served = new List<ServedService>();
        foreach (var (service, failure) in results)
        {
            if (failure is MetadataException metadata) rejected(metadata);
            else if (failure != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            else served.Add(service!);
        }
        return served;
    }
}
