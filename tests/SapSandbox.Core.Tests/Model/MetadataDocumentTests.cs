using System.Text;
using Microsoft.OData.Edm;
using SapSandbox.Core.Model;

namespace SapSandbox.Core.Tests.Model;

public class MetadataDocumentTests
{
    static string Bundled(string name) => Path.Combine(AppContext.BaseDirectory, "Edmx", "Bundled", name);
    static string Fixture(string path) => Path.Combine(AppContext.BaseDirectory, "Metadata", path);

    public static TheoryData<string> AllMetadataFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Metadata"), "*", SearchOption.AllDirectories))
            data.Add(Path.GetRelativePath(AppContext.BaseDirectory, file));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Edmx", "Bundled")))
            data.Add(Path.GetRelativePath(AppContext.BaseDirectory, file));
        return data;
    }

    [Theory]
    [MemberData(nameof(AllMetadataFiles))]
    public void Every_shipped_metadata_file_loads_into_a_model_with_entity_sets(string relativePath)
    {
        var document = MetadataDocument.Load(Path.Combine(AppContext.BaseDirectory, relativePath));
        Assert.NotEmpty(document.Model.EntityContainer.EntitySets());
    }

    [Fact]
    public void V2_document_keeps_sap_annotations_as_typed_facts()
    {
        var document = MetadataDocument.Load(Bundled("API_SALES_ORDER_SRV.edmx"));
        var set = document.Model.EntityContainer.FindEntitySet("A_SalesOrder");
        var creationDate = set.EntityType.FindProperty("CreationDate");
        var facts = SapPropertyFacts.Read(document.Model, creationDate, new HashSet<string>());

        Assert.Equal(ODataVersion.V2, document.Origin);
        Assert.Equal("Edm.Date", creationDate.Type.FullName());
        Assert.Equal("Edm.DateTime", facts.V2Type);
        Assert.False(facts.Creatable);
        Assert.False(facts.Updatable);
        Assert.Equal("Date", facts.DisplayFormat);
        Assert.Equal("Created On", facts.Label);
    }

    [Fact]
    public void V2_concurrency_mode_fixed_becomes_the_entity_sets_etag_source()
    {
        var document = MetadataDocument.Load(Bundled("API_SALES_ORDER_SRV.edmx"));
        var set = document.Model.EntityContainer.FindEntitySet("A_SalesOrder");

        Assert.Equal(["LastChangeDateTime"], SapEntitySetFacts.Read(document.Model, set).ConcurrencyPaths);
    }

    [Fact]
    public void V2_associations_become_navigation_properties_with_partners_and_bindings()
    {
        var document = MetadataDocument.Load(Bundled("API_SALES_ORDER_SRV.edmx"));
        var set = document.Model.EntityContainer.FindEntitySet("A_SalesOrder");
        var toItem = set.EntityType.FindProperty("to_Item") as IEdmNavigationProperty;

        Assert.NotNull(toItem);
        Assert.True(toItem.Type.IsCollection());
        Assert.Equal("A_SalesOrderItem", set.FindNavigationTarget(toItem).Name);
    }

    [Fact]
    public void V4_document_with_floating_scale_loads_and_keeps_its_original_bytes()
    {
        var path = Bundled("CE_SALESORDER_0001.edmx");
        var document = MetadataDocument.Load(path);

        Assert.Equal(ODataVersion.V4, document.Origin);
        Assert.Equal(File.ReadAllBytes(path), document.OriginalBytes);
        Assert.Equal(["_SalesOrder/LastChangeDateTime"],
            SapEntitySetFacts.Read(document.Model, document.Model.EntityContainer.FindEntitySet("SalesOrderItem")).ConcurrencyPaths);
    }

    [Fact]
    public void Unknown_edm_types_are_skipped_with_a_warning_naming_file_and_line()
    {
        var document = MetadataDocument.Load(Fixture("s4/API_TEST_SRV_V2.edmx"));

        Assert.Contains(document.Warnings, w => w.StartsWith("API_TEST_SRV_V2.edmx(") && w.Contains("Edm.SomethingTheSDKDoesNotSupport"));
        var type = document.Model.SchemaElements.OfType<IEdmEntityType>().First(t => t.Name == "A_TestEntityType");
        Assert.Null(type.FindProperty("SomethingTheSDKDoesNotSupport"));
    }

    [Fact]
    public void Malformed_xml_is_rejected_naming_file_line_and_reason()
    {
        var bytes = Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?>\n<edmx:Edmx xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\" Version=\"4.0\">\n<broken>\n</edmx:Edmx>");

        var error = Assert.Throws<MetadataException>(() => MetadataDocument.Parse("broken.edmx", bytes));

        Assert.Equal("broken.edmx", error.File);
        Assert.Equal(4, error.Line);
        Assert.Contains("not well-formed XML", error.Message);
    }

    [Fact]
    public void A_document_that_is_not_edmx_is_rejected()
    {
        var error = Assert.Throws<MetadataException>(() => MetadataDocument.Parse("x.xml", "<html/>"u8.ToArray()));

        Assert.Contains("not an edmx:Edmx metadata document", error.Message);
    }

    [Fact]
    public void A_v2_navigation_naming_an_undeclared_association_is_rejected_with_its_line()
    {
        const string xml = """
            <edmx:Edmx Version="1.0" xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx">
            <edmx:DataServices><Schema Namespace="S" xmlns="http://schemas.microsoft.com/ado/2008/09/edm">
            <EntityType Name="T"><Key><PropertyRef Name="Id"/></Key><Property Name="Id" Type="Edm.String" Nullable="false"/>
            <NavigationProperty Name="to_X" Relationship="S.Missing" FromRole="A" ToRole="B"/></EntityType>
            <EntityContainer Name="C"><EntitySet Name="Ts" EntityType="S.T"/></EntityContainer>
            </Schema></edmx:DataServices></edmx:Edmx>
            """;

        var error = Assert.Throws<MetadataException>(() => MetadataDocument.Parse("bad.edmx", Encoding.UTF8.GetBytes(xml)));

        Assert.Equal(4, error.Line);
        Assert.Contains("S.Missing", error.Reason);
    }
}
