using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;

namespace SapSandbox.Server.Tests.CloudIntegration;

/// <summary>A tenant of its own for the message store tests, whose deletes, retries and moves stay here.</summary>
public sealed class MessageStoresServer : TenantServer
{
    public async Task<(HttpStatusCode Status, string Text)> Call(HttpMethod method, string url, string? json = null, params (string Name, string Value)[] headers)
    {
        using var response = await Send(method, url, json, headers);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}

/// <summary>Response shapes against captures and SAP's examples: the same properties, with the same JSON kinds.</summary>
static class Shapes
{
    public static JsonElement Golden(string file) => TenantServer.Golden(file);

    /// <summary>The entity type a set of the tenant holds (<c>StringParameters?$filter=…</c> → <c>StringParameter</c>).</summary>
    public static string TypeOf(string set)
    {
        var path = set.Split('?')[0];
        return path[..^1];
    }

    /// <summary>
    /// The entity has exactly the example's properties (navigations aside), and each with the example's JSON kind:
    /// Int64 and dates as strings, Int32 as numbers, flags as booleans. A null on either side matches anything.
    /// </summary>
    public static void AssertProperties(JsonElement example, JsonElement actual, string context)
    {
        static bool Navigation(JsonProperty p) => p.Value.ValueKind == JsonValueKind.Object && (p.Value.TryGetProperty("__deferred", out _) || p.Value.TryGetProperty("results", out _));
        var expected = example.EnumerateObject().Where(p => p.Name != "__metadata" && !Navigation(p)).ToDictionary(p => p.Name, p => p.Value);
        var got = actual.EnumerateObject().Where(p => p.Name != "__metadata" && !Navigation(p)).ToDictionary(p => p.Name, p => p.Value);
        Assert.True(expected.Keys.Order().SequenceEqual(got.Keys.Order()),
            $"{context}: properties {string.Join(",", got.Keys.Order())} instead of {string.Join(",", expected.Keys.Order())}");
        foreach (var (name, value) in expected)
        {
            var kind = Kind(got[name]);
            if (Kind(value) == JsonValueKind.Null || kind == JsonValueKind.Null) continue;
            Assert.True(Kind(value) == kind, $"{context}: {name} is a {kind}, the example has a {Kind(value)}");
        }
    }

    /// <summary><c>__metadata</c> with the same members as the capture's (media entities add content type and links).</summary>
    public static void AssertMetadata(JsonElement captured, JsonElement actual, string context)
    {
        var expected = captured.GetProperty("__metadata").EnumerateObject().Select(p => p.Name).Order().ToList();
        var got = actual.GetProperty("__metadata").EnumerateObject().Select(p => p.Name).Order().ToList();
        Assert.True(expected.SequenceEqual(got), $"{context}: __metadata has {string.Join(",", got)} instead of {string.Join(",", expected)}");
        Assert.Equal(captured.GetProperty("__metadata").GetProperty("type").GetString(), actual.GetProperty("__metadata").GetProperty("type").GetString());
    }

    static JsonValueKind Kind(JsonElement value) => value.ValueKind == JsonValueKind.False ? JsonValueKind.True : value.ValueKind;
}

/// <summary>
/// The message stores as operations tools use them: data stores and entries with their downloads and deletes,
/// variables, number ranges with their validation, the JMS broker with its capacity figures, and retrying and
/// moving queued messages; message store entries with payloads, attachments and properties. Shapes are compared
/// with a real tenant's lists and SAP's examples.
/// </summary>
public class MessageStoresTests(MessageStoresServer server) : IClassFixture<MessageStoresServer>
{
    const string Api = MessageStoresServer.Api;

