using System.Globalization;
using System.Text;
using System.Text.Json;
using SapSandbox.Core.Operations;
using SapSandbox.Core.Query;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;
using SapSandbox.Core.Write;
using static SapSandbox.Services.CloudIntegration.MessageStores.StoreRows;

namespace SapSandbox.Services.CloudIntegration.MessageStores;

/// <summary>
/// The message store requests a tenant answers in its own way: retry and move of queued messages (their arguments
/// come as a JSON body), the Manage Message Queues retry (a MERGE of the queue entry), deletes that keep the queue
/// and data store figures true and answer 202 as documented, and number range objects with their validation
/// (202 Accepted for create, replace and delete). Everything else goes to the runtime.
/// </summary>
sealed class StoreResources : IResourceHandler
{
    static readonly HashSet<string> Sets =
    [
        "RetryMessagingMessages", "MoveMessagingMessages", JmsBroker.JmsMessages, JmsBroker.MessagingMessages,
        "DataStores", "DataStoreEntries", "Variables", "NumberRanges",
    ];

    public ResourceAnswer? Handle(ResourceRequest request)
    {
        if (request.IsRead) return null;
        var end = request.Path.IndexOfAny(['(', '/']);
        var set = end < 0 ? request.Path : request.Path[..end];
        if (!Sets.Contains(set)) return null;
        var context = new EntityContext(request.Service, request.Session, request.Writer, request.User);
        var path = ResourcePath.Parse(request.Path);
        var method = request.Method;
        return (set, method) switch
        {
            ("RetryMessagingMessages", "POST") when path.Key == null && path.Rest == "" => Retry(context, Arguments.Of(request)),
            ("MoveMessagingMessages", "POST") when path.Key == null && path.Rest == "" => Move(context, Arguments.Of(request)),
            (JmsBroker.JmsMessages, "DELETE") when path.Key != null && path.Rest == "" =>
                Dequeue(context, path.Value("Name"), path.Value("Msgid"), JmsBroker.Remove),
            (JmsBroker.JmsMessages, "PUT" or "PATCH" or "MERGE") when path.Key != null && path.Rest == "" =>
                Dequeue(context, path.Value("Name"), path.Value("Msgid"), JmsBroker.Retry),
            (JmsBroker.MessagingMessages, "DELETE") when path.Key != null && path.Rest == "" =>
                Dequeue(context, path.Value("queueName"), path.Value("jmsMessageId"), JmsBroker.Remove),
            ("DataStores", "DELETE") when path.Key != null && path.Rest == "" => DeleteDataStore(context, path),
            ("DataStoreEntries", "DELETE") when path.Key != null && path.Rest == "" => DeleteEntry(context, path),
            ("Variables", "DELETE") when path.Key != null && path.Rest == "" => DeleteVariable(context, path),
            ("NumberRanges", _) when path.Rest == "" => NumberRange(context, request, path),
            _ => null,
        };
    }

    static ResourceAnswer Dequeue(EntityContext context, string? queue, string? id, Action<EntityContext, string, string> action)
    {
        if (queue == null || id == null) throw QueryException.BadRequest("The key names the message's queue and its JMS message id");
        action(context, queue, id);
        JmsBroker.Refresh(context);
        return ResourceAnswer.Empty(204);
    }

    /// <summary>
    /// <c>POST RetryMessagingMessages</c> with <c>{"queueName":"…","jmsMessageIds":["…"]}</c> (or one
    /// <c>jmsMessageId</c>): the messages go to the queue's consumer again; without ids, every message of the queue does.
    /// </summary>
    static ResourceAnswer Retry(EntityContext context, Arguments arguments)
    {
        var queue = arguments.Text("queueName") ?? arguments.Text("Name")
            ?? throw QueryException.BadRequest("RetryMessagingMessages needs the queue: {\"queueName\":\"…\",\"jmsMessageIds\":[\"…\"]}", "queueName");
        JmsBroker.Queue(context, queue);
        var ids = arguments.Ids();
        if (ids.Count == 0) ids = Select(context, Table(context, JmsBroker.MessagingMessages), ("queueName", queue)).Select(m => m.Text("jmsMessageId")!).ToList();
        foreach (var id in ids) JmsBroker.Retry(context, queue, id);
        JmsBroker.Refresh(context);
        return Text("RetryMessagingMessages", $"{ids.Count} message{(ids.Count == 1 ? "" : "s")} of queue {queue} retried");
    }

