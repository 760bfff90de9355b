using SapSandbox.Core.Data;
using SapSandbox.Core.Model;
using SapSandbox.Core.Store;

namespace SapSandbox.Core.Tests.Store;

public class StoreSeederTests
{
    static readonly MetadataDocument BusinessPartner = MetadataDocument.Load(Path.Combine(AppContext.BaseDirectory, "Edmx", "Bundled", "API_BUSINESS_PARTNER.edmx"));
    static readonly MetadataDocument SalesOrder = MetadataDocument.Load(Path.Combine(AppContext.BaseDirectory, "Edmx", "Bundled", "CE_SALESORDER_0001.edmx"));

    static ServiceSchema Seed(TempDatabase db, MetadataDocument document, string name, DataSizes sizes)
    {
        var schema = ServiceSchema.Build(name, document.Model, db.Store.Dialect);
        StoreSeeder.EnsureSeeded(db.Store, schema, document.OriginalBytes, sizes, null);
        return schema;
    }

    [Fact]
    public void Business_partners_get_the_configured_count_with_zero_padded_numbers()
    {
        using var db = new TempDatabase();
        Seed(db, BusinessPartner, "API_BUSINESS_PARTNER", new DataSizes(50, new Dictionary<string, int> { ["A_BusinessPartner"] = 1500 }));

        Assert.Equal(1500L, db.Scalar("SELECT COUNT(*) FROM \"API_BUSINESS_PARTNER__A_BusinessPartner\""));
        Assert.Equal("0000001000", db.Scalar("SELECT MIN(\"BusinessPartner\") FROM \"API_BUSINESS_PARTNER__A_BusinessPartner\""));
    }

    [Fact]
    public void Every_child_row_points_at_an_existing_parent_and_parents_have_several_children()
    {
        using var db = new TempDatabase();
        Seed(db, SalesOrder, "CE_SALESORDER_0001", DataSizes.Default);

        Assert.Equal(0L, db.Scalar("""
            SELECT COUNT(*) FROM "CE_SALESORDER_0001__SalesOrderItem" i
            WHERE NOT EXISTS (SELECT 1 FROM "CE_SALESORDER_0001__SalesOrder" o WHERE o."SalesOrder" = i."SalesOrder")
            """));
        Assert.True((long)db.Scalar("""
            SELECT MIN(c) FROM (SELECT COUNT(*) c FROM "CE_SALESORDER_0001__SalesOrderItem" GROUP BY "SalesOrder")
            """)! >= 2);
        Assert.Equal(50L, db.Scalar("SELECT COUNT(*) FROM \"CE_SALESORDER_0001__SalesOrder\""));
    }

    [Fact]
    public void Generated_data_is_the_same_on_every_run()
    {
        string Fingerprint()
        {
            using var db = new TempDatabase();
            Seed(db, SalesOrder, "CE_SALESORDER_0001", DataSizes.Default);
            return (string)db.Scalar("SELECT group_concat(\"SalesOrder\" || \"SalesOrderItem\" || coalesce(\"Product\", '') || coalesce(\"NetAmount\", ''), ';') FROM \"CE_SALESORDER_0001__SalesOrderItem\"")!;
        }

        Assert.Equal(Fingerprint(), Fingerprint());
    }

    [Fact]
    public void A_second_start_keeps_the_data()
    {
        using var db = new TempDatabase();
        var schema = Seed(db, SalesOrder, "CE_SALESORDER_0001", DataSizes.Default);
        db.Scalar("DELETE FROM \"CE_SALESORDER_0001__SalesOrderText\"");

        var again = StoreSeeder.EnsureSeeded(db.Store, schema, SalesOrder.OriginalBytes, DataSizes.Default, null);

        Assert.False(again.Seeded);
        Assert.Equal(0L, db.Scalar("SELECT COUNT(*) FROM \"CE_SALESORDER_0001__SalesOrderText\""));
    }

    [Fact]
    public void Decimals_compare_numerically_and_exactly()
    {
        using var db = new TempDatabase();
        db.Scalar("CREATE TABLE d (v TEXT COLLATE DECIMAL)");
        db.Scalar("INSERT INTO d VALUES ('9.75'), ('10.5'), ('100'), ('0.30000000000000000000000001')");

        Assert.Equal("0.30000000000000000000000001,9.75,10.5,100", db.Scalar("SELECT group_concat(v) FROM (SELECT v FROM d WHERE v > '0.3' ORDER BY v)"));
        Assert.Equal("0.30000000000000000000000001", db.Scalar("SELECT v FROM d WHERE v > '0.3' AND v < '1'"));
    }
}