    static string Key(params (string Name, string Value)[] key) =>
        "(" + string.Join(",", key.Select(k => $"{k.Name}='{Uri.EscapeDataString(k.Value.Replace("'", "''"))}'")) + ")";

    static string EntryKey(JsonElement e) => Key(("Id", e.GetProperty("Id").GetString()!), ("DataStoreName", e.GetProperty("DataStoreName").GetString()!),
        ("IntegrationFlow", e.GetProperty("IntegrationFlow").GetString()!), ("Type", e.GetProperty("Type").GetString()!));

    static string StoreKey(JsonElement s) => Key(("DataStoreName", s.GetProperty("DataStoreName").GetString()!),
        ("IntegrationFlow", s.GetProperty("IntegrationFlow").GetString()!), ("Type", s.GetProperty("Type").GetString()!));

    static long Int64(JsonElement row, string name) => long.Parse(row.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);

    static Dictionary<string, byte[]> Unzip(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip));
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
    }

    [Fact]
    public async Task Data_stores_and_their_entries_answer_in_the_shape_of_a_real_tenants_lists_with_counts_that_add_up()
    {
        await EntriesAsOfNow("DataStoreEntries");
        var captured = Shapes.Golden("DataStores__GET_list__neo-tenant.json").GetProperty("d").GetProperty("results")[0];
        var stores = await server.Results(Api + "DataStores");
        Assert.True(stores.Count >= 5, $"{stores.Count} data stores");
        foreach (var store in stores)
        {
            Shapes.AssertMetadata(captured, store, "DataStores");
            Shapes.AssertProperties(captured, store, "DataStores");
            Assert.EndsWith("/Entries", store.GetProperty("Entries").GetProperty("__deferred").GetProperty("uri").GetString());
            var entries = await server.Results(Api + "DataStores" + StoreKey(store) + "/Entries");
            Assert.Equal(Int64(store, "NumberOfMessages"), entries.Count);
            Assert.Equal(Int64(store, "NumberOfOverdueMessages"), entries.Count(e => e.GetProperty("Status").GetString() == "Overdue"));
        }
        Assert.Contains(stores, s => s.GetProperty("Visibility").GetString() == "Global" && s.GetProperty("IntegrationFlow").GetString() == "");
        Assert.Contains(stores, s => s.GetProperty("Type").GetString() == "XI");

        var capturedEntry = Shapes.Golden("DataStoreEntries__GET_list__neo-tenant.json").GetProperty("d").GetProperty("results")[0];
        var all = await server.Results(Api + "DataStoreEntries");
        foreach (var entry in all)
        {
            Shapes.AssertMetadata(capturedEntry, entry, "DataStoreEntries");
            Shapes.AssertProperties(capturedEntry, entry, "DataStoreEntries");
            Assert.Contains(entry.GetProperty("Status").GetString(), new[] { "Overdue", "Waiting" });
            Assert.StartsWith("/Date(", entry.GetProperty("DueAt").GetString());
            Assert.EndsWith("/$value", entry.GetProperty("__metadata").GetProperty("media_src").GetString());
        }

        var overdue = await server.Results(Api + "DataStoreEntries?overdueonly=true");
        Assert.NotEmpty(overdue);
        Assert.All(overdue, e => Assert.Equal("Overdue", e.GetProperty("Status").GetString()));
        Assert.Equal(all.Count(e => e.GetProperty("Status").GetString() == "Overdue"), overdue.Count);
        var overdueStores = await server.Results(Api + "DataStores?overdueonly=true");
        Assert.All(overdueStores, s => Assert.True(Int64(s, "NumberOfOverdueMessages") > 0));
        Assert.Equal(stores.Count(s => Int64(s, "NumberOfOverdueMessages") > 0), overdueStores.Count);
    }