    /// <summary><c>POST MoveMessagingMessages</c> with <c>{"sourceQueue":"…","targetQueue":"…","jmsMessageIds":["…"]}</c>.</summary>
    static ResourceAnswer Move(EntityContext context, Arguments arguments)
    {
        const string shape = "{\"sourceQueue\":\"…\",\"targetQueue\":\"…\",\"jmsMessageIds\":[\"…\"]}";
        var source = arguments.Text("sourceQueue") ?? throw QueryException.BadRequest($"MoveMessagingMessages needs the queue the messages are in: {shape}", "sourceQueue");
        var target = arguments.Text("targetQueue") ?? throw QueryException.BadRequest($"MoveMessagingMessages needs the queue to move them to: {shape}", "targetQueue");
        JmsBroker.Queue(context, source);
        JmsBroker.Queue(context, target);
        if (source == target) throw QueryException.BadRequest($"The messages are in queue {source} already; name another target queue", "targetQueue");
        var ids = arguments.Ids();
        if (ids.Count == 0) throw QueryException.BadRequest($"MoveMessagingMessages needs the ids of the messages to move: {shape}", "jmsMessageIds");
        foreach (var id in ids) JmsBroker.Move(context, source, target, id);
        JmsBroker.Refresh(context);
        return Text("MoveMessagingMessages", $"{ids.Count} message{(ids.Count == 1 ? "" : "s")} moved from queue {source} to queue {target}");
    }

    static ResourceAnswer DeleteDataStore(EntityContext context, ResourcePath path)
    {
        var table = Table(context, "DataStores");
        var key = Key(table, path);
        if (Count(context, table, key.Select(k => (k.Key, k.Value)).ToArray()) == 0)
            throw QueryException.NotFound($"Data store '{path.Value("DataStoreName")}' of integration flow '{path.Value("IntegrationFlow")}' does not exist");
        // The store's entries are its children: they go with it.
        Delete(context, table, key);
        return ResourceAnswer.Empty(202);
    }

    static ResourceAnswer DeleteEntry(EntityContext context, ResourcePath path)
    {
        var table = Table(context, "DataStoreEntries");
        var key = Key(table, path);
        if (Count(context, table, key.Select(k => (k.Key, k.Value)).ToArray()) == 0)
            throw QueryException.NotFound($"Entry '{path.Value("Id")}' of data store '{path.Value("DataStoreName")}' does not exist");
        DataStoreCounts.Refresh(context, (string)key["DataStoreName"]!, (string)key["IntegrationFlow"]!, (string)key["Type"]!, leaving: (string)key["Id"]!);
        Delete(context, table, key);
        return ResourceAnswer.Empty(202);
    }

    static ResourceAnswer DeleteVariable(EntityContext context, ResourcePath path)
    {
        var table = Table(context, "Variables");
        var key = Key(table, path);
        if (Count(context, table, key.Select(k => (k.Key, k.Value)).ToArray()) == 0)
            throw QueryException.NotFound($"Variable '{path.Value("VariableName")}' of integration flow '{path.Value("IntegrationFlow")}' does not exist");
        Delete(context, table, key);
        return ResourceAnswer.Empty(202);
    }

    /// <summary>
    /// Number range objects: POST to the set, PUT (every attribute, the Name as in the path), MERGE/PATCH (what is
    /// sent) and DELETE of one object. Who deployed it and when are the server's.
    /// </summary>
    static ResourceAnswer? NumberRange(EntityContext context, ResourceRequest request, ResourcePath path)
    {
        var table = Table(context, "NumberRanges");
        if (path.Key == null)
        {
            if (request.Method != "POST") return null;
            var values = NumberRangeRules.Resolve(Body(request), null, replace: false);
            if (Count(context, table, ("Name", values["Name"])) > 0)
                throw QueryException.Conflict($"A number range object named '{values["Name"]}' exists already; change it with PUT");
            Insert(context, table, Deployed(context, values));
            return ResourceAnswer.Empty(202);
        }
        var name = path.Value("Name") ?? throw QueryException.BadRequest("The key names the number range object: NumberRanges('…')");
        var existing = Select(context, table, ("Name", name)).FirstOrDefault()
            ?? throw QueryException.NotFound($"Number range object '{name}' does not exist");
        switch (request.Method)
        {
            case "DELETE":
                Delete(context, table, new Dictionary<string, object?> { ["Name"] = name });
                return ResourceAnswer.Empty(202);
            case "PUT" or "PATCH" or "MERGE":
                var sent = Body(request);
                if (sent.TryGetValue("Name", out var sentName) && sentName != name)
                    throw QueryException.BadRequest($"The Name in the body ('{sentName}') must be the one in the path ('{name}'); a number range object cannot be renamed", "Name");
                var replace = request.Method == "PUT";
                if (replace && !sent.ContainsKey("Name")) sent["Name"] = name;
                var values = NumberRangeRules.Resolve(sent, NumberRangeRules.Attributes.ToDictionary(a => a, a => existing.Text(a)), replace);
                Update(context, table, Deployed(context, values).Where(v => v.Key != "Name").Select(v => (v.Key, v.Value)).ToList(), ("Name", name));
                return ResourceAnswer.Empty(replace ? 202 : 204);
            default:
                return null;
        }
    }

