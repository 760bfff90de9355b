using SapSandbox.Core.Store;

namespace SapSandbox.Services.CloudIntegration.IntegrationContent;

/// <summary>
/// Integration content: packages and their design-time artifacts (integration flows, value mappings, message mappings,
/// script collections) with their bundles, versions, configurations and resources; copies from the Discover catalog;
/// deployment with its build and deploy status, runtime artifacts, error information and service endpoints; and
/// the tenant's starting workspace (<see cref="TenantContent"/>).
/// </summary>
public static class IntegrationContentModule
{
    /// <summary>Design-time kinds only the tenant's model knows; the workspace holds none, but they hang off packages too.</summary>
    public static readonly IReadOnlyList<string> UndocumentedArtifactSets =
        ["DataTypeDesigntimeArtifacts", "MessageTypeDesigntimeArtifacts", "FaultMessageTypeDesigntimeArtifacts", "ServiceInterfaceDesigntimeArtifacts"];

    /// <summary>A package's custom tags, held per package (their key is the tag's name alone).</summary>
    public const string CustomTagsTable = DesignContent.PackagesSet + "_CustomTags";

    /// <summary>The hidden column that puts an artifact in its package's navigation (the same value as its PackageId).</summary>
    public static string PackageLink(ArtifactType type) => new NavigationLink(DesignContent.PackagesSet, type.EntitySet).Path("Id");

    public static void Register(CloudIntegrationModule module)
    {
        // The tenant's model declares these navigations without anything to join on. A package's artifacts carry its
        // Id; an artifact's configurations and resources, and a package's tags, are keyed only within their owner.
        module.Links.AddRange(ArtifactType.All.Select(t => t.EntitySet).Concat(UndocumentedArtifactSets)
            .Select(set => new NavigationLink(DesignContent.PackagesSet, set)));
        module.Links.Add(new NavigationLink(DesignContent.PackagesSet, "CustomTags", PerSource: true));
        foreach (var type in ArtifactType.All)
        {
            if (type.HasConfigurations) module.Links.Add(new NavigationLink(type.EntitySet, "Configurations", PerSource: true));
            if (type.HasResources) module.Links.Add(new NavigationLink(type.EntitySet, "Resources", PerSource: true));
            module.Behaviors[type.EntitySet] = new DesigntimeArtifactBehavior(type);
            if (type.HasResources) module.Behaviors[type.ResourcesTable] = new ResourceContent(type);
            module.Operations[type.DeployOperation] = new DeployArtifact(type);
            module.Operations[type.SaveAsVersionOperation] = new SaveAsVersion(type);
        }
        // A value mapping's content: its pairs of agency identifiers, and each pair's mapped and default values.
        module.Links.Add(new NavigationLink(ArtifactType.ValueMapping.EntitySet, "ValMapSchema", PerSource: true));
        module.Links.Add(new NavigationLink(ValueMappings.SchemaTable, "ValMaps", PerSource: true));
        module.Links.Add(new NavigationLink(ValueMappings.SchemaTable, "DefaultValMaps", PerSource: true));
        module.Operations["UpsertValMaps"] = new ValueMappings.Upsert();
        module.Operations["DeleteValMaps"] = new ValueMappings.Delete();
        module.Operations["UpdateDefaultValMap"] = new ValueMappings.UpdateDefault();
        module.Links.Add(Deployments.EntryPointsLink);
        module.Links.Add(Deployments.DefinitionsLink);

        module.Behaviors[DesignContent.PackagesSet] = new PackageBehavior();
        module.Behaviors[Deployments.RuntimeSet] = new RuntimeArtifactContent();
        module.Behaviors[Deployments.ErrorsSet] = new RuntimeErrorInformation();
        module.Resources.Add(new ContentRequests());
        module.Tickers.Add(new DeploymentTicker());
        TenantContent.Instance.AddTo(module.Seed);
    }
}
