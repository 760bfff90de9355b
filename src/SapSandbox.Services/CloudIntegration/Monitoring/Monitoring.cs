using SapSandbox.Core.Data;
using SapSandbox.Core.Store;

namespace SapSandbox.Services.CloudIntegration.Monitoring;

/// <summary>
/// Monitoring: message processing logs with their adapter attributes, custom header properties, attachments, error
/// information, runs, steps and traces; cancelling a log; the ID mapper; idempotent repository entries; and the
/// tenant's HTTP and trace log files. The week of history comes from <see cref="MonitoringData"/>.
/// </summary>
public static class Monitoring
{
    const string Logs = "MessageProcessingLogs";

    public static void Register(CloudIntegrationModule module)
    {
        // The tenant's model declares these navigations without anything to join on; their targets carry the source's key.
        module.Links.AddRange([
            new NavigationLink(Logs, "AdapterAttributes"),
            new NavigationLink(Logs, "CustomHeaderProperties"),
            new NavigationLink(Logs, "Runs"),
            new NavigationLink("MessageProcessingLogRuns", "RunSteps"),
            new NavigationLink("MessageProcessingLogRunSteps", "TraceMessages"),
            new NavigationLink("IdMapFromIds", "ToIds"),
            new NavigationLink("IdMapToIds", "FromId2s"),
        ]);

        module.Behaviors["MessageProcessingLogAttachments"] = new AttachmentContent();
        module.Behaviors["MessageProcessingLogErrorInformations"] = new ErrorInformationText();
        module.Behaviors["TraceMessages"] = new TracePayload();
        module.Behaviors["LogFiles"] = new LogFileContent();
        var archives = new LogFileArchiveContent();
        module.Behaviors["LogFileArchives"] = archives;
        module.Resources.Add(archives);
        var idempotent = new IdempotentEntries();
        module.Behaviors["IdempotentRepositoryEntries"] = idempotent;
        module.Behaviors["GenericIdempotentRepositoryEntries"] = idempotent;
        module.Resources.Add(idempotent);
        module.Behaviors["MessageProcessingLogs"] = new MessageLogQueries();
        module.Operations["CancelMessageProcessingLog"] = new CancelMessageProcessingLog();

        MonitoringSeed.Add(module.Seed);
    }
}

