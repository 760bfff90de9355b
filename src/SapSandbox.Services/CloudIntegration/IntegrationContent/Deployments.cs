using System.Text;
using System.Text.Json;
using SapSandbox.Core.Operations;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;
using SapSandbox.Core.Write;

namespace SapSandbox.Services.CloudIntegration.IntegrationContent;

/// <summary>The rows a started flow publishes: its service endpoint, the entry points to call it, and its API definitions.</summary>
public sealed record PublishedEndpoint(Dictionary<string, object?> Endpoint, List<Dictionary<string, object?>> EntryPoints, List<Dictionary<string, object?>> Definitions);

/// <summary>
/// Deployment as the tenant runs it. <c>Deploy…DesigntimeArtifact</c> answers 202 with a task id and leaves the task
/// DEPLOYING and the runtime artifact STARTING; a moment later (<see cref="DeploymentTicker"/>) the build of the
/// bundle taken at deploy time finishes: a bundle that does not build (<see cref="ArtifactBundle.Problem"/>) fails
/// the task (FAIL) and leaves the artifact in ERROR; one that builds succeeds (SUCCESS) and starts (STARTED),
/// unless starting it fails (an endpoint address another deployed flow listens on: ERROR with SUCCESS). A failed
/// artifact's error information (<c>ErrorInformation/$value</c>) says what is wrong; a started flow publishes
/// service endpoints for its HTTP and SOAP senders. Undeploying (DELETE) removes it all.
/// </summary>
public static class Deployments
{
    public const string RuntimeSet = "IntegrationRuntimeArtifacts";
    public const string TasksSet = "BuildAndDeployStatus";
    public const string ErrorsSet = "RuntimeArtifactErrorInformations";
    public const string EndpointsSet = "ServiceEndpoints";
    public const string EntryPointsSet = "EntryPoints";
    public const string DefinitionsSet = "APIDefinitions";

    /// <summary>How long a build and start take: long enough that a client polls DEPLOYING once, short enough for pipelines and tests.</summary>
    public static readonly TimeSpan BuildTime = TimeSpan.FromSeconds(1.5);

    public static readonly NavigationLink EntryPointsLink = new(EndpointsSet, "EntryPoints");
    public static readonly NavigationLink DefinitionsLink = new(EndpointsSet, "ApiDefinitions");

    /// <summary>Starts the deployment of an artifact's current bundle; returns the task id.</summary>
    public static string Begin(EntityContext context, ArtifactType type, ContentRow artifact, ArtifactBundle bundle, DateTimeOffset now)
    {
        var id = artifact.Get("Id");
        var build = bundle.Problem(type);
        var start = build == null ? StartProblem(context, type, id, bundle) : null;
        var taskId = Guid.NewGuid().ToString("D");
        var service = context.Service;
        ContentRows.Insert(context, ContentRows.Table(service, TasksSet), [new("TaskId", taskId), new("Status", "DEPLOYING")]);
        var runtime = ContentRows.Table(service, RuntimeSet);
        ContentRows.Delete(context.Session, runtime, ("Id", id));
        ContentRows.Insert(context, runtime, new Dictionary<string, object?>
        {
            ["Id"] = id, ["Version"] = artifact.Get("Version"), ["Name"] = artifact.Get("Name"), ["Type"] = type.RuntimeType,
            ["DeployedBy"] = ContentRows.UserName(context.User), ["DeployedOn"] = now, ["Status"] = "STARTING",
        });
        Unpublish(context, id);
        ContentStore.Save(context.Session, ContentStore.Runtime, id, bundle.ToZip());
        ContentStore.AddDeployment(context.Session, new PendingDeployment(taskId, type.EntitySet, id, build, start), now + BuildTime);
        return taskId;
    }

    /// <summary>What keeps a bundle that builds from starting: a sender address another deployed flow already listens on.</summary>
    static string? StartProblem(EntityContext context, ArtifactType type, string id, ArtifactBundle bundle)
    {
        if (type != ArtifactType.IntegrationFlow) return null;
        var entryPoints = ContentRows.Table(context.Service, EntryPointsSet);
        foreach (var sender in bundle.Senders())
            if (ContentRows.First(context.Session, entryPoints, ("Url", TenantContent.RuntimeHost + sender.UrlPath)) is { } taken && taken.Get("Name") != id)
                return $"The address {sender.UrlPath} of the {sender.Adapter} sender channel is already used by the deployed integration flow {taken.Get("Name")}";
        return null;
    }

