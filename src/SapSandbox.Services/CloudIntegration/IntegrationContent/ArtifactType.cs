namespace SapSandbox.Services.CloudIntegration.IntegrationContent;

/// <summary>
/// One kind of design-time artifact (integration flow, value mapping, message mapping, script collection): its entity
/// set, the bundle type its manifest names, the type its deployment runs as, its function imports, and how the
/// tenant's messages name it.
/// </summary>
public sealed record ArtifactType(
    string EntitySet, string BundleType, string RuntimeType, string Noun, string NotFound,
    string DeployOperation, string SaveAsVersionOperation, bool HasResources, bool HasConfigurations)
{
    public static readonly ArtifactType IntegrationFlow = new("IntegrationDesigntimeArtifacts", "IntegrationFlow", "INTEGRATION_FLOW",
        "integration flow", "Integration design time artifact not found",
        "DeployIntegrationDesigntimeArtifact", "IntegrationDesigntimeArtifactSaveAsVersion", HasResources: true, HasConfigurations: true);

    public static readonly ArtifactType ValueMapping = new("ValueMappingDesigntimeArtifacts", "ValueMapping", "VALUE_MAPPING",
        "value mapping", "Value mapping design time artifact not found",
        "DeployValueMappingDesigntimeArtifact", "ValueMappingDesigntimeArtifactSaveAsVersion", HasResources: false, HasConfigurations: false);

    public static readonly ArtifactType MessageMapping = new("MessageMappingDesigntimeArtifacts", "MessageMapping", "MESSAGE_MAPPING",
        "message mapping", "Message mapping design time artifact not found",
        "DeployMessageMappingDesigntimeArtifact", "MessageMappingDesigntimeArtifactSaveAsVersion", HasResources: true, HasConfigurations: false);

    public static readonly ArtifactType ScriptCollection = new("ScriptCollectionDesigntimeArtifacts", "ScriptCollection", "SCRIPT_COLLECTION",
        "script collection", "Script collection design time artifact not found",
        "DeployScriptCollectionDesigntimeArtifact", "ScriptCollectionDesigntimeArtifactSaveAsVersion", HasResources: true, HasConfigurations: false);

    public static readonly IReadOnlyList<ArtifactType> All = [IntegrationFlow, ValueMapping, MessageMapping, ScriptCollection];

    public static ArtifactType? OfSet(string entitySet) => All.FirstOrDefault(t => t.EntitySet == entitySet);

    public static ArtifactType? OfRuntime(string? runtimeType) => All.FirstOrDefault(t => t.RuntimeType == runtimeType);

    /// <summary>The per-artifact tables of its configurations and resources (navigations held per artifact).</summary>
    public string ConfigurationsTable => EntitySet + "_Configurations";
    public string ResourcesTable => EntitySet + "_Resources";

    /// <summary>"An integration flow", "A value mapping": the tenant's messages start with the noun.</summary>
    public string Article => "A" + (Noun[0] is 'a' or 'e' or 'i' or 'o' or 'u' ? "n " : " ") + Noun;
}
