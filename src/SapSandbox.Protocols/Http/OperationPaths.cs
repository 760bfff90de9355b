using System.Runtime.CompilerServices;
using Microsoft.OData.Edm;
using SapSandbox.Core.Runtime;

namespace SapSandbox.Protocols.Http;

/// <summary>
/// The names under which a service's functions and actions appear in URLs (imports at the root, bound operations
/// qualified or not), so an endpoint routes a call without parsing every read's URL twice.
/// </summary>
public sealed class OperationPaths
{
    static readonly ConditionalWeakTable<ServiceDefinition, OperationPaths> Known = new();
    readonly HashSet<string> _names = new(StringComparer.Ordinal);

    OperationPaths(IEdmModel model)
    {
        foreach (var import in model.EntityContainer.OperationImports()) _names.Add(import.Name);
        foreach (var operation in model.SchemaElements.OfType<IEdmOperation>().Where(o => o.IsBound))
        {
            _names.Add(operation.FullName());
            _names.Add(operation.Name);
        }
    }

    public static OperationPaths Names(ServiceDefinition service) => Known.GetValue(service, s => new OperationPaths(s.Metadata.Model));

    /// <summary>Whether a segment of the resource path names an operation (<c>Set('1')/ns.Action</c>, <c>Import(p=1)</c>).</summary>
    public bool Addresses(string resourcePath)
    {
        if (_names.Count == 0) return false;
        foreach (var segment in resourcePath.Split('/'))
        {
            var paren = segment.IndexOf('(');
            var name = Uri.UnescapeDataString(paren < 0 ? segment : segment[..paren]);
            if (_names.Contains(name)) return true;
        }
        return false;
    }
}