    /// <summary>Finishes the deployments that are due: the task's status, the artifact's, its error information or endpoints.</summary>
    public static void Finish(EntityContext context, DateTimeOffset now)
    {
        var service = context.Service;
        var session = context.Session;
        foreach (var deployment in ContentStore.Due(session, now))
        {
            ContentStore.Complete(session, deployment.TaskId);
            var runtime = ContentRows.Table(service, RuntimeSet);
            var tasks = ContentRows.Table(service, TasksSet);
            var artifact = ContentRows.First(session, runtime, ("Id", deployment.ArtifactId));
            if (artifact == null)
            {
                // Undeployed while it was building.
                ContentRows.Update(session, tasks, [new("Status", "FAIL")], ("TaskId", deployment.TaskId));
                continue;
            }
            var problem = deployment.BuildProblem ?? deployment.StartProblem;
            ContentRows.Update(session, tasks, [new("Status", deployment.BuildProblem == null ? "SUCCESS" : "FAIL")], ("TaskId", deployment.TaskId));
            ContentRows.Update(session, runtime, [new("Status", problem == null ? "STARTED" : "ERROR")], ("Id", deployment.ArtifactId));
            if (problem != null)
            {
                ContentRows.Insert(context, ContentRows.Table(service, ErrorsSet), [new("Id", deployment.ArtifactId)]);
                ContentStore.Save(session, ContentStore.Errors, deployment.ArtifactId, ErrorInformation(deployment.ArtifactId, problem, deployment.BuildProblem != null));
                continue;
            }
            if (ArtifactType.OfSet(deployment.EntitySet) != ArtifactType.IntegrationFlow) continue;
            var bytes = ContentStore.Load(session, ContentStore.Runtime, deployment.ArtifactId, () => null);
            if (bytes == null) continue;
            var published = Endpoints(deployment.ArtifactId, artifact.Get("Name"), artifact.Get("Version"), ArtifactBundle.Read(bytes), now);
            foreach (var endpoint in published)
            {
                ContentRows.Insert(context, ContentRows.Table(service, EndpointsSet), endpoint.Endpoint);
                foreach (var entry in endpoint.EntryPoints) ContentRows.Insert(context, ContentRows.Table(service, EntryPointsSet), entry);
                foreach (var definition in endpoint.Definitions)
                    if (ContentRows.First(session, ContentRows.Table(service, DefinitionsSet), ("Url", definition["Url"])) == null)
                        ContentRows.Insert(context, ContentRows.Table(service, DefinitionsSet), definition);
            }
        }
    }

    /// <summary>Undeploys: the runtime artifact, its error information, its endpoints and any deployment still running.</summary>
    public static bool Undeploy(EntityContext context, string id)
    {
        var runtime = ContentRows.Table(context.Service, RuntimeSet);
        var artifact = ContentRows.First(context.Session, runtime, ("Id", id));
        if (artifact == null) return false;
        ContentRows.Delete(context.Session, runtime, ("Id", id));
        Unpublish(context, id);
        if (ArtifactType.OfRuntime(artifact.Text("Type")) is { } type) ContentStore.Cancel(context.Session, type.EntitySet, id);
        ContentStore.Save(context.Session, ContentStore.Runtime, id, null);
        return true;
    }

    /// <summary>Removes what a deployment of the artifact left: error information and published endpoints.</summary>
    static void Unpublish(EntityContext context, string id)
    {
        var session = context.Session;
        var service = context.Service;
        ContentRows.Delete(session, ContentRows.Table(service, ErrorsSet), ("Id", id));
        ContentStore.Save(session, ContentStore.Errors, id, null);
        var endpoints = ContentRows.Table(service, EndpointsSet);
        foreach (var endpoint in ContentRows.Select(session, endpoints, ("Name", id)))
        {
            ContentRows.Delete(session, ContentRows.Table(service, EntryPointsSet), (EntryPointsLink.Path("Id"), endpoint.Get("Id")));
            ContentRows.Delete(session, ContentRows.Table(service, DefinitionsSet), (DefinitionsLink.Path("Id"), endpoint.Get("Id")));
        }
        ContentRows.Delete(session, endpoints, ("Name", id));
    }

    /// <summary>
    /// The service endpoints of a started flow, one per HTTP, SOAP, AS2 or OData sender channel: Id
    /// <c>&lt;flow&gt;$endpointAddress=&lt;address without slashes&gt;</c> as the tenant forms it, an entry point on the
    /// runtime host, and for SOAP its WSDL and for OData its <c>$metadata</c> as API definitions.
    /// </summary>
    public static List<PublishedEndpoint> Endpoints(string flowId, string name, string version, ArtifactBundle bundle, DateTimeOffset lastUpdated)
    {
        var result = new List<PublishedEndpoint>();
        foreach (var sender in bundle.Senders())
        {
            var endpointId = $"{flowId}$endpointAddress={sender.Address.Replace("/", "")}";
            if (result.Any(r => (string?)r.Endpoint["Id"] == endpointId)) continue;
            var url = TenantContent.RuntimeHost + sender.UrlPath;
            var endpoint = TenantContent.Row(("Id", endpointId), ("Name", flowId), ("Title", flowId), ("Version", version), ("Summary", name),
                ("Description", name), ("LastUpdated", lastUpdated), ("Protocol", sender.Protocol));
            var entry = TenantContent.Row(("Url", url), ("Name", flowId), ("Type", "PROD"), ("AdditionalInformation", null), (EntryPointsLink.Path("Id"), endpointId));
            var definitions = new List<Dictionary<string, object?>>();
            if (sender.Protocol == "SOAP")
                definitions.Add(TenantContent.Row(
                    ("Url", $"{TenantContent.ManagementHost}/Operations/api/WSDLDownload?artifactName={flowId}&servicePath={sender.Address}&domainName=cfapps.eu10.hana.ondemand.com&includePolicies=true"),
                    ("Name", "WSDL"), (DefinitionsLink.Path("Id"), endpointId)));
            if (sender.Protocol == "ODATAV2")
                definitions.Add(TenantContent.Row(("Url", url + "/$metadata"), ("Name", "EDMX"), (DefinitionsLink.Path("Id"), endpointId)));
            result.Add(new PublishedEndpoint(endpoint, [entry], definitions));
        }
        return result;
    }

