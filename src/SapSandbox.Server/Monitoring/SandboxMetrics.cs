using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SapSandbox.Server.Monitoring;

/// <summary>
/// The sandbox's metrics on the meter <c>SapSandbox</c> (System.Diagnostics.Metrics): requests, their duration and the
/// entities they served, per service, method and status, and the faults injected. Exported over OTLP when
/// <c>Sandbox:Telemetry:OtlpEndpoint</c> is set (<see cref="Telemetry"/>); readable with <c>dotnet-counters</c> always.
/// </summary>
public sealed class SandboxMetrics
{
    public const string MeterName = "SapSandbox";

    readonly Counter<long> _requests;
    readonly Histogram<double> _duration;
    readonly Counter<long> _rows;
    readonly Counter<long> _faults;

    public SandboxMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("sapsandbox.requests", "{request}", "Requests answered");
        _duration = meter.CreateHistogram<double>("sapsandbox.request.duration", "ms", "Time from the request's arrival to the end of its answer");
        _rows = meter.CreateCounter<long>("sapsandbox.rows", "{row}", "Entities served in responses");
        _faults = meter.CreateCounter<long>("sapsandbox.faults", "{fault}", "Faults injected by fault rules");
    }

    public void Request(string? service, string method, int status, double milliseconds, long rows)
    {
        // Nothing listens unless an exporter or dotnet-counters does: then the tags (a boxed status) are not even made.
        if (!_requests.Enabled && !_duration.Enabled && !_rows.Enabled) return;
        var tags = new TagList
        {
            { "service", service ?? "" },
            { "http.request.method", method },
            { "http.response.status_code", status },
        };
        _requests.Add(1, tags);
        _duration.Record(milliseconds, tags);
        if (rows > 0) _rows.Add(rows, new KeyValuePair<string, object?>("service", service ?? ""));
    }

    public void FaultInjected(string rule, string service) =>
        _faults.Add(1, new KeyValuePair<string, object?>("rule", rule), new KeyValuePair<string, object?>("service", service));
}
