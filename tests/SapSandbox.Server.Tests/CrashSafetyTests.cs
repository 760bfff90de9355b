using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace SapSandbox.Server.Tests;

/// <summary>
/// The crash test kills the server process while writes are in flight; it runs alone, so that the other tests'
/// load neither slows its writers down nor shifts the moment of the kill.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CrashSafetyCollection
{
    public const string Name = "crash safety";
}

/// <summary>
/// A hard kill (SIGKILL, no shutdown) of the real <c>sapsandbox</c> process in the middle of concurrent creates,
/// deep inserts and updates loses no write that was answered 2xx, and leaves nothing behind that was not asked
/// for or only half written: the next start on the same file shows exactly the acknowledged state, plus at most
/// the one request per client that had no answer yet, whole or not at all.
/// </summary>
[Collection(CrashSafetyCollection.Name)]
public class CrashSafetyTests(ITestOutputHelper output)
{
    const string Service = "/odata/v4/CE_SALESORDER_0001/";
    const string Orders = Service + "SalesOrder";
    const string Prefix = "crash-";
    const int Loops = 4;
    static readonly TimeSpan KillAfter = TimeSpan.FromSeconds(1.5);
    /// <summary>On a slow machine the kill waits for this many acknowledged writes, so that there is something to lose.</summary>
    const int MinimumAcknowledged = 40;

    enum Outcome { Unanswered, Acknowledged, Refused }

    sealed record Item(string Product, decimal Quantity, string Material);

    /// <summary>One request a client loop sent, with what it wrote and how it ended.</summary>
    sealed class Attempt
    {
        public required int Loop { get; init; }
        public required string Marker { get; init; }
        /// <summary>Null for a create; the values set for an update.</summary>
        public string? PatchValue { get; init; }
        public Item[] Items { get; init; } = [];
        public Outcome Outcome { get; set; } = Outcome.Unanswered;
        /// <summary>The order's key: assigned by the server for an acknowledged create, the target of an update.</summary>
        public string? SalesOrder { get; set; }
        public string? Refusal { get; set; }
        public bool IsCreate => PatchValue == null;
    }

