using SapSandbox.Core.Data;
using SapSandbox.Core.Store;

namespace SapSandbox.Services.CloudIntegration.MessageStores;

/// <summary>
/// The Message Stores API of the tenant: message store entries with their payloads, attachments and properties;
/// data stores and their entries; variables; number ranges; the JMS broker with its queues and messages, and the
/// retry, move and (de)activation of queues. Its starting content follows from the messages the tenant processed.
/// </summary>
public static class MessageStoresModule
{
    static readonly NavigationLink EntryAttachments = new("MessageStoreEntries", "Attachments");
    static readonly NavigationLink EntryProperties = new("MessageStoreEntries", "Properties");
    static readonly NavigationLink AttachmentProperties = new("MessageStoreEntryAttachments", "Properties");

    public static void Register(CloudIntegrationModule module)
    {
        module.Links.AddRange([EntryAttachments, EntryProperties, AttachmentProperties,
            JmsBroker.QueueStatesLink, JmsBroker.InactiveQueuesLink, JmsBroker.QueueNamesHighLink]);

        const string persisted = "the Persist step of an integration flow writes message store entries";
        const string broker = "the message broker keeps these figures from its queues";
        module.Behaviors["MessageStoreEntries"] = new MessageStoreEntryBehavior();
        module.Behaviors["MessageStoreEntryAttachments"] = new MessageStoreAttachmentBehavior();
        module.Behaviors["MessageStoreEntryProperties"] = new RuntimeOwnedSet(persisted);
        module.Behaviors["MessageStoreEntryAttachmentProperties"] = new RuntimeOwnedSet(persisted);
        module.Behaviors["DataStores"] = new DataStoreBehavior();
        module.Behaviors["DataStoreEntries"] = new DataStoreEntryBehavior();
        module.Behaviors["Variables"] = new VariableBehavior();
        module.Behaviors["NumberRanges"] = new NumberRangeBehavior();
        module.Behaviors[JmsBroker.Brokers] = new RuntimeOwnedSet(broker);
        module.Behaviors[JmsBroker.QueueStates] = new RuntimeOwnedSet(broker);
        module.Behaviors[JmsBroker.Queues] = new RuntimeOwnedSet("queues come into being with the integration flows that use them; activateQueue and deactivateQueue switch them");
        module.Behaviors[JmsBroker.JmsQueues] = new RuntimeOwnedSet(broker);
        module.Behaviors[JmsBroker.JmsArtifacts] = new RuntimeOwnedSet("the integration flows deployed with JMS adapters are the queues' artifacts");
        module.Behaviors[JmsBroker.MessagingQueues] = new MessagingQueueBehavior();
        module.Behaviors[JmsBroker.MessagingMessages] = new QueuedMessageBehavior("queueName", "jmsMessageId");
        module.Behaviors[JmsBroker.JmsMessages] = new QueuedMessageBehavior("Name", "Msgid");
        module.Resources.Add(new StoreResources());
        module.Operations["activateQueue"] = new QueueActivation(active: true);
        module.Operations["deactivateQueue"] = new QueueActivation(active: false);
        module.Tickers.Add(new OverdueEntriesTicker());

        var version = StoreContent.Version;
        void Seed(string entitySet, Func<StoreContent, IEnumerable<IReadOnlyDictionary<string, object?>>> rows) =>
            module.Seed.Add(entitySet, version, table => SeedRows.From(table, rows(StoreContent.Instance)));

        Seed("MessageStoreEntries", c => c.Persisted.Select(p => Row(("Id", p.Id), ("MessageGuid", p.MessageGuid), ("MessageStoreId", p.MessageStoreId),
            ("TimeStamp", p.TimeStamp), ("HasAttachments", p.Attachments.Count > 0))));
        Seed("MessageStoreEntryProperties", c => c.Persisted.SelectMany(p => p.Properties.Select(property =>
            Row(("MessageId", p.Id), ("Name", property.Name), ("Value", property.Value), (EntryProperties.Path("Id"), p.Id)))));
        Seed("MessageStoreEntryAttachments", c => c.Persisted.SelectMany(p => p.Attachments.Select(a =>
            Row(("Id", a.Id), ("Name", a.Name), ("ContentType", a.ContentType), (EntryAttachments.Path("Id"), p.Id)))));
        Seed("MessageStoreEntryAttachmentProperties", c => c.Persisted.SelectMany(p => p.Attachments).SelectMany(a => a.Properties.Select(property =>
            Row(("AttachmentId", a.Id), ("Name", property.Name), ("Value", property.Value), (AttachmentProperties.Path("Id"), a.Id)))));

        Seed("DataStores", c => c.DataStores.Select(store =>
        {
            var entries = c.Entries.Where(e => e.Store == store).ToList();
            return Row(("DataStoreName", store.Name), ("IntegrationFlow", store.IntegrationFlow), ("Type", store.Type), ("Visibility", store.Visibility),
                ("NumberOfMessages", (long)entries.Count), ("NumberOfOverdueMessages", (long)entries.Count(e => e.Status == "Overdue")));
        }));
        Seed("DataStoreEntries", c => c.Entries.Select(e => Row(("Id", e.Id), ("DataStoreName", e.Store.Name), ("IntegrationFlow", e.Store.IntegrationFlow),
            ("Type", e.Store.Type), ("Status", e.Status), ("MessageId", e.MessageId), ("DueAt", e.DueAt), ("CreatedAt", e.CreatedAt), ("RetainUntil", e.RetainUntil))));
        Seed("Variables", c => c.Variables.Select(v => Row(("VariableName", v.Name), ("IntegrationFlow", v.IntegrationFlow), ("Visibility", v.Visibility),
            ("UpdatedAt", v.UpdatedAt), ("RetainUntil", v.RetainUntil))));
        Seed("NumberRanges", c => c.NumberRanges.Select(n => Row(("Name", n.Name), ("Description", n.Description),
            ("MinValue", StoreContent.Padded(n.Min, n.FieldLength)), ("MaxValue", StoreContent.Padded(n.Max, n.FieldLength)),
            ("CurrentValue", StoreContent.Padded(n.Current, n.FieldLength)), ("FieldLength", n.FieldLength.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Rotate", n.Rotate ? "true" : "false"), ("DeployedBy", n.DeployedBy), ("DeployedOn", n.DeployedOn))));

        Seed(JmsBroker.Queues, c => Figures(c).Select(JmsBroker.QueueRow));
        Seed(JmsBroker.JmsQueues, c => Figures(c).Select(JmsBroker.JmsQueueRow));
        Seed(JmsBroker.MessagingQueues, c => Figures(c).Select(JmsBroker.MessagingQueueRow));
        Seed(JmsBroker.QueueStates, c => Figures(c).Select(JmsBroker.QueueStateRow));
        Seed(JmsBroker.Brokers, c => [JmsBroker.BrokerRow(Figures(c))]);
        Seed(JmsBroker.MessagingMessages, c => c.Messages.Select(JmsBroker.MessagingMessageRow));
        Seed(JmsBroker.JmsMessages, c => c.Messages.Select(JmsBroker.JmsMessageRow));
        Seed(JmsBroker.JmsArtifacts, c => c.Queues.Select(q => Row(("Name", q.Name), ("Id", q.ConsumerFlow), ("Direction", 0L))));
    }

    /// <summary>The queues' figures from the messages the tenant starts with.</summary>
    static List<QueueFigures> Figures(StoreContent content) => content.Queues.Select(q =>
    {
        var messages = content.Messages.Where(m => m.Queue == q.Name).ToList();
        return new QueueFigures(q.Name, q.Active, q.Exclusive, messages.Count, messages.Sum(m => JmsBroker.MessageSize(m.JmsMessageId, m.MessageType)));
    }).ToList();

    static IReadOnlyDictionary<string, object?> Row(params (string Path, object? Value)[] values) => values.ToDictionary(v => v.Path, v => v.Value);
}
