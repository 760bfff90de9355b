using SapSandbox.Core.Query;
using SapSandbox.Core.Write;
using static SapSandbox.Services.CloudIntegration.MessageStores.StoreRows;

namespace SapSandbox.Services.CloudIntegration.MessageStores;

/// <summary>
/// A set the runtime fills and the API only reads (what a Persist step kept, the broker's figures): creates and
/// changes are refused with a 405 that says where the data comes from; deletes too, unless the set allows them.
/// </summary>
class RuntimeOwnedSet(string origin, bool deletable = false) : IEntitySetBehavior
{
    public virtual void BeforeCreate(EntityContext context, EntityInput input) =>
        throw new QueryException(405, $"{input.Table.Name} cannot be created through the API: {origin}");

    public virtual void BeforeUpdate(EntityContext context, ExistingEntity entity, EntityInput input) =>
        throw new QueryException(405, $"{entity.Table.Name} cannot be changed through the API: {origin}");

    public virtual void BeforeDelete(EntityContext context, ExistingEntity entity)
    {
        if (!deletable) throw new QueryException(405, $"{entity.Table.Name} cannot be deleted through the API: {origin}");
    }
}

/// <summary>Messages a Persist step kept: read with their payload (<c>$value</c>), attachments and properties.</summary>
sealed class MessageStoreEntryBehavior() : RuntimeOwnedSet("the Persist step of an integration flow writes message store entries"), IEntitySetBehavior
{
    public MediaContent? ReadMedia(EntityContext context, ExistingEntity entity)
    {
        var id = Text(entity, "Id")!;
        var persisted = StoreContent.Instance.Persisted.FirstOrDefault(p => p.Id == id);
        var store = Text(entity, "MessageStoreId") ?? "";
        return new MediaContent("application/octet-stream", Payloads.Message(persisted?.FlowId ?? store, persisted?.Subject ?? Text(entity, "MessageGuid") ?? id, id));
    }
}

/// <summary>Attachments a Persist step kept with a message: read with their content (<c>$value</c>).</summary>
sealed class MessageStoreAttachmentBehavior() : RuntimeOwnedSet("the Persist step of an integration flow writes message store entries"), IEntitySetBehavior
{
    public MediaContent? ReadMedia(EntityContext context, ExistingEntity entity)
    {
        var id = Text(entity, "Id")!;
        var subject = StoreContent.Instance.Persisted.FirstOrDefault(p => p.Attachments.Any(a => a.Id == id))?.Subject ?? id;
        return new MediaContent("application/octet-stream", Payloads.Attachment(Text(entity, "Name") ?? id, Text(entity, "ContentType") ?? "text/plain", subject));
    }
}

/// <summary>
/// Data stores: listed with their counts, <c>overdueonly=true</c> for those with overdue entries; a store's
/// entries take the entry options too (<c>DataStores(…)/Entries?messageid=…</c>). Deleting a store deletes its entries.
/// </summary>
sealed class DataStoreBehavior() : RuntimeOwnedSet("the Data Store Write step of an integration flow (or an adapter) creates data stores", deletable: true), IEntitySetBehavior
{
    public string RewriteRead(EntityContext context, string relative)
    {
        var (path, options) = QueryOptions.Split(relative);
        var entries = Uri.UnescapeDataString(path).EndsWith("/Entries", StringComparison.Ordinal);
        return entries ? DataStoreEntryBehavior.Rewrite(path, options)
            : QueryOptions.WithFilter(path, options, Overdue(options) ? ["NumberOfOverdueMessages gt 0"] : [], "overdueonly");
    }

