using System.Net;

namespace SapSandbox.Server.Tests.S4Behavior;

/// <summary>
/// V4 enumeration types (a plain one, a flags one) read as member names, filtered with qualified and plain
/// literals, written by name or value, and refused with 400 for what the type does not define.
/// </summary>
[Collection(S4Collection.Name)]
public class EnumTests(S4Server server)
{
    const string Tickets = "/odata/v4/SUPPORT_SRV/Tickets";

    async Task<List<int>> Ids(string query)
    {
        var (response, body) = await server.GetJson($"{Tickets}?$select=Id&$orderby=Id&{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return body.GetProperty("value").EnumerateArray().Select(t => t.GetProperty("Id").GetInt32()).ToList();
    }

    [Fact]
    public async Task Enumerations_read_as_member_names_and_flags_as_names_joined_by_commas()
    {
        var (_, ticket) = await server.GetJson($"{Tickets}(1)");

        Assert.Equal("High", ticket.GetProperty("Priority").GetString());
        Assert.Equal("Email,Phone", ticket.GetProperty("Channels").GetString());
        Assert.Equal("High", await server.Client.GetStringAsync($"{Tickets}(1)/Priority/$value"));
    }

    [Theory]
    [InlineData("$filter=Priority eq sandbox.support.Priority'High'", new[] { 1 })]
    [InlineData("$filter=Priority eq 'Low'", new[] { 2 })]
    [InlineData("$filter=Priority ne 'Low'", new[] { 1, 3 })]
    [InlineData("$filter=Priority ge sandbox.support.Priority'Medium'", new[] { 1, 3 })]
    [InlineData("$filter=Channels has sandbox.support.Channel'Email'", new[] { 1, 3 })]
    [InlineData("$filter=Channels has 'Portal'", new[] { 2 })]
    [InlineData("$filter=Channels eq 'Email,Phone'", new[] { 1 })]
    public async Task Filters_take_qualified_and_plain_member_literals(string query, int[] expected)
    {
        Assert.Equal(expected, await Ids(query));
    }

    [Theory]
    [InlineData("$filter=Priority eq 'Urgent'")]
    [InlineData("$filter=Priority eq sandbox.support.Priority'Urgent'")]
    [InlineData("$filter=Channels has 'Fax'")]
    public async Task A_filter_on_an_unknown_member_is_400(string query)
    {
        var (response, body) = await server.GetJson($"{Tickets}?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("$filter", body.GetProperty("error").GetProperty("target").GetString());
    }

    [Theory]
    [InlineData(101, """{"Priority":"Medium","Channels":"Phone, Portal"}""", "Medium", "Phone,Portal")]
    [InlineData(102, """{"Priority":"3","Channels":"5"}""", "High", "Email,Portal")]
    [InlineData(103, """{"Priority":1,"Channels":null}""", "Low", null)]
    public async Task Writes_take_member_names_or_values(int id, string body, string priority, string? channels)
    {
        using var created = await server.Send(HttpMethod.Post, Tickets, $$"""{"Id":{{id}},"Title":"New ticket","Priority":"Low","Channels":"Email"}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var location = created.Headers.Location!.ToString();

        using var patched = await server.Send(HttpMethod.Patch, location, body, ("Prefer", "return=representation"));

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var ticket = await WriteSandboxServer.Json(patched);
        Assert.Equal(priority, ticket.GetProperty("Priority").GetString());
        Assert.Equal(channels, ticket.GetProperty("Channels").GetString());
    }

    [Theory]
    [InlineData("""{"Priority":"Urgent"}""")]
    [InlineData("""{"Priority":"Low,High"}""")]
    [InlineData("""{"Priority":7}""")]
    [InlineData("""{"Priority":""}""")]
    [InlineData("""{"Channels":"Email,Fax"}""")]
    [InlineData("""{"Channels":8}""")]
    [InlineData("""{"Priority":"sandbox.support.Priority'High'"}""")]
    public async Task A_value_the_type_does_not_define_is_400_and_changes_nothing(string body)
    {
        using var response = await server.Send(HttpMethod.Patch, $"{Tickets}(3)", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await WriteSandboxServer.Json(response)).GetProperty("error");
        Assert.Contains(body.Contains("Channels") ? "Channels" : "Priority", error.GetProperty("message").GetString());
        var (_, ticket) = await server.GetJson($"{Tickets}(3)");
        Assert.Equal("Medium", ticket.GetProperty("Priority").GetString());
        Assert.Equal("Email", ticket.GetProperty("Channels").GetString());
    }
}
