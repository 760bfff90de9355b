namespace SapSandbox.Server.Security;

/// <summary>
/// The role collections every sandbox has: Cloud Integration's personas with the role templates SAP bundles in
/// them (reference §0.6), and display/edit collections for the S/4 services, whose roles are
/// <c>SERVICE.Read</c> and <c>SERVICE.Write</c>. A role may end in <c>*</c> to stand for all that start alike.
/// </summary>
public static class BuiltInRoles
{
    // Each persona's templates are those the task table ("Tasks and Permissions for Cloud Integration") marks for it;
    // SAP bundles them as AuthGroup_ReadOnly, AuthGroup_BusinessExpert, ... in the PI_* collections.
    // HealthCheckMonitoringDataRead, AccessAllAccessPoliciesArtifacts and B2bInterchangePayloadRead are in no
    // predefined collection, and the Partner Directory's template only in the administrator's (as AuthGroup_Administrator
    // reaches the Partner Directory on a tenant); a configured collection grants them to others.

    /// <summary>Support users without access to sensitive business data: no payloads, no changes.</summary>
    static readonly string[] CloudIntegrationReadOnly =
    [
        "WorkspacePackagesRead", "MonitoringDataRead", "CatalogPackagesRead", "CatalogPackageArtifactsRead",
        "DataStoresAndQueuesRead", "MessageProcessingLocksRead", "WorkspaceArtifactLocksRead", "AccessPoliciesRead",
        "TraceConfigurationRead", "ExternalLoggingActivationRead", "DataArchivingRead", "B2bInterchangeRead",
    ];

    /// <summary>Users allowed to see business data: payloads, trace and archiving configuration, B2B operations.</summary>
    static readonly string[] CloudIntegrationBusinessExpert =
    [
        "WorkspacePackagesRead", "MonitoringDataRead", "CatalogPackagesRead", "CatalogPackageArtifactsRead",
        "DataStoresAndQueuesRead", "WorkspaceArtifactLocksRead", "TraceConfigurationRead", "ExternalLoggingActivationRead",
        "DataArchivingRead", "MessagePayloadsRead", "DataStorePayloadsRead", "TraceConfigurationEdit", "B2bInterchangeOperate",
    ];

    /// <summary>The read-only and business expert tasks, and designing, configuring and deploying content.</summary>
    static readonly string[] CloudIntegrationDeveloper =
    [
        .. CloudIntegrationReadOnly.Union(CloudIntegrationBusinessExpert), "WorkspacePackagesEdit", "WorkspacePackagesConfigure",
        "WorkspaceArtifactsDeploy", "CatalogPackagesCopy", "MonitoringArtifactsDeploy", "CredentialsEdit", "CredentialsRead",
        "QueuesRetry", "UserRolesEdit",
    ];

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Collections = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        ["PI_Read_Only"] = CloudIntegrationReadOnly,
        ["PI_Business_Expert"] = CloudIntegrationBusinessExpert,
        ["PI_Integration_Developer"] = CloudIntegrationDeveloper,
        ["PI_Administrator"] =
        [
            // The developer's tasks, and the tenant administrator's: security material, access policies, deleting
            // stored messages and locks, queues, logging and archiving, design guidelines, tenant settings, the Partner Directory.
            .. CloudIntegrationDeveloper, "SecurityMaterialEdit", "SecurityMaterialDownload", "AccessPoliciesEdit",
            "WorkspaceArtifactLocksDelete", "MessageProcessingLocksDelete", "DataStoresAndQueuesDelete", "DataStoresAndQueuesConfig",
            "QueuesActivate", "ExternalLoggingActivate", "DataArchivingActivate", "WorkspaceDesignGuidelinesConfigure",
            "WebToolingSettingsProductProfiles.savetenantconfiguration", "AuthGroup_TenantPartnerDirectoryConfigurator",
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