    public static bool Overdue(List<(string Name, string Raw)> options) =>
        QueryOptions.Value(options, "overdueonly") is { } value && value.Equals("true", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Data store entries: read (<c>overdueonly</c>, <c>messageid</c>), downloaded as the tenant hands them out (a zip
/// with <c>body</c> and <c>headers.prop</c>), and deleted, which counts the store down.
/// </summary>
sealed class DataStoreEntryBehavior() : RuntimeOwnedSet("the Data Store Write step of an integration flow writes entries", deletable: true), IEntitySetBehavior
{
    public string RewriteRead(EntityContext context, string relative)
    {
        var (path, options) = QueryOptions.Split(relative);
        return Rewrite(path, options);
    }

    public static string Rewrite(string path, List<(string Name, string Raw)> options)
    {
        var conditions = new List<string>();
        if (DataStoreBehavior.Overdue(options)) conditions.Add("Status eq 'Overdue'");
        if (QueryOptions.Value(options, "messageid") is { Length: > 0 } message) conditions.Add("MessageId eq " + QueryOptions.Literal(message));
        return QueryOptions.WithFilter(path, options, conditions, "overdueonly", "messageid");
    }

    public MediaContent? ReadMedia(EntityContext context, ExistingEntity entity) =>
        new("application/octet-stream", Payloads.DataStoreEntry(Text(entity, "DataStoreName")!, Text(entity, "Id")!, Text(entity, "MessageId"),
            Value(entity, "CreatedAt") is { } created ? Instant(created) : StoreContent.Epoch));

    public override void BeforeDelete(EntityContext context, ExistingEntity entity) =>
        DataStoreCounts.Refresh(context, Text(entity, "DataStoreName")!, Text(entity, "IntegrationFlow")!, Text(entity, "Type")!, leaving: Text(entity, "Id"));
}

/// <summary>Variables: read, downloaded as a zip whose <c>headers.prop</c> holds the value, and deleted.</summary>
sealed class VariableBehavior() : RuntimeOwnedSet("the Write Variables step of an integration flow writes variables", deletable: true), IEntitySetBehavior
{
    public MediaContent? ReadMedia(EntityContext context, ExistingEntity entity) =>
        new("application/octet-stream", Payloads.Variable(Text(entity, "VariableName")!,
            Value(entity, "UpdatedAt") is { } updated ? Instant(updated) : StoreContent.Epoch));
}

/// <summary>Number range objects through the generic runtime (the V4 path): the same rules as the API's own handling.</summary>
sealed class NumberRangeBehavior : IEntitySetBehavior
{
    public void BeforeCreate(EntityContext context, EntityInput input)
    {
        var sent = NumberRangeRules.Attributes.Where(a => input.Table.Column(a) is { } c && input.Values.ContainsKey(c))
            .ToDictionary(a => a, a => input.Values[Column(input.Table, a)] as string);
        foreach (var (name, value) in NumberRangeRules.Resolve(sent, null, replace: false)) input.Values[Column(input.Table, name)] = value;
        input.Values[Column(input.Table, "DeployedBy")] = User(context);
        input.Values[Column(input.Table, "DeployedOn")] = Now();
    }

    public void BeforeUpdate(EntityContext context, ExistingEntity entity, EntityInput input)
    {
        var sent = NumberRangeRules.Attributes.Where(a => input.Values.ContainsKey(Column(input.Table, a)))
            .ToDictionary(a => a, a => input.Values[Column(input.Table, a)] as string);
        var existing = NumberRangeRules.Attributes.ToDictionary(a => a, a => Text(entity, a));
        foreach (var (name, value) in NumberRangeRules.Resolve(sent, existing, replace: false)) input.Values[Column(input.Table, name)] = value;
        input.Values[Column(input.Table, "DeployedBy")] = User(context);
        input.Values[Column(input.Table, "DeployedOn")] = Now();
    }
}

/// <summary>Queued messages: read with their content; retries, moves and deletes go through <see cref="StoreResources"/>.</summary>
sealed class QueuedMessageBehavior(string queueProperty, string idProperty) : RuntimeOwnedSet("integration flows put messages on queues with the JMS receiver adapter", deletable: true), IEntitySetBehavior
{
    public MediaContent? ReadMedia(EntityContext context, ExistingEntity entity)
    {
        var applicationId = entity.Table.Column("applicationId") != null ? Text(entity, "applicationId") : Text(entity, "SapApplicationId");
        var mplId = entity.Table.Column("mplId") != null ? Text(entity, "mplId") : Text(entity, "Mplid");
        return JmsBroker.Payload(Text(entity, queueProperty)!, applicationId, mplId, Text(entity, idProperty)!);
    }
}

/// <summary>A queue's messages by the log of the message that put them there (<c>MessagingQueues('q')/MessagingMessages?mplId=…</c>).</summary>
sealed class MessagingQueueBehavior() : RuntimeOwnedSet("queues come into being with the integration flows that use them"), IEntitySetBehavior
{
    public string RewriteRead(EntityContext context, string relative)
    {
        var (path, options) = QueryOptions.Split(relative);
        var mpl = QueryOptions.Value(options, "mplId");
        if (mpl == null || !Uri.UnescapeDataString(path).EndsWith("/MessagingMessages", StringComparison.Ordinal)) return relative;
        return QueryOptions.WithFilter(path, options, ["mplId eq " + QueryOptions.Literal(mpl)], "mplId");
    }
}

/// <summary>The counts a data store shows, from its entries.</summary>
static class DataStoreCounts
{
    /// <param name="leaving">An entry of the store about to be deleted, which no longer counts.</param>
    public static void Refresh(EntityContext context, string name, string flow, string type, string? leaving = null)
    {
        var entries = Select(context, Table(context, "DataStoreEntries"), ("DataStoreName", name), ("IntegrationFlow", flow), ("Type", type))
            .Where(e => e.Text("Id") != leaving).ToList();
        Update(context, Table(context, "DataStores"),
            [("NumberOfMessages", (long)entries.Count), ("NumberOfOverdueMessages", (long)entries.Count(e => e.Text("Status") == "Overdue"))],
            ("DataStoreName", name), ("IntegrationFlow", flow), ("Type", type));
    }
}
