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
    /// <summary>Start of the time range (LogStart ge), as a datetime-local field sends it, in <see cref="Tz"/>.</summary>
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    /// <summary>
    /// The IANA time zone the times are in (the page's script sends the browser's); without it, UTC. The tenant
    /// keeps and filters times in UTC, so the filter's times are converted, with the zone's daylight saving time
    /// on that date.
    /// </summary>
    [BindProperty(SupportsGet = true)] public string? Tz { get; set; }
    [BindProperty(SupportsGet = true)] public string? Flow { get; set; }
    [BindProperty(SupportsGet = true)] public int Skip { get; set; }
    /// <summary>The tenant's <c>__next</c> link of the previous page, relative to <c>/api/v1/</c>.</summary>
    [BindProperty(SupportsGet = true)] public string? Next { get; set; }

    public TenantList Logs { get; private set; } = new([], null, null, null);
    public IReadOnlyList<TenantRow> Flows { get; private set; } = [];
    public string? FilterError { get; private set; }
    /// <summary>The request this page sent to the tenant, relative to /api/v1/.</summary>
    public string TenantRequest { get; private set; } = "";

    /// <summary>The zone <see cref="Tz"/> names, or UTC.</summary>
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    public string ZoneName => Zone == TimeZoneInfo.Utc ? "UTC" : Tz!;

    public async Task OnGetAsync()
    {
        if (!string.IsNullOrWhiteSpace(Tz) && Tz != "UTC")
        {
            if (TimeZoneInfo.TryFindSystemTimeZoneById(Tz, out var zone)) Zone = zone;
            else FilterError = $"Unknown time zone: {Tz}";
        }
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

    /// <summary>
    /// A datetime-local value (<c>2026-11-13T08:30</c>) in <see cref="Zone"/> as V2's datetime literal in UTC; a wrong
    /// one, or one the zone skips when its clocks go forward, is said so on the page.
    /// </summary>
    string? Time(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        // A time that says it is UTC (a link written by hand) needs no zone.
        if (value.EndsWith('Z') && DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var utc))
            return utc.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
        if (!DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) || local.Kind != DateTimeKind.Unspecified)
        {
            FilterError ??= $"{field} is not a date and time: {value}";
            return null;
        }
        if (Zone.IsInvalidTime(local))
        {
            FilterError ??= $"{field} does not exist in {ZoneName}: the clocks skip {value} (daylight saving time begins)";
            return null;
        }
        // An hour that comes twice when the clocks go back is taken as the first, in daylight saving time, as most calendars do.
        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return (local - offset).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
    }

    /// <summary>A time of the tenant's (UTC) in this page's zone, as the table shows it.</summary>
    public string Local(DateTimeOffset? time) =>
        time is { } value ? TimeZoneInfo.ConvertTime(value, Zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "";

    static string Quote(string value) => value.Replace("'", "''");

    /// <summary>This page's filters with other paging, for the pager's links.</summary>
    public string Link(int? skip = null, string? next = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["status"] = Status, ["from"] = From, ["to"] = To, ["tz"] = Tz, ["flow"] = Flow,
            ["skip"] = skip is > 0 ? skip.Value.ToString(CultureInfo.InvariantCulture) : null,
            ["next"] = next,
        };
        return "/hub/monitor/messages" + Microsoft.AspNetCore.Http.QueryString.Create(query.Where(p => !string.IsNullOrEmpty(p.Value)));
    }
}
