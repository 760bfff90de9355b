using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;

namespace SapSandbox.Server.Tests.CloudIntegration;

/// <summary>A tenant of its own for the integration content tests, whose uploads, deployments and deletions stay here.</summary>
public sealed class IntegrationContentServer : TenantServer
{
    /// <summary>A call with a body given as an object, sent as its JSON.</summary>
    public Task<HttpResponseMessage> Send(HttpMethod method, string url, object body) =>
        base.Send(method, url, body as string ?? JsonSerializer.Serialize(body));
}

/// <summary>
/// Integration content as SAP's CI/CD tooling and developers use it against a tenant: the deploy workflow of project
/// "piper" (upload, update, configure, deploy, poll the build, read the runtime artifact and its endpoints, read a
/// broken bundle's error information, undeploy), packages and their artifacts, versions, resources, copies from the
/// Discover catalog, and the seeded workspace; response shapes compared with real captures.
/// </summary>
public class IntegrationContentTests(IntegrationContentServer server) : IClassFixture<IntegrationContentServer>
{
    const string Api = IntegrationContentServer.Api;
    const string Flows = Api + "IntegrationDesigntimeArtifacts";
    const string Package = "OrderToCashIntegration";

    // ---- Bundles as a developer exports them ---------------------------------------------------------------------

    static string Model(string urlPath, bool wellFormed = true) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" +
        "<bpmn2:definitions xmlns:bpmn2=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" xmlns:ifl=\"http:///com.sap.ifl.model/Ifl.xsd\" id=\"Definitions_1\">" +
        "<bpmn2:collaboration id=\"Collaboration_1\" name=\"Default Collaboration\">" +
        "<bpmn2:participant id=\"Participant_1\" ifl:type=\"EndpointSender\" name=\"PIPELINE\"/>" +
        "<bpmn2:participant id=\"Participant_2\" ifl:type=\"EndpointRecevier\" name=\"BACKEND\"/>" +
        "<bpmn2:participant id=\"Participant_Process_1\" ifl:type=\"IntegrationProcess\" name=\"Integration Process\" processRef=\"Process_1\"/>" +
        "<bpmn2:messageFlow id=\"MessageFlow_1\" name=\"HTTPS\" sourceRef=\"Participant_1\" targetRef=\"StartEvent_1\"><bpmn2:extensionElements>" +
        "<ifl:property><key>ComponentType</key><value>HTTPS</value></ifl:property>" +
        "<ifl:property><key>direction</key><value>Sender</value></ifl:property>" +
        $"<ifl:property><key>urlPath</key><value>{urlPath}</value></ifl:property>" +
        "</bpmn2:extensionElements></bpmn2:messageFlow>" +
        "<bpmn2:messageFlow id=\"MessageFlow_2\" name=\"HTTP\" sourceRef=\"EndEvent_1\" targetRef=\"Participant_2\"><bpmn2:extensionElements>" +
        "<ifl:property><key>ComponentType</key><value>HTTP</value></ifl:property>" +
        "<ifl:property><key>direction</key><value>Receiver</value></ifl:property>" +
        "<ifl:property><key>address</key><value>{{Receiver_Host}}</value></ifl:property>" +
        "</bpmn2:extensionElements></bpmn2:messageFlow>" +
        "</bpmn2:collaboration>" +
        "<bpmn2:process id=\"Process_1\" name=\"Integration Process\"><bpmn2:startEvent id=\"StartEvent_1\"/><bpmn2:endEvent id=\"EndEvent_1\"/>" +
        "<bpmn2:sequenceFlow id=\"SequenceFlow_1\" sourceRef=\"StartEvent_1\" targetRef=\"EndEvent_1\"/></bpmn2:process>" +
        (wellFormed ? "</bpmn2:definitions>" : "</bpmn2:definition>");

