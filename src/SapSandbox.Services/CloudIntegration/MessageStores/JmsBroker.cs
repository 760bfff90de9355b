using SapSandbox.Core.Query;
using SapSandbox.Core.Store;
using SapSandbox.Core.Write;
using static SapSandbox.Services.CloudIntegration.MessageStores.StoreRows;

namespace SapSandbox.Services.CloudIntegration.MessageStores;

/// <summary>The figures of one queue: its messages and their size against the queue's capacity.</summary>
sealed record QueueFigures(string Name, bool Active, bool Exclusive, long Messages, long Size)
{
    public long FillGrade => Size * 100 / JmsBroker.MaxQueueSize;
    /// <summary>0 OK, 1 warning (80 % full), 2 critical (95 % full), as the broker reports queue states.</summary>
    public long State => FillGrade >= 95 ? 2 : FillGrade >= 80 ? 1 : 0;
}

/// <summary>
/// The tenant's JMS broker and its queues. A message lives in <c>MessagingMessages</c> (the current API) and, the
/// same message, in <c>JmsMessages</c> (the API the monitor's Manage Message Queues uses); every queue figure, queue
/// state and broker figure follows from them, and is computed again after every change to a queue.
/// </summary>
static class JmsBroker
{
    public const string Key = "Broker1";
    /// <summary>A queue holds 95 MB.</summary>
    public const long MaxQueueSize = 95L * 1024 * 1024;
    public const long MaxQueueNumber = 30;
    /// <summary>The broker's message spool: what 30 full queues hold.</summary>
    public const long MaxCapacity = MaxQueueNumber * MaxQueueSize;

    public const string Brokers = "JmsBrokers";
    public const string Queues = "Queues";
    public const string JmsQueues = "JmsQueues";
    public const string QueueStates = "QueueStates";
    public const string MessagingQueues = "MessagingQueues";
    public const string MessagingMessages = "MessagingMessages";
    public const string JmsMessages = "JmsMessages";
    public const string JmsArtifacts = "JmsArtifacts";

    public static readonly Core.Store.NavigationLink QueueStatesLink = new(Brokers, "QueueStates");
    public static readonly Core.Store.NavigationLink InactiveQueuesLink = new(Brokers, "InactiveQueues");
    public static readonly Core.Store.NavigationLink QueueNamesHighLink = new(Brokers, "QueueNamesHigh");

    /// <summary>A message's size on the broker: bulky material masters carry their images along, others are a few KB.</summary>
    public static long MessageSize(string jmsMessageId, string? messageType)
    {
        var n = Payloads.Number(jmsMessageId);
        return messageType switch
        {
            "MATMAS05" => 5_200_000 + n % 2_600_000,
            "INVOIC02" => 18_000 + n % 64_000,
            "DEBMAS07" => 7_500 + n % 22_000,
            _ => 2_000 + n % 9_000,
        };
    }

    /// <summary>The broker's row from its queues.</summary>
    public static Dictionary<string, object?> BrokerRow(IReadOnlyList<QueueFigures> queues)
    {
        var capacity = queues.Sum(q => q.Size);
        return new Dictionary<string, object?>
        {
            ["Key"] = Key,
            ["Capacity"] = capacity,
            ["MaxCapacity"] = MaxCapacity,
            ["QueueNumber"] = (long)queues.Count,
            ["MaxQueueNumber"] = MaxQueueNumber,
            ["CapacityOk"] = (long)queues.Count(q => q.State == 0),
            ["CapacityWarning"] = (long)queues.Count(q => q.State == 1),
            ["CapacityError"] = (long)queues.Count(q => q.State == 2),
            ["IsQueuesHigh"] = queues.Count * 10 >= MaxQueueNumber * 9 ? 1 : 0,
            ["IsMessageSpoolHigh"] = capacity * 10 >= MaxCapacity * 8 ? 1 : 0,
            ["IsConsumersHigh"] = 0,
            ["IsProducersHigh"] = 0,
            ["IsTransactedSessionsHigh"] = 0,
        };
    }

