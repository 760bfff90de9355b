using Microsoft.OData.Edm;
using SapSandbox.Core.Model;
using SapSandbox.Core.Query;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;

namespace SapSandbox.Protocols.V2;

/// <summary>
/// SAP's <c>search=</c> free-text option on V2, as Gateway offers it: only on entity sets whose metadata says
/// <c>sap:searchable="true"</c> (SAP's default is false), and, for a service whose metadata is V4, where its
/// <c>Capabilities.SearchRestrictions</c> allow it. Other sets refuse it with 400 rather than answering unfiltered.
/// </summary>
public static class V2Search
{
    /// <summary>Whether a V2 request on this set may carry <c>search=</c> (what the API reference and OpenAPI offer, too).</summary>
    public static bool Allows(ServiceDefinition service, EntityTableMap table) =>
        service.Metadata.Origin == ODataVersion.V2
            ? table.Source is IEdmEntitySet set && string.Equals(SapPropertyFacts.Sap(service.Metadata.Model, set, "searchable"), "true", StringComparison.OrdinalIgnoreCase)
            : table.Facts.Searchable;

    public static void RequireSearchable(ServiceDefinition service, EntityTableMap table)
    {
        if (!Allows(service, table))
            throw QueryException.BadRequest($"Entity set '{table.Name}' does not support the search query option (it is not sap:searchable)", "search");
    }
}
