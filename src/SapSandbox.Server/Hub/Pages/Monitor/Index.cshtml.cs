using Microsoft.AspNetCore.Mvc.RazorPages;
using SapSandbox.Server.Hub.Monitor;

namespace SapSandbox.Server.Hub.Pages.Monitor;

/// <summary>The monitor's start: how many artifacts are deployed and in error, failed messages, partners, keys expiring.</summary>
public sealed class IndexModel : PageModel
{
    public bool Served { get; private set; }
    public TenantList Artifacts { get; private set; } = new([], null, null, null);
    public TenantList Failed { get; private set; } = new([], null, null, null);
    public TenantList Partners { get; private set; } = new([], null, null, null);
    public TenantList Entries { get; private set; } = new([], null, null, null);
    public DateTimeOffset Now { get; } = DateTimeOffset.UtcNow;

    public async Task OnGetAsync()
    {
        var tenant = new TenantReader(HttpContext);
        Served = tenant.Served;
        if (!Served) return;
        Artifacts = await tenant.ListAllAsync("IntegrationRuntimeArtifacts?$select=Id,Status");
        Failed = await tenant.ListAsync("MessageProcessingLogs?$filter=Status%20eq%20'FAILED'&$top=0&$inlinecount=allpages");
        Partners = await tenant.ListAsync("Partners?$top=0&$inlinecount=allpages");
        Entries = await tenant.ListAllAsync("KeystoreEntries?$select=Alias,ValidNotAfter");
    }

    /// <summary>A tile's number, or a dash when the user's roles do not let them read it.</summary>
    public static string Number(TenantList list, long? value) => list.Error != null ? "–" : value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "–";
}
