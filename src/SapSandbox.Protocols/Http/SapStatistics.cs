using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using SapSandbox.Core.Store;

namespace SapSandbox.Protocols.Http;

/// <summary>
/// SAP's performance statistics: asked for with <c>sap-statistics=true</c> (URL, which wins, or header), answered
/// with a <c>sap-statistics</c> header of milliseconds: <c>total</c>, framework and database parts, and the
/// Gateway breakdown SAP's tools read (<c>gwtotal</c>, <c>gwhub</c>, <c>gwbe</c>, ...), up to the moment the response starts.
/// </summary>
public static class SapStatistics
{
    public static bool Requested(HttpRequest request)
    {
        var value = request.Query["sap-statistics"].ToString();
        if (value.Length == 0) value = request.Headers["sap-statistics"].ToString();
        return value.Equals("true", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Adds the header when the response starts, with the store time the session has measured by then.</summary>
    public static void Attach(HttpContext context, StoreSession session, long startTimestamp)
    {
        if (!Requested(context.Request)) return;
        context.Response.OnStarting(() =>
        {
            var total = (long)Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;
            var store = (long)session.StoreTime.TotalMilliseconds;
            var framework = Math.Max(0, total - store);
            context.Response.Headers["sap-statistics"] = string.Create(CultureInfo.InvariantCulture,
                $"total={total},fw={framework},app={store},gwtotal={total},gwhub={framework},gwrfcoh=0,gwbe={store},gwapp={store},gwnongw=0");
            return Task.CompletedTask;
        });
    }
}
