using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SapSandbox.Core.Model;
using SapSandbox.Server.Hub.Reference;

namespace SapSandbox.Server.Hub.Pages.Services;

/// <summary>A service's API reference at one of its mount paths, with a Try out form per method.</summary>
public sealed class ServiceModel(HubCatalog catalog) : PageModel
{
    public ApiReference Api { get; private set; } = null!;
    /// <summary>Every mount of the service, for the protocol switch: path and protocol.</summary>
    public IReadOnlyList<(string Path, ODataVersion Protocol)> Mounts { get; private set; } = [];
    public IReadOnlyList<(EntitySetReference Set, IReadOnlyList<TryOutMethod> Methods)> Sets { get; private set; } = [];
    public IReadOnlyList<TryOutMethod> Operations { get; private set; } = [];

    public IActionResult OnGet(string name, string? path)
    {
        if (catalog.Find(name) is not { } served) return NotFound();
        var service = served.Service;
        Mounts = service.V2Paths.Select(p => (p, ODataVersion.V2)).Concat(service.V4Paths.Select(p => (p, ODataVersion.V4))).ToList();
        var mount = Mounts.FirstOrDefault(m => string.Equals(m.Path, path, StringComparison.OrdinalIgnoreCase));
        if (mount.Path == null) mount = Mounts.First();
        Api = ApiReference.Build(service, served.Origin, mount.Path, mount.Protocol);
        Sets = Api.EntitySets.Select(set => (set, (IReadOnlyList<TryOutMethod>)TryOutMethod.For(Api, set).ToList())).ToList();
        Operations = Api.Operations.Select(operation => TryOutMethod.For(Api, operation)).ToList();
        return Page();
    }

    /// <summary>What the Try out script needs to build requests: the mount, the protocol, and each key's and parameter's type.</summary>
    public string ScriptModel() => JsonSerializer.Serialize(new
    {
        service = Api.Service,
        basePath = Api.Path,
        protocol = Api.V2 ? "V2" : "V4",
        user = User.Identity?.Name,
        types = Api.EntitySets.SelectMany(s => s.Keys.Select(k => (Name: s.Name + "/" + k.Name, k.Type)))
            .Concat(Api.Operations.SelectMany(o => o.Parameters.Select(p => (Name: o.Name + "/" + p.Name, p.Type))))
            .GroupBy(t => t.Name).ToDictionary(g => g.Key, g => g.First().Type),
    });

    public static string OpenApiUrl(string service) => "/sandbox/openapi/" + Uri.EscapeDataString(service) + ".json";
}
