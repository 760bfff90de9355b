using System.Security.Cryptography;
using SapSandbox.Core.Data;
using SapSandbox.Core.Model;
using SapSandbox.Core.Query;
using SapSandbox.Core.Store;

namespace SapSandbox.Core.Runtime;

/// <summary>A served service: its metadata, its tables, where it is mounted and how it pages.</summary>
public sealed class ServiceDefinition
{
    public ServiceDefinition(string name, MetadataDocument metadata, SqlDialect dialect, IReadOnlyList<string> v4Paths,
        IReadOnlyList<string> v2Paths, int pageSize, DataSizes sizes, string? dataFolder, IReadOnlyCollection<NavigationLink>? links = null)
    {
        V2Paths = v2Paths;
        Name = name;
        Metadata = metadata;
        Schema = ServiceSchema.Build(name, metadata.Model, dialect, links);
        V4Paths = v4Paths;
        PageSize = pageSize;
        Sizes = sizes;
        DataFolder = dataFolder;
        Planner = new ReadPlanner(Schema);
        MetadataETag = $"W/\"{Convert.ToHexString(SHA256.HashData(metadata.OriginalBytes))[..16]}\"";
    }

    public string Name { get; }
    public MetadataDocument Metadata { get; }
    public ServiceSchema Schema { get; }
    /// <summary>Mount paths of the OData V4 endpoint, each starting and ending with '/'.</summary>
    public IReadOnlyList<string> V4Paths { get; }
    /// <summary>Mount paths of the OData V2 endpoint: SAP Gateway's for V2-origin services, and <c>/odata/v2/NAME/</c>.</summary>
    public IReadOnlyList<string> V2Paths { get; }
    public int PageSize { get; }
    /// <summary>Entity sets that page smaller than the service (Cloud Integration's binary parameters: 30), by name.</summary>
    public IReadOnlyDictionary<string, int> SetPageSizes { get; init; } = new Dictionary<string, int>();
    /// <summary>The page size of a read whose path starts at <paramref name="entitySet"/>: the set's own, if smaller.</summary>
    public int PageSizeOf(string entitySet) => SetPageSizes.TryGetValue(entitySet, out var size) ? Math.Min(size, PageSize) : PageSize;
    /// <summary>Whether changes need an <c>X-CSRF-Token</c>, as on Gateway; <c>"csrfProtection": false</c> in settings.json turns it off.</summary>
    public bool CsrfProtection { get; init; } = true;
    /// <summary>
    /// Whether V2 follows Apache Olingo rather than Gateway, as SAP Cloud Integration's API does: <c>$skiptoken</c>
    /// counts the entries served (<c>$skiptoken=1000</c>), JSON's <c>__next</c> is relative to the service root, and
    /// Edm.DateTimeOffset is written as <c>"\/Date(ms)\/"</c> without an offset, errors with the HTTP reason phrase as code.
    /// </summary>
    public bool OlingoV2 { get; init; }
    /// <summary>The <c>$expand</c>, <c>$filter</c> and <c>$batch</c> limits of the service; the server sets them from its configuration before serving.</summary>
    public QueryLimits Limits { get; set; } = QueryLimits.Default;
    public DataSizes Sizes { get; }
    /// <summary>Rows the service writes on first start instead of generated ones.</summary>
    public Data.ISeedData? SeedData { get; init; }

    /// <summary>What moves with time in the service; the host runs each in the background.</summary>
    public IReadOnlyList<IServiceTicker> Tickers { get; init; } = [];

    /// <summary>The roles the service's requests need, when they are not the default <c>SERVICE.Read</c>/<c>SERVICE.Write</c>.</summary>
    public IRoleRule? Roles { get; init; }

    /// <summary>What the service does beyond storing rows, by entity set name (<see cref="Write.IEntitySetBehavior"/>).</summary>
    public IReadOnlyDictionary<string, Write.IEntitySetBehavior> Behaviors { get; init; } = new Dictionary<string, Write.IEntitySetBehavior>();
    public Write.IEntitySetBehavior? Behavior(string entitySet) => Behaviors.GetValueOrDefault(entitySet);

    /// <summary>What the service does for its functions and actions, by operation name; the others answer a default of their type.</summary>
    public IReadOnlyDictionary<string, Operations.IOperationHandler> Operations { get; init; } = new Dictionary<string, Operations.IOperationHandler>();
    public Operations.IOperationHandler Handler(Microsoft.OData.Edm.IEdmOperation operation) =>
        Operations.GetValueOrDefault(operation.Name) ?? SapSandbox.Core.Operations.DefaultOperation.Instance;

    /// <summary>Requests the service answers itself before the generic runtime does (<see cref="IResourceHandler"/>), asked in order.</summary>
    public IReadOnlyList<IResourceHandler> ResourceHandlers { get; init; } = [];
    public string? DataFolder { get; }
    public ReadPlanner Planner { get; }
    public PlanCache Plans { get; } = new();
    /// <summary>Changes whenever the metadata does; sent as <c>@odata.metadataEtag</c> as RAP services do.</summary>
    public string MetadataETag { get; }
    public IEnumerable<string> Warnings => Metadata.Warnings.Concat(Schema.Warnings);
}
