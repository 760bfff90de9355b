using System.Text.Json;
using SapSandbox.Core.Runtime;
using static SapSandbox.Services.CloudIntegration.Roles.RoleTemplates;

namespace SapSandbox.Services.CloudIntegration.Roles;

/// <summary>
/// The role template a Cloud Integration request needs, after SAP's task table ("Tasks and Permissions for Cloud
/// Integration", reference §0.6): every entity set has a template to read it and one to change it, and a third where
/// its media resource (<c>$value</c>) holds more than its properties do (message payloads, exported packages, private
/// keys); every function import has one. A path is judged by the entity set it ends at, so
/// <c>MessageProcessingLogs('…')/Attachments</c> is monitoring data and <c>…/Attachments('…')/$value</c> a payload.
/// </summary>
/// <remarks>
/// Sets and functions the task table names no template for (the model holds many the documentation never
/// mentions) are read with <c>MonitoringDataRead</c>, as the API overview pages ask for, and changed with the Edit
/// or Deploy template of the area they belong to; each such choice is marked "closest" below. The service
/// document, <c>$metadata</c> and <c>$batch</c> (whose operations are checked one by one) need
/// <c>MonitoringDataRead</c>, which every persona has; so does a path that names nothing in the model, which then
/// answers 404 rather than 403.
/// </remarks>
public sealed class TaskRoles : IRoleRule
{
    /// <summary>The templates of one entity set.</summary>
    /// <param name="Read">to read its entities and properties</param>
    /// <param name="Change">to create, update or delete them, their media or their links</param>
    /// <param name="Media">to read its media resource (<c>$value</c>), where that needs more than <paramref name="Read"/></param>
    /// <param name="Update">to update an entity (PUT, PATCH, MERGE), where that is another task than creating and deleting</param>
    public sealed record SetRoles(string Read, string Change, string? Media = null, string? Update = null)
    {
        public string MediaRead => Media ?? Read;
        public string UpdateChange => Update ?? Change;
    }

    static SetRoles Design(string change = WorkspacePackagesEdit) => new(WorkspacePackagesRead, change);
    // §0.6: downloading a package or artifact ($value) is an export, which the task table puts with editing.
    static SetRoles DesignArtifact() => new(WorkspacePackagesRead, WorkspacePackagesEdit, WorkspacePackagesEdit);
    static SetRoles Monitoring(string change, string? media = null) => new(MonitoringDataRead, change, media);
    static SetRoles Stores(string change = DataStoresAndQueuesDelete, string? media = null) => new(DataStoresAndQueuesRead, change, media);
    static SetRoles Security(string change = SecurityMaterialEdit, string? media = null) => new(MonitoringDataRead, change, media);
    static SetRoles Credentials() => new(MonitoringDataRead, CredentialsEdit);
    static SetRoles PartnerDirectory() => new(AuthGroup_TenantPartnerDirectoryConfigurator, AuthGroup_TenantPartnerDirectoryConfigurator);
    static SetRoles Interchanges(string? media = null) => new(B2bInterchangeRead, B2bInterchangeOperate, media);

