using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SapSandbox.Server.Hub.Monitor;

namespace SapSandbox.Server.Hub.Pages.Monitor;

/// <summary>
/// Message processing logs, newest first, filtered by status, start time and flow as <c>$filter</c> on
/// <c>MessageProcessingLogs</c>. A page is <c>$top</c> rows from <c>$skip</c>; when the tenant cuts an answer short
/// with <c>__next</c> (a server page smaller than the hub's), the next page follows that link as it is.
/// </summary>
public sealed class MessagesModel : PageModel
{
    public const int PageSize = 50;
    public static readonly string[] Statuses = ["COMPLETED", "FAILED", "RETRY", "PROCESSING", "ESCALATED", "CANCELLED", "DISCARDED", "ABANDONED"];

    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    /// <summary>Start of the time range (LogStart ge), as a datetime-local field sends it, in UTC.</summary>
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Flow { get; set; }
    [BindProperty(SupportsGet = true)] public int Skip { get; set; }
    /// <summary>The tenant's <c>__next</c> link of the previous page, relative to <c>/api/v1/</c>.</summary>
    [BindProperty(SupportsGet = true)] public string? Next { get; set; }

    public TenantList Logs { get; private set; } = new([], null, null, null);
    public IReadOnlyList<TenantRow> Flows { get; private set; } = [];
    public string? FilterError { get; private set; }
    /// <summary>The request this page sent to the tenant, relative to /api/v1/.</summary>
    public string TenantRequest { get; private set; } = "";

    public async Task OnGetAsync()
    {
        var tenant = new TenantReader(HttpContext);
        var flows = await tenant.ListAsync("IntegrationRuntimeArtifacts?$select=Id,Name,Type&$filter=Type%20eq%20'INTEGRATION_FLOW'&$orderby=Id");
        Flows = flows.Rows;
        TenantRequest = NextRequest(Next) ?? FirstRequest();
        if (FilterError != null) return;
        Logs = await tenant.ListAsync(TenantRequest);
    }

    string FirstRequest()
    {
        var conditions = new List<string>();
        if (!string.IsNullOrEmpty(Status)) conditions.Add($"Status eq '{Quote(Status)}'");
        if (Time(From, "From") is { } from) conditions.Add($"LogStart ge datetime'{from}'");
        if (Time(To, "To") is { } to) conditions.Add($"LogStart le datetime'{to}'");
        if (!string.IsNullOrWhiteSpace(Flow)) conditions.Add($"IntegrationFlowName eq '{Quote(Flow.Trim())}'");
        var query = new List<string>
        {
            "$select=MessageGuid,CorrelationId,IntegrationFlowName,Status,CustomStatus,LogStart,LogEnd,Sender,Receiver",
            "$orderby=LogStart%20desc",
            "$inlinecount=allpages",
            $"$top={PageSize}",
        };
        if (Skip > 0) query.Add($"$skip={Skip.ToString(CultureInfo.InvariantCulture)}");
        if (conditions.Count > 0) query.Add("$filter=" + Uri.EscapeDataString(string.Join(" and ", conditions)));
        return "MessageProcessingLogs?" + string.Join("&", query);
    }

    /// <summary>Only a next page of this same list is followed; anything else starts from the filters.</summary>
    static string? NextRequest(string? next)
    {
        if (string.IsNullOrEmpty(next)) return null;
        var relative = TenantReader.RelativeToTenant(next);
        return relative.StartsWith("MessageProcessingLogs?", StringComparison.Ordinal) ? relative : null;
    }

    /// <summary>A datetime-local value (<c>2026-11-13T08:30</c>) as V2's datetime literal; a wrong one is said so on the page.</summary>
    string? Time(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
            return time.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
        FilterError = $"{field} is not a date and time: {value}";
        return null;
    }

    static string Quote(string value) => value.Replace("'", "''");

    /// <summary>This page's filters with other paging, for the pager's links.</summary>
    public string Link(int? skip = null, string? next = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["status"] = Status, ["from"] = From, ["to"] = To, ["flow"] = Flow,
            ["skip"] = skip is > 0 ? skip.Value.ToString(CultureInfo.InvariantCulture) : null,
            ["next"] = next,
        };
        return "/hub/monitor/messages" + Microsoft.AspNetCore.Http.QueryString.Create(query.Where(p => !string.IsNullOrEmpty(p.Value)));
    }
}
