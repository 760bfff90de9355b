using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using SapSandbox.Server.Security;
using SapSandbox.Server.Tests.Clients;

namespace SapSandbox.Server.Tests.HubMonitor;

/// <summary>A sandbox with a Cloud Integration read-only user beside the built-in one, for the hub's monitor pages.</summary>
public sealed class MonitorServer : SandboxServer
{
    public const string Password = "Welcome1!";
    static readonly string Hash = PasswordHash.Create(Password);

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sandbox:Users:reader:PasswordHash"] = Hash,
        ["Sandbox:Users:reader:RoleCollections:0"] = "PI_Read_Only",
    };

    /// <summary>A browser-like client signed in to the hub with its form (antiforgery token, cookie), without Basic credentials.</summary>
    public async Task<HttpClient> SignIn(string user, string password)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
        var form = await client.GetStringAsync("/hub/signin");
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var response = await client.PostAsync("/hub/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["User"] = user, ["Password"] = password, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}

/// <summary>
/// The hub's Cloud Integration monitor over real HTTP: every page needs a signed-in user, and shows what /api/v1
/// answers that user (compared with the same reads over Basic), including the tenant's refusals.
/// </summary>
public class MonitorPagesTests(MonitorServer server) : IClassFixture<MonitorServer>
{
    const string FailedGuid = "AGr40P_Fmc97-UUWNMdnYnxKqE3W";
    const string ErrorArtifact = "Replicate_Customer_Returns_to_S4HANA";

    public static readonly TheoryData<string> Pages = new()
    {
        "/hub/monitor", "/hub/monitor/artifacts", $"/hub/monitor/artifacts/{ErrorArtifact}", "/hub/monitor/messages",
        "/hub/monitor/messages?status=FAILED&from=2026-11-10T00:00&to=2026-11-15T00:00&flow=Replicate_Business_Partner_from_S4HANA_to_Sales_Cloud",
        $"/hub/monitor/messages/{FailedGuid}", "/hub/monitor/partners", "/hub/monitor/keystore", "/hub/monitor/keystore?keystore=KeyRenewal",
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task A_page_answers_a_signed_in_user_and_sends_anyone_else_to_sign_in(string page)
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        using var refused = await anonymous.GetAsync(page);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/hub/signin?ReturnUrl=", refused.Headers.Location!.PathAndQuery);

        using var client = await server.SignIn("sandbox", "sandbox");
        using var response = await client.GetAsync(page);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("aria-label=\"Monitor\"", html);
        Assert.DoesNotContain("class=\"error-box\" role=\"alert\"", html);
    }

    [Fact]
    public async Task Deployed_artifacts_show_their_status_and_an_artifact_in_error_its_error_text()
    {
        using var client = await server.SignIn("sandbox", "sandbox");
        var html = await client.GetStringAsync("/hub/monitor/artifacts");
        var (_, api) = await server.GetJson("/api/v1/IntegrationRuntimeArtifacts", ("Accept", "application/json"));
        foreach (var artifact in api.GetProperty("d").GetProperty("results").EnumerateArray())
            Assert.Contains(WebUtility.HtmlEncode(artifact.GetProperty("Id").GetString()!), html);
        Assert.Contains("<span class=\"badge error\">ERROR</span>", html);
        Assert.Contains($"href=\"/hub/monitor/artifacts/{ErrorArtifact}\"", html);

        var detail = WebUtility.HtmlDecode(await client.GetStringAsync($"/hub/monitor/artifacts/{ErrorArtifact}"));
        // The message with its {0} filled in from the parameters, as the tenant's monitor reads it.
        Assert.Contains("IFlow Build: Error while building the artifact Replicate_Customer_Returns_to_S4HANA: The externalized parameter 'Receiver_Proxy_Host'", detail);
    }

    [Fact]
    public async Task The_message_list_filters_by_status_flow_and_time_as_the_tenant_does_and_pages_on()
    {
        using var client = await server.SignIn("sandbox", "sandbox");
        const string filter = "Status eq 'FAILED' and LogStart ge datetime'2026-11-10T00:00:00' and IntegrationFlowName eq 'Replicate_Business_Partner_from_S4HANA_to_Sales_Cloud'";
        var (_, api) = await server.GetJson("/api/v1/MessageProcessingLogs?$inlinecount=allpages&$top=0&$filter=" + Uri.EscapeDataString(filter), ("Accept", "application/json"));
        var expected = api.GetProperty("d").GetProperty("__count").GetString();

        var html = await client.GetStringAsync("/hub/monitor/messages?status=FAILED&from=2026-11-10T00:00&flow=Replicate_Business_Partner_from_S4HANA_to_Sales_Cloud");
        Assert.Contains($"<span id=\"log-count\">{expected}</span>", html);
        var statuses = Regex.Matches(html, "<td><span class=\"badge [a-z]*\">([A-Z]+)</span></td>").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(statuses);
        Assert.All(statuses, s => Assert.Equal("FAILED", s));

        // All logs: 50 to a page, newest first; "Older" continues with $skip, and a tenant's __next link is followed as it is.
        var first = await client.GetStringAsync("/hub/monitor/messages");
        Assert.Contains("href=\"/hub/monitor/messages?skip=50\" rel=\"next\"", first);
        var second = WebUtility.HtmlDecode(await client.GetStringAsync("/hub/monitor/messages?skip=50"));
        Assert.Contains("showing 51–100", second);
        var (_, page) = await server.GetJson("/api/v1/MessageProcessingLogs?$select=MessageGuid,Status&$orderby=LogStart%20desc", ("Accept", "application/json"));
        var tenantNext = page.GetProperty("d").GetProperty("__next").GetString()!;
        var (_, nextPage) = await server.GetJson("/api/v1/" + tenantNext, ("Accept", "application/json"));
        var followed = await client.GetStringAsync("/hub/monitor/messages?next=" + Uri.EscapeDataString(tenantNext));
        Assert.Contains(nextPage.GetProperty("d").GetProperty("results")[0].GetProperty("MessageGuid").GetString()!, followed);
        Assert.Contains("?next=", Regex.Match(followed, "href=\"([^\"]+)\" rel=\"next\"").Groups[1].Value);
        // Only a next page of the logs is followed: another set's link starts over from the filters.
        var other = await client.GetStringAsync("/hub/monitor/messages?next=" + Uri.EscapeDataString("KeystoreEntries?$skiptoken=1"));
        Assert.Contains("id=\"log-count\"", other);
    }

    [Fact]
    public async Task A_message_shows_its_error_text_headers_and_attachments_which_open_with_the_hub_cookie()
    {
        using var client = await server.SignIn("sandbox", "sandbox");
        var html = await client.GetStringAsync($"/hub/monitor/messages/{FailedGuid}");
        var errorText = await server.Client.GetStringAsync($"/api/v1/MessageProcessingLogs('{FailedGuid}')/ErrorInformation/$value");
        Assert.Contains(WebUtility.HtmlEncode(errorText), html);
        Assert.Contains("<dt>BusinessPartner</dt>", html);

        var (_, attachments) = await server.GetJson($"/api/v1/MessageProcessingLogs('{FailedGuid}')/Attachments", ("Accept", "application/json"));
        var id = attachments.GetProperty("d").GetProperty("results")[0].GetProperty("Id").GetString()!;
        var link = $"/api/v1/MessageProcessingLogAttachments(%27{Uri.EscapeDataString(id)}%27)/$value";
        Assert.Contains($"href=\"{link}\"", html);
        var viaCookie = await client.GetByteArrayAsync(link);
        var viaBasic = await server.Client.GetByteArrayAsync(link);
        Assert.Equal(viaBasic, viaCookie);
    }

    [Fact]
    public async Task The_keystore_shows_validity_and_highlights_expired_entries()
    {
        using var client = await server.SignIn("sandbox", "sandbox");
        var html = await client.GetStringAsync("/hub/monitor/keystore");
        Assert.Matches("<span class=\"badge error\">expired [0-9]+ days? ago</span>", html);
        Assert.Matches("<span class=\"badge ok\">expires in [0-9]+ days?</span>", html);
        Assert.Contains("sap_cloudintegrationcertificate", html);
        var renewal = await client.GetStringAsync("/hub/monitor/keystore?keystore=KeyRenewal");
        Assert.Single(Regex.Matches(renewal, "<tr class=\"[a-z-]*\">\\s*<td class=\"mono\">"));
    }

    [Fact]
    public async Task The_partner_directory_lists_partners_with_their_parameters()
    {
        using var client = await server.SignIn("sandbox", "sandbox");
        var html = await client.GetStringAsync("/hub/monitor/partners");
        Assert.Contains("id=\"partner-ACME_DE\"", html);
        Assert.Contains("AS2_CERTIFICATE", html);
        Assert.Contains("https://as2.acme-handel.example/as2/receive", html);
    }

    [Fact]
    public async Task A_read_only_user_sees_what_their_roles_allow_and_the_tenants_refusal_for_the_rest()
    {
        using var client = await server.SignIn("reader", MonitorServer.Password);
        var messages = await client.GetStringAsync($"/hub/monitor/messages/{FailedGuid}");
        Assert.Contains("id=\"error-text\"", messages);
        // The partner directory needs a role no persona but the administrator's has; the page says which.
        var partners = WebUtility.HtmlDecode(await client.GetStringAsync("/hub/monitor/partners"));
        Assert.Contains("403: User reader is not authorized to read CloudIntegration: the role AuthGroup_TenantPartnerDirectoryConfigurator is missing", partners);
        // An attachment's content is a payload, which PI_Read_Only may not read, through the hub's cookie as over Basic.
        var link = Regex.Match(messages, "href=\"(/api/v1/MessageProcessingLogAttachments[^\"]+)\"").Groups[1].Value;
        using var payload = await client.GetAsync(link);
        Assert.Equal(HttpStatusCode.Forbidden, payload.StatusCode);
    }
}

/// <summary>
/// The monitor in headless Chromium (Debian's, driven by playwright-core from tests/clients): sign in, open the
/// message processing logs, filter FAILED, open a failed message's detail with its error text and attachment.
/// Screenshots go to the test output's monitor-screenshots folder.
/// </summary>
public class MonitorBrowserTests(MonitorServer server) : IClassFixture<MonitorServer>
{
    [Fact]
    public async Task A_person_signs_in_filters_failed_messages_and_reads_one_with_its_error_and_attachment()
    {
        await ClientTools.EnsureInstalledWithChromium();
        var screenshots = Path.Combine(AppContext.BaseDirectory, "monitor-screenshots");
        var run = await ClientTools.Run("node",
        [
            Path.Combine(ClientTools.Folder, "hub-monitor", "check-monitor.mjs"), server.BaseAddress.ToString(), "sandbox", "sandbox",
            "--chromium=" + ClientTools.Chromium, "--screenshots=" + screenshots,
        ]);
        ClientTools.AssertPassed(["sign-in", "message-list", "filter-failed", "message-detail", "attachment", "artifacts-and-keystore", "time-zone", "undeploy-and-deploy"], run);
        Assert.True(File.Exists(Path.Combine(screenshots, "monitor-message-detail.png")));
    }
}
