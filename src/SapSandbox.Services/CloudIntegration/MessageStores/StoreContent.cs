using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SapSandbox.Services.CloudIntegration.Monitoring;

namespace SapSandbox.Services.CloudIntegration.MessageStores;

sealed record PersistedMessage(string Id, string MessageGuid, string MessageStoreId, DateTimeOffset TimeStamp, string Subject, string FlowId,
    IReadOnlyList<(string Name, string Value)> Properties, IReadOnlyList<PersistedAttachment> Attachments);

sealed record PersistedAttachment(string Id, string Name, string ContentType, IReadOnlyList<(string Name, string Value)> Properties);

sealed record DataStoreInfo(string Name, string IntegrationFlow, string Type, string Visibility);

sealed record StoredEntry(string Id, DataStoreInfo Store, string Status, string? MessageId, DateTimeOffset DueAt, DateTimeOffset CreatedAt, DateTimeOffset RetainUntil);

sealed record FlowVariable(string Name, string IntegrationFlow, string Visibility, DateTimeOffset UpdatedAt, DateTimeOffset RetainUntil);

sealed record NumberRangeInfo(string Name, string Description, long Min, long Max, long Current, int FieldLength, bool Rotate, string DeployedBy, DateTimeOffset DeployedOn);

/// <summary>A JMS queue of the tenant: who writes to it and who reads from it.</summary>
sealed record QueueInfo(string Name, bool Active, bool Exclusive, string ConsumerFlow, string ProducerFlow);

sealed record QueuedMessage(string JmsMessageId, string Queue, bool Failed, DateTimeOffset CreatedAt, DateTimeOffset NextRetry, DateTimeOffset OverdueAt,
    long RetryCount, string MplId, string CorrelationId, string? ApplicationId, string? MessageType, string? Sender, string? Receiver, string CustomStatus);

/// <summary>
/// What the tenant's stores hold when it starts, following from the messages it processed (the monitor's logs):
/// messages that Persist steps kept, data store entries waiting for their flows, variables, number ranges, and
/// the JMS queues with the messages that wait for a retry or failed for good. Computed once from fixed inputs, so
/// every reset gives the same rows.
/// </summary>
sealed class StoreContent
{
    public const string Version = "message-stores-1+" + MonitoringData.Version;
    const string TenantPart = "5c0dda41";

    public static StoreContent Instance => Lazy.Value;
    static readonly Lazy<StoreContent> Lazy = new(() => new StoreContent());

    /// <summary>The tenant's "now" for its history, the monitor's: entries are due or overdue as of this moment.</summary>
    public static DateTimeOffset Epoch => MonitoringData.Epoch;

    public List<PersistedMessage> Persisted { get; } = [];
    public List<DataStoreInfo> DataStores { get; } = [];
    public List<StoredEntry> Entries { get; } = [];
    public List<FlowVariable> Variables { get; } = [];
    public List<NumberRangeInfo> NumberRanges { get; } = [];
    public List<QueueInfo> Queues { get; } = [];
    public List<QueuedMessage> Messages { get; } = [];

    StoreContent()
    {
        var logs = MonitoringData.Instance.Logs;
        AddPersisted(logs);
        AddDataStores(logs);
        AddVariables(logs);
        AddNumberRanges();
        AddQueues(logs);
    }

    /// <summary>Flows with a Persist step keep their inbound message and, for invoices, the documents sent along.</summary>
    void AddPersisted(IReadOnlyList<MessageLog> logs)
    {
        var persisting = new Dictionary<string, string>
        {
            ["Replicate_Business_Partner_from_S4HANA_to_Sales_Cloud"] = "Persist_Inbound_DEBMAS",
            ["Send_Supplier_Invoice_to_Ariba"] = "Persist_Invoice",
            ["Receive_EDI_Orders_via_AS2"] = "Persist_EDIFACT_Interchange",
        };
        foreach (var log in logs.Where(l => persisting.ContainsKey(l.Flow.Id) && l.Status is "COMPLETED" or "FAILED" or "RETRY").TakeLast(36))
        {
            var storeId = persisting[log.Flow.Id];
            var id = $"sap-it-res:msg:{TenantPart}:{Uuid("msg" + log.MessageGuid)}";
            var properties = new List<(string, string)>
            {
                ("SAP_MessageProcessingLogID", log.MessageGuid),
                ("SAP_MplCorrelationId", log.CorrelationId),
                ("SAP_Sender", log.Flow.Sender ?? ""),
                ("SAP_Receiver", log.Flow.Receiver ?? ""),
            };
            properties.AddRange(log.Headers);
            var attachments = new List<PersistedAttachment>();
            if (log.Flow.Id == "Send_Supplier_Invoice_to_Ariba")
                foreach (var (name, type) in new[] { ($"{log.Subject}.html", "text/html; charset=iso-8859-1"), ("cXML_Attachment_1.json", "application/json") })
                    attachments.Add(new PersistedAttachment($"sap-it-res:att:{TenantPart}:{Uuid("att" + name + log.MessageGuid)}", name, type,
                        [("Content-type", type), ("Content-Disposition", $"attachment; filename=\"{name}\"")]));
            Persisted.Add(new PersistedMessage(id, log.MessageGuid, storeId, log.LogStart.AddMilliseconds(180), log.Subject, log.Flow.Id, properties, attachments));
        }
    }