    /// <summary>
    /// The error information of a failed deployment as the tenant writes it: a message whose text is a pattern filled
    /// from <c>parameter</c>, with the subsystem that failed (the build, or the runtime starting the artifact).
    /// </summary>
    public static byte[] ErrorInformation(string id, string problem, bool build)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartObject("message");
            json.WriteString("subsystemName", build ? "IFlow Build" : "Runtime");
            // The tenant's key is spelled this way.
            json.WriteString("subsytemPartName", build ? "Bundle Validation" : "Artifact Start");
            json.WriteString("messageId", build ? "BUILD_FAILED" : "START_FAILED");
            json.WriteString("messageText", build ? $"Error while building the artifact {id}: {{0}}" : $"Error while starting the artifact {id}: {{0}}");
            json.WriteEndObject();
            json.WriteStartArray("parameter");
            json.WriteStringValue(problem);
            json.WriteEndArray();
            json.WriteStartArray("childInstances");
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}

/// <summary><c>Deploy…DesigntimeArtifact?Id='…'&amp;Version='…'</c>: 202 with the task id as plain text.</summary>
public sealed class DeployArtifact(ArtifactType type) : IOperationHandler
{
    public OperationResult Invoke(OperationCall call)
    {
        var id = call.Parameters.GetValueOrDefault("Id") as string ?? "";
        var version = call.Parameters.GetValueOrDefault("Version") as string ?? DesignContent.Active;
        var context = new EntityContext(call.Service, call.Session, call.Writer, call.User);
        var artifact = DesignContent.Get(call.Service, call.Session, type, id, version);
        var bundle = DesignContent.Bundle(call.Session, type, artifact);
        var taskId = Deployments.Begin(context, type, artifact, bundle, DateTimeOffset.UtcNow);
        return new OperationResult.Raw(202, "text/plain", Encoding.UTF8.GetBytes(taskId));
    }
}

/// <summary>Moves deployments on: DEPLOYING to SUCCESS or FAIL, STARTING to STARTED or ERROR.</summary>
public sealed class DeploymentTicker : IServiceTicker
{
    public TimeSpan Interval => TimeSpan.FromMilliseconds(500);

    public void Tick(EntityContext context) => Deployments.Finish(context, DateTimeOffset.UtcNow);
}

/// <summary>
/// A runtime artifact's <c>$value</c>: the content that was deployed. Reading an artifact that is not deployed answers
/// the tenant's 404 text, which clients (flashpipe) take as "not deployed".
/// </summary>
public sealed class RuntimeArtifactContent : IEntitySetBehavior
{
    public string RewriteRead(EntityContext context, string relative)
    {
        var path = Uri.UnescapeDataString(relative.Split('?')[0]);
        var prefix = Deployments.RuntimeSet + "('";
        if (!path.StartsWith(prefix, StringComparison.Ordinal)) return relative;
        var end = path.IndexOf("')", prefix.Length, StringComparison.Ordinal);
        if (end < 0) return relative;
        var id = path[prefix.Length..end].Replace("''", "'");
        if (ContentRows.First(context.Session, ContentRows.Table(context.Service, Deployments.RuntimeSet), ("Id", id)) == null)
            throw Core.Query.QueryException.NotFound("Requested entity could not be found.");
        return relative;
    }

    public MediaContent? ReadMedia(EntityContext context, ExistingEntity entity)
    {
        var id = entity.Values.First(v => v.Key.Path == "Id").Value as string ?? "";
        var bytes = ContentStore.Load(context.Session, ContentStore.Runtime, id, () =>
            TenantContent.Instance.Artifact(id) is { Deployed: not RuntimeState.NotDeployed } seeded ? seeded.Bundle.ToZip() : null);
        return bytes == null ? null : new MediaContent("application/zip", bytes);
    }
}

/// <summary><c>IntegrationRuntimeArtifacts('…')/ErrorInformation/$value</c>: what the failed deployment reported, as JSON.</summary>
public sealed class RuntimeErrorInformation : IEntitySetBehavior
{
    public MediaContent? ReadMedia(EntityContext context, ExistingEntity entity)
    {
        var id = entity.Values.First(v => v.Key.Path == "Id").Value as string ?? "";
        var bytes = ContentStore.Load(context.Session, ContentStore.Errors, id, () =>
            TenantContent.Instance.Artifact(id) is { Deployed: RuntimeState.Error } seeded && seeded.Bundle.Problem(seeded.Type) is { } problem
                ? Deployments.ErrorInformation(id, problem, build: true) : null);
        return bytes == null ? null : new MediaContent("application/json", bytes);
    }
}
