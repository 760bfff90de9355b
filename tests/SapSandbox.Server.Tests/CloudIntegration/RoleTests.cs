using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using SapSandbox.Server.Security;
using SapSandbox.Services.CloudIntegration.Roles;

namespace SapSandbox.Server.Tests.CloudIntegration;

/// <summary>A sandbox with one user per Cloud Integration persona, and one who has only an S/4 role collection.</summary>
public sealed class RolesServer : SandboxServer
{
    public const string Password = "Welcome1!";
    static readonly string Hash = PasswordHash.Create(Password);

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sandbox:Users:reader:PasswordHash"] = Hash,
        ["Sandbox:Users:reader:RoleCollections:0"] = "PI_Read_Only",
        ["Sandbox:Users:expert:PasswordHash"] = Hash,
        ["Sandbox:Users:expert:RoleCollections:0"] = "PI_Business_Expert",
        ["Sandbox:Users:developer:PasswordHash"] = Hash,
        ["Sandbox:Users:developer:RoleCollections:0"] = "PI_Integration_Developer",
        ["Sandbox:Users:admin:PasswordHash"] = Hash,
        ["Sandbox:Users:admin:RoleCollections:0"] = "PI_Administrator",
        ["Sandbox:Users:clerk:PasswordHash"] = Hash,
        ["Sandbox:Users:clerk:RoleCollections:0"] = "S4_Edit",
    };

    public HttpClient As(string user) => NewClient(user, Password);

    /// <summary>A change as Cloud Integration clients send it: CSRF token fetched on the service root, JSON, V2 answers in JSON.</summary>
    public async Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string url, string? json = null)
    {
        var token = await FetchCsrfToken(client, "/api/v1/");
        using var request = new HttpRequestMessage(method, url);
        if (json != null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        request.Headers.Add("X-CSRF-Token", token);
        request.Headers.Add("Accept", "application/json");
        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> Get(HttpClient client, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Accept", "application/json");
        return await client.SendAsync(request);
    }
}

public class RoleTests(RolesServer server) : IClassFixture<RolesServer>
{
    const string Api = "/api/v1/";

    /// <summary>A key of the first entity of a set, as the built-in user (who has every role) reads it.</summary>
    async Task<string> FirstKey(string set, string property)
    {
        var (response, body) = await server.GetJson($"{Api}{set}?$top=1&$select={property}", ("Accept", "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = body.GetProperty("d").GetProperty("results");
        Assert.True(rows.GetArrayLength() > 0, $"{set} holds no entity to test with");
        return rows[0].GetProperty(property).GetString()!;
    }

    static async Task AssertForbidden(HttpResponseMessage response, string role)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{(int)response.StatusCode}: {body}");
        Assert.Contains($"the role {role} is missing", body);
    }

    static async Task AssertAllowed(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is not HttpStatusCode.Forbidden and not HttpStatusCode.Unauthorized, $"{(int)response.StatusCode}: {body}");
    }

    [Fact]
    public async Task The_read_only_persona_reads_packages_runtime_artifacts_and_message_processing_logs()
    {
        using var reader = server.As("reader");
        var log = await FirstKey("MessageProcessingLogs", "MessageGuid");

        foreach (var url in new[]
                 {
                     "", "$metadata", "IntegrationPackages", "IntegrationRuntimeArtifacts", "MessageProcessingLogs?$top=5",
                     $"MessageProcessingLogs('{log}')", $"MessageProcessingLogs('{log}')/Attachments", "DataStores", "KeystoreEntries",
                     "IntegrationDesigntimeLocks",
                 })
        {
            using var response = await RolesServer.Get(reader, Api + url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        using var v2 = await RolesServer.Get(reader, "/odata/v2/CloudIntegration/IntegrationPackages");
        Assert.Equal(HttpStatusCode.OK, v2.StatusCode);
    }

    [Fact]
    public async Task The_read_only_persona_may_not_deploy_and_the_403_names_WorkspaceArtifactsDeploy()
    {
        using var reader = server.As("reader");

        using var deploy = await server.Send(reader, HttpMethod.Post, Api + "DeployIntegrationDesigntimeArtifact?Id='Flow1'&Version='active'");
        using var undeploy = await server.Send(reader, HttpMethod.Delete, Api + "IntegrationRuntimeArtifacts('Flow1')");

        await AssertForbidden(deploy, "WorkspaceArtifactsDeploy");
        await AssertForbidden(undeploy, "WorkspaceArtifactsDeploy");
        Assert.Contains("User reader is not authorized", await deploy.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_read_only_persona_may_not_download_payloads()
    {
        using var reader = server.As("reader");
        var attachment = await FirstKey("MessageProcessingLogAttachments", "Id");
        var log = await FirstKey("MessageProcessingLogs", "MessageGuid");

        using var direct = await RolesServer.Get(reader, $"{Api}MessageProcessingLogAttachments('{attachment}')/$value");
        using var navigated = await RolesServer.Get(reader, $"{Api}MessageProcessingLogs('{log}')/Attachments('{attachment}')/$value");
        using var stored = await RolesServer.Get(reader, $"{Api}MessageStoreEntries('any')/$value");
        using var dataStore = await RolesServer.Get(reader, $"{Api}DataStoreEntries(Id='1',DataStoreName='DS',IntegrationFlow='Flow1',Type='')/$value");

        await AssertForbidden(direct, "MessagePayloadsRead");
        await AssertForbidden(navigated, "MessagePayloadsRead");
        await AssertForbidden(stored, "MessagePayloadsRead");
        await AssertForbidden(dataStore, "DataStorePayloadsRead");
    }

    [Fact]
    public async Task The_read_only_persona_may_not_write_security_material_or_credentials()
    {
        using var reader = server.As("reader");

        using var certificate = await server.Send(reader, HttpMethod.Put, Api + "CertificateResources('6D7963657274')/$value", "\"MIIB\"");
        using var keyPair = await server.Send(reader, HttpMethod.Post, Api + "KeyPairGenerationRequests", """{"Hexalias":"6D796B6579","KeyType":"RSA","KeySize":2048}""");
        using var delete = await server.Send(reader, HttpMethod.Delete, Api + "KeystoreEntries('6D7963657274')");
        using var credential = await server.Send(reader, HttpMethod.Post, Api + "UserCredentials", """{"Name":"smtp","Kind":"default","User":"u","Password":"p"}""");

        await AssertForbidden(certificate, "SecurityMaterialEdit");
        await AssertForbidden(keyPair, "SecurityMaterialEdit");
        await AssertForbidden(delete, "SecurityMaterialEdit");
        await AssertForbidden(credential, "CredentialsEdit");
    }

    [Fact]
    public async Task The_integration_developer_edits_packages_and_deploys()
    {
        using var developer = server.As("developer");
        var id = "RolesTest" + Guid.NewGuid().ToString("N")[..8];

        using var created = await server.Send(developer, HttpMethod.Post, Api + "IntegrationPackages",
            $$"""{"Id":"{{id}}","Name":"Roles test","ShortText":"Created by the integration developer","Version":"1.0.0"}""");
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"{(int)created.StatusCode}: {await created.Content.ReadAsStringAsync()}");
        using var updated = await server.Send(developer, HttpMethod.Put, $"{Api}IntegrationPackages('{id}')", """{"ShortText":"Changed"}""");
        using var deploy = await server.Send(developer, HttpMethod.Post, Api + "DeployIntegrationDesigntimeArtifact?Id='Flow1'&Version='active'");
        using var deleted = await server.Send(developer, HttpMethod.Delete, $"{Api}IntegrationPackages('{id}')");

        Assert.True(updated.IsSuccessStatusCode, $"{(int)updated.StatusCode}: {await updated.Content.ReadAsStringAsync()}");
        await AssertAllowed(deploy);
        Assert.True(deleted.IsSuccessStatusCode, $"{(int)deleted.StatusCode}: {await deleted.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task The_integration_developer_deploys_no_security_material_and_reads_no_partner_directory()
    {
        using var developer = server.As("developer");

        using var keyPair = await server.Send(developer, HttpMethod.Post, Api + "KeyPairGenerationRequests", """{"Hexalias":"6D796B6579"}""");
        using var partners = await RolesServer.Get(developer, Api + "StringParameters");
        using var locks = await server.Send(developer, HttpMethod.Delete, Api + "IntegrationDesigntimeLocks('any')");

        await AssertForbidden(keyPair, "SecurityMaterialEdit");
        await AssertForbidden(partners, "AuthGroup_TenantPartnerDirectoryConfigurator");
        await AssertForbidden(locks, "WorkspaceArtifactLocksDelete");
    }

    [Fact]
    public async Task Retrying_a_queued_message_needs_QueuesRetry_and_deleting_it_DataStoresAndQueuesDelete()
    {
        using var developer = server.As("developer");
        using var reader = server.As("reader");
        var (response, body) = await server.GetJson(Api + "JmsMessages?$top=2", ("Accept", "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var keys = body.GetProperty("d").GetProperty("results").EnumerateArray().Select(m =>
            $"JmsMessages(Msgid='{m.GetProperty("Msgid").GetString()}',Name='{m.GetProperty("Name").GetString()}',Failed={(m.GetProperty("Failed").GetBoolean() ? "true" : "false")})").ToList();
        Assert.Equal(2, keys.Count);

        // Manage Message Queues retries with a MERGE of the queue entry, tunnelled through POST.
        async Task<HttpResponseMessage> Retry(HttpClient client, string key)
        {
            var token = await server.FetchCsrfToken(client, Api);
            using var request = new HttpRequestMessage(HttpMethod.Post, Api + key) { Content = new StringContent("""{"RetryCount":"0"}""", Encoding.UTF8, "application/json") };
            request.Headers.Add("X-CSRF-Token", token);
            request.Headers.Add("X-HTTP-Method", "MERGE");
            request.Headers.Add("Accept", "application/json");
            return await client.SendAsync(request);
        }

        using var refused = await Retry(reader, keys[0]);
        using var deleted = await server.Send(developer, HttpMethod.Delete, Api + keys[1]);
        using var retried = await Retry(developer, keys[0]);

        await AssertForbidden(refused, "QueuesRetry");
        await AssertForbidden(deleted, "DataStoresAndQueuesDelete");
        Assert.True(retried.StatusCode == HttpStatusCode.NoContent, $"{(int)retried.StatusCode}: {await retried.Content.ReadAsStringAsync()}");
        using var gone = await RolesServer.Get(developer, Api + keys[0]);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task The_business_expert_reads_payloads_but_neither_deploys_nor_configures()
    {
        using var expert = server.As("expert");
        var attachment = await FirstKey("MessageProcessingLogAttachments", "Id");

        using var payload = await RolesServer.Get(expert, $"{Api}MessageProcessingLogAttachments('{attachment}')/$value");
        using var stored = await RolesServer.Get(expert, $"{Api}MessageStoreEntries('any')/$value");
        using var variables = await RolesServer.Get(expert, Api + "Variables");
        using var deploy = await server.Send(expert, HttpMethod.Post, Api + "DeployIntegrationDesigntimeArtifact?Id='Flow1'&Version='active'");
        using var configure = await server.Send(expert, HttpMethod.Put,
            Api + "IntegrationDesigntimeArtifacts(Id='Flow1',Version='active')/$links/Configurations('Address')", """{"ParameterValue":"/x"}""");

        await AssertAllowed(payload);
        await AssertAllowed(stored);
        Assert.Equal(HttpStatusCode.OK, variables.StatusCode);
        await AssertForbidden(deploy, "WorkspaceArtifactsDeploy");
        await AssertForbidden(configure, "WorkspacePackagesConfigure");
    }

    [Fact]
    public async Task The_administrator_reaches_the_partner_directory_and_security_material_downloads()
    {
        using var admin = server.As("admin");

        using var partners = await RolesServer.Get(admin, Api + "StringParameters");
        using var keyPairs = await RolesServer.Get(admin, Api + "KeyPairResources");

        Assert.Equal(HttpStatusCode.OK, partners.StatusCode);
        await AssertAllowed(keyPairs);
    }

    [Fact]
    public async Task A_user_with_only_an_S4_role_collection_is_refused_on_api_v1()
    {
        using var clerk = server.As("clerk");

        using var document = await RolesServer.Get(clerk, Api);
        using var metadata = await RolesServer.Get(clerk, Api + "$metadata");
        using var packages = await RolesServer.Get(clerk, Api + "IntegrationPackages");
        using var logs = await RolesServer.Get(clerk, "/odata/v2/CloudIntegration/MessageProcessingLogs");
        using var s4 = await RolesServer.Get(clerk, "/sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder?$top=1");

        await AssertForbidden(document, "MonitoringDataRead");
        await AssertForbidden(metadata, "MonitoringDataRead");
        await AssertForbidden(packages, "WorkspacePackagesRead");
        await AssertForbidden(logs, "MonitoringDataRead");
        Assert.Equal(HttpStatusCode.OK, s4.StatusCode);
    }

    [Fact]
    public async Task Operations_in_a_batch_are_checked_against_the_task_table_one_by_one()
    {
        using var reader = server.As("reader");
        var batch = "--b\r\nContent-Type: application/http\r\n\r\nGET IntegrationPackages?$top=1 HTTP/1.1\r\nAccept: application/json\r\n\r\n\r\n" +
                    "--b\r\nContent-Type: multipart/mixed; boundary=c\r\n\r\n--c\r\nContent-Type: application/http\r\n\r\n" +
                    "PUT IntegrationDesigntimeArtifacts(Id='Flow1',Version='active')/$links/Configurations('Address') HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{\"ParameterValue\":\"/x\"}\r\n--c--\r\n\r\n--b--\r\n";
        var token = await server.FetchCsrfToken(reader, Api);
        using var request = new HttpRequestMessage(HttpMethod.Post, Api + "$batch") { Content = new StringContent(batch) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/mixed; boundary=b");
        request.Headers.Add("X-CSRF-Token", token);

        using var response = await reader.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Contains("HTTP/1.1 200 OK", body);
        Assert.Contains("HTTP/1.1 403 Forbidden", body);
        Assert.Contains("WorkspacePackagesConfigure", body);
    }

    [Fact]
    public async Task Every_entity_set_and_function_import_of_the_service_has_its_templates_in_the_table()
    {
        XNamespace edm = "http://schemas.microsoft.com/ado/2008/09/edm";
        var metadata = XDocument.Parse(await server.Client.GetStringAsync(Api + "$metadata"));
        var sets = metadata.Descendants(edm + "EntitySet").Select(s => (string)s.Attribute("Name")!).Order(StringComparer.Ordinal).ToList();
        var functions = metadata.Descendants(edm + "FunctionImport").Select(f => (string)f.Attribute("Name")!).Order(StringComparer.Ordinal).ToList();

        Assert.True(sets.Count >= 131, $"{sets.Count} entity sets");
        Assert.True(functions.Count >= 35, $"{functions.Count} function imports");
        Assert.Equal(sets, TaskRoles.EntitySets.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(functions, TaskRoles.FunctionImports.Keys.Order(StringComparer.Ordinal));

        // Over HTTP, every set is guarded by its own read template: the S/4 clerk, who has none, is told which.
        using var clerk = server.As("clerk");
        var wrong = new List<string>();
        foreach (var set in sets)
        {
            using var response = await RolesServer.Get(clerk, $"{Api}{set}?$top=1");
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.Forbidden || !body.Contains($"the role {TaskRoles.EntitySets[set].Read} is missing"))
                wrong.Add($"{set}: {(int)response.StatusCode}");
        }
        Assert.True(wrong.Count == 0, string.Join("; ", wrong));
    }

    [Fact]
    public void Every_template_the_table_names_is_in_some_persona_or_documented_as_in_none()
    {
        // SAP puts these in no predefined role collection (task table, B2B monitoring page).
        string[] inNoCollection = ["B2bInterchangePayloadRead"];
        var granted = BuiltInRoles.Collections.Where(c => c.Key.StartsWith("PI_", StringComparison.Ordinal)).SelectMany(c => c.Value).ToHashSet();
        var named = TaskRoles.EntitySets.Values.SelectMany(r => new[] { r.Read, r.Change, r.MediaRead }).Concat(TaskRoles.FunctionImports.Values).ToHashSet();

        Assert.Empty(named.Except(granted).Except(inNoCollection));
        // The administrator holds every other template the API needs.
        Assert.Empty(named.Except(BuiltInRoles.Collections["PI_Administrator"]).Except(inNoCollection));
    }

    [Theory]
    [InlineData("GET", "", false, "MonitoringDataRead")]
    [InlineData("GET", "$metadata", false, "MonitoringDataRead")]
    [InlineData("GET", "IntegrationPackages", false, "WorkspacePackagesRead")]
    [InlineData("GET", "IntegrationPackages('P1')/$value", false, "WorkspacePackagesEdit")]
    [InlineData("POST", "IntegrationPackages('P1')/IntegrationDesigntimeArtifacts", true, "WorkspacePackagesEdit")]
    [InlineData("GET", "IntegrationDesigntimeArtifacts(Id='F1',Version='active')/Configurations/$count", false, "WorkspacePackagesRead")]
    [InlineData("PUT", "IntegrationDesigntimeArtifacts(Id='F1',Version='active')/$links/Configurations('Address')", true, "WorkspacePackagesConfigure")]
    [InlineData("PUT", "IntegrationDesigntimeArtifacts(Id='F1',Version='active')/$links/Resources(Name='a%2Fb.groovy',ResourceType='groovy')", true, "WorkspacePackagesEdit")]
    [InlineData("GET", "IntegrationDesigntimeArtifacts(Id='F1',Version='active')/Resources(Name='a/b.groovy',ResourceType='groovy')/$value", false, "WorkspacePackagesRead")]
    [InlineData("POST", "DeployIntegrationDesigntimeArtifact", true, "WorkspaceArtifactsDeploy")]
    [InlineData("POST", "CopyIntegrationPackage", true, "CatalogPackagesCopy")]
    [InlineData("GET", "BuildAndDeployStatus(TaskId='t1')", false, "MonitoringDataRead")]
    [InlineData("GET", "IntegrationRuntimeArtifacts('F1')/$value", false, "MonitoringDataRead")]
    [InlineData("GET", "IntegrationRuntimeArtifacts('F1')/ErrorInformation/$value", false, "MonitoringDataRead")]
    [InlineData("DELETE", "IntegrationRuntimeArtifacts('F1')", true, "WorkspaceArtifactsDeploy")]
    [InlineData("GET", "MessageProcessingLogs('M1')/Attachments", false, "MonitoringDataRead")]
    [InlineData("GET", "MessageProcessingLogs('M1')/ErrorInformation/$value", false, "MonitoringDataRead")]
    [InlineData("GET", "MessageProcessingLogAttachments('A1')/$value", false, "MessagePayloadsRead")]
    [InlineData("GET", "MessageProcessingLogs('M1')/MessageStoreEntries", false, "MonitoringDataRead")]
    [InlineData("GET", "MessageStoreEntries('E1')/Attachments('A1')/%24value", false, "MessagePayloadsRead")]
    [InlineData("GET", "IdMapFromIds('S1')/ToIds", false, "MessageProcessingLocksRead")]
    [InlineData("GET", "Variables", false, "DataStorePayloadsRead")]
    [InlineData("DELETE", "DataStoreEntries(Id='1',DataStoreName='D',IntegrationFlow='F',Type='')", true, "DataStoresAndQueuesDelete")]
    [InlineData("POST", "RetryMessagingMessages", true, "QueuesRetry")]
    [InlineData("MERGE", "JmsMessages(Msgid='ID:1',Name='Q',Failed=false)", true, "QueuesRetry")]
    [InlineData("PATCH", "JmsMessages(Msgid='ID:1',Name='Q',Failed=false)", true, "QueuesRetry")]
    [InlineData("PUT", "JmsMessages(Msgid='ID:1',Name='Q',Failed=false)", true, "QueuesRetry")]
    [InlineData("DELETE", "JmsMessages(Msgid='ID:1',Name='Q',Failed=false)", true, "DataStoresAndQueuesDelete")]
    [InlineData("GET", "JmsMessages(Msgid='ID:1',Name='Q',Failed=false)/$value", false, "DataStorePayloadsRead")]
    [InlineData("GET", "KeystoreEntries('6D79')/Certificate/$value", false, "MonitoringDataRead")]
    [InlineData("GET", "Keystores('system')/Size/$value", false, "MonitoringDataRead")]
    [InlineData("PUT", "CertificateResources('6D79')/$value", true, "SecurityMaterialEdit")]
    [InlineData("GET", "PgpKeyringSecretResources('system')/$value", false, "SecurityMaterialDownload")]
    [InlineData("GET", "PgpKeyEntries('k')/SecretResource/$value", false, "SecurityMaterialDownload")]
    [InlineData("GET", "PgpKeyEntries('k')/PublicResource/$value", false, "MonitoringDataRead")]
    [InlineData("GET", "MessageProcessingLogRunSteps(RunId='r',ChildCount=1)/TraceMessages(7L)/$value", false, "MessagePayloadsRead")]
    [InlineData("GET", "TraceMessages(7L)/Properties", false, "MessagePayloadsRead")]
    [InlineData("POST", "UpsertValMaps", true, "WorkspacePackagesConfigure")]
    [InlineData("GET", "ValueMappingDesigntimeArtifacts(Id='V',Version='active')/ValMapSchema(SrcAgency='a',SrcId='b',TgtAgency='c',TgtId='d')/ValMaps", false, "WorkspacePackagesRead")]
    [InlineData("PUT", "IntegrationPackages('P1')/$links/CustomTags('Author')", true, "WorkspacePackagesEdit")]
    [InlineData("POST", "CustomTagConfigurations", true, "WebToolingSettingsProductProfiles.savetenantconfiguration")]
    [InlineData("GET", "AccessPolicies(1L)", false, "AccessPoliciesRead")]
    [InlineData("PATCH", "AccessPolicies(1L)", true, "AccessPoliciesEdit")]
    [InlineData("GET", "StringParameters(Pid='P',Id='I')", false, "AuthGroup_TenantPartnerDirectoryConfigurator")]
    [InlineData("GET", "BusinessDocumentPayloads('B1')/$value", false, "B2bInterchangePayloadRead")]
    [InlineData("POST", "activateExternalLogging", true, "ExternalLoggingActivate")]
    [InlineData("GET", "NoSuchSet", false, "MonitoringDataRead")]
    public void A_path_needs_the_template_of_the_set_it_ends_at(string method, string path, bool change, string role)
    {
        Assert.Equal(role, new TaskRoles().RequiredRole(method, path, change));
    }
}
