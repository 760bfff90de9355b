using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;

namespace SapSandbox.Server.Tests.CloudIntegration;

/// <summary>A tenant of its own for the monitoring tests, whose cancellations and deletions stay here.</summary>
public sealed class MonitoringServer : TenantServer
{
}

/// <summary>
/// Monitoring as tools use it against a tenant: message processing logs paged with <c>__next</c>, filtered by status,
/// time, artifact and ids, expanded, their attachments and error texts downloaded, cancelled; the ID mapper,
/// idempotent repository entries and the HTTP and trace log files; response shapes compared with real captures.
/// </summary>
public class MonitoringTests(MonitoringServer server) : IClassFixture<MonitoringServer>
{
    const string Api = MonitoringServer.Api;
    const string Logs = Api + "MessageProcessingLogs";

    static string Escape(string text) => Uri.EscapeDataString(text);

    [Fact]
    public async Task Paging_through_every_log_follows_relative_next_links_of_1000_as_a_tenant_writes_them()
    {
        var total = long.Parse(await server.Client.GetStringAsync(Logs + "/$count"), CultureInfo.InvariantCulture);
        Assert.True(total > 2000, $"the tenant holds a few thousand logs, not {total}");

        var seen = new HashSet<string>();
        var pages = 0;
        string? next = "MessageProcessingLogs?$expand=CustomHeaderProperties,AdapterAttributes";
        var golden = MonitoringServer.Golden("MessageProcessingLogs__GET_list_with-__next__neo-tenant.json").GetProperty("d");
        while (next != null)
        {
            var d = await server.D(Api + next);
            var results = d.GetProperty("results").EnumerateArray().ToList();
            pages++;
            foreach (var log in results) Assert.True(seen.Add(log.GetProperty("MessageGuid").GetString()!), "a log served twice");
            next = d.TryGetProperty("__next", out var link) ? link.GetString() : null;
            if (next != null)
            {
                Assert.Equal(1000, results.Count);
                // As in the capture: relative to the service root, the request's options kept, the entries served as skip token.
                Assert.Equal($"MessageProcessingLogs?$expand=CustomHeaderProperties,AdapterAttributes&$skiptoken={pages * 1000}", next);
                if (pages == 1) Assert.Equal(golden.GetProperty("__next").GetString(), next);
            }
            if (pages == 1) AssertSameShape(golden.GetProperty("results")[0], results[0], "MessageProcessingLog");
        }
        Assert.Equal(total, seen.Count);
        Assert.Equal((int)Math.Ceiling(total / 1000.0), pages);

        // A client that counts pages itself asks for $skiptoken=2000 and gets the third page.
        var third = await server.Results(Logs + "?$skiptoken=2000&$select=MessageGuid");
        Assert.Equal(total - 2000, third.Count);
        Assert.All(third, log => Assert.Contains(log.GetProperty("MessageGuid").GetString()!, seen));
        // In Atom the next link is absolute, as in SAP's documentation of the API.
        var feed = System.Xml.Linq.XDocument.Parse(await server.Client.GetStringAsync(Logs + "?$select=MessageGuid"));
        var nextLink = feed.Root!.Elements(System.Xml.Linq.XName.Get("link", "http://www.w3.org/2005/Atom")).Single(l => (string?)l.Attribute("rel") == "next");
        Assert.Equal(new Uri(server.BaseAddress, Logs + "?$select=MessageGuid&$skiptoken=1000").ToString(), (string)nextLink.Attribute("href")!);
    }

