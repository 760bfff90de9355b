using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SapSandbox.Server.Tests.Hub;

/// <summary>
/// Environments in the hub: one that points at this sandbox itself (as a real tenant would be reached, by URL with
/// Basic credentials) is added, listed without its secrets, called through the pass-through (a read, then a CSRF
/// token fetch and a create that needs the remote's session cookie kept by the hub), and deleted.
/// </summary>
[Collection(WriteCollection.Name)]
public partial class HubEnvironmentTests(WriteSandboxServer server)
{
    const string Service = "sap/opu/odata/sap/API_BUSINESS_PARTNER/";

    [Fact]
    public async Task An_environment_is_added_called_through_the_hub_and_deleted_without_its_secrets_ever_shown()
    {
        using var session = new HubSession(server.BaseAddress);
        Assert.Equal(HttpStatusCode.Redirect, (await session.SignIn("sandbox", "sandbox")).StatusCode);

        using (var added = await PostForm(session, "Add", new()
        {
            ["Name"] = "self", ["BaseUrl"] = new Uri(server.BaseAddress, Service).ToString(), ["Auth"] = "Basic",
            ["BasicUser"] = "sandbox", ["Password"] = "sandbox",
        }))
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        // A second one with a secret that cannot be mistaken for anything else on the page.
        using (var added = await PostForm(session, "Add", new()
        {
            ["Name"] = "oauth-tenant", ["BaseUrl"] = "https://tenant.invalid/odata/", ["Auth"] = "OAuthClientCredentials",
            ["TokenUrl"] = "https://tenant.invalid/oauth/token", ["ClientId"] = "sb-client", ["ClientSecret"] = "Secret-7f3a9c-never-shown",
        }))
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);

        var page = await session.Client.GetStringAsync("/hub/environments");
        Assert.Contains("data-environment=\"self\"", page);
        Assert.Contains("data-environment=\"oauth-tenant\"", page);
        Assert.Contains("stored", page);
        Assert.DoesNotContain("Secret-7f3a9c-never-shown", page);
        // No field comes back filled with a password.
        Assert.DoesNotMatch("type=\"password\"[^>]*value=\"[^\"]+\"", page);
        Assert.DoesNotContain("Secret-7f3a9c-never-shown", await session.Client.GetStringAsync("/hub/services/API_BUSINESS_PARTNER"));

