using SapSandbox.Core.Query;
using SapSandbox.Protocols.V2;

namespace SapSandbox.Protocols.Tests.V2;

public class V2UriNormalizerTests
{
    static string Filter(string v2) =>
        Uri.UnescapeDataString(V2UriNormalizer.Normalize("A?$filter=" + Uri.EscapeDataString(v2))["A?$filter=".Length..]);

    [Theory]
    [InlineData("CreationDate gt datetime'2024-01-01T00:00:00'", "CreationDate gt 2024-01-01T00:00:00Z")]
    [InlineData("Changed lt datetimeoffset'2024-01-01T10:00:00.1234567+01:00'", "Changed lt 2024-01-01T09:00:00.1234567Z")]
    [InlineData("Id eq guid'6F1C2A3B-4D5E-4F60-8A71-92B3C4D5E6F7'", "Id eq 6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7")]
    [InlineData("Clock ge time'PT09H50M04S'", "Clock ge 09:50:04")]
    [InlineData("Blob eq X'00FF'", "Blob eq binary'AP8'")]
    [InlineData("Amount gt 1.5M and Big eq 2L and Ratio lt 1.0d and F gt 2f", "Amount gt 1.5 and Big eq 2 and Ratio lt 1.0 and F gt 2")]
    [InlineData("Name eq 'it''s 2L datetime''x'''", "Name eq 'it''s 2L datetime''x'''")]
    [InlineData("substringof('Ölk', Name)", "contains(Name,'Ölk')")]
    [InlineData("substringof('a',tolower(Name)) and substringof('b', City)", "contains(tolower(Name),'a') and contains(City,'b')")]
    [InlineData("Material2L eq 'x'", "Material2L eq 'x'")]
    public void V2_filter_syntax_becomes_V4_syntax(string v2, string v4) => Assert.Equal(v4, Filter(v2));

    [Theory]
    [InlineData("Tasks(TaskId='578f1fd3-411d-4c8b-92a6-ab3268282583')")]
    [InlineData("Tasks(TaskId=%27578f1fd3-411d-4c8b-92a6-ab3268282583%27)")]
    public void A_quoted_key_is_a_string_even_with_percent_encoded_quotes(string path) =>
        Assert.Equal("Tasks(TaskId='578f1fd3-411d-4c8b-92a6-ab3268282583')", V2UriNormalizer.Normalize(path));

    [Fact]
    public void Key_predicates_with_typed_literals_are_rewritten()
    {
        Assert.Equal("Things(6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7)", V2UriNormalizer.Normalize("Things(guid'6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7')"));
    }

    [Fact]
    public void Links_become_references()
    {
        Assert.Equal("A_SalesOrder('1')/to_Item/$ref", V2UriNormalizer.Normalize("A_SalesOrder('1')/$links/to_Item"));
    }

    [Fact]
    public void Inlinecount_allpages_becomes_count_and_none_disappears()
    {
        Assert.Equal("A?$count=true&$top=1", V2UriNormalizer.Normalize("A?$inlinecount=allpages&$top=1"));
        Assert.Equal("A?$top=1", V2UriNormalizer.Normalize("A?$inlinecount=none&$top=1"));
    }

    [Fact]
    public void Expand_paths_become_nested_expands()
    {
        var target = V2UriNormalizer.Normalize("A?$expand=to_Item/to_PricingElement,to_Partner,to_Item/to_ScheduleLine");

        Assert.Equal("A?$expand=to_Item($expand=to_PricingElement,to_ScheduleLine),to_Partner", Uri.UnescapeDataString(target));
    }

    [Fact]
    public void Select_paths_into_expanded_entities_become_nested_selects()
    {
        var target = V2UriNormalizer.Normalize("A?$select=SalesOrder,to_Item/Material,to_Item/to_ScheduleLine/ScheduleLine&$expand=to_Item/to_ScheduleLine");

        Assert.Equal("A?$select=SalesOrder&$expand=to_Item($select=Material;$expand=to_ScheduleLine($select=ScheduleLine))", Uri.UnescapeDataString(target));
    }

    [Fact]
    public void Format_and_SAP_parameters_are_accepted_and_search_becomes_a_search()
    {
        var target = V2UriNormalizer.Normalize("A?$format=json&sap-client=100&sap-language=EN&search=Müller");

        Assert.Equal("A?$search=\"Müller\"", Uri.UnescapeDataString(target));
    }

    [Theory]
    [InlineData("A?$filter=" + "to_Item/any(i:i/Amount gt 1)", "Lambda")]
    [InlineData("A?$filter=Type in ('A','B')", "'in'")]
    [InlineData("A?$expand=to_Item($top=1)", "$expand")]
    [InlineData("A?$count=true", "$inlinecount")]
    [InlineData("A?$search=x", "search=")]
    [InlineData("A?$filter=Created gt datetime'yesterday'", "datetime")]
    public void V4_only_features_and_bad_literals_are_400_naming_the_feature(string target, string named)
    {
        var error = Assert.Throws<QueryException>(() => V2UriNormalizer.Normalize(target));

        Assert.Equal(400, error.Status);
        Assert.Contains(named, error.Message);
    }
}
