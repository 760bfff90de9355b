using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SapSandbox.Server.Tests.HubMonitor;

/// <summary>
/// Deploying and undeploying from the monitor's artifact pages over real HTTP: the page's form posts (with the hub's
/// antiforgery token) go to <c>/api/v1</c> in the signed-in user's name with a CSRF token, the page then shows the
/// new status, and the tenant's role rules decide as for any client (a read-only user is refused with its 403).
/// </summary>
/// <remarks>A server of its own: artifacts are undeployed and deployed here.</remarks>
public partial class MonitorDeployTests(MonitorServer server) : IClassFixture<MonitorServer>
{
    const string Flow = "Aggregate_Stock_Updates";
    const string BrokenFlow = "Replicate_Customer_Returns_to_S4HANA";

    [Fact]
    public async Task An_artifact_is_undeployed_and_deployed_again_from_its_page_which_shows_each_new_status()
    {
        using var client = await server.SignIn("sandbox", "sandbox");
        var page = await client.GetStringAsync($"/hub/monitor/artifacts/{Flow}");
        Assert.Contains(">Deploy again</button>", page);
        Assert.Contains(">Undeploy</button>", page);

        using (var undeployed = await Post(client, Flow, "Undeploy"))
        {
            Assert.Equal(HttpStatusCode.Redirect, undeployed.StatusCode);
            page = await client.GetStringAsync(undeployed.Headers.Location!.OriginalString);
        }
        Assert.Contains("Undeployed.", page);
        Assert.Contains("id=\"artifact-status\">NOT DEPLOYED<", page);
        Assert.Contains(">Deploy</button>", page);
        Assert.DoesNotContain(">Undeploy</button>", page);
        Assert.Equal(HttpStatusCode.NotFound, (await Runtime(Flow)).Status);
        // The list names it among the design-time artifacts that are not deployed.
        var list = await client.GetStringAsync("/hub/monitor/artifacts");
        Assert.Matches($"id=\"not-deployed\"[\\s\\S]*href=\"/hub/monitor/artifacts/{Flow}\"", list);

        using (var deployed = await Post(client, Flow, "Deploy", ("type", "IntegrationDesigntimeArtifacts")))
        {
            Assert.Equal(HttpStatusCode.Redirect, deployed.StatusCode);
            // The page waited for the tenant's build: the task has ended.
            var location = deployed.Headers.Location!.OriginalString;
            Assert.True(location.Contains("task=SUCCESS"), $"the page redirected to {location}");
            page = await client.GetStringAsync(deployed.Headers.Location!.OriginalString);
        }
        Assert.Contains("the build and deploy task ended SUCCESS", page);
        Assert.Contains("id=\"artifact-status\">STARTED<", page);
        var (status, artifact) = await Runtime(Flow);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("STARTED", artifact.GetProperty("Status").GetString());
        Assert.Equal("sandbox", artifact.GetProperty("DeployedBy").GetString());
    }

    [Fact]
    public async Task Deploying_a_flow_that_does_not_build_shows_the_failed_task_and_the_error()
    {
        using var client = await server.SignIn("sandbox", "sandbox");
        using var deployed = await Post(client, BrokenFlow, "Deploy", ("type", "IntegrationDesigntimeArtifacts"));
        Assert.Equal(HttpStatusCode.Redirect, deployed.StatusCode);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(deployed.Headers.Location!.OriginalString));
        Assert.True(page.Contains("the build and deploy task ended FAIL"), $"{deployed.Headers.Location}: {Regex.Match(page, "<main[\\s\\S]*</main>").Value}");
        Assert.Contains("role=\"alert\"", page);
        Assert.Contains("id=\"artifact-status\">ERROR<", page);
        Assert.Contains("Error while building the artifact Replicate_Customer_Returns_to_S4HANA", page);
    }

    [Fact]
    public async Task A_read_only_user_is_refused_by_the_tenant_and_nothing_changes()
    {
        using var client = await server.SignIn("reader", MonitorServer.Password);
        var page = await client.GetStringAsync($"/hub/monitor/artifacts/{Flow}");
        Assert.Contains(">Undeploy</button>", page);

        using var refused = await Post(client, Flow, "Undeploy");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("The tenant refused to undeploy: 403: User reader is not authorized", html);
        Assert.Contains("WorkspaceArtifactsDeploy", html);
        Assert.Equal(HttpStatusCode.OK, (await Runtime(Flow)).Status);
    }

    [Fact]
    public async Task A_post_without_the_hubs_antiforgery_token_is_refused()
    {
        using var client = await server.SignIn("sandbox", "sandbox");
        using var response = await client.PostAsync($"/hub/monitor/artifacts/{Flow}?handler=Undeploy", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Runtime(Flow)).Status);
    }

    /// <summary>Posts one of the page's forms with the antiforgery token the page carries, as its button does.</summary>
    static async Task<HttpResponseMessage> Post(HttpClient client, string id, string handler, params (string Name, string Value)[] fields)
    {
        var page = await client.GetStringAsync($"/hub/monitor/artifacts/{id}");
        var form = new Dictionary<string, string> { ["__RequestVerificationToken"] = AntiforgeryToken().Match(page).Groups[1].Value };
        foreach (var (name, value) in fields) form[name] = value;
        return await client.PostAsync($"/hub/monitor/artifacts/{id}?handler={handler}", new FormUrlEncodedContent(form));
    }

    async Task<(HttpStatusCode Status, JsonElement Artifact)> Runtime(string id)
    {
        var (response, body) = await server.GetJson($"/api/v1/IntegrationRuntimeArtifacts('{id}')", ("Accept", "application/json"));
        return (response.StatusCode, response.StatusCode == HttpStatusCode.OK ? body.GetProperty("d") : body);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