    static DateTimeOffset DueAt(JsonElement entry)
    {
        var text = entry.GetProperty("DueAt").GetString()!;
        return DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(text["/Date(".Length..text.IndexOf(')')], CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The entries once the tenant has marked those whose due time has passed (it does so once a second): the starting
    /// content is seeded as of the tenant's history date, and its first tick after the start catches up with the clock.
    /// </summary>
    async Task<List<JsonElement>> EntriesAsOfNow(string url)
    {
        for (var attempt = 0; ; attempt++)
        {
            var asked = DateTimeOffset.UtcNow;
            var entries = await server.Results(Api + url);
            if (attempt == 20 || !entries.Any(e => e.GetProperty("Status").GetString() == "Waiting" && DueAt(e) < asked.AddSeconds(-2))) return entries;
            await Task.Delay(250);
        }
    }

    [Fact]
    public async Task Entries_show_Overdue_once_their_due_time_has_passed_and_Waiting_before()
    {
        var asked = DateTimeOffset.UtcNow;
        var entries = await EntriesAsOfNow("DataStoreEntries");
        var answered = DateTimeOffset.UtcNow;

        Assert.NotEmpty(entries);
        foreach (var entry in entries)
        {
            var status = entry.GetProperty("Status").GetString();
            if (DueAt(entry) < asked.AddSeconds(-2)) Assert.True(status == "Overdue", $"{entry.GetProperty("Id")} due {DueAt(entry):O} is {status}");
            if (DueAt(entry) > answered) Assert.True(status == "Waiting", $"{entry.GetProperty("Id")} due {DueAt(entry):O} is {status}");
        }
        var overdue = await server.Results(Api + "DataStoreEntries?overdueonly=true");
        Assert.Equal(entries.Where(e => e.GetProperty("Status").GetString() == "Overdue").Select(EntryKey).Order(),
            overdue.Select(EntryKey).Order());
    }

    [Fact]
    public async Task A_waiting_entry_falls_due_counts_in_its_store_and_is_listed_under_overdueonly()
    {
        await EntriesAsOfNow("DataStoreEntries");
        var stores = await server.Results(Api + "DataStores");
        var store = stores.First(s => s.GetProperty("DataStoreName").GetString() is "EDI_Interchanges");
        var entry = (await server.Results(Api + "DataStores" + StoreKey(store) + "/Entries")).First();
        var (name, flow, type, id) = (entry.GetProperty("DataStoreName").GetString()!, entry.GetProperty("IntegrationFlow").GetString()!,
            entry.GetProperty("Type").GetString()!, entry.GetProperty("Id").GetString()!);

        // A Data Store Write step wrote the entry with a due time three seconds from now.
        var due = DateTimeOffset.UtcNow.AddSeconds(3);
        var dialect = server.OpenStore().Dialect;
        var (entryTable, storeTable) = (dialect.TableName("CloudIntegration", "DataStoreEntries"), dialect.TableName("CloudIntegration", "DataStores"));
        using (var session = server.OpenStore().Rent())
        {
            session.Execute($"""UPDATE {entryTable} SET "Status" = 'Waiting', "DueAt" = $p0 WHERE "Id" = $p1 AND "DataStoreName" = $p2 AND "IntegrationFlow" = $p3 AND "Type" = $p4""",
                due.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture), id, name, flow, type);
            session.Execute($"""
                UPDATE {storeTable} SET "NumberOfOverdueMessages" = (SELECT COUNT(*) FROM {entryTable}
                 WHERE "DataStoreName" = $p0 AND "IntegrationFlow" = $p1 AND "Type" = $p2 AND "Status" = 'Overdue')
                 WHERE "DataStoreName" = $p0 AND "IntegrationFlow" = $p1 AND "Type" = $p2
                """, name, flow, type);
        }

        var waiting = await server.D(Api + "DataStoreEntries" + EntryKey(entry));
        Assert.Equal("Waiting", waiting.GetProperty("Status").GetString());
        Assert.Equal(due.ToUnixTimeMilliseconds(), DueAt(waiting).ToUnixTimeMilliseconds());
        Assert.DoesNotContain(await server.Results(Api + "DataStores" + StoreKey(store) + "/Entries?overdueonly=true"), e => e.GetProperty("Id").GetString() == id);
        var countBefore = Int64(await server.D(Api + "DataStores" + StoreKey(store)), "NumberOfOverdueMessages");

        JsonElement now = waiting;
        for (var attempt = 0; attempt < 40 && now.GetProperty("Status").GetString() == "Waiting"; attempt++)
        {
            await Task.Delay(250);
            now = await server.D(Api + "DataStoreEntries" + EntryKey(entry));
        }
        Assert.Equal("Overdue", now.GetProperty("Status").GetString());
        Assert.True(DateTimeOffset.UtcNow >= due, "the entry fell due before its time");
        Assert.Contains(await server.Results(Api + "DataStores" + StoreKey(store) + "/Entries?overdueonly=true"), e => e.GetProperty("Id").GetString() == id);
        Assert.Contains(await server.Results(Api + "DataStoreEntries?overdueonly=true"), e => e.GetProperty("Id").GetString() == id);
        Assert.Equal(countBefore + 1, Int64(await server.D(Api + "DataStores" + StoreKey(store)), "NumberOfOverdueMessages"));
        Assert.Contains(await server.Results(Api + "DataStores?overdueonly=true"), s => StoreKey(s) == StoreKey(store));
    }

    [Fact]
    public async Task A_data_store_entry_downloads_as_the_zip_SAPs_clients_unpack_and_its_delete_counts_the_store_down()
    {
        await EntriesAsOfNow("DataStoreEntries");
        var store = (await server.Results(Api + "DataStores?overdueonly=true")).First(s => s.GetProperty("DataStoreName").GetString() == "PendingInvoices");
        var entry = (await server.Results(Api + "DataStores" + StoreKey(store) + "/Entries?overdueonly=true")).First();
        var messageId = entry.GetProperty("MessageId").GetString()!;

        var byMessage = await server.Results(Api + "DataStoreEntries?messageid=" + messageId);
        Assert.Equal(entry.GetProperty("Id").GetString(), Assert.Single(byMessage).GetProperty("Id").GetString());

        using var download = await server.Client.GetAsync(Api + "DataStoreEntries" + EntryKey(entry) + "/$value");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var files = Unzip(await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(["body", "headers.prop"], files.Keys.Order());
        Assert.Contains("<ns0:INVOIC02", Encoding.UTF8.GetString(files["body"]));
        Assert.Contains(entry.GetProperty("Id").GetString()!, Encoding.UTF8.GetString(files["body"]));
        Assert.Contains("SAP_MessageProcessingLogID=" + messageId, Encoding.Latin1.GetString(files["headers.prop"]));

        var (deleted, _) = await server.Call(HttpMethod.Delete, Api + "DataStoreEntries" + EntryKey(entry));
        Assert.Equal(HttpStatusCode.Accepted, deleted);
        Assert.Equal(HttpStatusCode.NotFound, await server.Status(Api + "DataStoreEntries" + EntryKey(entry)));
        var after = await server.D(Api + "DataStores" + StoreKey(store));
        Assert.Equal(Int64(store, "NumberOfMessages") - 1, Int64(after, "NumberOfMessages"));
        Assert.Equal(Int64(store, "NumberOfOverdueMessages") - 1, Int64(after, "NumberOfOverdueMessages"));
        var (again, _) = await server.Call(HttpMethod.Delete, Api + "DataStoreEntries" + EntryKey(entry));
        Assert.Equal(HttpStatusCode.NotFound, again);

        var (storeDeleted, _) = await server.Call(HttpMethod.Delete, Api + "DataStores" + StoreKey(store));
        Assert.Equal(HttpStatusCode.Accepted, storeDeleted);
        Assert.Equal(HttpStatusCode.NotFound, await server.Status(Api + "DataStores" + StoreKey(store)));
        Assert.Empty(await server.Results(Api + "DataStoreEntries?$filter=DataStoreName eq 'PendingInvoices'"));

        var (created, refusal) = await server.Call(HttpMethod.Post, Api + "DataStores", """{"DataStoreName":"X","IntegrationFlow":"","Type":""}""");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, created);
        Assert.Contains("Data Store Write step", refusal);
    }

    [Fact]
    public async Task Variables_download_their_value_and_can_be_deleted()
    {
        var example = Shapes.Golden("Variables__GET__200.json").GetProperty("d").GetProperty("results")[0];
        var variables = await server.Results(Api + "Variables");
        Assert.NotEmpty(variables);
        foreach (var variable in variables) Shapes.AssertProperties(example, variable, "Variables");

        var url = Api + "Variables" + Key(("VariableName", "LastSuccessfulRun"), ("IntegrationFlow", "Replicate_Employee_from_SuccessFactors"));
        var row = await server.D(url);
        var files = Unzip(await server.Client.GetByteArrayAsync(url + "/$value"));
        var properties = Encoding.Latin1.GetString(files["headers.prop"]);
        Assert.Contains("LastSuccessfulRun=", properties);
        var updated = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(row.GetProperty("UpdatedAt").GetString()!["/Date(".Length..^2], CultureInfo.InvariantCulture));
        Assert.Contains(updated.UtcDateTime.ToString("yyyy-MM-dd'T'HH\\\\:mm\\\\:ss", CultureInfo.InvariantCulture), properties);

        var (deleted, _) = await server.Call(HttpMethod.Delete, url);
        Assert.Equal(HttpStatusCode.Accepted, deleted);
        Assert.Equal(HttpStatusCode.NotFound, await server.Status(url));
    }

