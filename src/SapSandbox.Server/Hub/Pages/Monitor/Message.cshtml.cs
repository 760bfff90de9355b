using System.Text;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SapSandbox.Server.Hub.Monitor;

namespace SapSandbox.Server.Hub.Pages.Monitor;

/// <summary>
/// One message processing log: its properties, custom header properties, attachments (downloaded from their
/// <c>$value</c> at /api/v1 in the signed-in user's name) and the error information's text. Each part is its own
/// request, so a part the user's roles do not cover shows the tenant's refusal while the rest still shows.
/// </summary>
public sealed class MessageModel : PageModel
{
    public string Guid { get; private set; } = "";
    public TenantRow? Log { get; private set; }
    public string? Error { get; private set; }
    public TenantList Headers { get; private set; } = new([], null, null, null);
    public TenantList Attachments { get; private set; } = new([], null, null, null);
    public TenantList Runs { get; private set; } = new([], null, null, null);
    /// <summary>The error text; null when the log has no error information.</summary>
    public string? ErrorText { get; private set; }
    public string? ErrorStep { get; private set; }

    public async Task OnGetAsync(string guid)
    {
        Guid = guid;
        var tenant = new TenantReader(HttpContext);
        var key = $"MessageProcessingLogs({TenantReader.Literal(guid)})";
        (Log, Error) = await tenant.EntityAsync(key);
        if (Log == null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        Headers = await tenant.ListAsync(key + "/CustomHeaderProperties?$select=Name,Value");
        Attachments = await tenant.ListAsync(key + "/Attachments?$select=Id,Name,ContentType,PayloadSize,TimeStamp");
        Runs = await tenant.ListAsync(key + "/Runs?$select=Id,OverallState,RunStart,RunStop,LogLevel");
        var (information, _) = await tenant.EntityAsync(key + "/ErrorInformation");
        if (information == null) return;
        ErrorStep = information["LastErrorModelStepId"];
        var text = await tenant.GetAsync(key + "/ErrorInformation/$value");
        ErrorText = text.Ok ? Encoding.UTF8.GetString(text.Body) : text.ErrorMessage;
    }

    /// <summary>Where the browser downloads an attachment: its media resource at /api/v1, which the hub cookie opens.</summary>
    public static string AttachmentLink(string id) => $"/api/v1/MessageProcessingLogAttachments({TenantReader.Literal(id)})/$value";
}