        // A read through the pass-through.
        using (var read = await Call(session, HttpMethod.Get, "A_BusinessPartner?$top=2&$format=json"))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            var results = JsonDocument.Parse(await read.Content.ReadAsStringAsync()).RootElement.GetProperty("d").GetProperty("results");
            Assert.Equal(2, results.GetArrayLength());
            Assert.False(read.Headers.Contains("Set-Cookie"));
        }

        // The CSRF token fetch, then a create with it: the remote's session cookie stays in the hub.
        string token;
        using (var fetched = await Call(session, HttpMethod.Get, "", ("X-CSRF-Token", "Fetch")))
        {
            Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
            token = fetched.Headers.GetValues("X-CSRF-Token").Single();
            Assert.False(fetched.Headers.Contains("Set-Cookie"));
        }
        using (var created = await Call(session, HttpMethod.Post, "A_BusinessPartner",
            ("X-CSRF-Token", token), ("Accept", "application/json"),
            body: """{"BusinessPartnerCategory":"1","FirstName":"Ada","LastName":"Lovelace"}"""))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Contains("Lovelace", await created.Content.ReadAsStringAsync());
        }

        // Unknown environments answer 404; deleted ones are gone from the page and from the pass-through.
        using (var unknown = await session.Client.GetAsync("/hub/environments/nowhere/call/"))
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        foreach (var name in new[] { "self", "oauth-tenant" })
            using (var deleted = await PostForm(session, "Delete", [], name))
                Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.DoesNotContain("data-environment=\"self\"", await session.Client.GetStringAsync("/hub/environments"));
        using (var gone = await Call(session, HttpMethod.Get, "A_BusinessPartner?$top=1"))
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task An_environment_is_edited_in_place_and_keeps_its_secret_when_none_is_entered()
    {
        using var session = new HubSession(server.BaseAddress);
        Assert.Equal(HttpStatusCode.Redirect, (await session.SignIn("sandbox", "sandbox")).StatusCode);
        var partners = new Uri(server.BaseAddress, Service).ToString();
        var orders = new Uri(server.BaseAddress, "sap/opu/odata/sap/API_SALES_ORDER_SRV/").ToString();
        using (var added = await PostForm(session, "Add", new()
        {
            ["Name"] = "editable", ["BaseUrl"] = partners, ["Auth"] = "Basic", ["BasicUser"] = "sandbox", ["Password"] = "sandbox",
        }))
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);

        // The form comes filled with what is stored, the name fixed and no secret.
        var form = WebUtility.HtmlDecode(await session.Client.GetStringAsync("/hub/environments?edit=editable"));
        Assert.Contains("Edit the environment editable", form);
        Assert.Matches("id=\"env-name\" name=\"Name\" value=\"editable\"[^>]*readonly", form);
        Assert.Contains($"value=\"{partners}\"", form);
        Assert.Contains("Password (leave empty to keep the stored one)", form);
        Assert.DoesNotMatch("type=\"password\"[^>]*value=\"[^\"]+\"", form);

        // Another URL, the secret left empty (and another name sent, which an edit ignores): the stored password still works.
        using (var edited = await PostForm(session, "Add", new()
        {
            ["Editing"] = "editable", ["Name"] = "renamed", ["BaseUrl"] = orders, ["Auth"] = "Basic", ["BasicUser"] = "sandbox", ["Password"] = "",
        }))
            Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        var list = await session.Client.GetStringAsync("/hub/environments");
        Assert.DoesNotContain("data-environment=\"renamed\"", list);
        Assert.Contains(orders, list);
        using (var read = await session.Client.GetAsync("/hub/environments/editable/call/A_SalesOrder?$top=1&$format=json"))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Contains("\"SalesOrder\"", await read.Content.ReadAsStringAsync());
        }

        // A new password replaces the stored one.
        using (var edited = await PostForm(session, "Add", new()
        {
            ["Editing"] = "editable", ["BaseUrl"] = orders, ["Auth"] = "Basic", ["BasicUser"] = "sandbox", ["Password"] = "not-the-password",
        }))
            Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        using (var refused = await session.Client.GetAsync("/hub/environments/editable/call/A_SalesOrder?$top=1"))
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        // A password is no client secret: switching to OAuth needs one. And adding the same name again is refused.
        using (var switched = await PostForm(session, "Add", new()
        {
            ["Editing"] = "editable", ["BaseUrl"] = orders, ["Auth"] = "OAuthClientCredentials",
            ["TokenUrl"] = new Uri(server.BaseAddress, "oauth/token").ToString(), ["ClientId"] = "sandbox", ["ClientSecret"] = "",
        }))
        {
            Assert.Equal(HttpStatusCode.OK, switched.StatusCode);
            Assert.Contains("Enter the client id and secret.", await switched.Content.ReadAsStringAsync());
        }
        using (var duplicate = await PostForm(session, "Add", new()
        {
            ["Name"] = "editable", ["BaseUrl"] = partners, ["Auth"] = "Basic", ["BasicUser"] = "sandbox", ["Password"] = "sandbox",
        }))
        {
            Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
            Assert.Contains("There is an environment editable already", WebUtility.HtmlDecode(await duplicate.Content.ReadAsStringAsync()));
        }
        using (var deleted = await PostForm(session, "Delete", [], "editable"))
            Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
    }

    [Fact]
    public async Task The_pass_through_needs_a_hub_sign_in()
    {
        using var session = new HubSession(server.BaseAddress);
        using var response = await session.Client.GetAsync("/hub/environments/self/call/A_BusinessPartner");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/hub/signin", response.Headers.Location!.AbsolutePath);
    }

    static Task<HttpResponseMessage> Call(HubSession session, HttpMethod method, string path, params (string Name, string Value)[] headers) =>
        Call(session, method, path, null, headers);

    static Task<HttpResponseMessage> Call(HubSession session, HttpMethod method, string path, (string, string) first, (string, string) second, string body) =>
        Call(session, method, path, body, [first, second]);

    static async Task<HttpResponseMessage> Call(HubSession session, HttpMethod method, string path, string? body, (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, "/hub/environments/self/call/" + path);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        if (body != null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return await session.Client.SendAsync(request);
    }

    static async Task<HttpResponseMessage> PostForm(HubSession session, string handler, Dictionary<string, string> fields, string? name = null)
    {
        var form = await session.Client.GetStringAsync("/hub/environments");
        fields["__RequestVerificationToken"] = AntiforgeryToken().Match(form).Groups[1].Value;
        var url = "/hub/environments?handler=" + handler + (name != null ? "&name=" + Uri.EscapeDataString(name) : "");
        return await session.Client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