    [Fact]
    public async Task Number_ranges_are_created_read_changed_and_deleted_with_their_validation()
    {
        var example = Shapes.Golden("NumberRanges__GET__200.json").GetProperty("d").GetProperty("results")[0];
        foreach (var range in await server.Results(Api + "NumberRanges")) Shapes.AssertProperties(example, range, "NumberRanges");

        // The documentation's request body.
        var (created, _) = await server.Call(HttpMethod.Post, Api + "NumberRanges",
            """{"CurrentValue":"0","Name":"My NRO Object","MinValue":"0","MaxValue":"9999","Description":" Number Range Object ","Rotate":"true","FieldLength":"4"}""");
        Assert.Equal(HttpStatusCode.Accepted, created);
        var url = Api + "NumberRanges('My%20NRO%20Object')";
        var read = await server.D(url);
        Assert.Equal("0000", read.GetProperty("MinValue").GetString());
        Assert.Equal("9999", read.GetProperty("MaxValue").GetString());
        Assert.Equal("0000", read.GetProperty("CurrentValue").GetString());
        Assert.Equal("4", read.GetProperty("FieldLength").GetString());
        Assert.Equal("true", read.GetProperty("Rotate").GetString());
        Assert.Equal("sandbox", read.GetProperty("DeployedBy").GetString());
        Assert.StartsWith("/Date(", read.GetProperty("DeployedOn").GetString());
        Shapes.AssertProperties(example, read, "NumberRanges");

        var (duplicate, _) = await server.Call(HttpMethod.Post, Api + "NumberRanges", """{"Name":"My NRO Object","MinValue":"1","MaxValue":"5"}""");
        Assert.Equal(HttpStatusCode.Conflict, duplicate);

        foreach (var (body, message) in new[]
                 {
                     ("""{"Name":"R1","MinValue":"10","MaxValue":"10"}""", "MinValue 10 must be less than MaxValue 10"),
                     ("""{"Name":"R2","MinValue":"0","MaxValue":"99999","FieldLength":"4"}""", "FieldLength 4 is shorter than MaxValue 99999, which has 5 digits"),
                     ("""{"Name":"R3","MinValue":"5","MaxValue":"50","CurrentValue":"51"}""", "CurrentValue 51 must lie between MinValue 5 and MaxValue 50"),
                     ("""{"Name":"R4","MinValue":"-1","MaxValue":"50"}""", "MinValue '-1' is not a whole, non-negative number"),
                     ("""{"Name":"R5","MinValue":"1","MaxValue":"50","Rotate":"yes"}""", "Rotate is 'true' or 'false', not 'yes'"),
                     ("""{"Name":"","MinValue":"1","MaxValue":"50"}""", "Name must not be empty"),
                     ("""{"Name":"R6","MaxValue":"50"}""", "MinValue must be given"),
                 })
        {
            var (status, text) = await server.Call(HttpMethod.Post, Api + "NumberRanges", body);
            Assert.True(status == HttpStatusCode.BadRequest, $"{body}: {(int)status}");
            Assert.Contains(message, text);
        }

        var (partial, partialText) = await server.Call(HttpMethod.Put, url, """{"Name":"My NRO Object","MaxValue":"99999"}""");
        Assert.Equal(HttpStatusCode.BadRequest, partial);
        Assert.Contains("provides all attributes", partialText);
        var (renamed, _) = await server.Call(HttpMethod.Put, url,
            """{"Name":"Other","Description":"d","MinValue":"0","MaxValue":"9999","CurrentValue":"5","FieldLength":"4","Rotate":"false"}""");
        Assert.Equal(HttpStatusCode.BadRequest, renamed);
        var (replaced, _) = await server.Call(HttpMethod.Put, url,
            """{"Name":"My NRO Object","Description":"Interchange numbers","MinValue":"100","MaxValue":"999999","CurrentValue":"4711","FieldLength":"8","Rotate":"false"}""");
        Assert.Equal(HttpStatusCode.Accepted, replaced);
        read = await server.D(url);
        Assert.Equal("00004711", read.GetProperty("CurrentValue").GetString());
        Assert.Equal("00999999", read.GetProperty("MaxValue").GetString());
        Assert.Equal("Interchange numbers", read.GetProperty("Description").GetString());
        var (merged, _) = await server.Call(HttpMethod.Post, url, """{"CurrentValue":"4712"}""", ("X-HTTP-Method", "MERGE"));
        Assert.Equal(HttpStatusCode.NoContent, merged);
        Assert.Equal("00004712", (await server.D(url)).GetProperty("CurrentValue").GetString());

        var (deleted, _) = await server.Call(HttpMethod.Delete, url);
        Assert.Equal(HttpStatusCode.Accepted, deleted);
        Assert.Equal(HttpStatusCode.NotFound, await server.Status(url));
    }

