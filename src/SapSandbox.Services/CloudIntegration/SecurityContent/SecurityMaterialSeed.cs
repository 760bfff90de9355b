using SapSandbox.Core.Data;
using SapSandbox.Core.Store;

namespace SapSandbox.Services.CloudIntegration.SecurityContent;

/// <summary>
/// The security material of a fresh tenant: user credentials of each kind, secure parameters, OAuth2 client credentials
/// with a custom parameter, an access policy with its references, and the keystores of <see cref="KeystoreSeed"/>.
/// Fixed values and dates, so that every seeded tenant is the same.
/// </summary>
public static class SecurityMaterialSeed
{
    public const string Version = "security-1+" + KeystoreSeed.Version;

    static readonly DateTimeOffset Deployed = new(2025, 9, 1, 8, 0, 0, TimeSpan.Zero);
    const string Deployer = "sandbox";

    /// <summary>The seeded artifacts' secrets, which the API never returns (test values, not real secrets).</summary>
    public static readonly IReadOnlyDictionary<(string Kind, string Name), string> Secrets = new Dictionary<(string, string), string>
    {
        [(SecretStore.UserCredential, "S4HANA_COMM_USER")] = "Sandbox-S4-Password-1",
        [(SecretStore.UserCredential, "SuccessFactors_API")] = "Sandbox-SF-Password-1",
        [(SecretStore.UserCredential, "OpenConnectors_Salesforce")] = "User sandbox-user-secret, Organization sandbox-org-secret, Element sandbox-element-token",
        [(SecretStore.UserCredential, "SFTP_Partner_ACME")] = "Sandbox-SFTP-Password-1",
        [(SecretStore.SecureParameter, "ACME_API_Key")] = "sandbox-acme-api-key-0001",
        [(SecretStore.SecureParameter, "PGP_Passphrase")] = "sandbox passphrase",
        [(SecretStore.OAuth2ClientCredential, "S4HANA_OAuth")] = "sandbox-client-secret-s4",
        [(SecretStore.OAuth2ClientCredential, "Graph_API")] = "sandbox-client-secret-graph",
    };

    static Dictionary<string, object?> Credential(string name, string kind, string? description, string user, string? companyId, int day) => new()
    {
        ["Name"] = name, ["Kind"] = kind, ["Description"] = description, ["User"] = user, ["Password"] = null, ["CompanyId"] = companyId,
        ["SecurityArtifactDescriptor/Type"] = "CREDENTIALS", ["SecurityArtifactDescriptor/DeployedBy"] = Deployer,
        ["SecurityArtifactDescriptor/DeployedOn"] = Deployed.AddDays(day), ["SecurityArtifactDescriptor/Status"] = "DEPLOYED",
    };

    static Dictionary<string, object?> OAuthClient(string name, string url, string clientId, string authentication, string? scope, string contentType, int day) => new()
    {
        ["Name"] = name, ["Description"] = $"OAuth client {clientId}", ["TokenServiceUrl"] = url, ["ClientId"] = clientId, ["ClientSecret"] = null,
        ["ClientAuthentication"] = authentication, ["Scope"] = scope, ["ScopeContentType"] = contentType, ["Resource"] = null, ["Audience"] = null,
        ["SecurityArtifactDescriptor/Type"] = "CREDENTIALS", ["SecurityArtifactDescriptor/DeployedBy"] = Deployer,
        ["SecurityArtifactDescriptor/DeployedOn"] = Deployed.AddDays(day), ["SecurityArtifactDescriptor/Status"] = "DEPLOYED",
    };

