using System.Net;

namespace SapSandbox.Server.Tests;

[Collection(SandboxCollection.Name)]
public class ErrorTests(SandboxServer server)
{
    const string Service = "/odata/v4/CE_SALESORDER_0001/";

    [Theory]
    [InlineData("SalesOrder?$filter=NoSuchProperty eq 1", 400)]
    [InlineData("SalesOrder?$filter=SalesOrder eq", 400)]
    [InlineData("SalesOrder?$filter=TotalNetAmount gt 'abc'", 400)]
    [InlineData("SalesOrder?$orderby=Nope", 400)]
    [InlineData("SalesOrder?$select=Nope", 400)]
    [InlineData("SalesOrder?$expand=_Nope", 400)]
    [InlineData("SalesOrder?$top=-1", 400)]
    [InlineData("SalesOrder?$top=abc", 400)]
    [InlineData("SalesOrder?$skip=x", 400)]
    [InlineData("SalesOrder?$count=maybe", 400)]
    [InlineData("SalesOrder?$unknown=1", 400)]
    [InlineData("SalesOrder(1,2,3)", 400)]
    [InlineData("NoSuchSet", 404)]
    [InlineData("SalesOrder('0000001000')/NoSuchProperty", 404)]
    [InlineData("SalesOrder?$apply=aggregate(TotalNetAmount with sum as Total)", 501)]
    [InlineData("SalesOrder?$expand=_Item/$ref", 501)]
    [InlineData("SalesOrder?$filter=geo.distance(SalesOrder, SalesOrder) lt 1", 400)]
    [InlineData("SalesOrder?$format=xml", 406)]
    public async Task Bad_or_unsupported_input_gets_the_right_status_and_an_SAP_error_body(string url, int status)
    {
        var (response, body) = await server.GetJson(Service + url);

        Assert.Equal(status, (int)response.StatusCode);
        var error = body.GetProperty("error");
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("code").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.True(error.TryGetProperty("innererror", out _));
    }

    [Fact]
    public async Task Atom_is_not_acceptable_on_V4()
    {
        var (response, _) = await server.GetJson(Service + "SalesOrder", ("Accept", "application/atom+xml"));

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
    }

    [Fact]
    public async Task A_malformed_query_option_is_named_as_the_errors_target()
    {
        var (_, body) = await server.GetJson(Service + "SalesOrder?$filter=Nope eq 1");

        Assert.Equal("$filter", body.GetProperty("error").GetProperty("target").GetString());
    }
}