    /// <summary>Data stores of flows and adapters, with entries for the messages that put something there.</summary>
    void AddDataStores(IReadOnlyList<MessageLog> logs)
    {
        var stores = new (DataStoreInfo Store, Func<MessageLog, bool> Writes, TimeSpan Due, int Max)[]
        {
            (new DataStoreInfo("PendingInvoices", "Send_Supplier_Invoice_to_Ariba", "", "Integration Flow"),
                l => l.Flow.Id == "Send_Supplier_Invoice_to_Ariba" && l.Status is "FAILED" or "RETRY", TimeSpan.FromDays(1), 8),
            (new DataStoreInfo("S4H_100_INVOIC02", "Send_Supplier_Invoice_to_Ariba", "XI", "Integration Flow"),
                l => l.Flow.Id == "Send_Supplier_Invoice_to_Ariba" && l.Status == "RETRY", TimeSpan.FromDays(3), 6),
            (new DataStoreInfo("EDI_Interchanges", "", "", "Global"),
                l => l.Flow.Id == "Receive_EDI_Orders_via_AS2" && l.Status == "COMPLETED", TimeSpan.FromDays(30), 9),
            (new DataStoreInfo("BusinessPartnerDeltas", "Replicate_Business_Partner_from_S4HANA_to_Sales_Cloud", "", "Integration Flow"),
                l => l.Flow.Id == "Replicate_Business_Partner_from_S4HANA_to_Sales_Cloud" && l.Status is "FAILED", TimeSpan.FromHours(12), 7),
            (new DataStoreInfo("MaterialImages", "", "", "Global"),
                l => l.Flow.Id == "Distribute_Material_Master_to_Webshop" && l.Status == "COMPLETED", TimeSpan.FromDays(10), 5),
        };
        foreach (var (store, writes, due, max) in stores)
        {
            DataStores.Add(store);
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var log in logs.Where(writes).TakeLast(max))
            {
                var created = Truncate(log.LogEnd.AddMilliseconds(35));
                var dueAt = created + due;
                var id = store.Name switch
                {
                    "EDI_Interchanges" => $"UNB_{log.Subject}",
                    "MaterialImages" => $"{log.Subject}_image_001",
                    _ => log.Subject,
                };
                // A document that failed twice is one entry the second time too; the store keys it apart.
                for (var copy = 2; !ids.Add(id); copy++) id = $"{id}_{copy}";
                Entries.Add(new StoredEntry(id, store, dueAt < Epoch ? "Overdue" : "Waiting", log.MessageGuid, dueAt, created, created.AddDays(90)));
            }
        }
        // A global store written by a flow that no longer runs: everything in it is overdue.
        var retired = new DataStoreInfo("ZZZ", "", "", "Global");
        DataStores.Add(retired);
        for (var i = 1; i <= 4; i++)
        {
            var created = Epoch.AddDays(-60 + i).AddHours(9).AddMilliseconds(6 + i * 113);
            Entries.Add(new StoredEntry($"SAPCpiOutboundOrder_1049600{i}A_ZTD", retired, "Overdue", MonitoringData.Instance.Logs[i * 7].MessageGuid,
                created.AddDays(2), created, created.AddDays(90)));
        }
    }

    void AddVariables(IReadOnlyList<MessageLog> logs)
    {
        DateTimeOffset LastRun(string flow) => Truncate(logs.LastOrDefault(l => l.Flow.Id == flow)?.LogEnd ?? Epoch.AddHours(-3));
        (string Name, string Flow, string Visibility)[] variables =
        [
            ("LastSuccessfulRun", "Replicate_Employee_from_SuccessFactors", "Integration Flow"),
            ("EmployeeDeltaToken", "Replicate_Employee_from_SuccessFactors", "Integration Flow"),
            ("ExchangeRateDate", "Import_Daily_Exchange_Rates", "Integration Flow"),
            ("PaymentFileCount", "Poll_Payment_Advices_from_Bank_SFTP", "Integration Flow"),
            ("WebshopLastSync", "Distribute_Material_Master_to_Webshop", "Global"),
            ("InvoiceBatchNumber", "Send_Supplier_Invoice_to_Ariba", "Global"),
        ];
        foreach (var (name, flow, visibility) in variables)
        {
            var updated = LastRun(flow);
            Variables.Add(new FlowVariable(name, flow, visibility, updated, updated.AddDays(400)));
        }
    }

    void AddNumberRanges()
    {
        var deployed = Epoch.AddDays(-41).AddHours(10).AddMinutes(8).AddMilliseconds(490);
        NumberRanges.Add(new("EDI_Interchange_Control_Number", "EDIFACT interchange control references (UNB 0020) for outbound AS2", 1, 99_999_999, 4_711, 8, true, "integration_lead", deployed));
        NumberRanges.Add(new("Ariba_Invoice_Batch", "Batch numbers of invoices sent to SAP Business Network", 100_000, 999_999, 100_386, 6, false, "integration_lead", deployed.AddDays(3)));
        NumberRanges.Add(new("IDoc_Sequence_Webshop", "Serialization counter for material IDocs to the webshop", 0, 9_999, 9_871, 4, true, "pd_administrator", deployed.AddDays(9)));
        NumberRanges.Add(new("Payment_Advice_File", "Running number of camt.054 files from the house bank", 1, 999_999_999, 12_044, 0, false, "pd_administrator", deployed.AddDays(12)));
    }

    /// <summary>
    /// A queue per flow that decouples with JMS, the common dead-letter queue, and a retired queue that is switched
    /// off. Messages whose log says RETRY wait in their flow's queue; a few that failed for good stay there as failed.
    /// </summary>
    void AddQueues(IReadOnlyList<MessageLog> logs)
    {
        var queueOf = new Dictionary<string, string>
        {
            ["Replicate_Business_Partner_from_S4HANA_to_Sales_Cloud"] = "BP_Replication_C4C",
            ["Send_Supplier_Invoice_to_Ariba"] = "Invoice_Ariba_Outbound",
            ["Distribute_Material_Master_to_Webshop"] = "Material_Webshop_Outbound",
        };
        foreach (var (flow, queue) in queueOf) Queues.Add(new QueueInfo(queue, true, false, flow, flow));
        Queues.Add(new QueueInfo("Common_JMS_ID_DLQ", true, false, "Notify_Operations_on_Failed_Messages", "Send_Supplier_Invoice_to_Ariba"));
        Queues.Add(new QueueInfo("Orders_Legacy_PI", false, true, "Receive_EDI_Orders_via_AS2", "Receive_EDI_Orders_via_AS2"));

        var n = 0;
        foreach (var log in logs.Where(l => queueOf.ContainsKey(l.Flow.Id) && l.Status == "RETRY"))
        {
            var retries = 1 + Payloads.Number(log.MessageGuid) % 5;
            var next = Truncate(log.LogEnd.AddMinutes(Math.Pow(2, retries)));
            Messages.Add(Message(log, queueOf[log.Flow.Id], false, retries, next, n++));
        }
        foreach (var log in logs.Where(l => queueOf.ContainsKey(l.Flow.Id) && l.Status == "FAILED" && Epoch - l.LogStart < TimeSpan.FromDays(4)).TakeLast(9))
            Messages.Add(Message(log, queueOf[log.Flow.Id], true, 5, Truncate(log.LogEnd.AddHours(1)), n++));
        foreach (var log in logs.Where(l => l.Flow.Id == "Send_Supplier_Invoice_to_Ariba" && l.Status == "FAILED" && Epoch - l.LogStart >= TimeSpan.FromDays(4)).TakeLast(3))
            Messages.Add(Message(log, "Common_JMS_ID_DLQ", true, 10, Truncate(log.LogEnd.AddHours(6)), n++));
    }

    static QueuedMessage Message(MessageLog log, string queue, bool failed, long retries, DateTimeOffset nextRetry, int n)
    {
        var created = Truncate(log.LogStart.AddMilliseconds(12));
        var id = $"ID:10.11.44.{17 + n % 200}{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(log.MessageGuid)))[..16].ToLowerInvariant()}:1:1:1:1";
        return new QueuedMessage(id, queue, failed, created, nextRetry, created.AddDays(1), retries, log.MessageGuid, log.CorrelationId,
            log.ApplicationMessageId, log.Flow.ApplicationMessageType, log.Flow.Sender, log.Flow.Receiver, failed ? "FAILED" : "RETRY");
    }

    /// <summary>A UUID derived from a text, so ids stay the same from run to run.</summary>
    static string Uuid(string text)
    {
        var h = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
        return $"{h[..8]}-{h[8..12]}-4{h[13..16]}-a{h[17..20]}-{h[20..32]}";
    }

    static DateTimeOffset Truncate(DateTimeOffset value) => value.AddTicks(-(value.Ticks % TimeSpan.TicksPerMillisecond));

    /// <summary>A number range value as the tenant shows it: zero-padded to the field length.</summary>
    public static string Padded(long value, int fieldLength) => value.ToString(CultureInfo.InvariantCulture).PadLeft(fieldLength, '0');
}