    /// <summary>Every entity set the service serves with its templates.</summary>
    public static IReadOnlyDictionary<string, SetRoles> EntitySets { get; } = new Dictionary<string, SetRoles>(StringComparer.Ordinal)
    {
        // Design: packages and their artifacts (task table: view / create, edit, import, export, delete / configure).
        ["IntegrationPackages"] = DesignArtifact(),
        ["IntegrationDesigntimeArtifacts"] = DesignArtifact(),
        ["ValueMappingDesigntimeArtifacts"] = DesignArtifact(),
        ["MessageMappingDesigntimeArtifacts"] = DesignArtifact(),
        ["ScriptCollectionDesigntimeArtifacts"] = DesignArtifact(),
        ["IntegrationAdapterDesigntimeArtifacts"] = DesignArtifact(),
        ["DataTypeDesigntimeArtifacts"] = DesignArtifact(),
        ["MessageTypeDesigntimeArtifacts"] = DesignArtifact(),
        ["FaultMessageTypeDesigntimeArtifacts"] = DesignArtifact(),
        ["ServiceInterfaceDesigntimeArtifacts"] = DesignArtifact(),
        ["Resources"] = Design(),
        ["CustomTags"] = Design(),
        ["DesignGuidelineExecutionResults"] = Design(),
        ["Configurations"] = Design(WorkspacePackagesConfigure),
        // Value mapping content is configured, not edited (§0.6).
        ["ValMapSchema"] = Design(WorkspacePackagesConfigure),
        ["ValMaps"] = Design(WorkspacePackagesConfigure),
        ["DefaultValMaps"] = Design(WorkspacePackagesConfigure),
        ["DesignGuidelines"] = Design(WorkspaceDesignGuidelinesConfigure),
        // Tenant settings: the custom tags a package may carry (§0.6, in PI_Administrator).
        ["CustomTagConfigurations"] = Design(WebToolingSettingsProductProfilesSaveTenantConfiguration),
        ["IntegrationDesigntimeLocks"] = new(WorkspaceArtifactLocksRead, WorkspaceArtifactLocksDelete),

        // Deployed content: reading it (and downloading a deployed flow) is monitoring; deploying and undeploying
        // from the API is the Design task "Deploy/undeploy artifacts".
        ["IntegrationRuntimeArtifacts"] = Monitoring(WorkspaceArtifactsDeploy),
        ["RuntimeArtifactErrorInformations"] = Monitoring(WorkspaceArtifactsDeploy),
        ["BuildAndDeployStatus"] = Monitoring(WorkspaceArtifactsDeploy),
        // closest: the Monitor's "undeploy" template for the rest of the runtime's state.
        ["ServiceEndpoints"] = Monitoring(MonitoringArtifactsDeploy),
        ["EntryPoints"] = Monitoring(MonitoringArtifactsDeploy),
        ["APIDefinitions"] = Monitoring(MonitoringArtifactsDeploy),
        ["IntegrationFlows"] = Monitoring(MonitoringArtifactsDeploy),
        ["IntegrationConnections"] = Monitoring(MonitoringArtifactsDeploy),
        ["MDIDeltaToken"] = Monitoring(MonitoringArtifactsDeploy),
        ["WNNodes"] = Monitoring(MonitoringArtifactsDeploy),
        ["AuditLogs"] = Monitoring(MonitoringArtifactsDeploy),
        ["NumberRanges"] = Monitoring(MonitoringArtifactsDeploy),
        ["Roles"] = Monitoring(UserRolesEdit),
        ["NodeProfiles"] = Monitoring(UserRolesEdit),

        // Message processing logs: MonitoringDataRead for the whole API, MessagePayloadsRead for attachment content
        // and trace payloads (task table: "also trace and message processing log attachments").
        ["MessageProcessingLogs"] = Monitoring(MonitoringArtifactsDeploy),
        ["MessageProcessingLogAdapterAttributes"] = Monitoring(MonitoringArtifactsDeploy),
        ["MessageProcessingLogCustomHeaderProperties"] = Monitoring(MonitoringArtifactsDeploy),
        ["MessageProcessingLogErrorInformations"] = Monitoring(MonitoringArtifactsDeploy),
        ["MessageProcessingLogRuns"] = Monitoring(MonitoringArtifactsDeploy),
        ["MessageProcessingLogRunSteps"] = Monitoring(MonitoringArtifactsDeploy),
        ["MessageProcessingLogRunStepProperties"] = Monitoring(MonitoringArtifactsDeploy),
        ["MessageProcessingLogAttachments"] = Monitoring(MonitoringArtifactsDeploy, MessagePayloadsRead),
        ["TraceMessages"] = Monitoring(TraceConfigurationEdit, MessagePayloadsRead),
        ["TraceMessageProperties"] = new(MessagePayloadsRead, TraceConfigurationEdit),
        ["TraceMessageExchangeProperties"] = new(MessagePayloadsRead, TraceConfigurationEdit),
        // The ID mapper is read with MessageProcessingLocksRead (MPL API page).
        ["IdMapFromIds"] = new(MessageProcessingLocksRead, MessageProcessingLocksDelete),
        ["IdMapToIds"] = new(MessageProcessingLocksRead, MessageProcessingLocksDelete),
        ["IdMapFromId2s"] = new(MessageProcessingLocksRead, MessageProcessingLocksDelete),
        ["Locks"] = new(MessageProcessingLocksRead, MessageProcessingLocksDelete),
        // closest: deleting consumed-file records is like deleting data store entries.
        ["IdempotentRepositoryEntries"] = Monitoring(DataStoresAndQueuesDelete),
        ["GenericIdempotentRepositoryEntries"] = Monitoring(DataStoresAndQueuesDelete),
        ["LogFiles"] = Monitoring(TraceConfigurationEdit),
        ["LogFileArchives"] = Monitoring(TraceConfigurationEdit),
        ["ExternalLoggingActivationStatus"] = new(ExternalLoggingActivationRead, ExternalLoggingActivate),
        ["ExternalLoggingEvents"] = new(ExternalLoggingActivationRead, ExternalLoggingActivate),
        // Task table: "Change archiving configuration" is TraceConfigurationEdit.
        ["ArchivingConfigurations"] = new(DataArchivingRead, TraceConfigurationEdit),
        ["ArchivingKeyPerformanceIndicators"] = new(DataArchivingRead, DataArchivingActivate),
        ["B2BArchivingConfigurations"] = new(DataArchivingRead, TraceConfigurationEdit),
        ["B2BArchivingKeyPerformanceIndicators"] = new(DataArchivingRead, DataArchivingActivate),

        // Message stores: the content is monitoring data, its payloads need MessagePayloadsRead (Message Stores page).
        ["MessageStoreEntries"] = Monitoring(DataStoresAndQueuesDelete, MessagePayloadsRead),
        ["MessageStoreEntryAttachments"] = Monitoring(DataStoresAndQueuesDelete, MessagePayloadsRead),
        ["MessageStoreEntryProperties"] = Monitoring(DataStoresAndQueuesDelete),
        ["MessageStoreEntryAttachmentProperties"] = Monitoring(DataStoresAndQueuesDelete),
        // Data stores and queues: view / payload and variables / delete / configure.
        ["DataStores"] = Stores(),
        ["DataStoreEntries"] = Stores(media: DataStorePayloadsRead),
        ["Variables"] = new(DataStorePayloadsRead, DataStoresAndQueuesDelete),
        ["XiDataStores"] = Stores(),
        ["XiDataStoreArtifacts"] = Stores(),
        ["JmsBrokers"] = Stores(DataStoresAndQueuesConfig),
        ["JmsQueues"] = Stores(),
        ["JmsArtifacts"] = Stores(),
        ["Queues"] = Stores(),
        ["QueueStates"] = Stores(),
        ["MessagingQueues"] = Stores(),
        // closest: a queued message's content is a stored payload like a data store entry's. Updating one (MERGE, as
        // the Manage Message Queues monitor sends) retries it: the task table's "retry", not "delete".
        ["JmsMessages"] = Stores(media: DataStorePayloadsRead) with { Update = QueuesRetry },
        ["MessagingMessages"] = Stores(media: DataStorePayloadsRead),

        // Partner Directory: one template for reading and writing, user credential parameters included.
        ["Partners"] = PartnerDirectory(),
        ["StringParameters"] = PartnerDirectory(),
        ["BinaryParameters"] = PartnerDirectory(),
        ["AlternativePartners"] = PartnerDirectory(),
        ["AuthorizedUsers"] = PartnerDirectory(),
        ["UserCredentialParameters"] = PartnerDirectory(),

        // Security content: viewing deployed material (public certificates included) is monitoring; credentials
        // and key material have an Edit template each; private key material leaves only with SecurityMaterialDownload.
        ["UserCredentials"] = Credentials(),
        ["SecureParameters"] = Credentials(),
        ["OAuth2ClientCredentials"] = Credentials(),
        ["CustomParameters"] = Credentials(),
        ["OAuth2AuthorizationCodes"] = Credentials(),
        ["KeystoreEntries"] = Security(),
        ["Keystores"] = Security(),
        ["KeystoreResources"] = Security(),
        ["HistoryKeystoreEntries"] = Security(),
        ["ChainCertificates"] = Security(),
        ["CertificateResources"] = Security(),
        ["CertificateChainResources"] = Security(),
        ["CertificateSigningRequests"] = Security(),
        ["SSHKeyResources"] = Security(),
        ["KeyPairGenerationRequests"] = Security(),
        ["RSAKeyGenerationRequests"] = Security(),
        ["SSHKeyGenerationRequests"] = Security(),
        ["KeyPairResources"] = new(SecurityMaterialDownload, SecurityMaterialEdit),
        ["RuntimeSyncInfos"] = Security(),
        ["SecurityArtifacts"] = Security(),
        ["PgpKeyrings"] = Security(),
        ["PgpPublicKeyrings"] = Security(),
        ["PgpSecretKeyrings"] = Security(),
        ["PgpKeyEntries"] = Security(),
        ["PgpSubKeys"] = Security(),
        ["PgpUserIds"] = Security(),
        ["PgpKeyEntryImportResults"] = Security(),
        ["KeyringRuntimeAssignment"] = Security(),
        ["PgpKeyPublicResources"] = Security(),
        ["PgpKeySecretResources"] = Security(media: SecurityMaterialDownload),
        ["PgpKeyringPublicResources"] = Security(media: SecurityMaterialDownload),
        ["PgpKeyringSecretResources"] = Security(media: SecurityMaterialDownload),
        // Neo's set, which the sandbox serves beside the tenant's model: viewed as monitoring, written as security material.
        ["CertificateUserMappings"] = Security(),
        ["AccessPolicies"] = new(AccessPoliciesRead, AccessPoliciesEdit),
        ["AccessPolicyRuntimeAssignments"] = new(AccessPoliciesRead, AccessPoliciesEdit),
        ["ArtifactReferences"] = new(AccessPoliciesRead, AccessPoliciesEdit),

        // B2B scenarios: interchanges without payloads / operate (retry, restart, cancel, notes) / payloads.
        ["OrphanedInterchanges"] = Interchanges(),
        ["BusinessDocuments"] = Interchanges(),
        ["BusinessDocumentExtFields"] = Interchanges(),
        ["BusinessDocumentNotes"] = Interchanges(),
        ["BusinessDocumentProcessingEvents"] = Interchanges(),
        ["BusinessDocumentProtocolHeaders"] = Interchanges(),
        ["BusinessDocumentRelations"] = Interchanges(),
        ["CommunicationProtocolHeaders"] = Interchanges(),
        ["CustomObjects"] = Interchanges(),
        ["ErrorDetails"] = Interchanges(),
        ["ExtendedFieldsConfigs"] = Interchanges(),
        ["BusinessDocumentPayloads"] = Interchanges(B2bInterchangePayloadRead),
        ["TechnicalAcknowledgements"] = Interchanges(B2bInterchangePayloadRead),
        ["FunctionalAcknowledgements"] = Interchanges(B2bInterchangePayloadRead),
    };

