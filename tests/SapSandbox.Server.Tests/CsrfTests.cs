using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SapSandbox.Core.Query;
using SapSandbox.Protocols.Http;
using SapSandbox.Server.Cli;
using SapSandbox.Server.Hosting;
using SapSandbox.Services.Edmx;

namespace SapSandbox.Server.Tests;

/// <summary>CSRF tokens as SAP Gateway hands them out and checks them, over real HTTP and rule by rule.</summary>
[Collection(SandboxCollection.Name)]
public class CsrfTests(SandboxServer server)
{
    const string V2 = "/sap/opu/odata/sap/API_SALES_ORDER_SRV/";
    const string V4 = "/odata/v4/CE_SALESORDER_0001/";
    const string Header = "X-CSRF-Token";
    const string Failure = "CSRF token validation failed";

    // Changes that pass the token check but cannot change data (no such entity, no such set, an empty batch), so the
    // store the other tests read stays as it is.
    public static TheoryData<string, string> HarmlessChanges => new()
    {
        { "POST", V4 + "NoSuchSet" },
        { "PATCH", V4 + "SalesOrder('NOSUCHSO')" },
        { "DELETE", V4 + "SalesOrder('NOSUCHSO')" },
        { "POST", V4 + "$batch" },
        { "POST", V2 + "NoSuchSet" },
        { "PUT", V2 + "A_SalesOrder('NOSUCHSO')" },
        { "MERGE", V2 + "A_SalesOrder('NOSUCHSO')" },
        { "DELETE", V2 + "A_SalesOrder('NOSUCHSO')" },
        { "POST", V2 + "$batch" },
    };