/// <summary>The week of history as stored rows, entity set by entity set.</summary>
static class MonitoringSeed
{
    public static void Add(TenantSeed seed)
    {
        var version = MonitoringData.Version;
        Add(seed, "MessageProcessingLogs", version, data => data.Logs.Select(Log));
        Add(seed, "MessageProcessingLogCustomHeaderProperties", version, data => data.HeaderProperties.Select(p => Row(
            ("Id", p.Id), ("Name", p.Name), ("Value", p.Value), (Link("CustomHeaderProperties"), p.MessageGuid))));
        Add(seed, "MessageProcessingLogAdapterAttributes", version, data => data.AdapterAttributes.Select(a => Row(
            ("Id", a.Id), ("AdapterId", a.AdapterId), ("AdapterMessageId", a.AdapterMessageId), ("Name", a.Name), ("Value", a.Value),
            (Link("AdapterAttributes"), a.MessageGuid))));
        Add(seed, "MessageProcessingLogAttachments", version, data => data.Attachments.Select(a => Row(
            ("Id", a.Id), ("MessageGuid", a.MessageGuid), ("Name", a.Name), ("ContentType", a.ContentType), ("TimeStamp", a.TimeStamp),
            ("PayloadSize", (long)a.Content.Length))));
        Add(seed, "MessageProcessingLogErrorInformations", version, data => data.Errors.Select(e => Row(
            ("MessageGuid", e.MessageGuid), ("Type", "text/plain"), ("LastErrorModelStepId", e.ModelStepId))));
        Add(seed, "MessageProcessingLogRuns", version, data => data.Runs.Select(r => Row(
            ("Id", r.Id), ("LogLevel", r.LogLevel), ("OverallState", r.OverallState), ("ProcessId", r.ProcessId), ("RunStart", r.Start), ("RunStop", r.Stop),
            (Link("Runs"), r.MessageGuid))));
        Add(seed, "MessageProcessingLogRunSteps", version, data => data.RunSteps.Select(s => Row(
            ("RunId", s.RunId), ("ChildCount", s.ChildCount), ("Activity", s.Activity), ("BranchId", ""), ("ModelStepId", s.ModelStepId),
            ("StepId", s.StepId), ("Status", s.Status), ("StepStart", s.Start), ("StepStop", s.Stop), ("Error", s.Error),
            (new NavigationLink("MessageProcessingLogRuns", "RunSteps").Path("Id"), s.RunId))));
        Add(seed, "MessageProcessingLogRunStepProperties", version, data => data.RunStepProperties.Select(p => Row(
            ("RunId", p.RunId), ("ChildCount", p.ChildCount), ("Name", p.Name), ("Value", p.Value))));
        var stepLink = new NavigationLink("MessageProcessingLogRunSteps", "TraceMessages");
        Add(seed, "TraceMessages", version, data => data.TraceMessages.Select(t => Row(
            ("TraceId", t.TraceId), ("MplId", t.MplId), ("RunId", t.RunId), ("ModelStepId", t.ModelStepId), ("MimeType", t.MimeType),
            ("PayloadSize", (long)t.Payload.Length), (stepLink.Path("RunId"), t.RunId), (stepLink.Path("ChildCount"), t.ChildCount))));
        Add(seed, "TraceMessageProperties", version, data => data.TraceMessages.SelectMany(t => t.Headers.Select(h => Row(
            ("TraceId", t.TraceId), ("Name", h.Name), ("Value", h.Value)))));
        Add(seed, "TraceMessageExchangeProperties", version, data => data.TraceMessages.SelectMany(t => t.ExchangeProperties.Select(h => Row(
            ("TraceId", t.TraceId), ("Name", h.Name), ("Value", h.Value)))));

        var fromLink = new NavigationLink("IdMapFromIds", "ToIds");
        var toLink = new NavigationLink("IdMapToIds", "FromId2s");
        Add(seed, "IdMapFromIds", version, data => data.IdMappings.Select(m => m.FromId).Distinct().Select(id => Row(("FromId", id))));
        Add(seed, "IdMapToIds", version, data => data.IdMappings.Select(m => Row(
            ("ToId", m.ToId), ("FromId_", m.FromId), ("Mapper", m.Mapper), ("Context", m.Context), ("Qualifier", m.Qualifier),
            ("ExpirationTime", m.Expires), (fromLink.Path("FromId"), m.FromId))));
        // One row per source: the mapping a source id was last given.
        Add(seed, "IdMapFromId2s", version, data => data.IdMappings.GroupBy(m => m.FromId).Select(g => g.First()).Select(m => Row(
            ("FromId", m.FromId), ("ToId2", m.ToId), ("Mapper", m.Mapper), ("Context", m.Context), ("Qualifier", m.Qualifier),
            ("ExpirationTime", m.Expires), (toLink.Path("ToId"), m.ToId))));

        Add(seed, "IdempotentRepositoryEntries", version, data => data.IdempotentEntries.Select(e => Row(
            ("HexSource", MonitoringData.HexOf(e.Source)), ("HexEntry", MonitoringData.HexOf(e.Entry)), ("Source", e.Source), ("Entry", e.Entry),
            ("Component", e.Component), ("CreationTime", e.Created.ToUnixTimeMilliseconds()), ("ExpirationTime", e.Expires.ToUnixTimeMilliseconds()))));
        Add(seed, "GenericIdempotentRepositoryEntries", version, data => data.IdempotentEntries.Select(e => Row(
            ("HexVendor", MonitoringData.HexOf(e.Vendor)), ("HexSource", MonitoringData.HexOf(e.Source)), ("HexEntry", MonitoringData.HexOf(e.Entry)),
            ("HexComponent", MonitoringData.HexOf(e.Component)), ("Vendor", e.Vendor), ("Source", e.Source), ("Entry", e.Entry),
            ("Component", e.Component), ("CreationTime", e.Created.ToUnixTimeMilliseconds()), ("ExpirationTime", e.Expires.ToUnixTimeMilliseconds()))));

        Add(seed, "LogFiles", version, data => data.LogFiles.Select(f => Row(
            ("Name", f.Name), ("Application", MonitoringData.Application), ("LastModified", f.LastModified), ("ContentType", "application/gzip"),
            ("LogFileType", f.Type), ("NodeScope", "worker"), ("Size", (long)f.Gzip.Length))));
        Add(seed, "LogFileArchives", version, _ => new[] { "http", "trace" }.SelectMany(type => new[] { "all", "latest" }.Select(scope => Row(
            ("Scope", scope), ("LogFileType", type), ("NodeScope", "worker"), ("ContentType", "application/zip")))));

        // The tenant has neither external logging nor archiving switched on, and so no archiving runs or logging events.
        Add(seed, "ExternalLoggingActivationStatus", version, _ => [Row(("Id", MonitoringData.TenantName), ("Active", false))]);
        Add(seed, "ArchivingConfigurations", version, _ => [Row(("Id", MonitoringData.TenantName), ("Active", false))]);
        Add(seed, "ArchivingKeyPerformanceIndicators", version, _ => []);
        Add(seed, "ExternalLoggingEvents", version, _ => []);
    }