    /// <summary>Every function import the service serves with the template it needs.</summary>
    public static IReadOnlyDictionary<string, string> FunctionImports { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["CopyIntegrationPackage"] = CatalogPackagesCopy,
        ["IntegrationDesigntimeArtifactSaveAsVersion"] = WorkspacePackagesEdit,
        ["ValueMappingDesigntimeArtifactSaveAsVersion"] = WorkspacePackagesEdit,
        ["MessageMappingDesigntimeArtifactSaveAsVersion"] = WorkspacePackagesEdit,
        ["ScriptCollectionDesigntimeArtifactSaveAsVersion"] = WorkspacePackagesEdit,
        ["DataTypeDesigntimeArtifactSaveAsVersion"] = WorkspacePackagesEdit,
        ["MessageTypeDesigntimeArtifactSaveAsVersion"] = WorkspacePackagesEdit,
        ["FaultMessageTypeDesigntimeArtifactSaveAsVersion"] = WorkspacePackagesEdit,
        ["ServiceInterfaceDesigntimeArtifactSaveAsVersion"] = WorkspacePackagesEdit,
        // closest: running checks on an artifact records results on it, a design-time change.
        ["ExecuteIntegrationDesigntimeArtifactsGuidelines"] = WorkspacePackagesEdit,
        ["ExecuteScriptCollectionDesigntimeArtifactsGuidelines"] = WorkspacePackagesEdit,
        ["ValidateIntegrationDesigntimeArtifact"] = WorkspacePackagesEdit,
        ["UpsertValMaps"] = WorkspacePackagesConfigure,
        ["UpdateDefaultValMap"] = WorkspacePackagesConfigure,
        ["DeleteValMaps"] = WorkspacePackagesConfigure,
        ["DeployIntegrationDesigntimeArtifact"] = WorkspaceArtifactsDeploy,
        ["DeployValueMappingDesigntimeArtifact"] = WorkspaceArtifactsDeploy,
        ["DeployMessageMappingDesigntimeArtifact"] = WorkspaceArtifactsDeploy,
        ["DeployScriptCollectionDesigntimeArtifact"] = WorkspaceArtifactsDeploy,
        ["DeployIntegrationAdapterDesigntimeArtifact"] = WorkspaceArtifactsDeploy,
        // closest: stopping a message's processing is an operator's action on the runtime.
        ["CancelMessageProcessingLog"] = MonitoringArtifactsDeploy,
        ["RetryMessagingMessages"] = QueuesRetry,
        // closest: moving messages to another queue sends them again, as a retry does.
        ["MoveMessagingMessages"] = QueuesRetry,
        ["activateQueue"] = QueuesActivate,
        ["deactivateQueue"] = QueuesActivate,
        ["activateExternalLogging"] = ExternalLoggingActivate,
        ["deactivateExternalLogging"] = ExternalLoggingActivate,
        ["activateArchivingConfiguration"] = DataArchivingActivate,
        ["activateB2BArchivingConfiguration"] = DataArchivingActivate,
        // The authorization-code flow stores a refresh token in an OAuth2 credential.
        ["OAuth2AuthorizationCodeCopy"] = CredentialsEdit,
        ["OAuth2AuthorizationCodeFullAuthUrl"] = CredentialsEdit,
        ["OAuth2AuthorizationCodeRefreshTokenUpdate"] = CredentialsEdit,
        ["OAuthTokenFromCode"] = CredentialsEdit,
        ["singleInterchangeProcess"] = B2bInterchangeOperate,
        ["massInterchangeProcess"] = B2bInterchangeOperate,
    };

