using Microsoft.AspNetCore.Mvc.RazorPages;
using SapSandbox.Server.Hub.Monitor;

namespace SapSandbox.Server.Hub.Pages.Monitor;

/// <summary>The tenant's deployed artifacts (<c>IntegrationRuntimeArtifacts</c>) with their status.</summary>
public sealed class ArtifactsModel : PageModel
{
    public TenantList Artifacts { get; private set; } = new([], null, null, null);

    public async Task OnGetAsync()
    {
        var tenant = new TenantReader(HttpContext);
        Artifacts = await tenant.ListAsync("IntegrationRuntimeArtifacts?$orderby=Name");
    }
}