    /// <summary>The rows each queue has in the queue sets, by set.</summary>
    public static Dictionary<string, object?> QueueRow(QueueFigures q) => new()
    {
        ["Name"] = q.Name, ["Active"] = q.Active ? 1L : 0L, ["Exclusive"] = q.Exclusive ? 1L : 0L, ["FillGrade"] = q.FillGrade,
        ["NumbOfMsgs"] = q.Messages, ["Size"] = q.Size, ["State"] = q.State, ["Type"] = q.Exclusive ? 1L : 0L,
        [InactiveQueuesLink.Path("Key")] = q.Active ? null : Key,
    };

    public static Dictionary<string, object?> JmsQueueRow(QueueFigures q) => new()
    {
        ["Name"] = q.Name, ["ActiveState"] = q.Active ? 1L : 0L, ["MaxQueueSize"] = MaxQueueSize, ["QueueSize"] = q.Size, ["State"] = q.State,
        [QueueNamesHighLink.Path("Key")] = q.State > 0 ? Key : null,
    };

    public static Dictionary<string, object?> MessagingQueueRow(QueueFigures q) => new()
    {
        ["queueName"] = q.Name, ["active"] = q.Active, ["exclusive"] = q.Exclusive, ["numberOfMessages"] = q.Messages,
    };

    public static Dictionary<string, object?> QueueStateRow(QueueFigures q) => new()
    {
        ["Name"] = q.Name, ["State"] = q.State, [QueueStatesLink.Path("Key")] = Key,
    };

    /// <summary>The figures of every queue as the store holds them now.</summary>
    public static List<QueueFigures> Figures(EntityContext context)
    {
        var messages = Select(context, Table(context, MessagingMessages));
        return Select(context, Table(context, Queues)).Select(queue =>
        {
            var name = queue.Text("Name")!;
            var mine = messages.Where(m => m.Text("queueName") == name).ToList();
            return new QueueFigures(name, queue.Flag("Active"), queue.Flag("Exclusive"), mine.Count,
                mine.Sum(m => MessageSize(m.Text("jmsMessageId")!, m.Text("messageType"))));
        }).ToList();
    }

    /// <summary>Writes every queue's figures, the queue states and the broker's figures again from the messages.</summary>
    public static void Refresh(EntityContext context)
    {
        var figures = Figures(context);
        foreach (var q in figures)
        {
            Write(context, Queues, QueueRow(q), ("Name", q.Name));
            Write(context, JmsQueues, JmsQueueRow(q), ("Name", q.Name));
            Write(context, MessagingQueues, MessagingQueueRow(q), ("queueName", q.Name));
            Write(context, QueueStates, QueueStateRow(q), ("Name", q.Name));
        }
        Write(context, Brokers, BrokerRow(figures), ("Key", Key));
    }

    /// <summary>Updates the row with the key, or inserts it when it is missing.</summary>
    static void Write(EntityContext context, string entitySet, Dictionary<string, object?> values, (string Path, object? Value) key)
    {
        var table = Table(context, entitySet);
        var stored = values.Where(v => v.Key != key.Path)
            .Select(v => (v.Key, StoredValue.From(Column(table, v.Key).Kind, v.Value))).ToList();
        if (Update(context, table, stored, key) == 0)
            Insert(context, table, values.ToDictionary(v => v.Key, v => StoredValue.From(Column(table, v.Key).Kind, v.Value)));
    }

    /// <summary>A queue by name, or a 404 that names it.</summary>
    public static Row Queue(EntityContext context, string name) =>
        Select(context, Table(context, Queues), ("Name", name)).FirstOrDefault()
        ?? throw QueryException.NotFound($"Queue '{name}' does not exist on the tenant's message broker");

    /// <summary>A message of a queue, or a 404 that names it.</summary>
    public static Row Message(EntityContext context, string queue, string jmsMessageId) =>
        Select(context, Table(context, MessagingMessages), ("jmsMessageId", jmsMessageId), ("queueName", queue)).FirstOrDefault()
        ?? throw QueryException.NotFound($"Message '{jmsMessageId}' is not in queue '{queue}'");

    /// <summary>Takes a message off its queue, in both message sets.</summary>
    public static void Remove(EntityContext context, string queue, string jmsMessageId)
    {
        Message(context, queue, jmsMessageId);
        Delete(context, Table(context, MessagingMessages), new Dictionary<string, object?> { ["jmsMessageId"] = jmsMessageId, ["queueName"] = queue });
        var legacy = Table(context, JmsMessages);
        foreach (var row in Select(context, legacy, ("Msgid", jmsMessageId), ("Name", queue))) Delete(context, legacy, KeyOf(legacy, row));
    }

