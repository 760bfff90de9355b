using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SapSandbox.Server.Hub.Monitor;

namespace SapSandbox.Server.Hub.Pages.Monitor;

/// <summary>The entries of a keystore (the tenant's <c>system</c> keystore unless another is chosen) with their validity.</summary>
public sealed class KeystoreModel : PageModel
{
    public const string SystemKeystore = "system";

    [BindProperty(SupportsGet = true, Name = "keystore")] public string? Keystore { get; set; }

    public TenantList Keystores { get; private set; } = new([], null, null, null);
    public TenantList Entries { get; private set; } = new([], null, null, null);
    public DateTimeOffset Now { get; } = DateTimeOffset.UtcNow;

    public async Task OnGetAsync()
    {
        var tenant = new TenantReader(HttpContext);
        Keystores = await tenant.ListAllAsync("Keystores?$select=Name,Size");
        var name = string.IsNullOrEmpty(Keystore) ? SystemKeystore : Keystore;
        Keystore = name;
        // keystoreName is the tenant's own query option for the keystores besides system (KeyRenewal, backups).
        Entries = await tenant.ListAllAsync(name == SystemKeystore
            ? "KeystoreEntries"
            : "KeystoreEntries?keystoreName=" + Uri.EscapeDataString(name));
    }
}