    [Fact]
    public async Task Errors_are_written_as_the_tenant_writes_them()
    {
        using var response = await server.Client.GetAsync(Logs + "?$format=json&$filter=" + Escape("NoSuchProperty eq 1"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["error"], error.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["code", "message"], error.GetProperty("error").EnumerateObject().Select(p => p.Name));
        Assert.Equal("Bad Request", error.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("en", error.GetProperty("error").GetProperty("message").GetProperty("lang").GetString());
        using var missing = await server.Client.GetAsync(Logs + "('AGnoSuchMessageGuid00000000')?$format=json");
        Assert.Equal("Not Found", JsonDocument.Parse(await missing.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Inlinecount_with_expanded_header_properties_and_adapter_attributes_has_the_cf_captures_shape()
    {
        var d = await server.D(Logs + "?$inlinecount=allpages&$expand=CustomHeaderProperties,AdapterAttributes&$top=50&$filter=" +
                               Escape("IntegrationArtifact/Id eq 'Receive_EDI_Orders_via_AS2'"));
        var golden = MonitoringServer.Golden("MessageProcessingLogs__GET_list_inlinecount_expand-CustomHeaderProperties-AdapterAttributes__cf-tenant.json").GetProperty("d");

        // "__count" is a string and comes before "results", as on the tenant.
        Assert.Equal(golden.EnumerateObject().Select(p => p.Name), d.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.String, d.GetProperty("__count").ValueKind);
        Assert.True(long.Parse(d.GetProperty("__count").GetString()!, CultureInfo.InvariantCulture) >= 50);
        var log = d.GetProperty("results")[0];
        AssertSameShape(golden.GetProperty("results")[0], log, "MessageProcessingLog");
        var attributes = log.GetProperty("AdapterAttributes").GetProperty("results").EnumerateArray().ToList();
        Assert.Contains(attributes, a => a.GetProperty("Name").GetString() == "SAP_MplCorrelationId" && a.GetProperty("Value").GetString() == log.GetProperty("CorrelationId").GetString());
        AssertSameShape(MonitoringServer.Golden("MessageProcessingLogs_key_MessageGuid_AdapterAttributes__GET__200.json").GetProperty("d").GetProperty("results")[0], attributes[0],
            "MessageProcessingLogAdapterAttribute");
        var headers = log.GetProperty("CustomHeaderProperties").GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["InterchangeControlReference", "BuyerGLN"], headers.Select(h => h.GetProperty("Name").GetString()));
        Assert.Equal(log.GetProperty("ApplicationMessageId").GetString(), headers[0].GetProperty("Value").GetString());
    }

    [Theory]
    [InlineData("COMPLETED")]
    [InlineData("FAILED")]
    [InlineData("RETRY")]
    [InlineData("ESCALATED")]
    [InlineData("PROCESSING")]
    [InlineData("CANCELLED")]
    [InlineData("DISCARDED")]
    [InlineData("ABANDONED")]
    public async Task Every_documented_status_has_logs_and_the_status_filter_finds_only_them(string status)
    {
        var filter = Escape($"Status eq '{status}'");
        var count = int.Parse(await server.Client.GetStringAsync($"{Logs}/$count?$filter={filter}"), CultureInfo.InvariantCulture);
        Assert.True(count > 0, $"no {status} logs");
        var results = await server.Results($"{Logs}?$filter={filter}&$select=MessageGuid,Status,LogEnd&$orderby=LogEnd desc");
        Assert.Equal(Math.Min(count, 1000), results.Count);
        Assert.All(results, r => Assert.Equal(status, r.GetProperty("Status").GetString()));
        var ends = results.Select(r => r.GetProperty("LogEnd").GetString()!).Select(Milliseconds).ToList();
        Assert.Equal(ends.OrderDescending(), ends);
    }

    [Fact]
    public async Task A_LogStart_LogEnd_window_with_datetime_literals_returns_the_logs_inside_it_in_order()
    {
        var from = new DateTimeOffset(2026, 11, 12, 0, 0, 0, TimeSpan.Zero);
        var to = from.AddHours(6);
        var filter = Escape($"LogEnd gt datetime'{from:yyyy-MM-ddTHH:mm:ss}' and LogStart lt datetime'{to:yyyy-MM-ddTHH:mm:ss}'");
        var results = await server.Results($"{Logs}?$filter={filter}&$orderby=LogStart&$select=MessageGuid,LogStart,LogEnd");
        Assert.NotEmpty(results);
        var starts = results.Select(r => Milliseconds(r.GetProperty("LogStart").GetString()!)).ToList();
        Assert.Equal(starts.Order(), starts);
        Assert.All(results, r =>
        {
            Assert.True(Milliseconds(r.GetProperty("LogEnd").GetString()!) > from.ToUnixTimeMilliseconds());
            Assert.True(Milliseconds(r.GetProperty("LogStart").GetString()!) < to.ToUnixTimeMilliseconds());
        });

        // Status first, then the newest end: the Hub's "Status,LogEnd desc".
        var sorted = await server.Results($"{Logs}?$filter={filter}&$orderby=Status,LogEnd desc&$select=Status,LogEnd");
        var keys = sorted.Select(r => (Status: r.GetProperty("Status").GetString()!, End: Milliseconds(r.GetProperty("LogEnd").GetString()!))).ToList();
        Assert.Equal(keys.OrderBy(k => k.Status, StringComparer.Ordinal).ThenByDescending(k => k.End), keys);
    }

    [Fact]
    public async Task The_last_log_of_an_artifact_is_found_as_SAPs_CICD_tooling_asks_for_it()
    {
        // piper's integrationArtifactGetMplStatus.
        var filter = Escape("IntegrationArtifact/Id eq 'Create_Sales_Order_from_Webshop' and Status ne 'DISCARDED'");
        var results = await server.Results($"{Logs}?$filter={filter}&$orderby=LogEnd desc&$top=1");
        var log = Assert.Single(results);
        Assert.Equal("Create_Sales_Order_from_Webshop", log.GetProperty("IntegrationArtifact").GetProperty("Id").GetString());
        Assert.Equal("Create_Sales_Order_from_Webshop", log.GetProperty("IntegrationFlowName").GetString());

        // The deprecated IntegrationFlowName names the same logs.
        var byName = await server.Client.GetStringAsync($"{Logs}/$count?$filter={Escape("IntegrationFlowName eq 'Create_Sales_Order_from_Webshop'")}");
        var byArtifact = await server.Client.GetStringAsync($"{Logs}/$count?$filter={Escape("IntegrationArtifact/Id eq 'Create_Sales_Order_from_Webshop'")}");
        Assert.Equal(byArtifact, byName);
    }

    [Fact]
    public async Task Id_filters_find_a_log_by_its_guid_correlation_id_application_message_id_and_custom_status()
    {
        var log = (await server.Results($"{Logs}?$top=1&$filter={Escape("ApplicationMessageType eq 'ORDERS05' and Status eq 'COMPLETED'")}"))[0];
        var guid = log.GetProperty("MessageGuid").GetString()!;
        foreach (var property in new[] { "MessageGuid", "CorrelationId", "ApplicationMessageId" })
        {
            var value = log.GetProperty(property).GetString()!;
            var found = await server.Results($"{Logs}?$filter={Escape($"{property} eq '{value}'")}&$select=MessageGuid");
            Assert.Contains(found, f => f.GetProperty("MessageGuid").GetString() == guid);
        }
        var single = await server.D($"{Logs}('{guid}')");
        AssertSameShape(MonitoringServer.Golden("MessageProcessingLogs__GET_single__neo-tenant.json").GetProperty("d"), single, "MessageProcessingLog",
            ignoreNavigations: true);

        var custom = await server.Results($"{Logs}?$filter={Escape("CustomStatus eq 'ERROR'")}&$select=Status,CustomStatus");
        Assert.NotEmpty(custom);
        Assert.All(custom, c => Assert.Equal("COMPLETED", c.GetProperty("Status").GetString()));
    }

    [Fact]
    public async Task filterCustomHeaderProperties_finds_the_logs_with_a_header_value_combined_with_filter_and_top()
    {
        var property = (await server.Results(Api + "MessageProcessingLogCustomHeaderProperties?$top=1&$filter=" + Escape("Name eq 'PurchaseOrderByCustomer'")))[0];
        var value = property.GetProperty("Value").GetString()!;
        var owner = await server.D(Api + $"MessageProcessingLogCustomHeaderProperties('{property.GetProperty("Id").GetString()}')/Log");

        var found = await server.Results($"{Logs}?$format=json&filterCustomHeaderProperties={Escape($"'PurchaseOrderByCustomer' eq '{value}'")}&$top=5");
        var log = Assert.Single(found);
        Assert.Equal(owner.GetProperty("MessageGuid").GetString(), log.GetProperty("MessageGuid").GetString());

        var none = await server.Results($"{Logs}?filterCustomHeaderProperties={Escape($"'PurchaseOrderByCustomer' eq '{value}'")}&$filter={Escape("Status eq 'NOSUCHSTATUS'")}");
        Assert.Empty(none);
        var count = await server.Client.GetStringAsync($"{Logs}/$count?filterCustomHeaderProperties={Escape("'SoldToParty' eq '17100001'")}");
        Assert.True(int.Parse(count, CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task A_failed_logs_attachment_downloads_as_its_bytes_and_its_error_information_as_text()
    {
        var failed = (await server.Results($"{Logs}?$top=1&$filter={Escape("Status eq 'FAILED' and IntegrationArtifact/Id eq 'Replicate_Business_Partner_from_S4HANA_to_Sales_Cloud'")}"))[0];
        var guid = failed.GetProperty("MessageGuid").GetString()!;
        var businessPartner = (await server.Results($"{Logs}('{guid}')/CustomHeaderProperties?$filter={Escape("Name eq 'BusinessPartner'")}"))[0].GetProperty("Value").GetString()!;

        var attachments = await server.Results($"{Logs}('{guid}')/Attachments");
        var attachment = attachments.First(a => a.GetProperty("Name").GetString() == "Error payload");
        AssertSameShape(MonitoringServer.Golden("MessageProcessingLogs_key_MessageGuid_Attachments__GET__200.json").GetProperty("d").GetProperty("results")[0], attachment,
            "MessageProcessingLogAttachment");
        var metadata = attachment.GetProperty("__metadata");
        Assert.Equal("text/xml", metadata.GetProperty("content_type").GetString());
        Assert.EndsWith("/$value", metadata.GetProperty("media_src").GetString());

        using var download = await server.Client.GetAsync(metadata.GetProperty("media_src").GetString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/xml", download.Content.Headers.ContentType!.MediaType);
        var bytes = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(long.Parse(attachment.GetProperty("PayloadSize").GetString()!, CultureInfo.InvariantCulture), bytes.Length);
        var xml = System.Xml.Linq.XDocument.Parse(Encoding.UTF8.GetString(bytes));
        Assert.Equal(guid, xml.Root!.Element("Header")!.Element("MessageId")!.Value);
        Assert.Equal(businessPartner, xml.Root.Element("Body")!.Element("BusinessPartner")!.Value);

        var error = await server.D($"{Logs}('{guid}')/ErrorInformation");
        Assert.Equal(new[] { "__metadata", "MessageGuid", "Type", "LastErrorModelStepId" }.Order(),
            error.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("text/plain", error.GetProperty("Type").GetString());
        using var text = await server.Client.GetAsync($"{Logs}('{guid}')/ErrorInformation/$value");
        Assert.Equal(HttpStatusCode.OK, text.StatusCode);
        Assert.Equal("text/plain", text.Content.Headers.ContentType!.MediaType);
        Assert.Contains(businessPartner, await text.Content.ReadAsStringAsync());

        var completed = (await server.Results($"{Logs}?$top=1&$filter={Escape("Status eq 'COMPLETED'")}&$select=MessageGuid"))[0].GetProperty("MessageGuid").GetString();
        using var noError = await server.Client.GetAsync($"{Logs}('{completed}')/ErrorInformation");
        Assert.Equal(HttpStatusCode.NoContent, noError.StatusCode);
    }

    [Fact]
    public async Task Runs_steps_step_properties_and_traces_of_a_traced_log_read_down_to_the_payload()
    {
        var log = (await server.Results($"{Logs}?$top=1&$filter={Escape("LogLevel eq 'TRACE' and Status eq 'COMPLETED'")}"))[0];
        var guid = log.GetProperty("MessageGuid").GetString()!;
        var run = Assert.Single(await server.Results($"{Logs}('{guid}')/Runs"));
        Assert.Equal("COMPLETED", run.GetProperty("OverallState").GetString());
        var runId = run.GetProperty("Id").GetString()!;
        var steps = await server.Results($"{Api}MessageProcessingLogRuns('{runId}')/RunSteps?$orderby=ChildCount");
        Assert.Equal(Enumerable.Range(1, steps.Count), steps.Select(s => s.GetProperty("ChildCount").GetInt32()));
        Assert.Equal("EndEvent", steps[^1].GetProperty("Activity").GetString());

        var receiver = steps.Single(s => s.GetProperty("ModelStepId").GetString() == "MessageFlow_11");
        var key = $"RunId='{runId}',ChildCount={receiver.GetProperty("ChildCount").GetInt32()}";
        var properties = await server.Results($"{Api}MessageProcessingLogRunSteps({key})/RunStepProperties");
        Assert.Contains(properties, p => p.GetProperty("Name").GetString() == "Address");
        var trace = Assert.Single(await server.Results($"{Api}MessageProcessingLogRunSteps({key})/TraceMessages"));
        var traceId = long.Parse(trace.GetProperty("TraceId").GetString()!, CultureInfo.InvariantCulture);
        var payload = await server.Client.GetStringAsync($"{Api}TraceMessages({traceId}L)/$value");
        Assert.Equal(long.Parse(trace.GetProperty("PayloadSize").GetString()!, CultureInfo.InvariantCulture), Encoding.UTF8.GetByteCount(payload));
        Assert.Contains(guid, payload);
        var headers = await server.Results($"{Api}TraceMessages({traceId}L)/Properties");
        Assert.Contains(headers, h => h.GetProperty("Name").GetString() == "SAP_MessageProcessingLogID" && h.GetProperty("Value").GetString() == guid);
    }

    [Fact]
    public async Task Cancelling_a_log_in_retry_makes_it_CANCELLED_and_a_completed_one_cannot_be_cancelled()
    {
        var retry = (await server.Results($"{Logs}?$top=1&$filter={Escape("Status eq 'RETRY'")}"))[0];
        var guid = retry.GetProperty("MessageGuid").GetString()!;

        using var cancelled = await server.Send(HttpMethod.Post, $"{Api}CancelMessageProcessingLog?Id='{guid}'");
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var answer = JsonDocument.Parse(await cancelled.Content.ReadAsStringAsync()).RootElement.GetProperty("d");
        Assert.Equal(guid, answer.GetProperty("MessageGuid").GetString());
        Assert.Equal("CANCELLED", answer.GetProperty("Status").GetString());
        Assert.Equal("CANCELLED", answer.GetProperty("CustomStatus").GetString());
        Assert.True(Milliseconds(answer.GetProperty("LogEnd").GetString()!) > Milliseconds(retry.GetProperty("LogEnd").GetString()!));

        var reread = await server.D($"{Logs}('{guid}')");
        Assert.Equal("CANCELLED", reread.GetProperty("Status").GetString());
        var runs = await server.Results($"{Logs}('{guid}')/Runs?$orderby=RunStart desc");
        Assert.Equal("CANCELLED", runs[0].GetProperty("OverallState").GetString());

        using var again = await server.Send(HttpMethod.Post, $"{Api}CancelMessageProcessingLog?Id='{guid}'");
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        var completed = (await server.Results($"{Logs}?$top=1&$filter={Escape("Status eq 'COMPLETED'")}&$select=MessageGuid"))[0].GetProperty("MessageGuid").GetString();
        using var final = await server.Send(HttpMethod.Post, $"{Api}CancelMessageProcessingLog?Id='{completed}'");
        Assert.Equal(HttpStatusCode.BadRequest, final.StatusCode);
        Assert.Contains("COMPLETED", await final.Content.ReadAsStringAsync());
        using var unknown = await server.Send(HttpMethod.Post, $"{Api}CancelMessageProcessingLog?Id='AGnoSuchMessageGuid00000000'");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task The_ID_mapper_answers_target_ids_of_a_source_and_source_ids_of_a_target()
    {
        var mapped = await server.Results($"{Api}IdMapToIds?$filter={Escape("Mapper eq 'EDI_ORDERS_TO_DELIVERY'")}&$top=1");
        var source = mapped[0].GetProperty("FromId_").GetString()!;

        var targets = await server.Results($"{Api}IdMapFromIds('{source}')/ToIds");
        Assert.Equal(2, targets.Count);
        Assert.All(targets, t => Assert.Equal(source, t.GetProperty("FromId_").GetString()));
        AssertSameShape(MonitoringServer.Golden("IdMapFromIds_key_SourceID_ToIds__GET__200.json").GetProperty("d").GetProperty("results")[0], targets[0], "IdMapToId");

        var target = targets.Single(t => t.GetProperty("Mapper").GetString() == "EDI_ORDERS_TO_SALESORDER").GetProperty("ToId").GetString()!;
        var sources = await server.Results($"{Api}IdMapToIds('{target}')/FromId2s");
        var back = Assert.Single(sources);
        Assert.Equal(source, back.GetProperty("FromId").GetString());
        Assert.Equal(target, back.GetProperty("ToId2").GetString());
        AssertSameShape(MonitoringServer.Golden("IdMapToIds_key_TargetID_FromId2s__GET__200.json").GetProperty("d").GetProperty("results")[0], back, "IdMapFromId2");
        Assert.Equal(source, (await server.D($"{Api}IdMapToIds('{target}')/FromId")).GetProperty("FromId").GetString());
    }

    [Fact]
    public async Task Idempotent_repository_entries_are_read_by_entry_id_and_by_hex_keys_and_deleted()
    {
        var entries = await server.Results($"{Api}GenericIdempotentRepositoryEntries?$filter={Escape("Component eq 'SFTP'")}&$top=2");
        AssertSameShape(MonitoringServer.Golden("GenericIdempotentRepositoryEntries__GET__200.json").GetProperty("d").GetProperty("results")[0], entries[0],
            "GenericIdempotentRepositoryEntry");
        var entry = entries[0].GetProperty("Entry").GetString()!;
        var source = entries[0].GetProperty("Source").GetString()!;
        Assert.Equal(Convert.ToHexString(Encoding.UTF8.GetBytes(entry)), entries[0].GetProperty("HexEntry").GetString());

        var byId = await server.Results($"{Api}IdempotentRepositoryEntries?id={Escape(entry)}");
        Assert.Equal(entry, Assert.Single(byId).GetProperty("Entry").GetString());
        Assert.Single(await server.Results($"{Api}GenericIdempotentRepositoryEntries?id={Escape("'" + entry + "'")}"));

        var key = $"HexSource='{Convert.ToHexString(Encoding.UTF8.GetBytes(source))}',HexEntry='{Convert.ToHexString(Encoding.UTF8.GetBytes(entry))}'";
        Assert.Equal(source, (await server.D($"{Api}IdempotentRepositoryEntries({key})")).GetProperty("Source").GetString());

        using var notHex = await server.Client.GetAsync($"{Api}IdempotentRepositoryEntries(HexSource='user@host',HexEntry='file.xml')");
        Assert.Equal(HttpStatusCode.InternalServerError, notHex.StatusCode);
        Assert.Contains("Problem during reading an idempotent repository entry", await notHex.Content.ReadAsStringAsync());

        using (var deleted = await server.Send(HttpMethod.Delete, $"{Api}IdempotentRepositoryEntries({key})"))
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using (var gone = await server.Client.GetAsync($"{Api}IdempotentRepositoryEntries({key})"))
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        using (var again = await server.Send(HttpMethod.Delete, $"{Api}IdempotentRepositoryEntries({key})"))
            Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        using (var badDelete = await server.Send(HttpMethod.Delete, $"{Api}IdempotentRepositoryEntries(HexSource='xyz',HexEntry='00')"))
            Assert.Equal(HttpStatusCode.InternalServerError, badDelete.StatusCode);
    }

    [Fact]
    public async Task Log_files_download_as_gzip_of_their_size_and_archives_as_zips_of_the_files()
    {
        var files = await server.Results($"{Api}LogFiles?$filter={Escape("NodeScope eq 'worker' and LogFileType eq 'http'")}&$orderby=LastModified desc");
        Assert.Equal(7, files.Count);
        var golden = MonitoringServer.Golden("LogFiles__GET_list__neo-tenant.json").GetProperty("d").GetProperty("results")[0];
        AssertSameShape(golden, files[0], "LogFile");
        // As on the tenant: Edm.DateTimeOffset written without an offset, the media type of the file in __metadata.
        Assert.Matches(@"^/Date\(\d+\)/$", files[0].GetProperty("LastModified").GetString());
        Assert.Equal("application/gzip", files[0].GetProperty("__metadata").GetProperty("content_type").GetString());

        var file = files[0];
        using var download = await server.Client.GetAsync(file.GetProperty("__metadata").GetProperty("media_src").GetString());
        Assert.Equal("application/gzip", download.Content.Headers.ContentType!.MediaType);
        var gzip = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(long.Parse(file.GetProperty("Size").GetString()!, CultureInfo.InvariantCulture), gzip.Length);
        using var reader = new StreamReader(new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress));
        var lines = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Matches("^\\S+ - \\S+ \\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000\\] \"POST /\\S+ HTTP/1.1\" \\d{3} \\d+ \\d+$", l));

        var archives = await server.Results($"{Api}LogFileArchives");
        Assert.Equal(4, archives.Count);
        AssertSameShape(MonitoringServer.Golden("LogFileArchives__GET_list__neo-tenant.json").GetProperty("d").GetProperty("results")[0], archives[0], "LogFileArchive");
        using (var all = await server.Client.GetAsync($"{Api}LogFileArchives(Scope='all',LogFileType='trace',NodeScope='worker')/$value"))
        {
            Assert.Equal("application/zip", all.Content.Headers.ContentType!.MediaType);
            using var zip = new ZipArchive(new MemoryStream(await all.Content.ReadAsByteArrayAsync()));
            Assert.Equal(7, zip.Entries.Count);
            Assert.All(zip.Entries, e => Assert.StartsWith("ljs_trace_", e.FullName));
            using var trace = new StreamReader(zip.Entries[^1].Open());
            Assert.Contains("#ERROR#", await trace.ReadToEndAsync());
        }
        // The second after the third newest file was written: the two newest are what changed since.
        var third = DateTimeOffset.FromUnixTimeMilliseconds(Milliseconds(files[2].GetProperty("LastModified").GetString()!));
        var since = third.AddMilliseconds(1000 - third.Millisecond);
        using (var recent = await server.Client.GetAsync($"{Api}LogFileArchives(Scope='all',LogFileType='http',NodeScope='worker')/$value?ModifiedAfter={since:yyyy-MM-ddTHH:mm:ss}Z"))
        {
            Assert.Equal(HttpStatusCode.OK, recent.StatusCode);
            using var zip = new ZipArchive(new MemoryStream(await recent.Content.ReadAsByteArrayAsync()));
            Assert.Equal(files.Take(2).Select(f => f.GetProperty("Name").GetString()).Order(), zip.Entries.Select(e => e.FullName).Order());
        }
        using (var latest = await server.Client.GetAsync($"{Api}LogFileArchives(Scope='latest',LogFileType='http',NodeScope='worker')/$value"))
        {
            using var zip = new ZipArchive(new MemoryStream(await latest.Content.ReadAsByteArrayAsync()));
            Assert.Equal(files[0].GetProperty("Name").GetString(), Assert.Single(zip.Entries).FullName);
        }
    }

    static long Milliseconds(string date)
    {
        var match = System.Text.RegularExpressions.Regex.Match(date, @"^/Date\((-?\d+)\)/$");
        Assert.True(match.Success, $"'{date}' is not a V2 date as the tenant writes it");
        return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The same properties as the capture, with the same JSON kinds (a string for Int64 and dates, <c>/Date(ms)/</c>
    /// for dates); the sandbox's model (the newer CF tenant's) may add properties the capture's tenant did not have.
    /// </summary>
    static void AssertSameShape(JsonElement captured, JsonElement served, string type, bool ignoreNavigations = false)
    {
        var newer = new HashSet<string> { "LastChangeTime", "PredecessorMessageGuid" };
        var servedNames = served.EnumerateObject().Select(p => p.Name).Where(n => !newer.Contains(n)).ToHashSet();
        foreach (var property in captured.EnumerateObject())
        {
            Assert.True(served.TryGetProperty(property.Name, out var value), $"{type}: {property.Name} is missing");
            servedNames.Remove(property.Name);
            var kind = property.Value.ValueKind;
            if (property.Name == "__metadata")
            {
                Assert.Equal($"com.sap.hci.api.{type}", value.GetProperty("type").GetString());
                foreach (var field in property.Value.EnumerateObject()) Assert.True(value.TryGetProperty(field.Name, out _), $"{type}: __metadata.{field.Name} is missing");
                continue;
            }
            if (kind == JsonValueKind.Object && (ignoreNavigations || property.Value.TryGetProperty("__deferred", out _) || property.Value.TryGetProperty("results", out _))) continue;
            if (kind is JsonValueKind.Null || value.ValueKind is JsonValueKind.Null) continue;
            // The Hub's examples write booleans as strings; the tenant's captures and the sandbox as JSON booleans.
            if (kind == JsonValueKind.String && value.ValueKind is JsonValueKind.True or JsonValueKind.False && property.Value.GetString() is "true" or "false") continue;
            Assert.True(kind == value.ValueKind || (kind is JsonValueKind.True or JsonValueKind.False && value.ValueKind is JsonValueKind.True or JsonValueKind.False),
                $"{type}: {property.Name} is {value.ValueKind}, the capture has {kind}");
            if (kind == JsonValueKind.String && property.Value.GetString()!.StartsWith("/Date(", StringComparison.Ordinal))
                Assert.Matches(@"^/Date\(\d+\)/$", value.GetString());
            if (kind == JsonValueKind.Object) AssertSameShape(property.Value, value, property.Name == "IntegrationArtifact" ? "IntegrationArtifact" : type);
        }
        if (!ignoreNavigations && captured.TryGetProperty("__metadata", out _))
            Assert.True(servedNames.Count == 0, $"{type}: the sandbox adds {string.Join(", ", servedNames)}");
    }
}