    static Dictionary<string, object?> Deployed(EntityContext context, Dictionary<string, string> values)
    {
        var row = values.ToDictionary(v => v.Key, v => (object?)v.Value);
        row["DeployedBy"] = User(context);
        row["DeployedOn"] = Now();
        return row;
    }

    /// <summary>The attributes of a JSON body as text (numbers and flags as the client wrote them); <c>{"d":{…}}</c> is unwrapped.</summary>
    static Dictionary<string, string?> Body(ResourceRequest request)
    {
        if (request.Body.Length == 0) throw QueryException.BadRequest("The body is a JSON object with the number range object's attributes");
        return RequestBody.Object(request).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => p.Value.GetString(),
            JsonValueKind.Object or JsonValueKind.Array => throw QueryException.BadRequest($"'{p.Name}' is a text, not a structure", p.Name),
            _ => p.Value.GetRawText(),
        });
    }

    /// <summary>The stored key of the entity a path names; every key property must be there.</summary>
    static Dictionary<string, object?> Key(EntityTableMap table, ResourcePath path) =>
        table.Keys.ToDictionary(k => k.Path, k => (object?)(path.Value(k.Path)
            ?? throw QueryException.BadRequest($"The key of {table.Name} names {string.Join(", ", table.Keys.Select(c => c.Path))}; '{k.Path}' is missing", k.Path)));

    /// <summary>An Edm.String function import's answer as OData V2 JSON writes it.</summary>
    static ResourceAnswer Text(string function, string text)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("d");
            json.WriteString(function, text);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return new ResourceAnswer.Content(200, "application/json;charset=utf-8", buffer.ToArray());
    }

    /// <summary>A call's arguments: the JSON body's properties, or else the query's (<c>?queueName='Q'&amp;jmsMessageId='…'</c>).</summary>
    sealed class Arguments(JsonElement? body, IReadOnlyDictionary<string, string> query)
    {
        public static Arguments Of(ResourceRequest request) =>
            new(request.Body.Length == 0 ? null : RequestBody.Object(request), request.Query);

        public string? Text(string name)
        {
            if (body is { } json && Property(json, name) is { } value)
                return value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
            return query.FirstOrDefault(q => q.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value is { } text ? Unquote(text) : null;
        }

        /// <summary>The message ids: <c>jmsMessageIds</c> (an array, or ids separated by commas) or one <c>jmsMessageId</c>.</summary>
        public List<string> Ids()
        {
            if (body is { } json && Property(json, "jmsMessageIds") is { ValueKind: JsonValueKind.Array } array)
                return array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()).ToList();
            var text = Text("jmsMessageIds") ?? Text("jmsMessageId");
            return text == null ? [] : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Unquote).ToList();
        }

        static JsonElement? Property(JsonElement json, string name) =>
            json.EnumerateObject().Where(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(p => (JsonElement?)p.Value).FirstOrDefault();

        static string Unquote(string text) =>
            text.Length >= 2 && text[0] == '\'' && text[^1] == '\'' ? text[1..^1].Replace("''", "'") : text;
    }
}

/// <summary><c>activateQueue</c> and <c>deactivateQueue</c>: a queue's consumers start or stop taking messages.</summary>
sealed class QueueActivation(bool active) : IOperationHandler
{
    public OperationResult Invoke(OperationCall call)
    {
        var name = call.Parameters.GetValueOrDefault("Name") as string
            ?? throw QueryException.BadRequest($"{call.Operation.Name} needs the queue: ?Name='…'", "Name");
        JmsBroker.Activate(new EntityContext(call.Service, call.Session, call.Writer, call.User), name, active);
        return new OperationResult.Value(Microsoft.OData.Edm.EdmCoreModel.Instance.GetString(isNullable: true), string.Create(CultureInfo.InvariantCulture, $"Queue {name} {(active ? "activated" : "deactivated")}"));
    }
}
