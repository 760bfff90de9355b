using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SapSandbox.Server.Hub.Monitor;
using SapSandbox.Services.CloudIntegration.IntegrationContent;

namespace SapSandbox.Server.Hub.Pages.Monitor;

/// <summary>
/// One artifact: its deployment and, when that failed, the tenant's error information; and the buttons that deploy
/// its design-time artifact's active version (again) or undeploy it, sent to <c>/api/v1</c> in the user's name.
/// </summary>
public sealed class ArtifactModel : PageModel
{
    /// <summary>How long a deploy waits for the tenant's build before showing the page (a build takes about 1.5 s).</summary>
    static readonly TimeSpan BuildWait = TimeSpan.FromSeconds(15);

    public string Id { get; private set; } = "";
    /// <summary>The runtime artifact, or null when it is not deployed.</summary>
    public TenantRow? Artifact { get; private set; }
    public string? Error { get; private set; }
    public ArtifactError? ErrorInformation { get; private set; }
    /// <summary>The design-time artifact of this id (active version) and its kind, which Deploy deploys.</summary>
    public TenantRow? Design { get; private set; }
    public ArtifactType? DesignType { get; private set; }
    /// <summary>What the last deploy or undeploy did, or why the tenant refused it.</summary>
    public string? Outcome { get; private set; }
    public bool OutcomeFailed { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, string? done, string? task)
    {
        Outcome = done switch
        {
            "undeployed" => "Undeployed.",
            "deployed" => task is "SUCCESS" or "FAIL" or "DEPLOYING" ? $"Deployed the active version: the build and deploy task ended {task}." : "Deployed the active version.",
            _ => null,
        };
        OutcomeFailed = task == "FAIL";
        await Load(id);
        return Page();
    }

    public async Task<IActionResult> OnPostDeployAsync(string id, string? type)
    {
        if (type == null || ArtifactType.OfSet(type) is not { } kind) return BadRequest();
        var tenant = new TenantReader(HttpContext);
        var answer = await new TenantWriter(tenant).SendAsync(HttpMethods.Post,
            $"{kind.DeployOperation}?Id={TenantReader.Literal(id)}&Version={TenantReader.Literal("active")}");
        if (!answer.Ok) return await Refused(id, "The tenant refused to deploy: " + answer.ErrorMessage);
        var status = await TaskStatus(tenant, Encoding.UTF8.GetString(answer.Body).Trim());
        return RedirectToPage(new { id, done = "deployed", task = status });
    }

    public async Task<IActionResult> OnPostUndeployAsync(string id)
    {
        var answer = await new TenantWriter(new TenantReader(HttpContext)).SendAsync(HttpMethods.Delete, $"IntegrationRuntimeArtifacts({TenantReader.Literal(id)})");
        if (!answer.Ok) return await Refused(id, "The tenant refused to undeploy: " + answer.ErrorMessage);
        return RedirectToPage(new { id, done = "undeployed" });
    }

    async Task<IActionResult> Refused(string id, string message)
    {
        Outcome = message;
        OutcomeFailed = true;
        await Load(id);
        Response.StatusCode = StatusCodes.Status200OK;
        return Page();
    }

    /// <summary>
    /// The deployment task's status once the tenant's build has finished (SUCCESS or FAIL), or DEPLOYING if it takes
    /// longer than <see cref="BuildWait"/>: the page then shows the artifact as the build left it.
    /// </summary>
    async Task<string?> TaskStatus(TenantReader tenant, string taskId)
    {
        var until = DateTime.UtcNow + BuildWait;
        while (true)
        {
            var (task, _) = await tenant.EntityAsync($"BuildAndDeployStatus(TaskId={TenantReader.Literal(taskId)})");
            var status = task?["Status"];
            if (status != "DEPLOYING" || DateTime.UtcNow >= until) return status;
            await Task.Delay(TimeSpan.FromMilliseconds(250), HttpContext.RequestAborted);
        }
    }

    async Task Load(string id)
    {
        Id = id;
        var tenant = new TenantReader(HttpContext);
        var key = $"IntegrationRuntimeArtifacts({TenantReader.Literal(id)})";
        (Artifact, Error) = await tenant.EntityAsync(key);
        var runtimeType = Artifact == null ? null : ArtifactType.OfRuntime(Artifact["Type"]);
        // The design-time artifact Deploy would deploy: of the deployed kind, or of whichever kind has this id.
        IReadOnlyList<ArtifactType> kinds = runtimeType != null ? [runtimeType] : ArtifactType.All;
        foreach (var kind in kinds)
        {
            var (design, _) = await tenant.EntityAsync($"{kind.EntitySet}(Id={TenantReader.Literal(id)},Version={TenantReader.Literal("active")})");
            if (design == null) continue;
            (Design, DesignType) = (design, kind);
            break;
        }
        if (Artifact == null)
        {
            if (Design == null) Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        // Only an artifact in error has error information; the others answer 404, which is not worth showing.
        if (Artifact["Status"] != "ERROR") return;
        var answer = await tenant.GetAsync(key + "/ErrorInformation/$value");
        ErrorInformation = answer.Ok ? ArtifactError.From(Encoding.UTF8.GetString(answer.Body)) : new ArtifactError(answer.ErrorMessage, answer.ErrorMessage);
    }
}
