using Microsoft.AspNetCore.Mvc.RazorPages;
using SapSandbox.Server.Hub.Monitor;
using SapSandbox.Services.CloudIntegration.IntegrationContent;

namespace SapSandbox.Server.Hub.Pages.Monitor;

/// <summary>
/// The tenant's deployed artifacts (<c>IntegrationRuntimeArtifacts</c>) with their status, and the design-time
/// artifacts that are not deployed, each leading to its page where it is deployed or undeployed.
/// </summary>
public sealed class ArtifactsModel : PageModel
{
    public TenantList Artifacts { get; private set; } = new([], null, null, null);
    /// <summary>Design-time artifacts without a runtime artifact of their id, with their kind.</summary>
    public IReadOnlyList<(TenantRow Row, ArtifactType Kind)> NotDeployed { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var tenant = new TenantReader(HttpContext);
        Artifacts = await tenant.ListAsync("IntegrationRuntimeArtifacts?$orderby=Name");
        if (Artifacts.Error != null) return;
        var deployed = Artifacts.Rows.Select(a => a["Id"]).ToHashSet(StringComparer.Ordinal);
        var notDeployed = new List<(TenantRow, ArtifactType)>();
        foreach (var kind in ArtifactType.All)
        {
            // A user who may not read design content (no WorkspacePackagesRead) sees the deployed artifacts only.
            var design = await tenant.ListAllAsync($"{kind.EntitySet}?$select=Id,Version,Name,PackageId&$orderby=Name");
            notDeployed.AddRange(design.Rows.Where(row => !deployed.Contains(row["Id"])).Select(row => (row, kind)));
        }
        NotDeployed = notDeployed;
    }
}
