using System.Collections.Concurrent;

namespace SapSandbox.Core.Query;

/// <summary>
/// Compiled reads by request URL. Clients repeat the same queries (UI5 lists, polling monitors), and a
/// plan is immutable, so parsing and SQL generation happen once per distinct URL. Bounded: when full it
/// starts over rather than tracking use.
/// </summary>
public sealed class PlanCache(int capacity = 2048)
{
    public sealed record Entry(ReadRequest Request, ReadPlan Plan);

    readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public Entry GetOrAdd(string key, Func<Entry> compile)
    {
        // now() is bound when a plan is compiled; such a plan must not outlive its request.
        if (key.Contains("now()", StringComparison.Ordinal)) return compile();
        if (_entries.TryGetValue(key, out var entry)) return entry;
        entry = compile();
        if (_entries.Count >= capacity) _entries.Clear();
        _entries[key] = entry;
        return entry;
    }
}
