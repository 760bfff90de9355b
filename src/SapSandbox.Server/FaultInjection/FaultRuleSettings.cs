namespace SapSandbox.Server.FaultInjection;

/// <summary>
/// A fault rule as <c>sandbox.json</c> (<c>Sandbox:Faults:0:...</c>) and <c>POST /sandbox/admin/faults</c> declare it:
/// which requests it matches, what it does to them, and how often.
/// </summary>
public sealed class FaultRuleSettings
{
    /// <summary>The service's name as <c>GET /</c> lists it (any of its mount paths, both protocols); none: every service.</summary>
    public string? Service { get; set; }

    /// <summary>The HTTP method (<c>GET</c>, <c>PATCH</c>, ...); a verb tunnelled in <c>X-HTTP-Method</c> matches too. None: every method.</summary>
    public string? Method { get; set; }

    /// <summary>
    /// A regular expression searched in the request path after the service root (<c>A_SalesOrder('1')/to_Item</c>, decoded,
    /// without the query): <c>^A_SalesOrder</c> for everything under that set, <c>^\$batch$</c> for batches. None: every path.
    /// </summary>
    public string? Path { get; set; }

    /// <summary>Answer with this status (400-599) and the protocol's SAP error body instead of serving the request.</summary>
    public int? Status { get; set; }

    /// <summary>The error message for <see cref="Status"/>; SAP's own text for 429, 500 and 503 otherwise.</summary>
    public string? Message { get; set; }

    /// <summary>The <c>Retry-After</c> header in seconds for <see cref="Status"/>; 429 sends 1 unless set.</summary>
    public int? RetryAfterSeconds { get; set; }

    /// <summary>Milliseconds to wait before answering (alone: the request is then served normally).</summary>
    public int? Latency { get; set; }

    /// <summary>Abort the connection without an answer (the client sees a reset).</summary>
    public bool Drop { get; set; }

    /// <summary>Refuse a change as if its CSRF token had expired: 403, <c>X-CSRF-Token: Required</c>.</summary>
    public bool ExpireCsrfToken { get; set; }

    /// <summary>Refuse an update or delete as if someone else had changed the entity since it was read: 412.</summary>
    public bool StaleETag { get; set; }

    /// <summary>The chance (0 to 1) that a matching request gets the fault; none: every one.</summary>
    public double? Probability { get; set; }

    /// <summary>Only the next N matching requests (that the probability picks) get the fault; none: no limit.</summary>
    public int? Count { get; set; }

    /// <summary>Seeds the rule's random numbers, so a <see cref="Probability"/> picks the same requests on every run.</summary>
    public int? Seed { get; set; }
}
