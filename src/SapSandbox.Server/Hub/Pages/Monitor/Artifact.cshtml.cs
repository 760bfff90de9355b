using System.Text;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SapSandbox.Server.Hub.Monitor;

namespace SapSandbox.Server.Hub.Pages.Monitor;

/// <summary>One deployed artifact and, when its deployment failed, the tenant's error information.</summary>
public sealed class ArtifactModel : PageModel
{
    public string Id { get; private set; } = "";
    public TenantRow? Artifact { get; private set; }
    public string? Error { get; private set; }
    public ArtifactError? ErrorInformation { get; private set; }

    public async Task OnGetAsync(string id)
    {
        Id = id;
        var tenant = new TenantReader(HttpContext);
        var key = $"IntegrationRuntimeArtifacts({TenantReader.Literal(id)})";
        (Artifact, Error) = await tenant.EntityAsync(key);
        if (Artifact == null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        // Only an artifact in error has error information; the others answer 404, which is not worth showing.
        if (Artifact["Status"] != "ERROR") return;
        var answer = await tenant.GetAsync(key + "/ErrorInformation/$value");
        ErrorInformation = answer.Ok ? ArtifactError.From(Encoding.UTF8.GetString(answer.Body)) : new ArtifactError(answer.ErrorMessage, answer.ErrorMessage);
    }
}