    [Fact]
    public async Task The_JMS_broker_reports_capacity_figures_that_add_up_from_its_queues()
    {
        var example = Shapes.Golden("JmsBrokers_key_Broker1__GET__200.json").GetProperty("d");
        var broker = await server.D(Api + "JmsBrokers('Broker1')?$expand=QueueStates");
        var queues = await server.Results(Api + "Queues");
        var states = broker.GetProperty("QueueStates").GetProperty("results").EnumerateArray().ToList();
        foreach (var name in example.EnumerateObject().Select(p => p.Name).Where(n => n != "QueueStates"))
        {
            Assert.True(broker.TryGetProperty(name, out var value), $"JmsBrokers lacks {name}");
            Assert.Equal(example.GetProperty(name).ValueKind, value.ValueKind);
        }
        Shapes.AssertProperties(example.GetProperty("QueueStates").GetProperty("results")[0], states[0], "QueueStates");

        Assert.Equal(queues.Count, Int64(broker, "QueueNumber"));
        Assert.Equal(queues.Count, states.Count);
        Assert.Equal(queues.Sum(q => Int64(q, "Size")), Int64(broker, "Capacity"));
        Assert.Equal(queues.Count, Int64(broker, "CapacityOk") + Int64(broker, "CapacityWarning") + Int64(broker, "CapacityError"));
        Assert.True(Int64(broker, "MaxCapacity") > Int64(broker, "Capacity"));
        Assert.Equal("30", broker.GetProperty("MaxQueueNumber").GetString());
        Assert.Contains(await server.Results(Api + "JmsBrokers('Broker1')/InactiveQueues"), q => q.GetProperty("Active").GetString() == "0");

        foreach (var queue in await server.Results(Api + "MessagingQueues"))
        {
            var name = queue.GetProperty("queueName").GetString()!;
            var messages = await server.Results(Api + "MessagingQueues" + Key(("queueName", name)) + "/MessagingMessages");
            Assert.Equal(Int64(queue, "numberOfMessages"), messages.Count);
            Assert.Equal(messages.Count, (await server.Results(Api + "Queues" + Key(("Name", name)) + "/Messages")).Count);
            if (messages.Count == 0) continue;
            // A message is found by the log of the message that put it on the queue.
            var mpl = messages[^1].GetProperty("mplId").GetString()!;
            var found = await server.Results(Api + "MessagingQueues" + Key(("queueName", name)) + "/MessagingMessages?mplId=" + mpl);
            Assert.Equal(messages[^1].GetProperty("jmsMessageId").GetString(), Assert.Single(found).GetProperty("jmsMessageId").GetString());
            Assert.Equal(HttpStatusCode.OK, await server.Status(Api + $"MessageProcessingLogs('{mpl}')"));
        }
    }

