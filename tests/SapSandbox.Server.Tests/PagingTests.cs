using System.Net;
using System.Text.Json;

namespace SapSandbox.Server.Tests;

[Collection(SandboxCollection.Name)]
public class PagingTests(SandboxServer server)
{
    const string Partners = "/odata/v4/API_BUSINESS_PARTNER/A_BusinessPartner";

    async Task<(List<string> Keys, int Pages)> FollowAll(string url, params (string, string)[] headers)
    {
        var keys = new List<string>();
        var pages = 0;
        string? next = url;
        while (next != null)
        {
            var (response, body) = await server.GetJson(next, headers);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            pages++;
            keys.AddRange(body.GetProperty("value").EnumerateArray().Select(e => e.GetProperty("BusinessPartner").GetString()!));
            next = body.TryGetProperty("@odata.nextLink", out var link) ? link.GetString() : null;
        }
        return (keys, pages);
    }

    [Fact]
    public async Task Server_pages_at_1000_with_a_next_link_carrying_a_skiptoken()
    {
        var (_, body) = await server.GetJson(Partners + "?$select=BusinessPartner");

        Assert.Equal(1000, body.GetProperty("value").GetArrayLength());
        var next = body.GetProperty("@odata.nextLink").GetString()!;
        Assert.StartsWith(server.BaseAddress.ToString().TrimEnd('/') + Partners + "?", next);
        Assert.Contains("$skiptoken=", next);
        Assert.Contains("$select=BusinessPartner", next);
    }

    [Fact]
    public async Task Following_next_links_returns_every_row_exactly_once()
    {
        var (keys, pages) = await FollowAll(Partners + "?$select=BusinessPartner");

        Assert.Equal(2, pages);
        Assert.Equal(1500, keys.Count);
        Assert.Equal(1500, keys.Distinct().Count());
    }

    [Fact]
    public async Task Keyset_pages_follow_a_client_order_with_ties_and_nulls()
    {
        var (all, _) = await FollowAll(Partners + "?$select=BusinessPartner&$orderby=BusinessPartnerCategory desc,CreationDate", ("Prefer", "odata.maxpagesize=5000"));
        var (paged, pages) = await FollowAll(Partners + "?$select=BusinessPartner&$orderby=BusinessPartnerCategory desc,CreationDate", ("Prefer", "odata.maxpagesize=97"));

        Assert.Equal(16, pages);
        Assert.Equal(all, paged);
    }

    [Fact]
    public async Task Keyset_pages_of_whole_rows_in_a_client_order_are_the_rows_of_one_big_page()
    {
        // Whole rows in a client's order: each page sorts the keys first and reads the page's rows afterwards.
        const string query = "?$orderby=BusinessPartnerCategory desc,CreationDate,LastName&$top=700";
        var (all, _) = await FollowAll(Partners + query, ("Prefer", "odata.maxpagesize=5000"));
        var (paged, pages) = await FollowAll(Partners + query, ("Prefer", "odata.maxpagesize=97"));

        Assert.Equal(8, pages);
        Assert.Equal(700, all.Count);
        Assert.Equal(all, paged);
    }

    [Fact]
    public async Task Prefer_maxpagesize_is_applied_and_acknowledged()
    {
        var (response, body) = await server.GetJson(Partners + "?$select=BusinessPartner", ("Prefer", "odata.maxpagesize=10"));

        Assert.Equal("odata.maxpagesize=10", response.Headers.GetValues("Preference-Applied").Single());
        Assert.Equal(10, body.GetProperty("value").GetArrayLength());
        Assert.True(body.TryGetProperty("@odata.nextLink", out _));
    }

    [Fact]
    public async Task Top_above_the_page_size_continues_in_the_next_link_with_what_remains()
    {
        var (_, body) = await server.GetJson(Partners + "?$select=BusinessPartner&$top=25", ("Prefer", "odata.maxpagesize=10"));
        var next = body.GetProperty("@odata.nextLink").GetString()!;

        Assert.Contains("$top=15", next);
        var (keys, pages) = await FollowAll(Partners + "?$select=BusinessPartner&$top=25", ("Prefer", "odata.maxpagesize=10"));
        Assert.Equal(25, keys.Count);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task A_page_that_ends_the_set_has_no_next_link()
    {
        var (_, body) = await server.GetJson(Partners + "?$select=BusinessPartner&$skip=1495");

        Assert.Equal(5, body.GetProperty("value").GetArrayLength());
        Assert.False(body.TryGetProperty("@odata.nextLink", out _));
    }

    [Fact]
    public async Task A_tampered_skiptoken_is_400()
    {
        var (response, body) = await server.GetJson(Partners + "?$skiptoken=not-a-token");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("$skiptoken", body.GetProperty("error").GetProperty("message").GetString());
    }
}
