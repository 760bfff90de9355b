using System.Text.Json;
using System.Text.RegularExpressions;
using SapSandbox.Server.Hosting;

namespace SapSandbox.Server.FaultInjection;

/// <summary>A rule that cannot work: the field and why, for the configuration key or the admin API's 400.</summary>
public sealed class FaultRuleException(string field, string reason) : Exception($"{field}: {reason}")
{
    public string Field { get; } = field;
    public string Reason { get; } = reason;
}

/// <summary>
/// One checked fault rule with its state: how many faults it may still inject and how many it has. Its random numbers
/// are its own (seeded by <see cref="FaultRuleSettings.Seed"/> when given), so one rule's draws do not depend on
/// which other rules saw the request.
/// </summary>
public sealed class FaultRule
{
    readonly Regex? _path;
    readonly Random _random;
    readonly Lock _lock = new();
    int? _remaining;
    long _injected;

    /// <summary>Checks everything but the service's name, which <see cref="ResolveService"/> checks once the catalog is loaded.</summary>
    public FaultRule(string id, string source, FaultRuleSettings settings)
    {
        Id = id;
        Source = source;
        Settings = settings;
        if (settings.Method != null)
        {
            if (settings.Method.Length == 0 || !settings.Method.All(char.IsAsciiLetter))
                throw new FaultRuleException(nameof(settings.Method), $"'{settings.Method}' is not an HTTP method");
            Method = settings.Method.ToUpperInvariant();
        }
        if (settings.Path != null)
        {
            try { _path = new Regex(settings.Path, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)); }
            catch (ArgumentException e) { throw new FaultRuleException(nameof(settings.Path), $"not a regular expression: {e.Message}"); }
        }

        if (settings.Status is { } status && (status < 400 || status > 599))
            throw new FaultRuleException(nameof(settings.Status), $"{status} is not an error status (400 to 599)");
        if (settings.Message != null && settings.Status == null)
            throw new FaultRuleException(nameof(settings.Message), "a message needs a Status to be answered with");
        if (settings.RetryAfterSeconds is { } retry && (retry < 0 || settings.Status == null))
            throw new FaultRuleException(nameof(settings.RetryAfterSeconds), settings.Status == null ? "Retry-After needs a Status to be sent with" : "must not be negative");
        if (settings.Latency is { } latency && (latency < 0 || latency > 600_000))
            throw new FaultRuleException(nameof(settings.Latency), $"{latency} ms is not between 0 and 600000 (10 minutes)");
        var effects = new List<string>();
        if (settings.Status != null) effects.Add(nameof(settings.Status));
        if (settings.Drop) effects.Add(nameof(settings.Drop));
        if (settings.ExpireCsrfToken) effects.Add(nameof(settings.ExpireCsrfToken));
        if (settings.StaleETag) effects.Add(nameof(settings.StaleETag));
        if (effects.Count > 1)
            throw new FaultRuleException(effects[1], $"a rule has one of Status, Drop, ExpireCsrfToken and StaleETag, not {string.Join(" and ", effects)} (Latency goes with any of them)");
        if (effects.Count == 0 && (settings.Latency ?? 0) == 0)
            throw new FaultRuleException(nameof(settings.Status), "the rule does nothing: give it a Status, Latency, Drop, ExpireCsrfToken or StaleETag");
        if (settings.Probability is { } probability && (double.IsNaN(probability) || probability < 0 || probability > 1))
            throw new FaultRuleException(nameof(settings.Probability), $"{probability} is not between 0 and 1");
        if (settings.Count is { } count && count < 1)
            throw new FaultRuleException(nameof(settings.Count), $"{count}: a rule for the next N requests needs N of 1 or more");

