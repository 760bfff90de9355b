using System.Text.Encodings.Web;
using System.Text.Json;

namespace SapSandbox.Server.Monitoring;

/// <summary>A failed request as the error log keeps it: what was asked and what was answered, bodies cut at <see cref="BodyCapture.Limit"/>.</summary>
public sealed record ErrorLogEntry(
    long Id,
    string TransactionId,
    DateTimeOffset Time,
    string? User,
    string? Service,
    string Method,
    string Url,
    IReadOnlyList<KeyValuePair<string, string>> RequestHeaders,
    string RequestBody,
    bool RequestBodyTruncated,
    int Status,
    string ResponseBody,
    bool ResponseBodyTruncated,
    double DurationMs,
    string? FaultRule)
{
    /// <summary>
    /// Set when the answer starts, which may be after the entry is made (a body not yet flushed): the headers that are
    /// added as it starts (<c>sap-sandbox-fault</c>, <c>sap-statistics</c>) belong to what the client got.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> ResponseHeaders { get; set; } = [];

    /// <summary>The list view: who asked what, and the answer's status.</summary>
    public void WriteSummary(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        WriteHead(json);
        json.WriteEndObject();
    }

    /// <summary>The detail view: request and response with headers and bodies.</summary>
    public void WriteDetail(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        WriteHead(json);
        json.WriteStartObject("request");
        json.WriteString("method", Method);
        json.WriteString("url", Url);
        WriteHeaders(json, RequestHeaders);
        json.WriteString("body", RequestBody);
        json.WriteBoolean("bodyTruncated", RequestBodyTruncated);
        json.WriteEndObject();
        json.WriteStartObject("response");
        json.WriteNumber("status", Status);
        WriteHeaders(json, ResponseHeaders);
        json.WriteString("body", ResponseBody);
        json.WriteBoolean("bodyTruncated", ResponseBodyTruncated);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    void WriteHead(Utf8JsonWriter json)
    {
        json.WriteNumber("id", Id);
        json.WriteString("transactionId", TransactionId);
        json.WriteString("time", Time);
        json.WriteString("user", User);
        json.WriteString("service", Service);
        json.WriteString("method", Method);
        json.WriteString("url", Url);
        json.WriteNumber("status", Status);
        json.WriteNumber("durationMs", DurationMs);
        if (FaultRule != null) json.WriteString("faultRule", FaultRule);
    }

    static void WriteHeaders(Utf8JsonWriter json, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        json.WriteStartObject("headers");
        foreach (var (name, value) in headers) json.WriteString(name, value);
        json.WriteEndObject();
    }
}

/// <summary>
/// The most recent failed requests (status 400 or more, or dropped without an answer), like SAP Gateway's error log
/// (<c>/IWFND/ERROR_LOG</c>): kept in memory, the oldest dropped beyond <see cref="Capacity"/>, read at
/// <c>/sandbox/admin/errors</c>.
/// </summary>
public sealed class ErrorLog
{
    public const int Capacity = 200;

    /// <summary>Credentials never go into the log; the scheme stays, so a wrong one can be seen.</summary>
    static readonly HashSet<string> Redacted = new(StringComparer.OrdinalIgnoreCase) { "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie" };
    public const string RedactedValue = "[redacted]";

    /// <summary>Bodies and URLs stay legible (<c>&lt;</c>, <c>"</c>, <c>&amp;</c> as they are); the answer is JSON, never HTML.</summary>
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    readonly Lock _lock = new();
    readonly LinkedList<ErrorLogEntry> _entries = new();
    long _lastId;

    public long NextId() => Interlocked.Increment(ref _lastId);

    public void Add(ErrorLogEntry entry)
    {
        lock (_lock)
        {
            _entries.AddFirst(entry);
            while (_entries.Count > Capacity) _entries.RemoveLast();
        }
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<ErrorLogEntry> Recent()
    {
        lock (_lock) return [.. _entries];
    }

    public ErrorLogEntry? Find(long id)
    {
        lock (_lock) return _entries.FirstOrDefault(e => e.Id == id);
    }

    /// <summary>By the transaction id an SAP error body names (<c>innererror.transactionid</c>, <c>@SAP__common.TransactionId</c>).</summary>
    public ErrorLogEntry? Find(string transactionId)
    {
        lock (_lock) return _entries.FirstOrDefault(e => e.TransactionId.Equals(transactionId, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A request's transaction id as the SAP error bodies write it.</summary>
    public static string TransactionId(HttpContext context) => context.TraceIdentifier.Replace(":", "").ToUpperInvariant();

    public int Clear()
    {
        lock (_lock)
        {
            var count = _entries.Count;
            _entries.Clear();
            return count;
        }
    }

    public static IReadOnlyList<KeyValuePair<string, string>> Headers(IHeaderDictionary headers) =>
        headers.Select(h => new KeyValuePair<string, string>(h.Key, Redacted.Contains(h.Key) ? Redact(h.Value.ToString()) : h.Value.ToString())).ToList();

    static string Redact(string value)
    {
        var space = value.IndexOf(' ');
        // "Basic [redacted]", "Bearer [redacted]": the scheme tells what the client tried.
        return space > 0 && !value[..space].Contains('=') ? value[..space] + " " + RedactedValue : RedactedValue;
    }
}
