using SapSandbox.Core.Data;
using SapSandbox.Core.Operations;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;
using SapSandbox.Core.Write;

namespace SapSandbox.Services.CloudIntegration;

/// <summary>
/// What the Cloud Integration API does beyond the generic runtime, collected from its groups (integration content,
/// monitoring, message stores, partner directory, security content): behaviours per entity set, operation
/// handlers, background state, the tenant's starting data and the roles of the task table.
/// </summary>
public sealed class CloudIntegrationModule
{
    public Dictionary<string, IEntitySetBehavior> Behaviors { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, IOperationHandler> Operations { get; } = new(StringComparer.Ordinal);
    public List<IServiceTicker> Tickers { get; } = [];
    public TenantSeed Seed { get; } = new();
    public IRoleRule? Roles { get; set; }
    /// <summary>Navigations the tenant's model declares without a join (a log's adapter attributes), joined through hidden columns.</summary>
    public List<NavigationLink> Links { get; } = [];
    /// <summary>Requests a group answers itself, ahead of the generic runtime (the keystore's query options and statuses).</summary>
    public List<IResourceHandler> Resources { get; } = [];
    /// <summary>Entity sets that page smaller than the API's 1000 (binary parameters: 30).</summary>
    public Dictionary<string, int> PageSizes { get; } = new(StringComparer.Ordinal);

    /// <summary>Every group registers itself here, one line each.</summary>
    public static CloudIntegrationModule Create()
    {
        var module = new CloudIntegrationModule();
        PartnerDirectory.PartnerDirectoryModule.Register(module);
        MessageStores.MessageStoresModule.Register(module);
        Monitoring.Monitoring.Register(module);
        IntegrationContent.IntegrationContentModule.Register(module);
        SecurityContent.SecurityContentGroup.Register(module);
        module.Roles = new CloudIntegration.Roles.TaskRoles();
        return module;
    }
}

/// <summary>The tenant's starting data, entity set by entity set, from the groups that provide it.</summary>
public sealed class TenantSeed : ISeedData
{
    readonly SortedDictionary<string, (string Version, Func<EntityTableMap, IReadOnlyList<object?[]>> Rows)> _sets = new(StringComparer.Ordinal);

    /// <param name="version">Changes when the rows change, so stores seeded with the old rows are seeded again.</param>
    public void Add(string entitySet, string version, Func<EntityTableMap, IReadOnlyList<object?[]>> rows) => _sets[entitySet] = (version, rows);

    public string Version => string.Join(";", _sets.Select(s => s.Key + "=" + s.Value.Version));

    public IReadOnlyList<object?[]>? Rows(EntityTableMap table) => _sets.TryGetValue(table.Name, out var set) ? set.Rows(table) : null;
}