    readonly IReadOnlyDictionary<(string Set, string Navigation), string> _navigations;

    /// <summary>The rule for the tenant's model as the service serves it.</summary>
    public TaskRoles() : this(TenantMetadata.File) { }

    /// <param name="modelPath">The normalised tenant model (<c>cloud-integration.json</c>), for where navigation properties lead.</param>
    public TaskRoles(string modelPath) => _navigations = Navigations(modelPath);

    public string? RequiredRole(string method, string resourcePath, bool change)
    {
        var segments = Segments(resourcePath);
        if (segments.Count == 0 || segments[0].StartsWith('$')) return MonitoringDataRead;
        if (FunctionImports.TryGetValue(segments[0], out var function)) return function;
        if (!EntitySets.ContainsKey(segments[0])) return MonitoringDataRead;

        var set = segments[0];
        var media = false;
        for (var i = 1; i < segments.Count; i++)
        {
            var segment = segments[i];
            if (segment == "$value") media = true;
            // $links/<navigation> (V2) and <navigation>/$ref (V4) change the link, judged by the set it leads to.
            else if (segment.StartsWith('$')) continue;
            else if (_navigations.TryGetValue((set, segment), out var target)) set = target;
            // A property (…/Name/$value is its raw value): the entity's own set decides.
            else break;
        }
        var roles = EntitySets[set];
        if (!change) return media ? roles.MediaRead : roles.Read;
        // An update of the entity itself; one of its media or links stays a change of the set.
        var update = method is "PUT" or "PATCH" or "MERGE" && !media && !resourcePath.Contains("$links", StringComparison.Ordinal);
        return update ? roles.UpdateChange : roles.Change;
    }

