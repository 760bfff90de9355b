using SapSandbox.Core.Data;
using SapSandbox.Core.Model;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;
using SapSandbox.Services.Edmx;

namespace SapSandbox.Services.CloudIntegration;

/// <summary>
/// SAP Cloud Integration's management API as a tenant serves it, at <c>/api/v1/</c> (OData V2), built from the
/// tenant's model; every entity set answers through the generic runtime, and <see cref="CloudIntegrationModule"/>
/// adds what the tenant does beyond storing rows. It has no OData V4 face: a tenant serves this API as V2 only, and
/// the tenant's own handlers (query options such as <c>returnKeystoreEntries</c>, resource requests, rewritten
/// reads) speak V2's URL dialect, so a V4 mount would be an API no tenant has, with half its behaviour missing.
/// </summary>
public static class CloudIntegrationService
{
    public const string Name = "CloudIntegration";
    public const string TenantPath = "/api/v1/";

    public static ServiceDefinition Load(SqlDialect dialect, int pageSize, string? servicesFolder)
    {
        var metadata = MetadataDocument.Parse("cloud-integration.edmx", TenantMetadata.Build(TenantMetadata.File));
        var module = CloudIntegrationModule.Create();
        var overrides = servicesFolder == null ? null : Path.Combine(servicesFolder, Name);
        var settings = overrides == null ? null : FolderServices.ReadSettings(overrides);
        return new ServiceDefinition(Name, metadata, dialect, [], [TenantPath, $"/odata/v2/{Name}/"],
            settings?.PageSize ?? pageSize, FolderServices.Sizes(settings, DataSizes.Default), Directory.Exists(overrides) ? overrides : null, module.Links)
        {
            CsrfProtection = settings?.CsrfProtection ?? true,
            OlingoV2 = true,
            Behaviors = module.Behaviors,
            Operations = module.Operations,
            Tickers = module.Tickers,
            SeedData = module.Seed,
            Roles = module.Roles,
            ResourceHandlers = module.Resources,
            SetPageSizes = module.PageSizes,
        };
    }
}