    [Fact]
    public async Task A_GET_with_Fetch_on_the_service_root_answers_a_token_and_a_session_cookie()
    {
        using var client = server.NewClient("sandbox", "sandbox");
        using var response = await client.SendAsync(Request(HttpMethod.Get, V4, token: "Fetch"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = Assert.Single(response.Headers.GetValues(Header));
        Assert.NotEqual("Required", token);
        Assert.True(token.Length > 20);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(CsrfProtection.SessionCookieName + "=", cookie);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_HEAD_with_Fetch_answers_a_token_as_SAP_Cloud_SDK_fetches_it_and_the_token_is_accepted()
    {
        using var client = server.NewClient("sandbox", "sandbox");
        using var fetch = await client.SendAsync(Request(HttpMethod.Head, V2, token: "Fetch"));
        var token = Assert.Single(fetch.Headers.GetValues(Header));

        using var change = await client.SendAsync(Request(HttpMethod.Delete, V2 + "A_SalesOrder('NOSUCHSO')", token: token));

        Assert.Equal(HttpStatusCode.OK, fetch.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, change.StatusCode);
    }

    [Theory]
    [InlineData(V2 + "$metadata", "fetch")]
    [InlineData(V2 + "A_SalesOrder?$top=1", "FETCH")]
    [InlineData(V4 + "$metadata", "Fetch")]
    [InlineData(V4 + "SalesOrder?$top=1", "fetch")]
    public async Task Any_URL_of_a_service_answers_a_fetch_whatever_the_case_of_Fetch(string url, string fetch)
    {
        using var client = server.NewClient("sandbox", "sandbox");
        using var response = await client.SendAsync(Request(HttpMethod.Get, url, token: fetch));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual("Required", Assert.Single(response.Headers.GetValues(Header)));
    }

    [Fact]
    public async Task A_fetch_with_a_request_that_fails_still_answers_the_token_and_the_cookie()
    {
        using var client = server.NewClient("sandbox", "sandbox");
        using var fetch = await client.SendAsync(Request(HttpMethod.Get, V4 + "NoSuchSet", token: "Fetch"));
        var token = Assert.Single(fetch.Headers.GetValues(Header));

        using var change = await client.SendAsync(Request(HttpMethod.Post, V4 + "NoSuchSet", token: token));

        Assert.Equal(HttpStatusCode.NotFound, fetch.StatusCode);
        Assert.Contains(fetch.Headers.GetValues("Set-Cookie"), c => c.StartsWith(CsrfProtection.SessionCookieName + "="));
        Assert.NotEqual(HttpStatusCode.Forbidden, change.StatusCode);
    }

    [Fact]
    public async Task A_second_fetch_keeps_the_session_and_both_tokens_are_accepted()
    {
        using var client = server.NewClient("sandbox", "sandbox");
        var first = await server.FetchCsrfToken(client, V4);
        using var again = await client.SendAsync(Request(HttpMethod.Get, V4, token: "Fetch"));
        var second = Assert.Single(again.Headers.GetValues(Header));

        Assert.False(again.Headers.Contains("Set-Cookie"));
        foreach (var token in new[] { first, second })
        {
            using var change = await client.SendAsync(Request(HttpMethod.Delete, V4 + "SalesOrder('NOSUCHSO')", token: token));
            Assert.NotEqual(HttpStatusCode.Forbidden, change.StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(HarmlessChanges))]
    public async Task A_change_with_the_token_and_its_session_cookie_passes_the_check(string method, string url)
    {
        using var client = server.NewClient("sandbox", "sandbox");
        var token = await server.FetchCsrfToken(client, url.StartsWith(V2) ? V2 : V4);

        using var response = await client.SendAsync(Request(new HttpMethod(method), url, token: token));

        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(response.Headers.Contains(Header));
    }

    [Theory]
    [MemberData(nameof(HarmlessChanges))]
    public async Task A_change_without_a_token_is_refused_with_403_and_Required(string method, string url)
    {
        using var client = server.NewClient("sandbox", "sandbox");
        await server.FetchCsrfToken(client, url.StartsWith(V2) ? V2 : V4);

        using var response = await client.SendAsync(Request(new HttpMethod(method), url));

        await AssertRefused(response);
    }

    [Fact]
    public async Task OPTIONS_needs_no_token()
    {
        using var response = await server.Client.SendAsync(Request(HttpMethod.Options, V4 + "SalesOrder"));

        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_V4_refusal_is_SAPs_V4_error_body()
    {
        using var response = await server.Client.SendAsync(Request(HttpMethod.Post, V4 + "SalesOrder"));

        await AssertRefused(response);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal(Failure, error.GetProperty("message").GetString());
        Assert.Equal("/IWFND/CM_CONSUMER/102", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_V2_refusal_is_Gateways_JSON_error_body_when_JSON_is_asked_for()
    {
        using var response = await server.Client.SendAsync(Request(HttpMethod.Post, V2 + "A_SalesOrder", accept: "application/json"));

        await AssertRefused(response);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal(Failure, error.GetProperty("message").GetProperty("value").GetString());
    }

    [Fact]
    public async Task The_V2_refusal_is_Gateways_XML_error_document_by_default()
    {
        using var response = await server.Client.SendAsync(Request(HttpMethod.Post, V2 + "A_SalesOrder"));

        await AssertRefused(response);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        var message = XDocument.Parse(await response.Content.ReadAsStringAsync()).Descendants().First(e => e.Name.LocalName == "message");
        Assert.Equal(Failure, message.Value);
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("Fetch")]
    [InlineData("Required")]
    [InlineData("altered")]
    public async Task A_forged_or_altered_token_is_refused(string kind)
    {
        using var client = server.NewClient("sandbox", "sandbox");
        var token = await server.FetchCsrfToken(client, V4);
        if (kind == "altered") token = token[..^3] + (token[^3] == 'A' ? 'B' : 'A') + token[^2..];
        else token = kind;

        using var response = await client.SendAsync(Request(HttpMethod.Post, V4 + "SalesOrder", token: token));

        await AssertRefused(response);
    }

    [Fact]
    public async Task A_token_is_refused_with_another_session_cookie_or_with_none()
    {
        using var owner = server.NewClient("sandbox", "sandbox");
        using var other = server.NewClient("sandbox", "sandbox");
        using var cookieless = server.NewClient("sandbox", "sandbox");
        var token = await server.FetchCsrfToken(owner, V2);
        await server.FetchCsrfToken(other, V2);

        using var withOtherCookie = await other.SendAsync(Request(HttpMethod.Post, V2 + "A_SalesOrder", token: token));
        using var withoutCookie = await cookieless.SendAsync(Request(HttpMethod.Post, V2 + "A_SalesOrder", token: token));

        await AssertRefused(withOtherCookie);
        await AssertRefused(withoutCookie);
    }

    [Fact]
    public async Task A_token_from_one_service_is_accepted_by_another_in_the_same_session()
    {
        using var client = server.NewClient("sandbox", "sandbox");
        var token = await server.FetchCsrfToken(client, V2);

        using var response = await client.SendAsync(Request(HttpMethod.Delete, V4 + "SalesOrder('NOSUCHSO')", token: token));

        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_token_survives_a_restart_because_the_key_ring_lies_beside_the_store()
    {
        var folder = Directory.CreateTempSubdirectory("sapsandbox-csrf-").FullName;
        var options = new SandboxOptions { Urls = "http://127.0.0.1:0", Store = "sqlite:" + Path.Combine(folder, "sandbox.db") };
        var cookies = new CookieContainer();
        try
        {
            string token;
            await using (var first = await Start(options))
            {
                using var client = Client(first, cookies);
                token = await server.FetchCsrfToken(client, V4);
                await first.StopAsync();
            }
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(folder, "keys"), "key-*.xml"));

            await using var second = await Start(options);
            using var again = Client(second, cookies);
            using var response = await again.SendAsync(Request(HttpMethod.Delete, V4 + "SalesOrder('NOSUCHSO')", token: token));
            await second.StopAsync();

            Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
        }
        finally
        {
            Delete(folder);
        }
    }

    [Fact]
    public async Task With_no_csrf_changes_need_no_token_and_a_fetch_still_answers_one()
    {
        var folder = Directory.CreateTempSubdirectory("sapsandbox-csrf-").FullName;
        try
        {
            await using var app = await Start(new SandboxOptions
            {
                Urls = "http://127.0.0.1:0", Store = "sqlite:" + Path.Combine(folder, "sandbox.db"), CsrfProtection = false,
            });
            using var client = Client(app, new CookieContainer());

            using var v4 = await client.SendAsync(Request(HttpMethod.Post, V4 + "NoSuchSet"));
            using var v2 = await client.SendAsync(Request(HttpMethod.Post, V2 + "NoSuchSet"));
            var token = await server.FetchCsrfToken(client, V4);
            await app.StopAsync();

            Assert.NotEqual(HttpStatusCode.Forbidden, v4.StatusCode);
            Assert.NotEqual(HttpStatusCode.Forbidden, v2.StatusCode);
            Assert.NotEqual("Required", token);
        }
        finally
        {
            Delete(folder);
        }
    }

    [Fact]
    public async Task A_service_whose_settings_turn_csrfProtection_off_takes_changes_without_a_token_and_the_others_do_not()
    {
        var folder = Directory.CreateTempSubdirectory("sapsandbox-csrf-").FullName;
        var services = Directory.CreateDirectory(Path.Combine(folder, "services", "API_SALES_ORDER_SRV")).Parent!.FullName;
        File.WriteAllText(Path.Combine(services, "API_SALES_ORDER_SRV", "settings.json"), """{ "csrfProtection": false }""");
        try
        {
            await using var app = await Start(new SandboxOptions
            {
                Urls = "http://127.0.0.1:0", Store = "sqlite:" + Path.Combine(folder, "sandbox.db"), ServicesFolder = services,
            });
            using var client = Client(app, new CookieContainer());

            using var unprotected = await client.SendAsync(Request(HttpMethod.Post, V2 + "NoSuchSet"));
            using var protectedService = await client.SendAsync(Request(HttpMethod.Post, V4 + "NoSuchSet"));
            await app.StopAsync();

            Assert.NotEqual(HttpStatusCode.Forbidden, unprotected.StatusCode);
            await AssertRefused(protectedService);
        }
        finally
        {
            Delete(folder);
        }
    }

    [Fact]
    public void Settings_json_reads_csrfProtection_and_leaves_it_on_when_absent()
    {
        var folder = Directory.CreateTempSubdirectory("sapsandbox-settings-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "settings.json"), """{ "pageSize": 5, "csrfProtection": false }""");
            var off = FolderServices.ReadSettings(folder);
            File.WriteAllText(Path.Combine(folder, "settings.json"), """{ "pageSize": 5 }""");
            var absent = FolderServices.ReadSettings(folder);

            Assert.Equal(false, off?.CsrfProtection);
            Assert.Equal(5, off?.PageSize);
            Assert.Null(absent?.CsrfProtection);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Serve_accepts_no_csrf()
    {
        var result = SandboxCommand.Create().Parse(["serve", "--no-csrf"]);

        Assert.Empty(result.Errors);
        Assert.True(result.GetValue<bool>("--no-csrf"));
    }

    // The rules one by one, on the protection itself: what HTTP cannot reach with one built-in Basic user.

    [Theory]
    [InlineData("Bearer eyJhbGciOiJSUzI1NiJ9.e30.sig", null, true)]
    [InlineData("bearer abc", null, true)]
    [InlineData(null, "Bearer", true)]
    [InlineData("Basic c2FuZGJveDpzYW5kYm94", "Basic", false)]
    [InlineData(null, "Cookies", false)]
    [InlineData(null, "Certificate", false)]
    [InlineData(null, null, false)]
    public void Only_OAuth_bearer_calls_are_exempt(string? authorization, string? scheme, bool exempt)
    {
        var context = Context("POST", scheme: scheme);
        if (authorization != null) context.Request.Headers.Authorization = authorization;

        Assert.Equal(exempt, CsrfProtection.IsExempt(context));
        var protection = new CsrfProtection(new EphemeralDataProtectionProvider());
        if (exempt) protection.Apply(context, serviceProtected: true);
        else Assert.Equal(403, Assert.Throws<QueryException>(() => protection.Apply(context, serviceProtected: true)).Status);
    }

    [Fact]
    public void A_token_of_another_user_is_refused()
    {
        var protection = new CsrfProtection(new EphemeralDataProtectionProvider());
        var (token, session) = Fetch(protection, "alice");

        protection.Apply(Context("POST", user: "alice", token: token, session: session), serviceProtected: true);
        var bob = Context("POST", user: "bob", token: token, session: session);
        var refused = Assert.Throws<QueryException>(() => protection.Apply(bob, serviceProtected: true));

        Assert.Equal(403, refused.Status);
        Assert.Equal(Failure, refused.Message);
        Assert.Equal("Required", bob.Response.Headers[Header].ToString());
    }

    [Fact]
    public void A_token_older_than_the_lifetime_is_refused()
    {
        var issuedLongAgo = new CsrfProtection(new EphemeralDataProtectionProvider(), clock: new FixedClock(DateTimeOffset.UtcNow - CsrfProtection.Lifetime - TimeSpan.FromMinutes(1)));
        var (token, session) = Fetch(issuedLongAgo, "sandbox");

        Assert.Throws<QueryException>(() => issuedLongAgo.Apply(Context("PATCH", token: token, session: session), serviceProtected: true));
    }

    [Fact]
    public void A_token_of_another_key_ring_is_refused()
    {
        var (token, session) = Fetch(new CsrfProtection(new EphemeralDataProtectionProvider()), "sandbox");

        Assert.Throws<QueryException>(() =>
            new CsrfProtection(new EphemeralDataProtectionProvider()).Apply(Context("DELETE", token: token, session: session), serviceProtected: true));
    }

    [Fact]
    public void Switched_off_globally_or_for_the_service_a_change_passes_without_a_token()
    {
        new CsrfProtection(new EphemeralDataProtectionProvider(), enforced: false).Apply(Context("POST"), serviceProtected: true);
        new CsrfProtection(new EphemeralDataProtectionProvider()).Apply(Context("MERGE"), serviceProtected: false);
    }

    static (string Token, string Session) Fetch(CsrfProtection protection, string user)
    {
        var context = Context("GET", user: user, token: "Fetch");
        protection.Apply(context, serviceProtected: true);
        var cookie = context.Response.Headers.SetCookie.ToString();
        var session = cookie[(CsrfProtection.SessionCookieName.Length + 1)..cookie.IndexOf(';')];
        return (context.Response.Headers[Header].ToString(), session);
    }

    static DefaultHttpContext Context(string method, string user = "sandbox", string? scheme = "Basic", string? token = null, string? session = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, user)], scheme));
        if (token != null) context.Request.Headers[Header] = token;
        if (session != null) context.Request.Headers.Cookie = $"{CsrfProtection.SessionCookieName}={session}";
        return context;
    }

    sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    static HttpRequestMessage Request(HttpMethod method, string url, string? token = null, string? accept = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (token != null) request.Headers.Add(Header, token);
        if (accept != null) request.Headers.Accept.ParseAdd(accept);
        if (method == HttpMethod.Post || method == HttpMethod.Put || method == HttpMethod.Patch || method.Method == "MERGE")
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        return request;
    }

    static async Task AssertRefused(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Required", Assert.Single(response.Headers.GetValues(Header)));
        Assert.Contains(Failure, await response.Content.ReadAsStringAsync());
    }

    static async Task<WebApplication> Start(SandboxOptions options)
    {
        var app = SandboxHost.Build(options);
        await app.StartAsync();
        return app;
    }

    static HttpClient Client(WebApplication app, CookieContainer cookies) => new(new HttpClientHandler { CookieContainer = cookies })
    {
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("sandbox:sandbox"u8)) },
    };

    static void Delete(string folder)
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