    /// <summary>An integration flow's bundle as the Web UI exports it: manifest, model, parameters.</summary>
    static byte[] FlowBundle(string id, string version, string model, string receiverHost = "https://backend.example.com")
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string path, string text)
            {
                using var writer = new StreamWriter(zip.CreateEntry(path).Open());
                writer.Write(text);
            }
            Add("META-INF/MANIFEST.MF", $"Manifest-Version: 1.0\r\nBundle-ManifestVersion: 2\r\nBundle-Name: {id}\r\nBundle-SymbolicName: {id}; singleton:=true\r\n" +
                                        $"Bundle-Version: {version}\r\nSAP-BundleType: IntegrationFlow\r\n\r\n");
            Add($"src/main/resources/scenarioflows/integrationflow/{id}.iflw", model);
            Add("src/main/resources/parameters.prop", $"#Store keys and default values of the parameters\nReceiver_Host={receiverHost.Replace(":", "\\:")}\n");
            Add("src/main/resources/parameters.propdef",
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?><parameters><parameter><key>Receiver_Host</key><name>Receiver_Host</name>" +
                "<type>xsd:string</type><description>Backend host</description><isRequired>true</isRequired></parameter></parameters>");
            Add("src/main/resources/script/enrich.groovy", "def Message processData(Message message) { return message }\n");
        }
        return output.ToArray();
    }

    static Dictionary<string, string> Entries(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip));
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var reader = new StreamReader(e.Open());
            return reader.ReadToEnd();
        });
    }

    // ---- Comparing shapes with the real captures -----------------------------------------------------------------

    /// <summary>
    /// Every property the capture has, the answer has, with a value of the same JSON kind (null matching anything),
    /// object by object; arrays are compared by their first element.
    /// </summary>
    static void AssertShape(JsonElement capture, JsonElement actual, string path = "d")
    {
        if (capture.ValueKind == JsonValueKind.Object)
        {
            Assert.True(actual.ValueKind == JsonValueKind.Object, $"{path}: an object in the capture, {actual.ValueKind} here");
            foreach (var property in capture.EnumerateObject())
            {
                Assert.True(actual.TryGetProperty(property.Name, out var value), $"{path}.{property.Name} is missing: {actual}");
                AssertShape(property.Value, value, path + "." + property.Name);
            }
            return;
        }
        if (capture.ValueKind == JsonValueKind.Array)
        {
            Assert.True(actual.ValueKind == JsonValueKind.Array, $"{path}: an array in the capture, {actual.ValueKind} here");
            if (capture.GetArrayLength() > 0 && actual.GetArrayLength() > 0) AssertShape(capture[0], actual[0], path + "[0]");
            return;
        }
        if (capture.ValueKind == JsonValueKind.Null || actual.ValueKind == JsonValueKind.Null) return;
        Assert.True(Kind(capture) == Kind(actual), $"{path}: {capture.ValueKind} in the capture, {actual.ValueKind} here");
    }

    /// <summary>The tenant's error: the same code and message (the sandbox may add an inner error).</summary>
    static void AssertError(JsonElement capture, string body)
    {
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.Equal(capture.GetProperty("error").GetProperty("code").GetString(), error.GetProperty("code").GetString());
        Assert.Equal(capture.GetProperty("error").GetProperty("message").GetProperty("value").GetString(), error.GetProperty("message").GetProperty("value").GetString());
    }

    /// <summary>A manifest with its continuation lines joined (lines of 72 bytes continue on lines starting with a space).</summary>
    static string Manifest(Dictionary<string, string> files) => files["META-INF/MANIFEST.MF"].Replace("\r\n ", "");

    static JsonValueKind Kind(JsonElement value) => value.ValueKind == JsonValueKind.False ? JsonValueKind.True : value.ValueKind;

    async Task<string> PollTask(string taskId)
    {
        var statuses = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            var status = (await server.D($"{Api}BuildAndDeployStatus(TaskId='{taskId}')")).GetProperty("Status").GetString()!;
            statuses.Add(status);
            if (status != "DEPLOYING") return status;
            await Task.Delay(100);
        }
        throw new TimeoutException($"The task {taskId} is still DEPLOYING: {string.Join(", ", statuses)}");
    }

    async Task<string> Deploy(string operation, string id, string version = "Active")
    {
        using var response = await server.Send(HttpMethod.Post, $"{Api}{operation}?Id='{id}'&Version='{version}'");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{operation}: {(int)response.StatusCode} {text}");
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.True(Guid.TryParse(text, out _), $"the body is the task id: {text}");
        return text;
    }

    async Task<JsonElement> Uploaded(string id, string zipVersion = "1.0.0", string? model = null, string? urlPath = null)
    {
        using var response = await server.Send(HttpMethod.Post, Flows, new
        {
            Name = id.Replace('_', ' '), Id = id, PackageId = Package,
            ArtifactContent = Convert.ToBase64String(FlowBundle(id, zipVersion, model ?? Model(urlPath ?? "/" + id.ToLowerInvariant()))),
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"upload: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    // ---- The CI/CD deploy workflow -------------------------------------------------------------------------------

    [Fact]
    public async Task Pipers_deploy_workflow_uploads_configures_deploys_polls_reads_endpoints_and_undeploys()
    {
        const string id = "Pipeline_Order_Replication";
        var active = $"{Flows}(Id='{id}',Version='Active')";

        // integrationArtifactUpload: does the flow exist? Not yet: the tenant's 404.
        var (missing, missingBody) = await server.GetJson(active, ("Accept", "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        AssertError(IntegrationContentServer.Golden("IntegrationDesigntimeArtifacts__GET_error-404__cig.json"), missingBody.GetRawText());

        // ... so it creates it from the zip: 201 with the entity, as a trial tenant answers.
        var created = await Uploaded(id, urlPath: "/pipeline/orders");
        AssertShape(IntegrationContentServer.Golden("IntegrationDesigntimeArtifacts__POST_create-201__cig-trial.json"), created);
        var entity = created.GetProperty("d");
        Assert.Equal("1.0.0", entity.GetProperty("Version").GetString());
        Assert.Equal(Package, entity.GetProperty("PackageId").GetString());
        Assert.Equal("PIPELINE", entity.GetProperty("Sender").GetString());
        Assert.Equal("BACKEND", entity.GetProperty("Receiver").GetString());
        Assert.Equal(JsonValueKind.Null, entity.GetProperty("ArtifactContent").ValueKind);
        Assert.EndsWith($"{Flows}(Id='{id}',Version='1.0.0')/$value", entity.GetProperty("__metadata").GetProperty("media_src").GetString());

        // Run again, the flow exists: the update takes the version from the new bundle's manifest (200).
        Assert.Equal(HttpStatusCode.OK, (await server.GetJson(active, ("Accept", "application/json"))).Response.StatusCode);
        using (var update = await server.Send(HttpMethod.Put, active, new
               {
                   Name = "Pipeline Order Replication",
                   ArtifactContent = Convert.ToBase64String(FlowBundle(id, "1.0.1", Model("/pipeline/orders"))),
               }))
            Assert.True(update.StatusCode == HttpStatusCode.OK, await update.Content.ReadAsStringAsync());
        var updated = await server.D(active);
        Assert.Equal("1.0.1", updated.GetProperty("Version").GetString());
        Assert.Equal("Pipeline Order Replication", updated.GetProperty("Name").GetString());
        // The version it left stays in the flow's history.
        Assert.Equal("1.0.0", (await server.D($"{Flows}(Id='{id}',Version='1.0.0')")).GetProperty("Version").GetString());

        // integrationArtifactUpdateConfiguration: PUT $links/Configurations('key') answers 202.
        var configurations = await server.Results(active + "/Configurations");
        AssertShape(IntegrationContentServer.Golden("IntegrationDesigntimeArtifacts_Configurations__GET__cig.json").GetProperty("d").GetProperty("results")[0], configurations[0]);
        Assert.Equal("https://backend.example.com", configurations.Single(c => c.GetProperty("ParameterKey").GetString() == "Receiver_Host").GetProperty("ParameterValue").GetString());
        using (var configure = await server.Send(HttpMethod.Put, active + "/$links/Configurations('Receiver_Host')", new { ParameterValue = "https://erp.example.com:8443" }))
            Assert.True(configure.StatusCode == HttpStatusCode.Accepted, await configure.Content.ReadAsStringAsync());
        var configured = await server.D(active + "/Configurations('Receiver_Host')");
        Assert.Equal("https://erp.example.com:8443", configured.GetProperty("ParameterValue").GetString());
        Assert.Equal("xsd:string", configured.GetProperty("DataType").GetString());
        Assert.Equal("Backend host", configured.GetProperty("Description").GetString());

        // integrationArtifactDownload: the zip carries the new version and the configured value.
        using (var download = await server.Client.GetAsync(active + "/$value"))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("application/zip", download.Content.Headers.ContentType?.MediaType);
            var files = Entries(await download.Content.ReadAsByteArrayAsync());
            Assert.Contains("Bundle-Version: 1.0.1", Manifest(files));
            Assert.Contains(@"Receiver_Host=https\://erp.example.com\:8443", files["src/main/resources/parameters.prop"]);
        }

        // integrationArtifactDeploy: 202 with the task id as text, as the real tenant's body is.
        Assert.True(Guid.TryParse(IntegrationContentServer.GoldenText("DeployIntegrationDesigntimeArtifact__POST_response-body-taskid__cig.txt").Trim(), out _));
        var taskId = await Deploy("DeployIntegrationDesigntimeArtifact", id);
        var building = await server.D($"{Api}BuildAndDeployStatus(TaskId='{taskId}')");
        AssertShape(IntegrationContentServer.Golden("BuildAndDeployStatus_key_TaskId-taskId__GET__200.json").GetProperty("d"), building);
        Assert.Equal("DEPLOYING", building.GetProperty("Status").GetString());
        Assert.Equal("STARTING", (await server.D($"{Api}IntegrationRuntimeArtifacts('{id}')")).GetProperty("Status").GetString());
        Assert.Equal("SUCCESS", await PollTask(taskId));
        Assert.Equal("SUCCESS", (await server.D($"{Api}BuildAndDeployStatus('{taskId}')")).GetProperty("Status").GetString());

        // The runtime artifact has started, in the shape piper's mock of a CF tenant has.
        var runtime = await server.D($"{Api}IntegrationRuntimeArtifacts('{id}')");
        AssertShape(IntegrationContentServer.Golden("IntegrationRuntimeArtifacts__GET_single__piper-mock.json").GetProperty("d"), runtime);
        Assert.Equal("STARTED", runtime.GetProperty("Status").GetString());
        Assert.Equal("1.0.1", runtime.GetProperty("Version").GetString());
        Assert.Equal("INTEGRATION_FLOW", runtime.GetProperty("Type").GetString());
        Assert.Equal("sandbox", runtime.GetProperty("DeployedBy").GetString());
        using (var deployed = await server.Client.GetAsync($"{Api}IntegrationRuntimeArtifacts('{id}')/$value"))
            Assert.Contains("Bundle-Version: 1.0.1", Manifest(Entries(await deployed.Content.ReadAsByteArrayAsync())));

        // integrationArtifactGetServiceEndpoint: the entry point of its HTTPS sender.
        var endpoints = await server.Results(Api + "ServiceEndpoints?$expand=EntryPoints");
        var endpoint = endpoints.Single(e => e.GetProperty("Name").GetString() == id);
        AssertShape(IntegrationContentServer.Golden("ServiceEndpoints__GET_expand-EntryPoints__piper-mock.json").GetProperty("d").GetProperty("results")[0], endpoint);
        Assert.Equal($"{id}$endpointAddress=pipelineorders", endpoint.GetProperty("Id").GetString());
        Assert.Equal("REST", endpoint.GetProperty("Protocol").GetString());
        var entryPoint = endpoint.GetProperty("EntryPoints").GetProperty("results")[0];
        Assert.EndsWith("-rt.cfapps.eu10.hana.ondemand.com/http/pipeline/orders", entryPoint.GetProperty("Url").GetString());
        Assert.Equal("PROD", entryPoint.GetProperty("Type").GetString());

        // integrationArtifactUnDeploy: 202, and the runtime knows the flow no more.
        using (var undeploy = await server.Send(HttpMethod.Delete, $"{Api}IntegrationRuntimeArtifacts('{id}')"))
            Assert.Equal(HttpStatusCode.Accepted, undeploy.StatusCode);
        var (gone, goneBody) = await server.GetJson($"{Api}IntegrationRuntimeArtifacts('{id}')", ("Accept", "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Contains("Requested entity could not be found", goneBody.GetProperty("error").GetProperty("message").GetProperty("value").GetString());
        Assert.DoesNotContain(await server.Results(Api + "ServiceEndpoints"), e => e.GetProperty("Name").GetString() == id);
        // The design-time artifact stays.
        Assert.Equal(HttpStatusCode.OK, (await server.GetJson(active)).Response.StatusCode);
    }

    [Fact]
    public async Task A_broken_bundle_fails_to_build_and_its_error_information_says_what_is_wrong()
    {
        const string id = "Pipeline_Broken_Model";
        await Uploaded(id, model: Model("/pipeline/broken", wellFormed: false));
        var taskId = await Deploy("DeployIntegrationDesigntimeArtifact", id);

        // piper: the status is FAIL, so it reads the runtime artifact's error information.
        Assert.Equal("FAIL", await PollTask(taskId));
        Assert.Equal("ERROR", (await server.D($"{Api}IntegrationRuntimeArtifacts('{id}')")).GetProperty("Status").GetString());
        Assert.Contains(await server.Results($"{Api}IntegrationRuntimeArtifacts?$filter=Status eq 'ERROR'"), r => r.GetProperty("Id").GetString() == id);
        using var error = await server.Client.GetAsync($"{Api}IntegrationRuntimeArtifacts('{id}')/ErrorInformation/$value");
        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        var information = JsonDocument.Parse(await error.Content.ReadAsStringAsync()).RootElement;
        var parameter = information.GetProperty("parameter")[0].GetString()!;
        Assert.Contains($"{id}.iflw is not well-formed XML", parameter);
        Assert.Contains("{0}", information.GetProperty("message").GetProperty("messageText").GetString());
        Assert.True(information.GetProperty("message").TryGetProperty("subsytemPartName", out _));
        Assert.Equal(0, information.GetProperty("childInstances").GetArrayLength());

        // Fixing the bundle and deploying again starts it, and the error information is gone.
        using (var fix = await server.Send(HttpMethod.Put, $"{Flows}(Id='{id}',Version='active')",
                   new { ArtifactContent = Convert.ToBase64String(FlowBundle(id, "1.0.1", Model("/pipeline/broken"))) }))
            Assert.Equal(HttpStatusCode.OK, fix.StatusCode);
        Assert.Equal("SUCCESS", await PollTask(await Deploy("DeployIntegrationDesigntimeArtifact", id)));
        Assert.Equal("STARTED", (await server.D($"{Api}IntegrationRuntimeArtifacts('{id}')")).GetProperty("Status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync($"{Api}IntegrationRuntimeArtifacts('{id}')/ErrorInformation/$value")).StatusCode);
    }

    [Fact]
    public async Task A_flow_whose_address_another_flow_listens_on_builds_but_does_not_start()
    {
        const string id = "Pipeline_Duplicate_Address";
        // The seeded order flow listens on /http/webshop/salesorders.
        await Uploaded(id, urlPath: "/webshop/salesorders");
        Assert.Equal("SUCCESS", await PollTask(await Deploy("DeployIntegrationDesigntimeArtifact", id)));
        Assert.Equal("ERROR", (await server.D($"{Api}IntegrationRuntimeArtifacts('{id}')")).GetProperty("Status").GetString());
        var error = JsonDocument.Parse(await server.Client.GetStringAsync($"{Api}IntegrationRuntimeArtifacts('{id}')/ErrorInformation/$value")).RootElement;
        Assert.Contains("already used by the deployed integration flow Create_Sales_Order_from_Webshop", error.GetProperty("parameter")[0].GetString());
    }

    [Fact]
    public async Task A_flow_with_an_unconfigured_parameter_fails_until_it_is_configured()
    {
        // Seeded: the returns flow was deployed without a value for a parameter its model uses.
        const string id = "Replicate_Customer_Returns_to_S4HANA";
        Assert.Equal("ERROR", (await server.D($"{Api}IntegrationRuntimeArtifacts('{id}')")).GetProperty("Status").GetString());
        var error = JsonDocument.Parse(await server.Client.GetStringAsync($"{Api}IntegrationRuntimeArtifacts('{id}')/ErrorInformation/$value")).RootElement;
        Assert.Contains("'Receiver_Proxy_Host'", error.GetProperty("parameter")[0].GetString());
        Assert.Equal("", (await server.D($"{Flows}(Id='{id}',Version='active')/Configurations('Receiver_Proxy_Host')")).GetProperty("ParameterValue").GetString());

        using (var configure = await server.Send(HttpMethod.Put, $"{Flows}(Id='{id}',Version='active')/$links/Configurations('Receiver_Proxy_Host')",
                   new { ParameterValue = "proxy.example.com", DataType = "xsd:string" }))
            Assert.Equal(HttpStatusCode.Accepted, configure.StatusCode);
        Assert.Equal("SUCCESS", await PollTask(await Deploy("DeployIntegrationDesigntimeArtifact", id, "active")));
        Assert.Equal("STARTED", (await server.D($"{Api}IntegrationRuntimeArtifacts('{id}')")).GetProperty("Status").GetString());
        Assert.Contains(await server.Results($"{Api}ServiceEndpoints?$filter=Name eq '{id}'&$expand=EntryPoints"),
            e => e.GetProperty("EntryPoints").GetProperty("results")[0].GetProperty("Url").GetString()!.EndsWith("/http/webshop/returns"));

        // A value of the wrong type is refused.
        using var wrong = await server.Send(HttpMethod.Put, $"{Flows}(Id='{id}',Version='active')/$links/Configurations('Receiver_Timeout')", new { ParameterValue = "soon" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
    }

    // ---- The seeded workspace ------------------------------------------------------------------------------------

    [Fact]
    public async Task The_workspace_lists_packages_and_their_artifacts_as_a_tenant_does()
    {
        var packages = await server.Results(Api + "IntegrationPackages");
        Assert.True(packages.Count >= 5, $"several packages, not {packages.Count}");
        AssertShape(IntegrationContentServer.Golden("IntegrationPackages__GET_list__neo-tenant.json").GetProperty("d").GetProperty("results")[0], packages[0]);
        var orders = packages.Single(p => p.GetProperty("Id").GetString() == Package);
        Assert.Equal("EDIT_ALLOWED", orders.GetProperty("Mode").GetString());
        Assert.Matches("^[0-9]{13}$", orders.GetProperty("CreationDate").GetString());
        Assert.Matches("^[0-9a-f]{32}$", orders.GetProperty("ResourceId").GetString());

        var flows = await server.Results($"{Api}IntegrationPackages('{Package}')/IntegrationDesigntimeArtifacts");
        AssertShape(IntegrationContentServer.Golden("IntegrationPackages_IntegrationDesigntimeArtifacts__GET_nav-list__neo-tenant.json").GetProperty("d").GetProperty("results")[0], flows[0]);
        Assert.All(flows, f => Assert.Equal(Package, f.GetProperty("PackageId").GetString()));
        Assert.Contains(flows, f => f.GetProperty("Id").GetString() == "Create_Sales_Order_from_Webshop");

        var mappings = await server.Results($"{Api}IntegrationPackages('{Package}')/ValueMappingDesigntimeArtifacts");
        AssertShape(IntegrationContentServer.Golden("ValueMappingDesigntimeArtifacts__GET_list__neo-tenant.json").GetProperty("d").GetProperty("results")[0], mappings[0]);
        Assert.Single(await server.Results($"{Api}IntegrationPackages('{Package}')/ScriptCollectionDesigntimeArtifacts"));
        Assert.Single(await server.Results($"{Api}IntegrationPackages('{Package}')/MessageMappingDesigntimeArtifacts"));

        // A flow by the active version, through its package too.
        var flow = await server.D($"{Api}IntegrationPackages('{Package}')/IntegrationDesigntimeArtifacts(Id='Create_Sales_Order_from_Webshop',Version='active')");
        Assert.Matches(@"^\d+\.\d+\.\d+$", flow.GetProperty("Version").GetString());
    }

    [Fact]
    public async Task Every_seeded_flow_is_a_valid_bundle_and_the_deployed_ones_run_with_their_endpoints()
    {
        var runtime = await server.Results(Api + "IntegrationRuntimeArtifacts");
        Assert.True(runtime.Count(r => r.GetProperty("Status").GetString() == "STARTED") >= 5);
        // The flows the tenant started with (the tests' own flows begin with Pipeline_).
        foreach (var id in runtime.Where(r => r.GetProperty("Type").GetString() == "INTEGRATION_FLOW").Select(r => r.GetProperty("Id").GetString()!)
                     .Where(id => !id.StartsWith("Pipeline_", StringComparison.Ordinal)))
        {
            using var download = await server.Client.GetAsync($"{Flows}(Id='{id}',Version='active')/$value");
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            var files = Entries(await download.Content.ReadAsByteArrayAsync());
            Assert.Contains($"Bundle-SymbolicName: {id}; singleton:=true", Manifest(files));
            var model = System.Xml.Linq.XDocument.Parse(files[$"src/main/resources/scenarioflows/integrationflow/{id}.iflw"]);
            Assert.Equal("definitions", model.Root!.Name.LocalName);
        }
        var endpoints = await server.Results(Api + "ServiceEndpoints?$expand=EntryPoints,ApiDefinitions");
        Assert.Contains(endpoints, e => e.GetProperty("Protocol").GetString() == "SOAP" && e.GetProperty("ApiDefinitions").GetProperty("results").GetArrayLength() == 1);
        Assert.Contains(endpoints, e => e.GetProperty("Protocol").GetString() == "REST");
        Assert.All(endpoints, e => Assert.Equal("PROD", e.GetProperty("EntryPoints").GetProperty("results")[0].GetProperty("Type").GetString()));
        // Flows started by a timer or polling a server publish no endpoint.
        Assert.DoesNotContain(endpoints, e => e.GetProperty("Name").GetString() == "Import_Daily_Exchange_Rates");
    }

    // ---- Packages ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Packages_are_created_updated_exported_imported_and_deleted_with_their_artifacts()
    {
        using (var create = await server.Send(HttpMethod.Post, Api + "IntegrationPackages",
                   new { Id = "PipelineTestPackage", Name = "Pipeline Test Package", ShortText = "Test", Description = "<p>Created by a test</p>" }))
        {
            Assert.Equal(HttpStatusCode.Created, create.StatusCode);
            var package = JsonDocument.Parse(await create.Content.ReadAsStringAsync()).RootElement.GetProperty("d");
            Assert.Equal("EDIT_ALLOWED", package.GetProperty("Mode").GetString());
            Assert.Equal("[]", package.GetProperty("Products").GetString());
            Assert.Equal("sandbox", package.GetProperty("CreatedBy").GetString());
        }
        using (var again = await server.Send(HttpMethod.Post, Api + "IntegrationPackages", new { Id = "PipelineTestPackage", Name = "Again", ShortText = "Again" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            AssertError(IntegrationContentServer.Golden("IntegrationPackages__POST__409.json"), await again.Content.ReadAsStringAsync());
        }
        using (var update = await server.Send(HttpMethod.Put, $"{Api}IntegrationPackages('PipelineTestPackage')", new { ShortText = "Changed", Keywords = "[CI/CD]" }))
            Assert.Equal(HttpStatusCode.Accepted, update.StatusCode);
        var updated = await server.D($"{Api}IntegrationPackages('PipelineTestPackage')");
        Assert.Equal("Changed", updated.GetProperty("ShortText").GetString());
        Assert.Equal("Pipeline Test Package", updated.GetProperty("Name").GetString());

        using (var flow = await server.Send(HttpMethod.Post, Flows, new
               {
                   Name = "Package Flow", Id = "Pipeline_Package_Flow", PackageId = "PipelineTestPackage",
                   ArtifactContent = Convert.ToBase64String(FlowBundle("Pipeline_Package_Flow", "2.1.0", Model("/pipeline/package"))),
               }))
            Assert.Equal(HttpStatusCode.Created, flow.StatusCode);
        using (var unknown = await server.Send(HttpMethod.Post, Flows, new { Name = "Orphan", Id = "Pipeline_Orphan", PackageId = "NoSuchPackage" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Contains("Package ID NoSuchPackage does not exist.", await unknown.Content.ReadAsStringAsync());
        }
        using (var duplicate = await server.Send(HttpMethod.Post, Flows, new { Name = "Duplicate", Id = "Pipeline_Package_Flow", PackageId = "PipelineTestPackage" }))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, duplicate.StatusCode);
            Assert.Contains("already exists in the Pipeline Test Package package", await duplicate.Content.ReadAsStringAsync());
        }
        using (var badName = await server.Send(HttpMethod.Post, Flows, new { Name = "9 starts with a digit.", Id = "Pipeline_Bad_Name", PackageId = "PipelineTestPackage" }))
            Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);

        // The export holds the package and its flow; importing it under another Id brings the flow back.
        var export = await server.Client.GetByteArrayAsync($"{Api}IntegrationPackages('PipelineTestPackage')/$value");
        var exported = Entries(export);
        Assert.Contains("IntegrationDesigntimeArtifacts/Pipeline_Package_Flow.zip", exported.Keys);

        using (var delete = await server.Send(HttpMethod.Delete, $"{Api}IntegrationPackages('PipelineTestPackage')"))
            Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.GetJson($"{Api}IntegrationPackages('PipelineTestPackage')")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.GetJson($"{Flows}(Id='Pipeline_Package_Flow',Version='active')")).Response.StatusCode);

        using (var import = await server.Send(HttpMethod.Post, Api + "IntegrationPackages",
                   new { Id = "PipelineImportedPackage", Name = "Imported", ShortText = "Imported", PackageContent = Convert.ToBase64String(export) }))
            Assert.Equal(HttpStatusCode.Created, import.StatusCode);
        var imported = await server.D($"{Flows}(Id='Pipeline_Package_Flow',Version='active')");
        Assert.Equal("2.1.0", imported.GetProperty("Version").GetString());
        Assert.Equal("PipelineImportedPackage", imported.GetProperty("PackageId").GetString());
    }

    [Fact]
    public async Task Copying_from_Discover_creates_a_configure_only_package_and_a_second_copy_needs_an_import_mode()
    {
        const string id = "SAPCommerceCloudIntegrationwithSAPS4HANA";
        using (var copy = await server.Send(HttpMethod.Post, $"{Api}CopyIntegrationPackage?Id='{id}'"))
        {
            Assert.True(copy.StatusCode == HttpStatusCode.Created, await copy.Content.ReadAsStringAsync());
            var package = JsonDocument.Parse(await copy.Content.ReadAsStringAsync()).RootElement.GetProperty("d");
            Assert.Equal("READ_ONLY", package.GetProperty("Mode").GetString());
            Assert.Equal("SAP", package.GetProperty("Vendor").GetString());
        }
        var flows = await server.Results($"{Api}IntegrationPackages('{id}')/IntegrationDesigntimeArtifacts");
        var flowId = Assert.Single(flows).GetProperty("Id").GetString();
        Assert.Single(await server.Results($"{Api}IntegrationPackages('{id}')/ValueMappingDesigntimeArtifacts"));

        // Configure-only: configured and deployed, not downloaded or changed.
        using (var download = await server.Client.GetAsync($"{Flows}(Id='{flowId}',Version='active')/$value"))
            Assert.Equal(HttpStatusCode.BadRequest, download.StatusCode);
        using (var configure = await server.Send(HttpMethod.Put, $"{Flows}(Id='{flowId}',Version='active')/$links/Configurations('Receiver_Address')",
                   new { ParameterValue = "https://my400001-api.s4hana.cloud.sap/sap/opu/odata/sap/API_SALES_ORDER_SRV" }))
            Assert.Equal(HttpStatusCode.Accepted, configure.StatusCode);

        using (var again = await server.Send(HttpMethod.Post, $"{Api}CopyIntegrationPackage?Id='{id}'"))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            AssertError(IntegrationContentServer.Golden("CopyIntegrationPackage__POST__409.json"), await again.Content.ReadAsStringAsync());
        }
        using (var second = await server.Send(HttpMethod.Post, $"{Api}CopyIntegrationPackage?Id='{id}'&ImportMode='CREATE_COPY'&Suffix='QA'"))
            Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(id + "QA", (await server.D($"{Api}IntegrationPackages('{id}QA')")).GetProperty("Id").GetString());
        Assert.Equal(HttpStatusCode.OK, (await server.GetJson($"{Flows}(Id='{flowId}.QA',Version='active')")).Response.StatusCode);

        // Overwriting while merging keeps the configured value.
        using (var merge = await server.Send(HttpMethod.Post, $"{Api}CopyIntegrationPackage?Id='{id}'&ImportMode='OVERWRITE_MERGE'"))
            Assert.Equal(HttpStatusCode.Created, merge.StatusCode);
        Assert.Equal("https://my400001-api.s4hana.cloud.sap/sap/opu/odata/sap/API_SALES_ORDER_SRV",
            (await server.D($"{Flows}(Id='{flowId}',Version='active')/Configurations('Receiver_Address')")).GetProperty("ParameterValue").GetString());
    }

    [Fact]
    public async Task Custom_tags_set_through_links_filter_the_package_list()
    {
        using (var tag = await server.Send(HttpMethod.Put, $"{Api}IntegrationPackages('BankingIntegration')/$links/CustomTags('LoB')", new { Value = "Finance|Treasury" }))
            Assert.Equal(HttpStatusCode.Accepted, tag.StatusCode);
        using (var other = await server.Send(HttpMethod.Put, $"{Api}IntegrationPackages('{Package}')/$links/CustomTags('LoB')", new { Value = "Sales" }))
            Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
        var tags = await server.Results($"{Api}IntegrationPackages('BankingIntegration')/CustomTags");
        Assert.Equal("Finance|Treasury", Assert.Single(tags).GetProperty("Value").GetString());

        Assert.Equal(["BankingIntegration"], (await server.Results($"{Api}IntegrationPackages?LoB=Treasury")).Select(p => p.GetProperty("Id").GetString()));
        Assert.Equal(["BankingIntegration", Package],
            (await server.Results($"{Api}IntegrationPackages?LoB=Treasury|Sales&$orderby=Id")).Select(p => p.GetProperty("Id").GetString()));
        Assert.Equal([Package], (await server.Results($"{Api}IntegrationPackages?LoB=Treasury|Sales&$filter=Mode eq 'EDIT_ALLOWED' and Id ne 'BankingIntegration'"))
            .Select(p => p.GetProperty("Id").GetString()));
        Assert.Empty(await server.Results($"{Api}IntegrationPackages?Author=Nobody"));

        // A tag created through the package's navigation is the package's own, read back under it.
        using (var created = await server.Send(HttpMethod.Post, $"{Api}IntegrationPackages('OperationsMonitoring')/CustomTags", new { Name = "Author", Value = "Ops Team" }))
        {
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            var tag = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("d");
            Assert.EndsWith("/CustomTags('Author')", tag.GetProperty("__metadata").GetProperty("uri").GetString());
        }
        Assert.Equal(["OperationsMonitoring"], (await server.Results($"{Api}IntegrationPackages?Author=ops team")).Select(p => p.GetProperty("Id").GetString()));
    }

    [Fact]
    public async Task A_design_time_lock_held_by_someone_else_refuses_changes_until_it_is_deleted()
    {
        const string id = "Sync_Price_Conditions_to_Webshop";
        var locks = await server.Results(Api + "IntegrationDesigntimeLocks");
        var held = locks.Single(l => l.GetProperty("ArtifactId").GetString() == id);
        Assert.Equal("developer@sandbox.example", held.GetProperty("CreatedBy").GetString());
        Assert.Equal(Package, held.GetProperty("PackageId").GetString());

        using (var refused = await server.Send(HttpMethod.Put, $"{Flows}(Id='{id}',Version='active')", new { Name = "Sync Price Conditions" }))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, refused.StatusCode);
            Assert.Contains("Cannot update the artifact as it is locked", await refused.Content.ReadAsStringAsync());
        }
        using (var release = await server.Send(HttpMethod.Delete, $"{Api}IntegrationDesigntimeLocks('{held.GetProperty("ResourceId").GetString()}')"))
            Assert.True(release.IsSuccessStatusCode, await release.Content.ReadAsStringAsync());
        using (var accepted = await server.Send(HttpMethod.Put, $"{Flows}(Id='{id}',Version='active')", new { Name = "Sync Price Conditions" }))
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task Value_mapping_content_is_read_per_agency_pair_and_changed_with_its_function_imports()
    {
        const string mapping = $"{Api}ValueMappingDesigntimeArtifacts(Id='VM_Sales_Organizations',Version='active')";
        var schemas = await server.Results(mapping + "/ValMapSchema");
        AssertShape(IntegrationContentServer.Golden("ValueMappingDesigntimeArtifacts_key_Id-Id-Version-Version_ValMapSchema__GET__200.json").GetProperty("d").GetProperty("results")[0], schemas[0]);
        Assert.Equal(2, schemas.Count);
        Assert.Equal(2, (await server.Results(mapping + "/ValMapSchema?$filter=State eq 'Configured'")).Count);

        const string pair = "ValMapSchema(SrcAgency='Webshop',SrcId='SalesChannel',TgtAgency='S4HANA',TgtId='SalesOrganization')";
        var maps = await server.Results($"{mapping}/{pair}/ValMaps");
        Assert.Equal(3, maps.Count);
        var eu = maps.Single(m => m.GetProperty("Value").GetProperty("SrcValue").GetString() == "EU-WEB");
        Assert.Equal("1010", eu.GetProperty("Value").GetProperty("TgtValue").GetString());
        Assert.Matches("^[0-9a-f]{32}$", eu.GetProperty("Id").GetString());
        var back = await server.Results($"{mapping}/ValMapSchema(SrcAgency='S4HANA',SrcId='SalesOrganization',TgtAgency='Webshop',TgtId='SalesChannel')/ValMaps");
        Assert.Contains(back, m => m.GetProperty("Value").GetProperty("SrcValue").GetString() == "1010" && m.GetProperty("Value").GetProperty("TgtValue").GetString() == "EU-WEB");

        const string keys = "Id='VM_Sales_Organizations'&Version='active'&SrcAgency='Webshop'&SrcId='SalesChannel'&TgtAgency='S4HANA'&TgtId='SalesOrganization'";
        using (var upsert = await server.Send(HttpMethod.Post, $"{Api}UpsertValMaps?{keys}&SrcValue='FR-WEB'&TgtValue='1030'&IsConfigured=true"))
            Assert.True(upsert.StatusCode == HttpStatusCode.Accepted, await upsert.Content.ReadAsStringAsync());
        using (var change = await server.Send(HttpMethod.Post, $"{Api}UpsertValMaps?{keys}&SrcValue='EU-WEB'&TgtValue='1011'&IsConfigured=true"))
            Assert.Equal(HttpStatusCode.Accepted, change.StatusCode);
        maps = await server.Results($"{mapping}/{pair}/ValMaps");
        Assert.Equal(4, maps.Count);
        Assert.Equal("1011", maps.Single(m => m.GetProperty("Value").GetProperty("SrcValue").GetString() == "EU-WEB").GetProperty("Value").GetProperty("TgtValue").GetString());
        Assert.Contains("<value>FR-WEB</value>", Entries(await server.Client.GetByteArrayAsync(mapping + "/$value"))["value_mapping.xml"]);

        using (var delete = await server.Send(HttpMethod.Post, $"{Api}DeleteValMaps?{keys}"))
            Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        Assert.Empty(await server.Results(mapping + "/ValMapSchema"));
    }

    [Fact]
    public async Task A_default_value_map_is_set_replaced_and_taken_away_with_UpdateDefaultValMap()
    {
        const string id = "Pipeline_Default_Values";
        using (var create = await server.Send(HttpMethod.Post, Api + "ValueMappingDesigntimeArtifacts", new { Name = "Pipeline Default Values", Id = id, PackageId = Package }))
            Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var artifact = $"Id='{id}'&Version='active'";
        const string toS4 = "SrcAgency='Webshop'&SrcId='SalesChannel'&TgtAgency='S4HANA'&TgtId='SalesOrganization'";
        foreach (var (source, target, pair) in new[] { ("EU-WEB", "1010", toS4), ("US-WEB", "1020", toS4),
                     ("APAC-WEB", "JPY", "SrcAgency='Webshop'&SrcId='SalesChannel'&TgtAgency='Finance'&TgtId='Currency'") })
            using (var upsert = await server.Send(HttpMethod.Post, $"{Api}UpsertValMaps?{artifact}&{pair}&SrcValue='{source}'&TgtValue='{target}'&IsConfigured=true"))
                Assert.True(upsert.StatusCode == HttpStatusCode.Accepted, await upsert.Content.ReadAsStringAsync());
        var mapping = $"{Api}ValueMappingDesigntimeArtifacts(Id='{id}',Version='active')";
        const string schema = "ValMapSchema(SrcAgency='Webshop',SrcId='SalesChannel',TgtAgency='S4HANA',TgtId='SalesOrganization')";
        var maps = await server.Results($"{mapping}/{schema}/ValMaps");
        string Group(string source) => maps.Single(m => m.GetProperty("Value").GetProperty("SrcValue").GetString() == source).GetProperty("Id").GetString()!;
        var (eu, us) = (Group("EU-WEB"), Group("US-WEB"));
        Assert.Empty(await server.Results($"{mapping}/{schema}/DefaultValMaps"));

        async Task<HttpResponseMessage> SetDefault(string valMapId, string configured = "true", string pair = toS4, string of = "") =>
            await server.Send(HttpMethod.Post, $"{Api}UpdateDefaultValMap?{(of.Length > 0 ? of : artifact)}&{pair}&ValMapId='{valMapId}'{(configured.Length > 0 ? "&IsConfigured=" + configured : "")}");

        using (var set = await SetDefault(eu)) Assert.True(set.StatusCode == HttpStatusCode.Accepted, await set.Content.ReadAsStringAsync());
        var defaults = await server.Results($"{mapping}/{schema}/DefaultValMaps");
        // The Hub example's members; its Value is an array there, but the tenant's $metadata makes it one complex value, as in ValMaps.
        var example = IntegrationContentServer.Golden("ValueMappingDesigntimeArtifacts_key_Id-Id-Version-Version_ValMapSchema_key_SrcAgency-SrcAgency-SrcId-SrcId-TgtAgency-TgtAgency-TgtId-TgtId_DefaultValMaps__GET__200.json")
            .GetProperty("d").GetProperty("results")[0];
        Assert.Equal(example.EnumerateObject().Select(p => p.Name).Order(), Assert.Single(defaults).EnumerateObject().Select(p => p.Name).Where(n => n != "__metadata").Order());
        Assert.Equal(example.GetProperty("Value")[0].EnumerateObject().Select(p => p.Name).Order(), defaults[0].GetProperty("Value").EnumerateObject().Select(p => p.Name).Where(n => n != "__metadata").Order());
        Assert.Equal(eu, defaults[0].GetProperty("Id").GetString());
        Assert.Equal("1010", defaults[0].GetProperty("Value").GetProperty("TgtValue").GetString());
        // A default belongs to one direction.
        Assert.Empty(await server.Results($"{mapping}/ValMapSchema(SrcAgency='S4HANA',SrcId='SalesOrganization',TgtAgency='Webshop',TgtId='SalesChannel')/DefaultValMaps"));

        // Another value map replaces the direction's default, in the bundle that is downloaded and deployed.
        using (var replace = await SetDefault(us)) Assert.Equal(HttpStatusCode.Accepted, replace.StatusCode);
        Assert.Equal(us, Assert.Single(await server.Results($"{mapping}/{schema}/DefaultValMaps")).GetProperty("Id").GetString());
        Assert.Contains($"group=\"{us}\"", Entries(await server.Client.GetByteArrayAsync(mapping + "/$value"))["value_mapping.xml"]);

        // The documented refusal: a value map without a value for the target identifier cannot be its default.
        var finance = (await server.Results($"{mapping}/ValMapSchema(SrcAgency='Webshop',SrcId='SalesChannel',TgtAgency='Finance',TgtId='Currency')/ValMaps")).Single().GetProperty("Id").GetString()!;
        using (var refused = await SetDefault(finance))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            AssertError(IntegrationContentServer.Golden("UpdateDefaultValMap__POST__400.json"), await refused.Content.ReadAsStringAsync());
        }
        using (var unknownMap = await SetDefault("0123456789abcdef0123456789abcdef")) Assert.Equal(HttpStatusCode.NotFound, unknownMap.StatusCode);
        using (var noFlag = await SetDefault(eu, configured: "")) Assert.Equal(HttpStatusCode.BadRequest, noFlag.StatusCode);
        using (var noPair = await SetDefault(eu, pair: "SrcAgency='Webshop'&SrcId='SalesChannel'&TgtAgency='Nobody'&TgtId='Nothing'")) Assert.Equal(HttpStatusCode.NotFound, noPair.StatusCode);
        using (var noArtifact = await SetDefault(eu, of: "Id='No_Such_Mapping'&Version='active'")) Assert.Equal(HttpStatusCode.NotFound, noArtifact.StatusCode);
        Assert.Equal(us, Assert.Single(await server.Results($"{mapping}/{schema}/DefaultValMaps")).GetProperty("Id").GetString());

        using (var clear = await SetDefault(us, configured: "false")) Assert.Equal(HttpStatusCode.Accepted, clear.StatusCode);
        Assert.Empty(await server.Results($"{mapping}/{schema}/DefaultValMaps"));
        Assert.DoesNotContain("<default", Entries(await server.Client.GetByteArrayAsync(mapping + "/$value"))["value_mapping.xml"]);

        // Deleting the pair's value maps takes their default with them.
        using (await SetDefault(eu)) { }
        using (var delete = await server.Send(HttpMethod.Post, $"{Api}DeleteValMaps?{artifact}&{toS4}")) Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        Assert.DoesNotContain("<default", Entries(await server.Client.GetByteArrayAsync(mapping + "/$value"))["value_mapping.xml"]);
    }

    // ---- Versions and resources ----------------------------------------------------------------------------------

    [Fact]
    public async Task Save_as_version_moves_the_artifact_to_a_new_version_that_both_keys_address()
    {
        const string id = "Pipeline_Versioned_Flow";
        await Uploaded(id, "1.0.3");
        using (var save = await server.Send(HttpMethod.Post, $"{Api}IntegrationDesigntimeArtifactSaveAsVersion?Id='{id}'&SaveAsVersion='1.0.4'"))
        {
            Assert.True(save.StatusCode == HttpStatusCode.OK, await save.Content.ReadAsStringAsync());
            Assert.Equal("1.0.4", JsonDocument.Parse(await save.Content.ReadAsStringAsync()).RootElement.GetProperty("d").GetProperty("Version").GetString());
        }
        Assert.Equal("1.0.4", (await server.D($"{Flows}(Id='{id}',Version='1.0.4')")).GetProperty("Version").GetString());
        Assert.Equal("1.0.4", (await server.D($"{Flows}(Id='{id}',Version='active')")).GetProperty("Version").GetString());
        Assert.NotEmpty(await server.Results($"{Flows}(Id='{id}',Version='1.0.4')/Configurations"));
        Assert.Contains("Bundle-Version: 1.0.4", Manifest(Entries(await server.Client.GetByteArrayAsync($"{Flows}(Id='{id}',Version='1.0.4')/$value"))));
        using (var older = await server.Send(HttpMethod.Post, $"{Api}IntegrationDesigntimeArtifactSaveAsVersion?Id='{id}'&SaveAsVersion='1.0.2'"))
            Assert.Equal(HttpStatusCode.BadRequest, older.StatusCode);
        using (var rename = await server.Send(HttpMethod.Put, $"{Flows}(Id='{id}',Version='1.0.4')", new { Name = "Renamed Flow" }))
            Assert.Equal(HttpStatusCode.OK, rename.StatusCode);
        Assert.Equal("Renamed Flow", (await server.D($"{Flows}(Id='{id}',Version='active')")).GetProperty("Name").GetString());
        using (var delete = await server.Send(HttpMethod.Delete, $"{Flows}(Id='{id}',Version='active')"))
            Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.GetJson($"{Flows}(Id='{id}',Version='active')")).Response.StatusCode);
    }

    [Fact]
    public async Task Earlier_versions_stay_readable_under_their_number_while_active_is_the_latest()
    {
        const string id = "Pipeline_History_Flow";
        await Uploaded(id, "1.0.0");
        var v100 = $"{Flows}(Id='{id}',Version='1.0.0')";
        var v101 = $"{Flows}(Id='{id}',Version='1.0.1')";
        var active = $"{Flows}(Id='{id}',Version='active')";
        using (var save = await server.Send(HttpMethod.Post, $"{Api}IntegrationDesigntimeArtifactSaveAsVersion?Id='{id}'&SaveAsVersion='1.0.1'"))
            Assert.True(save.StatusCode == HttpStatusCode.OK, await save.Content.ReadAsStringAsync());
        using (var configure = await server.Send(HttpMethod.Put, $"{active}/$links/Configurations('Receiver_Host')", new { ParameterValue = "https://saved.example.com" }))
            Assert.Equal(HttpStatusCode.Accepted, configure.StatusCode);

        // The version it left answers as it was, in the shape of the current one.
        var earlier = await server.D(v100);
        var latest = await server.D(active);
        Assert.Equal("1.0.0", earlier.GetProperty("Version").GetString());
        Assert.Equal("1.0.1", latest.GetProperty("Version").GetString());
        Assert.Equal(latest.EnumerateObject().Select(p => p.Name), earlier.EnumerateObject().Select(p => p.Name));
        Assert.Equal(latest.GetProperty("__metadata").EnumerateObject().Select(p => p.Name), earlier.GetProperty("__metadata").EnumerateObject().Select(p => p.Name));
        Assert.EndsWith($"(Id='{id}',Version='1.0.0')", earlier.GetProperty("__metadata").GetProperty("uri").GetString());
        Assert.EndsWith($"(Id='{id}',Version='1.0.0')/Configurations", earlier.GetProperty("Configurations").GetProperty("__deferred").GetProperty("uri").GetString());
        Assert.Equal(latest.GetProperty("Name").GetString(), earlier.GetProperty("Name").GetString());
        AssertShape(IntegrationContentServer.Golden("IntegrationDesigntimeArtifacts__POST_create-201__cig-trial.json").GetProperty("d"), earlier);
        Assert.Equal(["__metadata", "Name", "Version"], (await server.D(v100 + "?$select=Name,Version")).EnumerateObject().Select(p => p.Name));
        Assert.Equal("https://backend.example.com", (await server.Results(v100 + "/Configurations")).Single(c => c.GetProperty("ParameterKey").GetString() == "Receiver_Host").GetProperty("ParameterValue").GetString());
        Assert.Equal("https://saved.example.com", (await server.Results(active + "/Configurations")).Single(c => c.GetProperty("ParameterKey").GetString() == "Receiver_Host").GetProperty("ParameterValue").GetString());

        // An update whose bundle carries a new version moves the artifact on again and keeps 1.0.1 as it was saved.
        using (var update = await server.Send(HttpMethod.Put, active, new { Name = "Pipeline History Flow", ArtifactContent = Convert.ToBase64String(FlowBundle(id, "1.0.2", Model("/history"), "https://new.example.com")) }))
            Assert.True(update.StatusCode == HttpStatusCode.OK, await update.Content.ReadAsStringAsync());
        Assert.Equal("1.0.2", (await server.D(active)).GetProperty("Version").GetString());
        var bundle101 = Entries(await server.Client.GetByteArrayAsync(v101 + "/$value"));
        Assert.Contains("Bundle-Version: 1.0.1", Manifest(bundle101));
        Assert.Contains("saved.example.com", bundle101["src/main/resources/parameters.prop"]);
        var bundle100 = Entries(await server.Client.GetByteArrayAsync(v100 + "/$value"));
        Assert.Contains("Bundle-Version: 1.0.0", Manifest(bundle100));
        Assert.Contains("backend.example.com", bundle100["src/main/resources/parameters.prop"]);
        Assert.Contains("Bundle-Version: 1.0.2", Manifest(Entries(await server.Client.GetByteArrayAsync(active + "/$value"))));
        Assert.Contains(await server.Results(v101 + "/Resources"), r => r.GetProperty("Name").GetString() == "enrich.groovy");
        Assert.Contains("processData", await server.Client.GetStringAsync(v101 + "/Resources(Name='enrich.groovy',ResourceType='groovy')/$value"));
        Assert.Equal("1.0.0", (await server.D($"{Api}IntegrationPackages('{Package}')/IntegrationDesigntimeArtifacts(Id='{id}',Version='1.0.0')")).GetProperty("Version").GetString());
        Assert.DoesNotContain(await server.Results($"{Api}IntegrationPackages('{Package}')/IntegrationDesigntimeArtifacts"),
            a => a.GetProperty("Id").GetString() == id && a.GetProperty("Version").GetString() != "1.0.2");

        // Earlier versions are read-only; a version the artifact never had is the tenant's 404.
        using (var change = await server.Send(HttpMethod.Put, v100, new { Name = "Old" })) Assert.Equal(HttpStatusCode.BadRequest, change.StatusCode);
        using (var deleteOld = await server.Send(HttpMethod.Delete, v101)) Assert.Equal(HttpStatusCode.BadRequest, deleteOld.StatusCode);
        var (missing, missingBody) = await server.GetJson($"{Flows}(Id='{id}',Version='0.9.0')", ("Accept", "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        AssertError(IntegrationContentServer.Golden("IntegrationDesigntimeArtifacts__GET_error-404__cig.json"), missingBody.GetRawText());

        // Deleting the current version (by its number, as by 'active') deletes the flow with its history.
        using (var delete = await server.Send(HttpMethod.Delete, $"{Flows}(Id='{id}',Version='1.0.2')")) Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, await server.Status(active));
        Assert.Equal(HttpStatusCode.NotFound, await server.Status(v100));
    }

    [Fact]
    public async Task Script_collections_and_value_mappings_keep_their_earlier_versions_too()
    {
        foreach (var (set, operation, id) in new[]
                 {
                     ("ScriptCollectionDesigntimeArtifacts", "ScriptCollectionDesigntimeArtifactSaveAsVersion", "Pipeline_History_Scripts"),
                     ("ValueMappingDesigntimeArtifacts", "ValueMappingDesigntimeArtifactSaveAsVersion", "Pipeline_History_Values"),
                 })
        {
            using (var create = await server.Send(HttpMethod.Post, Api + set, new { Name = id.Replace('_', ' '), Id = id, PackageId = Package }))
                Assert.Equal(HttpStatusCode.Created, create.StatusCode);
            using (var save = await server.Send(HttpMethod.Post, $"{Api}{operation}?Id='{id}'&SaveAsVersion='2.0.0'"))
                Assert.True(save.StatusCode == HttpStatusCode.OK, $"{set}: {await save.Content.ReadAsStringAsync()}");
            Assert.Equal("2.0.0", (await server.D($"{Api}{set}(Id='{id}',Version='active')")).GetProperty("Version").GetString());
            Assert.Equal("1.0.0", (await server.D($"{Api}{set}(Id='{id}',Version='1.0.0')")).GetProperty("Version").GetString());
            Assert.Contains("Bundle-Version: 1.0.0", Manifest(Entries(await server.Client.GetByteArrayAsync($"{Api}{set}(Id='{id}',Version='1.0.0')/$value"))));
            Assert.Single(await server.Results($"{Api}{set}?$filter=Id eq '{id}'"));
        }
    }

    [Fact]
    public async Task Resources_of_a_flow_are_added_read_replaced_and_deleted_in_its_bundle()
    {
        const string id = "Pipeline_Resource_Flow";
        await Uploaded(id);
        var flow = $"{Flows}(Id='{id}',Version='active')";
        Assert.Contains(await server.Results(flow + "/Resources"), r => r.GetProperty("Name").GetString() == "enrich.groovy" && r.GetProperty("ResourceType").GetString() == "groovy");

        var script = "def Message processData(Message message) {\n    message.setHeader('Checked', 'yes')\n    return message\n}\n";
        using (var add = await server.Send(HttpMethod.Post, flow + "/Resources",
                   new { Name = "check.groovy", ResourceType = "groovy", ResourceContent = Convert.ToBase64String(Encoding.UTF8.GetBytes(script)) }))
        {
            Assert.True(add.StatusCode == HttpStatusCode.Created, await add.Content.ReadAsStringAsync());
            var resource = JsonDocument.Parse(await add.Content.ReadAsStringAsync()).RootElement.GetProperty("d");
            Assert.Equal("check.groovy", resource.GetProperty("Name").GetString());
            Assert.Equal(JsonValueKind.Null, resource.GetProperty("ResourceContent").ValueKind);
            Assert.EndsWith("/Resources(Name='check.groovy',ResourceType='groovy')", resource.GetProperty("__metadata").GetProperty("uri").GetString());
        }
        var resourcePath = flow + "/Resources(Name='check.groovy',ResourceType='groovy')";
        Assert.Equal(script, await server.Client.GetStringAsync(resourcePath + "/$value"));
        using (var replace = await server.Send(HttpMethod.Put, flow + "/$links/Resources(Name='check.groovy',ResourceType='groovy')",
                   new { ResourceContent = Convert.ToBase64String(Encoding.UTF8.GetBytes("// replaced\n")) }))
            Assert.Equal(HttpStatusCode.Accepted, replace.StatusCode);
        Assert.Equal("// replaced\n", await server.Client.GetStringAsync(resourcePath + "/$value"));
        Assert.Equal("// replaced\n", Entries(await server.Client.GetByteArrayAsync(flow + "/$value"))["src/main/resources/script/check.groovy"]);
        using (var delete = await server.Send(HttpMethod.Delete, flow + "/$links/Resources(Name='check.groovy',ResourceType='groovy')"))
            Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.DoesNotContain(await server.Results(flow + "/Resources"), r => r.GetProperty("Name").GetString() == "check.groovy");
        using (var wrongType = await server.Send(HttpMethod.Post, flow + "/Resources", new { Name = "x.txt", ResourceType = "txt", ResourceContent = "eA==" }))
            Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
    }

    [Fact]
    public async Task Value_mappings_and_script_collections_deploy_as_their_own_runtime_types()
    {
        using (var create = await server.Send(HttpMethod.Post, Api + "ScriptCollectionDesigntimeArtifacts",
                   new { Name = "Pipeline Scripts", Id = "Pipeline_Scripts", PackageId = "BankingIntegration" }))
        {
            Assert.Equal(HttpStatusCode.Created, create.StatusCode);
            Assert.Equal("1.0.0", JsonDocument.Parse(await create.Content.ReadAsStringAsync()).RootElement.GetProperty("d").GetProperty("Version").GetString());
        }
        Assert.Equal("SUCCESS", await PollTask(await Deploy("DeployScriptCollectionDesigntimeArtifact", "Pipeline_Scripts")));
        Assert.Equal("SCRIPT_COLLECTION", (await server.D($"{Api}IntegrationRuntimeArtifacts('Pipeline_Scripts')")).GetProperty("Type").GetString());

        Assert.Equal("SUCCESS", await PollTask(await Deploy("DeployValueMappingDesigntimeArtifact", "VM_Sales_Organizations")));
        Assert.Equal("VALUE_MAPPING", (await server.D($"{Api}IntegrationRuntimeArtifacts('VM_Sales_Organizations')")).GetProperty("Type").GetString());
        using var missing = await server.Send(HttpMethod.Post, $"{Api}DeployMessageMappingDesigntimeArtifact?Id='No_Such_Mapping'&Version='active'");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