    /// <summary>The path's segments by name (keys and parameters in parentheses dropped, percent-encoding undone).</summary>
    static List<string> Segments(string resourcePath)
    {
        var segments = new List<string>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i <= resourcePath.Length; i++)
        {
            // A quoted key may hold a slash that its client did not encode.
            if (i < resourcePath.Length && resourcePath[i] == '\'') quoted = !quoted;
            if (i < resourcePath.Length && (resourcePath[i] != '/' || quoted)) continue;
            var segment = resourcePath[start..i];
            start = i + 1;
            var parenthesis = segment.IndexOf('(');
            var name = Uri.UnescapeDataString(parenthesis < 0 ? segment : segment[..parenthesis]);
            if (name.Length > 0) segments.Add(name);
        }
        return segments;
    }

    /// <summary>For every entity set, the set each of its navigation properties (its type's and its base types') leads to.</summary>
    static Dictionary<(string, string), string> Navigations(string modelPath)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(modelPath));
        var root = json.RootElement;
        var types = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var type in root.GetProperty("entityTypes").EnumerateArray()) types[type.GetProperty("name").GetString()!] = type.Clone();
        var setOfType = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var set in root.GetProperty("entitySets").EnumerateArray())
            setOfType[set.GetProperty("entityType").GetString()!] = set.GetProperty("name").GetString()!;

        var navigations = new Dictionary<(string, string), string>();
        foreach (var (typeName, setName) in setOfType)
            for (var type = typeName; type != null && types.TryGetValue(type, out var element);
                 type = element.TryGetProperty("baseType", out var baseType) ? baseType.GetString() : null)
            {
                if (!element.TryGetProperty("navigationProperties", out var properties)) continue;
                foreach (var navigation in properties.EnumerateArray())
                    if (setOfType.TryGetValue(navigation.GetProperty("target").GetString()!, out var target))
                        navigations.TryAdd((setName, navigation.GetProperty("name").GetString()!), target);
            }
        return navigations;
    }
}

