using SapSandbox.Core.Data;
using SapSandbox.Core.Model;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;

namespace SapSandbox.Services.Edmx;

/// <summary>The S/4HANA services the sandbox ships, served from their real metadata with generated demo data.</summary>
public static class BundledServices
{
    /// <param name="Name">Service name as SAP spells it.</param>
    /// <param name="File">Metadata file under <c>Edmx/Bundled</c>.</param>
    /// <param name="CanonicalV4Path">Where an S/4HANA system serves the V4 service, if it is V4-native.</param>
    public sealed record Bundled(string Name, string File, string? CanonicalV4Path, DataSizes Sizes);

    public static readonly IReadOnlyList<Bundled> All =
    [
        // 1,500 partners so that the default 1,000-row server page is visible.
        new("API_BUSINESS_PARTNER", "API_BUSINESS_PARTNER.edmx", null,
            new DataSizes(50, new Dictionary<string, int> { ["A_BusinessPartner"] = 1500 })),
        new("API_SALES_ORDER_SRV", "API_SALES_ORDER_SRV.edmx", null, DataSizes.Default),
        new("CE_SALESORDER_0001", "CE_SALESORDER_0001.edmx",
            "/sap/opu/odata4/sap/api_salesorder/srvd_a2x/sap/salesorder/0001/", DataSizes.Default),
        new("CE_PURCHASEORDER_0001", "CE_PURCHASEORDER_0001.edmx",
            "/sap/opu/odata4/sap/api_purchaseorder_2/srvd_a2x/sap/purchaseorder/0001/", DataSizes.Default),
    ];

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Edmx", "Bundled");

    /// <summary>One bundled service, read from its metadata and the user's overrides.</summary>
    /// <param name="servicesFolder">The user's services folder: <c>NAME/settings.json</c> and data files there apply to bundled service NAME.</param>
    public static ServiceDefinition Define(Bundled bundled, SqlDialect dialect, int pageSize, string? servicesFolder)
    {
        var metadata = MetadataDocument.Load(Path.Combine(Folder, bundled.File));
        var overrides = servicesFolder == null ? null : Path.Combine(servicesFolder, bundled.Name);
        var settings = overrides == null ? null : FolderServices.ReadSettings(overrides);
        var mounts = ServicePaths.For(bundled.Name, metadata.Origin, settings?.Path ?? bundled.CanonicalV4Path);
        return new ServiceDefinition(bundled.Name, metadata, dialect, mounts.V4, mounts.V2, settings?.PageSize ?? pageSize,
            FolderServices.Sizes(settings, bundled.Sizes), Directory.Exists(overrides) ? overrides : null)
        {
            CsrfProtection = settings?.CsrfProtection ?? true,
            // Business data that agrees across the bundled services (orders' parties are business partners).
            SeedData = S4Data.S4Seeds.For(bundled.Name, servicesFolder),
            Operations = S4Behavior.S4Services.Operations(bundled.Name),
            Behaviors = S4Behavior.S4Services.Behaviors(bundled.Name),
        };
    }
}
