using SapSandbox.Server.Configuration;
using SapSandbox.Server.Hosting;

namespace SapSandbox.Server.FaultInjection;

/// <summary>
/// The fault rules in force: those of the configuration, then those added through <c>/sandbox/admin/faults</c>, in
/// that order. The first rule that matches a request and fires applies; a request gets at most one fault.
/// </summary>
/// <remarks>Changes copy the list, so that requests read it without a lock.</remarks>
public sealed class FaultRules
{
    public const string ConfigurationSource = "configuration";
    public const string AdminSource = "admin";

    readonly Lock _lock = new();
    IReadOnlyCollection<string>? _services;
    FaultRule[] _rules = [];
    int _lastId;

    /// <summary>
    /// The configured rules; one that cannot work stops start-up with its key (<c>Sandbox:Faults:2:Status</c>), before
    /// the store is opened. Their services are checked by <see cref="UseServices"/>.
    /// </summary>
    public FaultRules(IReadOnlyList<FaultRuleSettings> configured)
    {
        for (var i = 0; i < configured.Count; i++)
        {
            try { Add(configured[i], ConfigurationSource); }
            catch (FaultRuleException e) { throw new ConfigurationError(Key(i, e), e.Reason); }
        }
    }

    /// <summary>The services served: the configured rules' services must be among them.</summary>
    public void UseServices(IEnumerable<string> services)
    {
        lock (_lock)
        {
            _services = services.ToArray();
            for (var i = 0; i < _rules.Length; i++)
            {
                try { _rules[i].ResolveService(_services); }
                catch (FaultRuleException e) { throw new ConfigurationError(Key(i, e), e.Reason); }
            }
        }
    }

    static string Key(int index, FaultRuleException e) => $"{SandboxSettings.Section}:Faults:{index}:{e.Field}";

    public IReadOnlyList<FaultRule> All => Volatile.Read(ref _rules);

    /// <summary>Checks and adds a rule; throws <see cref="FaultRuleException"/> naming the field that is wrong.</summary>
    public FaultRule Add(FaultRuleSettings settings, string source = AdminSource)
    {
        lock (_lock)
        {
            var rule = new FaultRule($"fault-{_lastId + 1}", source, settings);
            if (_services != null) rule.ResolveService(_services);
            _lastId++;
            _rules = [.. _rules, rule];
            return rule;
        }
    }

    public FaultRule? Find(string id) => All.FirstOrDefault(r => r.Id.Equals(id, StringComparison.OrdinalIgnoreCase));

    public bool Remove(string id)
    {
        lock (_lock)
        {
            var rules = _rules.Where(r => !r.Id.Equals(id, StringComparison.OrdinalIgnoreCase)).ToArray();
            if (rules.Length == _rules.Length) return false;
            _rules = rules;
            return true;
        }
    }

    public int Clear()
    {
        lock (_lock)
        {
            var removed = _rules.Length;
            _rules = [];
            return removed;
        }
    }

    /// <summary>The rule whose fault this request gets, if any: the first that matches and fires.</summary>
    public FaultRule? Pick(ServiceMount mount, HttpRequest request)
    {
        var rules = All;
        if (rules.Count == 0) return null;
        var relative = mount.Relative(request);
        foreach (var rule in rules)
            if (rule.Matches(mount, request, relative) && rule.TryFire()) return rule;
        return null;
    }
}