/// <summary>The Cloud Foundry role templates of SAP's task table that the API's operations need.</summary>
public static class RoleTemplates
{
    public const string WorkspacePackagesRead = nameof(WorkspacePackagesRead);
    public const string WorkspacePackagesEdit = nameof(WorkspacePackagesEdit);
    public const string WorkspacePackagesConfigure = nameof(WorkspacePackagesConfigure);
    public const string WorkspaceArtifactsDeploy = nameof(WorkspaceArtifactsDeploy);
    public const string WorkspaceArtifactLocksRead = nameof(WorkspaceArtifactLocksRead);
    public const string WorkspaceArtifactLocksDelete = nameof(WorkspaceArtifactLocksDelete);
    public const string WorkspaceDesignGuidelinesConfigure = nameof(WorkspaceDesignGuidelinesConfigure);
    public const string CatalogPackagesCopy = nameof(CatalogPackagesCopy);
    /// <summary>The custom tags configuration's role (§0.6); SAP names it as the Neo role, with its dot.</summary>
    public const string WebToolingSettingsProductProfilesSaveTenantConfiguration = "WebToolingSettingsProductProfiles.savetenantconfiguration";
    public const string MonitoringDataRead = nameof(MonitoringDataRead);
    public const string MonitoringArtifactsDeploy = nameof(MonitoringArtifactsDeploy);
    public const string MessagePayloadsRead = nameof(MessagePayloadsRead);
    public const string MessageProcessingLocksRead = nameof(MessageProcessingLocksRead);
    public const string MessageProcessingLocksDelete = nameof(MessageProcessingLocksDelete);
    public const string DataStoresAndQueuesRead = nameof(DataStoresAndQueuesRead);
    public const string DataStoresAndQueuesDelete = nameof(DataStoresAndQueuesDelete);
    public const string DataStoresAndQueuesConfig = nameof(DataStoresAndQueuesConfig);
    public const string DataStorePayloadsRead = nameof(DataStorePayloadsRead);
    public const string QueuesRetry = nameof(QueuesRetry);
    public const string QueuesActivate = nameof(QueuesActivate);
    public const string TraceConfigurationEdit = nameof(TraceConfigurationEdit);
    public const string ExternalLoggingActivationRead = nameof(ExternalLoggingActivationRead);
    public const string ExternalLoggingActivate = nameof(ExternalLoggingActivate);
    public const string DataArchivingRead = nameof(DataArchivingRead);
    public const string DataArchivingActivate = nameof(DataArchivingActivate);
    public const string UserRolesEdit = nameof(UserRolesEdit);
    public const string CredentialsEdit = nameof(CredentialsEdit);
    public const string SecurityMaterialEdit = nameof(SecurityMaterialEdit);
    public const string SecurityMaterialDownload = nameof(SecurityMaterialDownload);
    public const string AccessPoliciesRead = nameof(AccessPoliciesRead);
    public const string AccessPoliciesEdit = nameof(AccessPoliciesEdit);
    public const string AuthGroup_TenantPartnerDirectoryConfigurator = nameof(AuthGroup_TenantPartnerDirectoryConfigurator);
    public const string B2bInterchangeRead = nameof(B2bInterchangeRead);
    public const string B2bInterchangeOperate = nameof(B2bInterchangeOperate);
    public const string B2bInterchangePayloadRead = nameof(B2bInterchangePayloadRead);
}