    [Fact]
    public async Task Retrying_and_moving_queued_messages_changes_the_queues_and_the_broker()
    {
        const string queue = "BP_Replication_C4C";
        const string deadLetters = "Common_JMS_ID_DLQ";
        var messages = await server.Results(Api + "MessagingQueues" + Key(("queueName", queue)) + "/MessagingMessages");
        Assert.True(messages.Count >= 3, $"{messages.Count} messages in {queue}");
        var before = await server.D(Api + "JmsBrokers('Broker1')");
        var dlqBefore = Int64(await server.D(Api + "MessagingQueues" + Key(("queueName", deadLetters))), "numberOfMessages");
        var retried = messages[0].GetProperty("jmsMessageId").GetString()!;
        var moved = messages[1].GetProperty("jmsMessageId").GetString()!;
        var merged = messages[2];

        var payload = await server.Client.GetStringAsync(Api + "MessagingMessages" + Key(("jmsMessageId", retried), ("queueName", queue)) + "/$value");
        Assert.Contains("BusinessPartner", payload);

        var (status, text) = await server.Call(HttpMethod.Post, Api + "RetryMessagingMessages", JsonSerializer.Serialize(new { queueName = queue, jmsMessageIds = new[] { retried } }));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal($"1 message of queue {queue} retried", JsonDocument.Parse(text).RootElement.GetProperty("d").GetProperty("RetryMessagingMessages").GetString());
        Assert.Equal(HttpStatusCode.NotFound, await server.Status(Api + "MessagingMessages" + Key(("jmsMessageId", retried), ("queueName", queue))));
        Assert.Empty(await server.Results(Api + "Queues" + Key(("Name", queue)) + "/Messages?$filter=" + Uri.EscapeDataString($"Msgid eq '{retried}'")));

        (status, text) = await server.Call(HttpMethod.Post, Api + "MoveMessagingMessages",
            JsonSerializer.Serialize(new { sourceQueue = queue, targetQueue = deadLetters, jmsMessageIds = new[] { moved } }));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"moved from queue {queue} to queue {deadLetters}", text);
        var inDlq = await server.D(Api + "MessagingMessages" + Key(("jmsMessageId", moved), ("queueName", deadLetters)));
        Assert.False(inDlq.GetProperty("failed").GetBoolean());
        Assert.Equal(messages[1].GetProperty("mplId").GetString(), inDlq.GetProperty("mplId").GetString());
        Assert.Single(await server.Results(Api + "Queues" + Key(("Name", deadLetters)) + "/Messages?$filter=" + Uri.EscapeDataString($"Msgid eq '{moved}'")));
        Assert.Equal(dlqBefore + 1, Int64(await server.D(Api + "MessagingQueues" + Key(("queueName", deadLetters))), "numberOfMessages"));