    /// <summary>
    /// Hands a message to its queue's consumer again. The consumer takes it (the sandbox's flows always succeed on
    /// a retry), so it leaves the queue.
    /// </summary>
    public static void Retry(EntityContext context, string queue, string jmsMessageId) => Remove(context, queue, jmsMessageId);

    /// <summary>Moves a message to another queue, where it waits for that queue's consumer as a new delivery.</summary>
    public static void Move(EntityContext context, string source, string target, string jmsMessageId)
    {
        var message = Message(context, source, jmsMessageId);
        Remove(context, source, jmsMessageId);
        var now = Truncate(DateTimeOffset.UtcNow);
        var moved = new QueuedMessage(jmsMessageId, target, false, Instant0(message["createdAt"]), now, now.AddDays(1), 0,
            message.Text("mplId") ?? "", message.Text("correlationId") ?? "", message.Text("applicationId"), message.Text("messageType"),
            message.Text("sender"), message.Text("receiver"), "RETRY");
        Insert(context, Table(context, MessagingMessages), Stored(context, MessagingMessages, MessagingMessageRow(moved)));
        Insert(context, Table(context, JmsMessages), Stored(context, JmsMessages, JmsMessageRow(moved)));
    }

    static DateTimeOffset Instant0(object? epochMilliseconds) =>
        epochMilliseconds is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : DateTimeOffset.UtcNow;

    static Dictionary<string, object?> Stored(EntityContext context, string entitySet, Dictionary<string, object?> values)
    {
        var table = Table(context, entitySet);
        return values.ToDictionary(v => v.Key, v => StoredValue.From(Column(table, v.Key).Kind, v.Value));
    }

    /// <summary>Switches a queue's consumers on or off.</summary>
    public static void Activate(EntityContext context, string name, bool active)
    {
        Queue(context, name);
        Update(context, Table(context, Queues), [("Active", active ? 1L : 0L)], ("Name", name));
        Refresh(context);
    }

    public static Dictionary<string, object?> MessagingMessageRow(QueuedMessage m) => new()
    {
        ["jmsMessageId"] = m.JmsMessageId, ["queueName"] = m.Queue, ["failed"] = m.Failed,
        ["createdAt"] = m.CreatedAt.ToUnixTimeMilliseconds(), ["expirationDate"] = 0L,
        ["nextRetry"] = m.NextRetry.ToUnixTimeMilliseconds(), ["overdueAt"] = m.OverdueAt.ToUnixTimeMilliseconds(), ["retryCount"] = m.RetryCount,
        ["mplId"] = m.MplId, ["correlationId"] = m.CorrelationId, ["applicationId"] = m.ApplicationId, ["messageType"] = m.MessageType,
        ["sender"] = m.Sender, ["receiver"] = m.Receiver, ["customStatus"] = m.CustomStatus,
    };

    public static Dictionary<string, object?> JmsMessageRow(QueuedMessage m) => new()
    {
        ["Msgid"] = m.JmsMessageId, ["Name"] = m.Queue, ["Failed"] = m.Failed, ["ContentType"] = "application/xml",
        ["CreatedAt"] = m.CreatedAt.ToUnixTimeMilliseconds(), ["ExpirationDate"] = 0L,
        ["MimeMsgid"] = $"<{m.MplId}@{m.Queue}>", ["MimeVersion"] = "1.0", ["Mplid"] = m.MplId,
        ["NextRetry"] = m.NextRetry.ToUnixTimeMilliseconds(), ["OverdueAt"] = m.OverdueAt.ToUnixTimeMilliseconds(), ["RetryCount"] = m.RetryCount,
        ["SapApplicationId"] = m.ApplicationId, ["SapMessageProcessingLogCustomStatus"] = m.CustomStatus, ["SapMplCorrelationId"] = m.CorrelationId,
        ["SapMsgType"] = m.MessageType, ["SapReceiver"] = m.Receiver, ["SapSender"] = m.Sender,
    };

    /// <summary>The content of a queued message.</summary>
    public static MediaContent Payload(string queue, string? applicationId, string? mplId, string jmsMessageId) =>
        new("application/xml", Payloads.Message(queue, applicationId ?? mplId ?? jmsMessageId, jmsMessageId));
}
