using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.OData.Edm;
using SapSandbox.Core.Model;
using SapSandbox.Core.Store;
using SapSandbox.Services.Catalog;

namespace SapSandbox.Server.Hub.Pages;

/// <summary>The catalog: every service the sandbox serves, grouped by where it comes from, filtered by a search term.</summary>
public sealed class IndexModel(HubCatalog catalog) : PageModel
{
    public string? Q { get; private set; }
    public IReadOnlyList<ServedService> Services { get; private set; } = [];
    public int Total => catalog.Services.Count;

    public void OnGet(string? q)
    {
        Q = q?.Trim();
        Services = catalog.Services.Where(s => string.IsNullOrEmpty(Q) || Matches(s, Q)).ToList();
    }

    static bool Matches(ServedService served, string term) =>
        served.Service.Name.Contains(term, StringComparison.OrdinalIgnoreCase)
        || served.Origin.Contains(term, StringComparison.OrdinalIgnoreCase)
        || EntitySets(served).Any(set => set.Contains(term, StringComparison.OrdinalIgnoreCase));

    public static IEnumerable<string> EntitySets(ServedService served) =>
        served.Service.Schema.Tables.Where(t => !t.IsContained).Select(t => t.Name).OrderBy(n => n, StringComparer.OrdinalIgnoreCase);

    public static IEnumerable<string> Operations(ServedService served) =>
        served.Service.Metadata.Model.EntityContainer.OperationImports().Select(o => o.Name).OrderBy(n => n, StringComparer.OrdinalIgnoreCase);

    public static string ServiceUrl(ServedService served, string? path = null) =>
        "/hub/services/" + Uri.EscapeDataString(served.Service.Name) + (path == null ? "" : "?path=" + Uri.EscapeDataString(path));

    public static string OriginalProtocol(ServedService served) => served.Service.Metadata.Origin == ODataVersion.V2 ? "OData V2" : "OData V4";
}