    public static void AddTo(TenantSeed seed)
    {
        seed.Add("UserCredentials", Version, table => SeedRows.From(table,
        [
            Credential("S4HANA_COMM_USER", "default", "Communication user of the S/4HANA system", "CPI_COMM_USER", null, 0),
            Credential("SuccessFactors_API", "successfactors", "SuccessFactors API user", "sfapi", "SFPART000123", 1),
            Credential("OpenConnectors_Salesforce", "openconnectors", "Open Connectors instance for Salesforce", "oc-salesforce", null, 2),
            Credential("SFTP_Partner_ACME", "default", "SFTP login at ACME Corp", "acme_sftp", null, 3),
        ]));
        seed.Add("SecureParameters", Version, table => SeedRows.From(table,
        [
            new Dictionary<string, object?> { ["Name"] = "ACME_API_Key", ["Description"] = "API key of the ACME order API", ["SecureParam"] = null, ["DeployedBy"] = Deployer, ["DeployedOn"] = Deployed.AddDays(4), ["Status"] = "DEPLOYED" },
            new Dictionary<string, object?> { ["Name"] = "PGP_Passphrase", ["Description"] = null, ["SecureParam"] = null, ["DeployedBy"] = Deployer, ["DeployedOn"] = Deployed.AddDays(5), ["Status"] = "DEPLOYED" },
        ]));
        seed.Add("OAuth2ClientCredentials", Version, table => SeedRows.From(table,
        [
            OAuthClient("S4HANA_OAuth", "https://my000000-api.s4hana.cloud.sap/sap/bc/sec/oauth2/token", "SANDBOX_CPI_CLIENT", "body", "API_BUSINESS_PARTNER_0001", "urlencoded", 6),
            OAuthClient("Graph_API", "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/oauth2/v2.0/token", "11111111-2222-3333-4444-555555555555", "header", "https://graph.microsoft.com/.default", "urlencoded", 7),
        ]));
        seed.Add("CustomParameters", Version, table => SeedRows.From(table,
        [
            new Dictionary<string, object?> { ["Key"] = "tenant", ["Value"] = "sandbox", ["SendAsPartOf"] = "body", [CredentialsHandler.CustomParameters.Path("Name")] = "Graph_API" },
        ]));
        seed.Add("AccessPolicies", Version, table => SeedRows.From(table,
        [
            new Dictionary<string, object?> { ["Id"] = 101L, ["RoleName"] = "HR_Data_Restricted", ["Description"] = "Flows and data stores with employee data" },
        ]));
        seed.Add("ArtifactReferences", Version, table => SeedRows.From(table,
        [
            new Dictionary<string, object?> { ["Id"] = 201L, ["Name"] = "HR flows", ["Description"] = "Employee replication flows", ["Type"] = "INTEGRATION_FLOW", ["ConditionAttribute"] = "Name", ["ConditionValue"] = "^EC_.*", ["ConditionType"] = "regularExpression", [AccessPoliciesHandler.References.Path("Id")] = 101L },
            new Dictionary<string, object?> { ["Id"] = 202L, ["Name"] = "Employee store", ["Description"] = null, ["Type"] = "GLOBAL_DATA_STORE", ["ConditionAttribute"] = "Name", ["ConditionValue"] = "EmployeeCache", ["ConditionType"] = "exactString", [AccessPoliciesHandler.References.Path("Id")] = 101L },
        ]));
        seed.Add(CertificateUserMappingsHandler.Set, Version, _ => []);

        var system = KeystoreSeed.Items.Where(i => i.Keystore == Keystores.System).ToList();
        seed.Add("KeystoreEntries", Version, table => SeedRows.From(table, system.Select(i => i.Properties())));
        seed.Add("ChainCertificates", Version, table => SeedRows.From(table, system.SelectMany(i => i.ChainProperties())));
        seed.Add("HistoryKeystoreEntries", Version, table => SeedRows.From(table, KeystoreSeed.Items.Where(i => i.Keystore == Keystores.History).Select(i => i.Properties())));
        seed.Add("Keystores", Version, table => SeedRows.From(table, new[] { Keystores.System, Keystores.Renewal, Keystores.Backup }.Select(name =>
        {
            var entries = KeystoreSeed.Items.Where(i => i.Keystore == name).ToList();
            return new Dictionary<string, object?>
            {
                ["Name"] = name, ["Size"] = entries.Count,
                ["LastModifiedBy"] = entries.Count == 0 ? null : entries.MaxBy(e => e.ModifiedTime)!.ModifiedBy,
                ["LastModifiedTime"] = entries.Count == 0 ? null : entries.Max(e => e.ModifiedTime),
                ["AggregatedStatus"] = null, ["AggregatedErrors"] = null, ["RuntimeIds"] = null,
            };
        })));
        // Requests and resources are what a client sends; a tenant lists none of them.
        foreach (var set in new[]
                 {
                     "CertificateResources", "CertificateChainResources", "CertificateSigningRequests", "SSHKeyResources", "KeyPairGenerationRequests",
                     "RSAKeyGenerationRequests", "SSHKeyGenerationRequests", "KeyPairResources", "KeystoreResources",
                 })
            seed.Add(set, Version, _ => []);
    }
}
