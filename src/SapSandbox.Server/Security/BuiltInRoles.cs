namespace SapSandbox.Server.Security;

/// <summary>
/// The role collections every sandbox has: Cloud Integration's personas with the role templates SAP bundles in
/// them (reference §0.6), and display/edit collections for the S/4 services, whose roles are
/// <c>SERVICE.Read</c> and <c>SERVICE.Write</c>. A role may end in <c>*</c> to stand for all that start alike.
/// </summary>
public static class BuiltInRoles
{
    static readonly string[] CloudIntegrationReadOnly =
    [
        "WorkspacePackagesRead", "MonitoringDataRead", "CatalogPackagesRead", "CatalogPackageArtifactsRead",
        "DataStoresAndQueuesRead", "MessageProcessingLocksRead", "WorkspaceArtifactLocksRead", "AccessPoliciesRead",
        "TraceConfigurationRead", "ExternalLoggingActivationRead", "DataArchivingRead", "HealthCheckMonitoringDataRead",
    ];

    static readonly string[] CloudIntegrationBusinessExpert =
    [
        .. CloudIntegrationReadOnly, "MessagePayloadsRead", "DataStorePayloadsRead", "QueuesRetry", "CredentialsRead",
    ];

    static readonly string[] CloudIntegrationDeveloper =
    [
        .. CloudIntegrationBusinessExpert, "WorkspacePackagesEdit", "WorkspacePackagesConfigure", "WorkspaceArtifactsDeploy",
        "CatalogPackagesCopy", "CredentialsEdit", "SecurityMaterialEdit", "MonitoringArtifactsDeploy", "WorkspaceArtifactLocksDelete",
        "MessageProcessingLocksDelete", "DataStoresAndQueuesDelete", "QueuesActivate", "DataStoresAndQueuesConfig",
        "TraceConfigurationEdit", "AuthGroup_TenantPartnerDirectoryConfigurator", "WorkspaceDesignGuidelinesConfigure",
    ];

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Collections = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        ["PI_Read_Only"] = CloudIntegrationReadOnly,
        ["PI_Business_Expert"] = CloudIntegrationBusinessExpert,
        ["PI_Integration_Developer"] = CloudIntegrationDeveloper,
        ["PI_Administrator"] =
        [
            .. CloudIntegrationDeveloper, "UserRolesEdit", "AccessPoliciesEdit", "AccessAllAccessPoliciesArtifacts",
            "SecurityMaterialDownload", "ExternalLoggingActivate", "DataArchivingActivate", "B2bInterchangeOperate",
            "B2bInterchangePayloadRead", "B2bInterchangeRead", "WebToolingSettingsProductProfiles.savetenantconfiguration",
        ],
        ["S4_Display"] = ["*.Read"],
        ["S4_Edit"] = ["*.Read", "*.Write"],
        // "*" covers every role; the administration role is named as well, so that the collection shows it.
        ["Sandbox_Administrator"] = ["*", Admin.AdminApi.Role],
    };

    /// <summary>Whether a granted role (possibly ending in, or being, a <c>*</c> pattern) covers the required one.</summary>
    public static bool Covers(string granted, string required) =>
        granted == "*" || granted == required
        || granted.StartsWith("*", StringComparison.Ordinal) && required.EndsWith(granted[1..], StringComparison.Ordinal)
        || granted.EndsWith("*", StringComparison.Ordinal) && required.StartsWith(granted[..^1], StringComparison.Ordinal);
}
