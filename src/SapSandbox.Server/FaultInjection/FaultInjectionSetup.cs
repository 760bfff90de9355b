using SapSandbox.Server.Hosting;

namespace SapSandbox.Server.FaultInjection;

public static class FaultInjectionSetup
{
    /// <summary>The configured fault rules, checked now: a wrong one stops start-up naming its key before the store is opened.</summary>
    public static void AddFaultInjection(this IServiceCollection services, IReadOnlyList<FaultRuleSettings> configured) =>
        services.AddSingleton(new FaultRules(configured));

    /// <summary>
    /// Checks the configured rules' services against those served and puts the fault step into the pipeline; returns
    /// the rules for the admin API.
    /// </summary>
    public static FaultRules UseFaultInjection(this WebApplication app, ServiceMounts mounts)
    {
        var rules = app.Services.GetRequiredService<FaultRules>();
        rules.UseServices(mounts.Services.Select(s => s.Name));
        app.UseMiddleware<FaultInjectionMiddleware>(rules, mounts);
        return rules;
    }
}
