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
    public static IEnumerable<ServedService> Load(string? servicesFolder, SqlDialect dialect, int pageSize, Action<MetadataException> rejected)
    {
        foreach (var service in BundledServices.Load(dialect, pageSize, servicesFolder))
            yield return new ServedService(service, BundledOrigin, service.Metadata.FileName);
        yield return new ServedService(CloudIntegrationService.Load(dialect, pageSize, servicesFolder), CloudIntegrationOrigin,
            "the tenant's model");
        if (servicesFolder == null) yield break;
        foreach (var service in FolderServices.Load(servicesFolder, dialect, pageSize, rejected))
            yield return new ServedService(service, FolderOrigin, Path.Combine(servicesFolder, service.Metadata.FileName));
    }
}