    [Fact]
    public async Task A_hard_kill_loses_no_acknowledged_write_and_leaves_no_half_written_one()
    {
        var folder = Directory.CreateTempSubdirectory("sapsandbox-crash-").FullName;
        var store = Path.Combine(folder, "sandbox.db");
        var attempts = Enumerable.Range(0, Loops).Select(_ => new List<Attempt>()).ToArray();
        var writing = new Stopwatch();
        try
        {
            var watch = Stopwatch.StartNew();
            await using (var server = await SandboxProcess.Start("sqlite:" + store, Path.GetDirectoryName(store)!, output))
            {
                output.WriteLine($"first start ready after {watch.Elapsed.TotalSeconds:F1} s");
                using var stop = new CancellationTokenSource();
                var ready = 0;
                var loops = Enumerable.Range(0, Loops)
                    .Select(loop => Task.Run(() => RunLoop(loop, server.BaseAddress, attempts[loop], () => Interlocked.Increment(ref ready), stop.Token)))
                    .ToArray();

                writing.Start();
                while (!(Volatile.Read(ref ready) == Loops && writing.Elapsed >= KillAfter && Acknowledged(attempts) >= MinimumAcknowledged)
                       && writing.Elapsed < TimeSpan.FromSeconds(12))
                {
                    if (loops.FirstOrDefault(l => l.IsFaulted) is { } failed) await failed;
                    await Task.Delay(50);
                }
                // Killed while the loops are still sending: each has its request in the middle of a transaction,
                // or sends one that finds no server. Only then are they told to stop.
                server.Kill();
                writing.Stop();
                stop.Cancel();
                await Task.WhenAll(loops);
            }

            var all = attempts.SelectMany(a => a).ToList();
            output.WriteLine($"killed after {writing.Elapsed.TotalSeconds:F1} s of writing: {all.Count(a => a.IsCreate && a.Outcome == Outcome.Acknowledged)} creates " +
                             $"({all.Count(a => a.IsCreate && a.Outcome == Outcome.Acknowledged && a.Items.Length > 0)} deep) and " +
                             $"{all.Count(a => !a.IsCreate && a.Outcome == Outcome.Acknowledged)} updates acknowledged " +
                             $"(per client {string.Join("/", attempts.Select(l => l.Count(a => a.Outcome == Outcome.Acknowledged)))}), " +
                             $"{all.Count(a => a.Outcome == Outcome.Unanswered)} unanswered ({string.Join(", ", all.Where(a => a.Outcome == Outcome.Unanswered).Select(a => a.IsCreate ? $"create {a.Marker} with {a.Items.Length} items" : $"update of {a.Marker}"))})");
            // A refusal is no crash effect: these loops only send valid changes with current ETags.
            Assert.True(all.All(a => a.Outcome != Outcome.Refused), "changes were refused before the kill: " +
                string.Join("; ", all.Where(a => a.Outcome == Outcome.Refused).Select(a => $"{a.Marker}: {a.Refusal}")));
            Assert.True(Acknowledged(attempts) >= MinimumAcknowledged, $"only {Acknowledged(attempts)} writes were acknowledged before the kill");
            Assert.Contains(all, a => !a.IsCreate && a.Outcome == Outcome.Acknowledged);

            watch.Restart();
            await using (var server = await SandboxProcess.Start("sqlite:" + store, Path.GetDirectoryName(store)!, output))
            {
                output.WriteLine($"restart ready after {watch.Elapsed.TotalSeconds:F1} s");
                using var client = NewClient(server.BaseAddress);
                var found = await ReadCrashOrders(client);
                var unanswered = attempts.SelectMany(a => a).Where(a => a.Outcome == Outcome.Unanswered).ToList();
                output.WriteLine($"of the {unanswered.Count} unanswered, {unanswered.Count(a => Landed(a, found))} landed");
                Verify(attempts, found);
                await VerifyNoOrphanItems(client, found);
                await VerifyStillWritable(client, found);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>For the report only: whether an unanswered request's change is in the store.</summary>
    static bool Landed(Attempt attempt, List<FoundOrder> found) => attempt.IsCreate
        ? found.Any(o => o.Marker == attempt.Marker)
        : found.Any(o => o.Marker == attempt.Marker && o.ShipToPartyPo == attempt.PatchValue);

    static int Acknowledged(List<Attempt>[] attempts)
    {
        var count = 0;
        foreach (var loop in attempts)
            lock (loop) count += loop.Count(a => a.Outcome == Outcome.Acknowledged);
        return count;
    }

    /// <summary>
    /// One client, as an application would be: its own cookies and CSRF token, one request at a time. Every third
    /// request updates one of the loop's own acknowledged orders, so that no other loop's update can supersede it
    /// and the last acknowledged value (or the one unanswered update) is what must survive.
    /// </summary>
    static async Task RunLoop(int loop, Uri baseAddress, List<Attempt> attempts, Action ready, CancellationToken stop)
    {
        using var client = NewClient(baseAddress);
        // Fetched before the kill can come (it waits for every loop to be ready): a failure here is a real one.
        var token = await FetchToken(client);
        ready();
        var random = new Random(loop);
        var etags = new Dictionary<string, string>();
        var acknowledged = new List<Attempt>();
        for (var sequence = 0; !stop.IsCancellationRequested; sequence++)
        {
            Attempt attempt;
            HttpRequestMessage request;
            if (sequence % 3 == 2 && acknowledged.Count > 0)
            {
                var target = acknowledged[random.Next(acknowledged.Count)];
                attempt = new Attempt { Loop = loop, Marker = target.Marker, SalesOrder = target.SalesOrder, PatchValue = $"p-{loop}-{sequence}" };
                request = new HttpRequestMessage(HttpMethod.Patch, $"{Orders}('{target.SalesOrder}')")
                {
                    // Two properties, so that a torn update would show as a mismatch between them.
                    Content = Json(new Dictionary<string, object> { ["PurchaseOrderByShipToParty"] = attempt.PatchValue, ["AssignmentReference"] = attempt.PatchValue }),
                };
                request.Headers.TryAddWithoutValidation("If-Match", etags[target.SalesOrder!]);
            }
            else
            {
                var marker = $"{Prefix}{loop}-{sequence}";
                // Up to five items: the longer a deep insert runs, the likelier the kill lands inside it.
                var items = Enumerable.Range(0, sequence % 6)
                    .Select(i => new Item($"TG1{i % 3 + 1}", sequence + i + 0.5m, $"{marker}-{i}")).ToArray();
                attempt = new Attempt { Loop = loop, Marker = marker, Items = items };
                var body = new Dictionary<string, object> { ["SalesOrderType"] = "OR", ["PurchaseOrderByCustomer"] = marker };
                if (items.Length > 0)
                    body["_Item"] = items.Select(i => new Dictionary<string, object>
                    {
                        ["Product"] = i.Product, ["RequestedQuantity"] = i.Quantity, ["MaterialByCustomer"] = i.Material,
                    }).ToArray();
                request = new HttpRequestMessage(HttpMethod.Post, Orders) { Content = Json(body) };
            }
            request.Headers.TryAddWithoutValidation("X-CSRF-Token", token);
            lock (attempts) attempts.Add(attempt);

            HttpResponseMessage response;
            string text;
            try
            {
                response = await client.SendAsync(request);
                text = await response.Content.ReadAsStringAsync();
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
            {
                // No answer: the server died before or while handling it. Whether it landed is open; it stays Unanswered.
                return;
            }
            using (response)
            {
                if (!response.IsSuccessStatusCode)
                {
                    lock (attempts)
                    {
                        attempt.Outcome = Outcome.Refused;
                        attempt.Refusal = $"{(int)response.StatusCode} {text}";
                    }
                    return;
                }
                var etag = response.Headers.ETag?.ToString();
                if (attempt.IsCreate)
                {
                    var created = JsonDocument.Parse(text).RootElement;
                    attempt.SalesOrder = created.GetProperty("SalesOrder").GetString();
                    etag ??= created.GetProperty("@odata.etag").GetString();
                    acknowledged.Add(attempt);
                }
                etags[attempt.SalesOrder!] = etag ?? throw new InvalidOperationException($"The answer to a change of {attempt.Marker} has no ETag");
                lock (attempts) attempt.Outcome = Outcome.Acknowledged;
            }
        }
    }

    sealed record FoundOrder(string SalesOrder, string Marker, string SalesOrderType, string ShipToPartyPo, string AssignmentReference, Item[] Items, string[] ItemNumbers);

    /// <summary>Every order with a crash marker, with its items, page by page as a client reads them.</summary>
    static async Task<List<FoundOrder>> ReadCrashOrders(HttpClient client)
    {
        var found = new List<FoundOrder>();
        string? next = $"{Orders}?$filter=startswith(PurchaseOrderByCustomer,'{Prefix}')" +
                       "&$select=SalesOrder,PurchaseOrderByCustomer,SalesOrderType,PurchaseOrderByShipToParty,AssignmentReference" +
                       "&$expand=_Item($select=SalesOrderItem,Product,RequestedQuantity,MaterialByCustomer)";
        while (next != null)
        {
            using var response = await client.GetAsync(next);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"reading the orders after the restart: {(int)response.StatusCode} {text}");
            var page = JsonDocument.Parse(text).RootElement;
            foreach (var order in page.GetProperty("value").EnumerateArray())
            {
                var items = order.GetProperty("_Item").EnumerateArray()
                    .OrderBy(i => int.Parse(i.GetProperty("SalesOrderItem").GetString()!, CultureInfo.InvariantCulture)).ToList();
                found.Add(new FoundOrder(
                    order.GetProperty("SalesOrder").GetString()!,
                    order.GetProperty("PurchaseOrderByCustomer").GetString()!,
                    order.GetProperty("SalesOrderType").GetString()!,
                    order.GetProperty("PurchaseOrderByShipToParty").GetString()!,
                    order.GetProperty("AssignmentReference").GetString()!,
                    items.Select(i => new Item(i.GetProperty("Product").GetString()!, i.GetProperty("RequestedQuantity").GetDecimal(), i.GetProperty("MaterialByCustomer").GetString()!)).ToArray(),
                    items.Select(i => i.GetProperty("SalesOrderItem").GetString()!).ToArray()));
            }
            next = page.TryGetProperty("@odata.nextLink", out var link) ? link.GetString() : null;
        }
        return found;
    }

    static void Verify(List<Attempt>[] attempts, List<FoundOrder> found)
    {
        var creates = attempts.SelectMany(a => a).Where(a => a.IsCreate).ToDictionary(a => a.Marker);
        var duplicates = found.GroupBy(o => o.Marker).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "orders created twice: " + string.Join(", ", duplicates));
        var byMarker = found.ToDictionary(o => o.Marker);

        // Nothing appears that no client asked for.
        var unasked = found.Where(o => !creates.ContainsKey(o.Marker)).Select(o => $"{o.SalesOrder} {o.Marker}").ToList();
        Assert.True(unasked.Count == 0, "orders no client created: " + string.Join(", ", unasked));

        foreach (var create in creates.Values)
        {
            if (!byMarker.TryGetValue(create.Marker, out var order))
            {
                Assert.True(create.Outcome != Outcome.Acknowledged, $"the acknowledged create {create.Marker} (order {create.SalesOrder}) is lost");
                continue;
            }
            if (create.Outcome == Outcome.Acknowledged)
                Assert.True(create.SalesOrder == order.SalesOrder, $"{create.Marker} was acknowledged as order {create.SalesOrder} but is stored as {order.SalesOrder}");
            // Whole, whether acknowledged or landed without an answer: the header with every item, as sent.
            Assert.True(order.SalesOrderType == "OR", $"{create.Marker}: SalesOrderType '{order.SalesOrderType}'");
            Assert.True(create.Items.SequenceEqual(order.Items),
                $"{create.Marker} ({create.Outcome}, order {order.SalesOrder}) has items [{string.Join(", ", order.Items)}], sent [{string.Join(", ", create.Items)}]");
            Assert.True(create.Items.Select((_, i) => ((i + 1) * 10).ToString(CultureInfo.InvariantCulture)).SequenceEqual(order.ItemNumbers),
                $"{create.Marker}: item numbers [{string.Join(", ", order.ItemNumbers)}]");

            // Updates come only from the order's own loop, one at a time: the last acknowledged one must show,
            // or a later one that was still unanswered at the kill.
            var updates = attempts[create.Loop].Where(a => !a.IsCreate && a.Marker == create.Marker).ToList();
            var lastAcknowledged = updates.LastOrDefault(a => a.Outcome == Outcome.Acknowledged)?.PatchValue ?? "";
            var allowed = new List<string> { lastAcknowledged };
            if (updates.LastOrDefault() is { Outcome: Outcome.Unanswered } open) allowed.Add(open.PatchValue!);
            Assert.True(allowed.Contains(order.ShipToPartyPo),
                $"{create.Marker} (order {order.SalesOrder}) shows update '{order.ShipToPartyPo}', expected {string.Join(" or ", allowed.Select(v => $"'{v}'"))}; sent [{string.Join(", ", updates.Select(u => $"{u.PatchValue} {u.Outcome}"))}]");
            Assert.True(order.AssignmentReference == order.ShipToPartyPo,
                $"{create.Marker}: a torn update, PurchaseOrderByShipToParty '{order.ShipToPartyPo}' but AssignmentReference '{order.AssignmentReference}'");
        }
    }

    /// <summary>Items are only ever written with their order; one without it would be the rest of a half deep insert.</summary>
    static async Task VerifyNoOrphanItems(HttpClient client, List<FoundOrder> found)
    {
        var count = await client.GetStringAsync($"{Service}SalesOrderItem/$count?$filter=startswith(MaterialByCustomer,'{Prefix}')");
        Assert.Equal(found.Sum(o => o.Items.Length), long.Parse(count, CultureInfo.InvariantCulture));
    }

    /// <summary>The recovered store takes changes again, and the number range continues after every recovered order.</summary>
    static async Task VerifyStillWritable(HttpClient client, List<FoundOrder> found)
    {
        var token = await FetchToken(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, Orders) { Content = Json(new Dictionary<string, object> { ["SalesOrderType"] = "OR" }) };
        request.Headers.TryAddWithoutValidation("X-CSRF-Token", token);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"a create after the restart: {(int)response.StatusCode} {text}");
        var number = JsonDocument.Parse(text).RootElement.GetProperty("SalesOrder").GetString()!;
        Assert.DoesNotContain(number, found.Select(o => o.SalesOrder));
    }

    static HttpClient NewClient(Uri baseAddress)
    {
        // A cookie container of its own: the CSRF token is bound to the session cookie that comes with it.
        var client = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer() })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("sandbox:sandbox")));
        return client;
    }

    static async Task<string> FetchToken(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, Service);
        request.Headers.TryAddWithoutValidation("X-CSRF-Token", "Fetch");
        using var response = await client.SendAsync(request);
        return response.Headers.TryGetValues("X-CSRF-Token", out var values)
            ? values.Single()
            : throw new InvalidOperationException($"The {(int)response.StatusCode} answer to a token fetch has no X-CSRF-Token");
    }

    static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");
}
