using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace SapSandbox.Server.Tests.HubMonitor;

/// <summary>
/// The message list's time filters in a time zone (the page's script sends the browser's as <c>tz</c>): the times
/// are taken in that zone, with its daylight saving time on the date, and sent to the tenant in UTC; the labels and
/// the table name the zone. Without one the page works in UTC and says so.
/// </summary>
public class MonitorTimeZoneTests(MonitorServer server) : IClassFixture<MonitorServer>
{
    [Theory]
    [InlineData("", "2026-11-10T00:00", "2026-11-10T00:00:00", "UTC")]
    [InlineData("Asia/Kolkata", "2026-11-10T05:30", "2026-11-10T00:00:00", "Asia/Kolkata")]
    [InlineData("Europe/Berlin", "2026-07-01T12:00", "2026-07-01T10:00:00", "Europe/Berlin")] // summer time, UTC+2
    [InlineData("Europe/Berlin", "2026-11-10T12:00", "2026-11-10T11:00:00", "Europe/Berlin")] // winter time, UTC+1
    [InlineData("America/New_York", "2026-11-09T19:00", "2026-11-10T00:00:00", "America/New_York")]
    public async Task A_filter_time_in_a_zone_goes_to_the_tenant_in_UTC_and_the_page_names_the_zone(string zone, string from, string utc, string named)
    {
        using var client = await server.SignIn("sandbox", "sandbox");
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/hub/monitor/messages?status=FAILED&from={from}&tz={Uri.EscapeDataString(zone)}"));

        Assert.Contains($"LogStart ge datetime'{utc}'", html);
        Assert.Contains($"Started from (<span data-zone-name>{named}</span>)", html);
        Assert.Contains($"times in <span data-zone-name>{named}</span>", html);
        Assert.Contains($"value=\"{from}\"", html);
        var (_, api) = await server.GetJson("/api/v1/MessageProcessingLogs?$inlinecount=allpages&$top=0&$filter="
            + Uri.EscapeDataString($"Status eq 'FAILED' and LogStart ge datetime'{utc}'"), ("Accept", "application/json"));
        Assert.Contains($"<span id=\"log-count\">{api.GetProperty("d").GetProperty("__count").GetString()}</span>", html);
        // The table's times are in the zone too, each with its UTC instant for the script.
        var time = Regex.Match(html, "<time datetime=\"([^\"]+)\">([^<]+)</time>");
        Assert.True(time.Success, "no time in the table");
        var instant = DateTimeOffset.Parse(time.Groups[1].Value, CultureInfo.InvariantCulture);
        var expected = TimeZoneInfo.ConvertTime(instant, named == "UTC" ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(named));
        Assert.Equal(expected.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), time.Groups[2].Value);
        // The pager keeps the zone.
        if (Regex.Match(html, "href=\"([^\"]+)\" rel=\"next\"") is { Success: true } next && zone.Length > 0)
            Assert.Contains("tz=" + Uri.EscapeDataString(zone), next.Groups[1].Value);
    }

    [Theory]
    [InlineData("Europe/Berlin", "2026-03-29T02:30", "does not exist in Europe/Berlin")]
    [InlineData("Mars/Olympus_Mons", "2026-11-10T00:00", "Unknown time zone: Mars/Olympus_Mons")]
    [InlineData("", "yesterday", "From is not a date and time: yesterday")]
    public async Task A_time_the_zone_skips_an_unknown_zone_or_no_time_is_said_so(string zone, string from, string message)
    {
        using var client = await server.SignIn("sandbox", "sandbox");
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/hub/monitor/messages?from={Uri.EscapeDataString(from)}&tz={Uri.EscapeDataString(zone)}"));

        Assert.Matches($"class=\"error-box\" role=\"alert\">[^<]*{Regex.Escape(message)}", html);
    }
}
