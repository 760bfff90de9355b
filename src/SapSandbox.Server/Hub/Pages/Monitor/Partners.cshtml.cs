using Microsoft.AspNetCore.Mvc.RazorPages;
using SapSandbox.Server.Hub.Monitor;

namespace SapSandbox.Server.Hub.Pages.Monitor;

/// <summary>The partner directory: every partner with its string and binary parameters.</summary>
public sealed class PartnersModel : PageModel
{
    public TenantList Partners { get; private set; } = new([], null, null, null);
    public ILookup<string, TenantRow> Strings { get; private set; } = Array.Empty<TenantRow>().ToLookup(r => "");
    public ILookup<string, TenantRow> Binaries { get; private set; } = Array.Empty<TenantRow>().ToLookup(r => "");
    public string? ParameterError { get; private set; }

    public async Task OnGetAsync()
    {
        var tenant = new TenantReader(HttpContext);
        Partners = await tenant.ListAllAsync("Partners?$orderby=Pid");
        if (Partners.Error != null) return;
        var strings = await tenant.ListAllAsync("StringParameters?$select=Pid,Id,Value,LastModifiedBy,LastModifiedTime&$orderby=Pid,Id");
        // A binary parameter's value can be large; the page shows its type and size, which $select cannot give, so it is read whole.
        var binaries = await tenant.ListAllAsync("BinaryParameters?$orderby=Pid,Id");
        ParameterError = strings.Error ?? binaries.Error;
        Strings = strings.Rows.ToLookup(r => r["Pid"] ?? "");
        Binaries = binaries.Rows.ToLookup(r => r["Pid"] ?? "");
    }

    /// <summary>The decoded size of a base64 value.</summary>
    public static long Size(string? base64) =>
        string.IsNullOrEmpty(base64) ? 0 : base64.Length / 4 * 3 - (base64.EndsWith("==", StringComparison.Ordinal) ? 2 : base64.EndsWith('=') ? 1 : 0);
}