    static string Link(string navigation) => new NavigationLink("MessageProcessingLogs", navigation).Path("MessageGuid");

    static Dictionary<string, object?> Log(MessageLog log) => Row(
        ("MessageGuid", log.MessageGuid), ("CorrelationId", log.CorrelationId), ("ApplicationMessageId", log.ApplicationMessageId),
        ("ApplicationMessageType", log.Flow.ApplicationMessageType), ("LogStart", log.LogStart), ("LogEnd", log.LogEnd),
        ("Sender", log.Flow.Sender), ("Receiver", log.Flow.Receiver), ("IntegrationFlowName", log.Flow.Id), ("Status", log.Status),
        ("AlternateWebLink", $"{MonitoringData.ManagementHost}/itspaces/shell/monitoring/Messages/%7B%22identifier%22%3A%22{log.MessageGuid}%22%7D"),
        ("IntegrationArtifact/Id", log.Flow.Id), ("IntegrationArtifact/Name", log.Flow.Name), ("IntegrationArtifact/Type", "INTEGRATION_FLOW"),
        ("IntegrationArtifact/PackageId", log.Flow.PackageId), ("IntegrationArtifact/PackageName", log.Flow.PackageName),
        ("LogLevel", log.LogLevel), ("CustomStatus", log.CustomStatus), ("ArchivingStatus", "NOT_RELEVANT"),
        ("ArchivingSenderChannelMessages", false), ("ArchivingReceiverChannelMessages", false), ("ArchivingLogAttachments", false),
        ("ArchivingPersistedMessages", false), ("TransactionId", log.TransactionId), ("PreviousComponentName", MonitoringData.ComponentName),
        ("LocalComponentName", MonitoringData.ComponentName), ("OriginComponentName", MonitoringData.ComponentName),
        ("LastChangeTime", log.LogEnd.ToUnixTimeMilliseconds()), ("PredecessorMessageGuid", log.PredecessorMessageGuid));

    static Dictionary<string, object?> Row(params (string Path, object? Value)[] values) => values.ToDictionary(v => v.Path, v => v.Value);

    /// <summary>The rows are made only when the store is seeded: the week of history is not generated on a restart.</summary>
    static void Add(TenantSeed seed, string set, string version, Func<MonitoringData, IEnumerable<Dictionary<string, object?>>> rows) =>
        seed.Add(set, version, table => SeedRows.From(table, rows(MonitoringData.Instance)));
}
