using System.Globalization;

namespace SapSandbox.Server.Hub.Monitor;

/// <summary>How the monitor pages show times, statuses and validity, the same on every page.</summary>
public static class MonitorFormat
{
    /// <summary>Times in UTC, as the tenant stores them; the pages say so in their column headers.</summary>
    public static string Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "";

    /// <summary>A time as ISO 8601 in UTC, for a <c>time</c> element's <c>datetime</c> that a script shows in the reader's zone.</summary>
    public static string? Iso(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>The badge class of a status: green when it worked, red when it failed, amber while pending or partly done.</summary>
    public static string StatusClass(string? status) => status?.ToUpperInvariant() switch
    {
        "STARTED" or "COMPLETED" or "SUCCESS" => "ok",
        "ERROR" or "FAILED" or "FAIL" or "ESCALATED" or "ABANDONED" => "error",
        "RETRY" or "PROCESSING" or "STARTING" or "STOPPING" or "DEPLOYING" => "warn",
        _ => "",
    };

    /// <summary>A certificate's validity as a person reads it, and the badge class that goes with it.</summary>
    public static (string Text, string Class) Validity(DateTimeOffset? notAfter, DateTimeOffset now)
    {
        if (notAfter is not { } end) return ("", "");
        if (end <= now) return ($"expired {Plural((int)Math.Floor((now - end).TotalDays), "day")} ago", "error");
        var days = (int)Math.Floor((end - now).TotalDays);
        // A month's notice is what SAP's own certificate renewal gives.
        if (days < 30) return ($"expires in {Plural(days, "day")}", "warn");
        return ($"expires in {Plural(days, "day")}", "ok");
    }

    static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