        (status, text) = await server.Call(HttpMethod.Post, Api + "MoveMessagingMessages",
            JsonSerializer.Serialize(new { sourceQueue = queue, targetQueue = deadLetters, jmsMessageIds = new[] { "ID:unknown" } }));
        Assert.Equal(HttpStatusCode.NotFound, status);
        (status, _) = await server.Call(HttpMethod.Post, Api + "MoveMessagingMessages", JsonSerializer.Serialize(new { sourceQueue = queue, targetQueue = "No_Such_Queue", jmsMessageIds = new[] { moved } }));
        Assert.Equal(HttpStatusCode.NotFound, status);

        // Manage Message Queues retries with a MERGE of the queue entry, tunnelled through POST.
        var entryKey = Key(("Msgid", merged.GetProperty("jmsMessageId").GetString()!), ("Name", queue)).TrimEnd(')') + $",Failed={(merged.GetProperty("failed").GetBoolean() ? "true" : "false")})";
        (status, _) = await server.Call(HttpMethod.Post, Api + "JmsMessages" + entryKey, """{"RetryCount":"0"}""", ("X-HTTP-Method", "MERGE"));
        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Equal(HttpStatusCode.NotFound, await server.Status(Api + "JmsMessages" + entryKey));

        var after = await server.D(Api + "JmsBrokers('Broker1')");
        Assert.True(Int64(after, "Capacity") < Int64(before, "Capacity"));
        Assert.Equal(messages.Count - 3, Int64(await server.D(Api + "Queues" + Key(("Name", queue))), "NumbOfMsgs"));
    }

    [Fact]
    public async Task Queues_are_switched_off_and_on_and_the_broker_lists_the_inactive_ones()
    {
        const string queue = "Material_Webshop_Outbound";
        var (status, _) = await server.Call(HttpMethod.Post, Api + $"deactivateQueue?Name='{queue}'");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(await server.Results(Api + "JmsBrokers('Broker1')/InactiveQueues"), q => q.GetProperty("Name").GetString() == queue);
        Assert.False((await server.D(Api + "MessagingQueues" + Key(("queueName", queue)))).GetProperty("active").GetBoolean());

        (status, _) = await server.Call(HttpMethod.Post, Api + $"activateQueue?Name='{queue}'");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain(await server.Results(Api + "JmsBrokers('Broker1')/InactiveQueues"), q => q.GetProperty("Name").GetString() == queue);
        (status, _) = await server.Call(HttpMethod.Post, Api + "activateQueue?Name='No_Such_Queue'");
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task Message_store_entries_of_a_log_have_their_payload_attachments_and_properties()
    {
        var entries = await server.Results(Api + "MessageStoreEntries?$filter=HasAttachments eq true");
        Assert.NotEmpty(entries);
        var entry = entries[0];
        var example = Shapes.Golden("MessageStoreEntries_key_MessageStoreEntryId__GET__200.json").GetProperty("d");
        Shapes.AssertProperties(example, entry, "MessageStoreEntries");
        var id = entry.GetProperty("Id").GetString()!;
        var guid = entry.GetProperty("MessageGuid").GetString()!;

        var ofLog = await server.Results(Api + $"MessageProcessingLogs('{guid}')/MessageStoreEntries");
        Assert.Contains(ofLog, e => e.GetProperty("Id").GetString() == id);

        var entryUrl = Api + "MessageStoreEntries" + Key(("Id", id));
        var payload = await server.Client.GetStringAsync(entryUrl + "/$value");
        Assert.StartsWith("<?xml", payload);

        var attachments = await server.Results(entryUrl + "/Attachments");
        Assert.Equal(2, attachments.Count);
        var attachmentExample = Shapes.Golden("MessageStoreEntries_key_MessageStoreEntryId_Attachments__GET__200.json").GetProperty("d").GetProperty("results")[0];
        Shapes.AssertProperties(attachmentExample, attachments[0], "MessageStoreEntryAttachments");
        var html = attachments.First(a => a.GetProperty("ContentType").GetString()!.StartsWith("text/html"));
        var attachmentUrl = Api + "MessageStoreEntryAttachments" + Key(("Id", html.GetProperty("Id").GetString()!));
        Assert.Contains("<html>", await server.Client.GetStringAsync(attachmentUrl + "/$value"));
        var attachmentProperties = await server.Results(attachmentUrl + "/Properties");
        Assert.Contains(attachmentProperties, p => p.GetProperty("Name").GetString() == "Content-Disposition");

        var properties = await server.Results(entryUrl + "/Properties");
        var propertyExample = Shapes.Golden("MessageStoreEntries_key_MessageStoreEntryId_Properties__GET__200.json").GetProperty("d").GetProperty("results")[0];
        Shapes.AssertProperties(propertyExample, properties[0], "MessageStoreEntryProperties");
        Assert.Contains(properties, p => p.GetProperty("Name").GetString() == "SAP_MessageProcessingLogID" && p.GetProperty("Value").GetString() == guid);
        Assert.All(properties, p => Assert.Equal(id, p.GetProperty("MessageId").GetString()));

        var (created, _) = await server.Call(HttpMethod.Post, Api + "MessageStoreEntries", """{"Id":"x"}""");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, created);
    }
}
