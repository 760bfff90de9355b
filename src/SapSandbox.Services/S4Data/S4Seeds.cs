using System.Collections.Concurrent;
using SapSandbox.Core.Data;
using SapSandbox.Services.Edmx;

namespace SapSandbox.Services.S4Data;

/// <summary>
/// The business data of each bundled S/4HANA service, all built from one <see cref="CompanyData"/> so that the services
/// agree: as many partners as API_BUSINESS_PARTNER's <c>A_BusinessPartner</c> size, as many orders as each order set's size.
/// </summary>
public static class S4Seeds
{
    /// <summary>Raised whenever the rows the code writes change, so that stores seeded with the older rows are seeded again.</summary>
    const string DataVersion = "s4-data-1";
    const string PartnerService = "API_BUSINESS_PARTNER";

    static readonly ConcurrentDictionary<int, Lazy<CompanyData>> Companies = new();

    /// <param name="service">The bundled service's name.</param>
    /// <param name="servicesFolder">The user's services folder: <c>NAME/settings.json</c> sizes the data, data files in <c>NAME/</c> replace it.</param>
    public static ISeedData? For(string service, string? servicesFolder)
    {
        if (BundledServices.All.All(b => b.Name != service)) return null;
        var sizes = SizesOf(service, servicesFolder);
        var partners = SizesOf(PartnerService, servicesFolder).RowsFor("A_BusinessPartner");
        var folder = servicesFolder == null ? null : Path.Combine(servicesFolder, service);
        if (!Directory.Exists(folder)) folder = null;
        // Built once per size when the first service seeds, shared by the others; never built when no store needs seeding.
        var company = new Lazy<CompanyData>(() => Companies.GetOrAdd(partners, n => new Lazy<CompanyData>(() => new CompanyData(n))).Value);
        return service switch
        {
            PartnerService => Deferred(company, $"{DataVersion};partners={partners}", (c, v) => BusinessPartnerSeed.For(c, v, folder)),
            "API_SALES_ORDER_SRV" => SalesOrders(company, partners, sizes.RowsFor("A_SalesOrder"), v4: false, folder),
            "CE_SALESORDER_0001" => SalesOrders(company, partners, sizes.RowsFor("SalesOrder"), v4: true, folder),
            "CE_PURCHASEORDER_0001" => Deferred(company, Version(partners, sizes.RowsFor("PurchaseOrder")),
                (c, v) => PurchaseOrderSeed.For(PurchaseDocuments.Build(c, sizes.RowsFor("PurchaseOrder")), v, folder)),
            _ => null,
        };
    }

    /// <summary>The sizes a bundled service is seeded with: its defaults, with its <c>settings.json</c> in the services folder applied.</summary>
    public static DataSizes SizesOf(string service, string? servicesFolder)
    {
        var bundled = BundledServices.All.First(b => b.Name == service);
        var settings = servicesFolder == null ? null : FolderServices.ReadSettings(Path.Combine(servicesFolder, service));
        return FolderServices.Sizes(settings, bundled.Sizes);
    }

    static ISeedData SalesOrders(Lazy<CompanyData> company, int partners, int orders, bool v4, string? folder) =>
        Deferred(company, Version(partners, orders), (c, v) =>
        {
            var documents = SalesDocuments.Build(c, orders);
            return v4 ? SalesOrderSeed.ForV4(documents, v, folder) : SalesOrderSeed.ForV2(documents, v, folder);
        });

    static string Version(int partners, int orders) => $"{DataVersion};partners={partners};orders={orders}";

    static ISeedData Deferred(Lazy<CompanyData> company, string version, Func<CompanyData, string, ISeedData> build) =>
        new DeferredSeed(version, () => build(company.Value, version));

    /// <summary>Builds the rows only when a store is seeded: a start over a seeded store only compares versions.</summary>
    sealed class DeferredSeed(string version, Func<ISeedData> build) : ISeedData
    {
        readonly Lazy<ISeedData> _seed = new(build);
        public string Version => version;
        public IReadOnlyList<object?[]>? Rows(Core.Store.EntityTableMap table) => _seed.Value.Rows(table);
    }
}