        _remaining = settings.Count;
        _random = settings.Seed is { } seed ? new Random(seed) : new Random();
    }

    public string Id { get; }
    /// <summary><c>configuration</c> or <c>admin</c>: where the rule came from.</summary>
    public string Source { get; }
    public FaultRuleSettings Settings { get; }
    /// <summary>The service's name as the catalog spells it.</summary>
    public string? Service { get; private set; }

    /// <summary>Finds the rule's service among those served (in any case); throws naming the field when there is none.</summary>
    public void ResolveService(IReadOnlyCollection<string> services)
    {
        if (Settings.Service == null) return;
        Service = services.FirstOrDefault(s => s.Equals(Settings.Service, StringComparison.OrdinalIgnoreCase))
                  ?? throw new FaultRuleException(nameof(Settings.Service), $"there is no service '{Settings.Service}' (served: {string.Join(", ", services)})");
    }
    public string? Method { get; }

    public long Injected => Interlocked.Read(ref _injected);

    /// <summary>What the rule does, for the log line: <c>status 503</c>, <c>latency 200 ms</c>, ...</summary>
    public string Effect
    {
        get
        {
            var parts = new List<string>();
            if (Settings.Latency is > 0) parts.Add($"latency {Settings.Latency} ms");
            if (Settings.Status is { } status) parts.Add($"status {status}");
            if (Settings.Drop) parts.Add("dropped connection");
            if (Settings.ExpireCsrfToken) parts.Add("expired CSRF token");
            if (Settings.StaleETag) parts.Add("stale ETag");
            return string.Join(", ", parts);
        }
    }

    /// <summary>
    /// Whether the request is one this rule is about: service, method and path, and for the CSRF and ETag faults a
    /// request they can happen to (a change; an update or delete). Says nothing about chance or count.
    /// </summary>
    public bool Matches(ServiceMount mount, HttpRequest request, string relative)
    {
        if (Service != null && !Service.Equals(mount.Service.Name, StringComparison.Ordinal)) return false;
        var method = request.Method;
        var tunnelled = HttpMethods.IsPost(method) ? request.Headers["X-HTTP-Method"].ToString() : "";
        if (Method != null && !Method.Equals(method, StringComparison.OrdinalIgnoreCase) && !Method.Equals(tunnelled, StringComparison.OrdinalIgnoreCase)) return false;
        if (_path != null && !PathMatches(relative)) return false;
        var effective = tunnelled.Length > 0 ? tunnelled : method;
        if (Settings.ExpireCsrfToken && (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method))) return false;
        if (Settings.StaleETag && !(HttpMethods.IsPut(effective) || HttpMethods.IsPatch(effective) || HttpMethods.IsDelete(effective)
                                    || effective.Equals("MERGE", StringComparison.OrdinalIgnoreCase))) return false;
        return true;
    }

    /// <summary>A pattern that takes longer than its time limit on a path does not match it, rather than failing the request.</summary>
    bool PathMatches(string relative)
    {
        try { return _path!.IsMatch(relative); }
        catch (RegexMatchTimeoutException) { return false; }
    }

    /// <summary>Draws the rule's chance and takes one of its remaining faults; true when this request gets the fault.</summary>
    public bool TryFire()
    {
        lock (_lock)
        {
            if (_remaining is <= 0) return false;
            if (Settings.Probability is { } probability && _random.NextDouble() >= probability) return false;
            if (_remaining != null) _remaining--;
            _injected++;
            return true;
        }
    }

    public void WriteTo(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("id", Id);
        json.WriteString("source", Source);
        if (Service != null) json.WriteString("service", Service);
        if (Method != null) json.WriteString("method", Method);
        if (Settings.Path != null) json.WriteString("path", Settings.Path);
        if (Settings.Status is { } status) json.WriteNumber("status", status);
        if (Settings.Message != null) json.WriteString("message", Settings.Message);
        if (Settings.RetryAfterSeconds is { } retry) json.WriteNumber("retryAfterSeconds", retry);
        if (Settings.Latency is { } latency) json.WriteNumber("latency", latency);
        if (Settings.Drop) json.WriteBoolean("drop", true);
        if (Settings.ExpireCsrfToken) json.WriteBoolean("expireCsrfToken", true);
        if (Settings.StaleETag) json.WriteBoolean("staleETag", true);
        if (Settings.Probability is { } probability) json.WriteNumber("probability", probability);
        if (Settings.Seed is { } seed) json.WriteNumber("seed", seed);
        lock (_lock)
        {
            if (Settings.Count is { } count)
            {
                json.WriteNumber("count", count);
                json.WriteNumber("remaining", _remaining ?? 0);
            }
            json.WriteNumber("injected", _injected);
        }
        json.WriteEndObject();
    }
}
