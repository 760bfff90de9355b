using System.Globalization;
using System.Text;

namespace SapSandbox.Services.CloudIntegration.Monitoring;

public sealed record MessageLog(
    string MessageGuid, string CorrelationId, string? ApplicationMessageId, MonitoredFlow Flow,
    DateTimeOffset LogStart, DateTimeOffset LogEnd, string Status, string CustomStatus, string LogLevel,
    string TransactionId, string? PredecessorMessageGuid, IReadOnlyList<(string Name, string Value)> Headers)
{
    /// <summary>The value the flow's first custom header property carries: the business object the message is about.</summary>
    public string Subject => Headers.Count > 0 ? Headers[0].Value : MessageGuid;
}

public sealed record LogHeaderProperty(string Id, string MessageGuid, string Name, string Value);
public sealed record LogAdapterAttribute(string Id, string MessageGuid, string AdapterId, string AdapterMessageId, string Name, string Value);
public sealed record LogAttachment(string Id, string MessageGuid, string Name, string ContentType, DateTimeOffset TimeStamp, byte[] Content);
public sealed record LogError(string MessageGuid, string ModelStepId, string Text);
public sealed record LogRun(string Id, string MessageGuid, string LogLevel, string OverallState, string ProcessId, DateTimeOffset Start, DateTimeOffset Stop);
public sealed record LogRunStep(string RunId, int ChildCount, string Activity, string ModelStepId, string StepId, string Status,
    DateTimeOffset Start, DateTimeOffset Stop, string? Error);
public sealed record LogRunStepProperty(string RunId, int ChildCount, string Name, string Value);
public sealed record LogTraceMessage(long TraceId, string MplId, string RunId, int ChildCount, string ModelStepId, string MimeType, byte[] Payload,
    IReadOnlyList<(string Name, string Value)> Headers, IReadOnlyList<(string Name, string Value)> ExchangeProperties);
public sealed record IdempotentEntry(string Vendor, string Source, string Entry, string Component, DateTimeOffset Created, DateTimeOffset Expires);
public sealed record IdMapping(string FromId, string ToId, string Mapper, string Context, string Qualifier, DateTimeOffset Expires);
public sealed record TenantLogFile(string Name, string Type, DateTimeOffset LastModified, byte[] Text)
{
    /// <summary>The file as the API hands it out: gzip, whose length is the file's <c>Size</c>.</summary>
    public byte[] Gzip { get; } = Compress(Text);

    static byte[] Compress(byte[] text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Optimal)) gzip.Write(text);
        return buffer.ToArray();
    }
}

/// <summary>
/// What the sandbox tenant has processed in the week before <see cref="Epoch"/>: message processing logs of every
/// status with their header properties, adapter attributes, attachments, errors, runs, steps and traces, and what
/// follows from them (idempotent repository entries, ID mappings, HTTP and trace log files). Computed from a fixed
/// seed, so every start (and every <c>--reset</c>) sees the same tenant, and content (attachments, error texts, log
/// files) is read back from here byte for byte.
/// </summary>
public sealed class MonitoringData
{
    /// <summary>The tenant's "now" for its history: logs end before it.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 11, 15, 0, 0, 0, TimeSpan.Zero);
    public const string TenantName = "sandbox";
    public const string ComponentName = "CPI_" + TenantName;
    /// <summary>The runtime application that writes the log files, as on a Neo tenant (account + "iflmap").</summary>
    public const string Application = TenantName + "iflmap";
    public const int LogCount = 2400;
    public const string Version = "monitoring-3";
    /// <summary>The tenant's management host, where the monitor's links (<c>AlternateWebLink</c>) point.</summary>
    public const string ManagementHost = "https://sandbox.it-cpi001.cfapps.eu10.hana.ondemand.com";

    public static MonitoringData Instance => Lazy.Value;
    static readonly Lazy<MonitoringData> Lazy = new(() => new MonitoringData());

    public List<MessageLog> Logs { get; } = [];
    public List<LogHeaderProperty> HeaderProperties { get; } = [];
    public List<LogAdapterAttribute> AdapterAttributes { get; } = [];
    public List<LogAttachment> Attachments { get; } = [];
    public List<LogError> Errors { get; } = [];
    public List<LogRun> Runs { get; } = [];
    public List<LogRunStep> RunSteps { get; } = [];
    public List<LogRunStepProperty> RunStepProperties { get; } = [];
    public List<LogTraceMessage> TraceMessages { get; } = [];
    public List<IdempotentEntry> IdempotentEntries { get; } = [];
    public List<IdMapping> IdMappings { get; } = [];
    public List<TenantLogFile> LogFiles { get; } = [];

    public Dictionary<string, LogAttachment> AttachmentsById { get; }
    public Dictionary<string, LogError> ErrorsByGuid { get; }
    public Dictionary<long, LogTraceMessage> TracesById { get; }
    public Dictionary<string, TenantLogFile> LogFilesByName { get; }

    readonly Random _random = new(20261115);

    MonitoringData()
    {
        var start = Epoch.AddDays(-7);
        var flows = MonitoredFlows.All;
        var totalWeight = flows.Sum(f => f.Weight);
        var drafts = new List<(DateTimeOffset Start, MonitoredFlow Flow)>();
        for (var i = 0; i < LogCount; i++)
        {
            var pick = _random.Next(totalWeight);
            var flow = flows.First(f => (pick -= f.Weight) < 0);
            drafts.Add((BusinessTime(start), flow));
        }
        drafts.Sort((a, b) => a.Start.CompareTo(b.Start));
        var counters = new Dictionary<string, int>();
        foreach (var (logStart, flow) in drafts) AddLog(flow, logStart, counters);

        AttachmentsById = Attachments.ToDictionary(a => a.Id);
        ErrorsByGuid = Errors.ToDictionary(e => e.MessageGuid);
        TracesById = TraceMessages.ToDictionary(t => t.TraceId);
        AddIdMappings();
        AddLogFiles();
        LogFilesByName = LogFiles.ToDictionary(f => f.Name);
    }

    /// <summary>A moment in the week, mostly in business hours (messages follow the working day).</summary>
    DateTimeOffset BusinessTime(DateTimeOffset weekStart)
    {
        var day = _random.Next(7);
        var hour = _random.NextDouble() < 0.8 ? 6 + _random.Next(13) : _random.Next(24);
        return weekStart.AddDays(day).AddHours(hour).AddMilliseconds(_random.Next(3_600_000));
    }

    void AddLog(MonitoredFlow flow, DateTimeOffset logStart, Dictionary<string, int> counters)
    {
        var n = counters[flow.Id] = counters.GetValueOrDefault(flow.Id) + 1;
        var status = StatusFor(flow, logStart);
        var guid = MessageGuid(logStart);
        var duration = TimeSpan.FromMilliseconds(flow.Traits.HasFlag(FlowTraits.Timer) ? 2000 + _random.Next(40_000) : 40 + _random.Next(2500));
        var logEnd = status switch
        {
            "PROCESSING" => logStart.AddMilliseconds(5 + _random.Next(200)),
            "RETRY" => logStart + duration * 3,
            "CANCELLED" => logStart.AddMinutes(20 + _random.Next(400)),
            "ABANDONED" => logStart.AddHours(1),
            _ => logStart + duration,
        };
        var headers = flow.HeaderProperties.Select(name => (name, HeaderValue(flow, name, n, logStart, status))).ToList();
        var customStatus = status == "COMPLETED" && flow.Traits.HasFlag(FlowTraits.Synchronous) && _random.Next(40) == 0 ? "ERROR" : status;
        var log = new MessageLog(guid, MessageGuid(logStart.AddMilliseconds(-_random.Next(900))), ApplicationMessageId(flow, headers),
            flow, logStart, logEnd, status, customStatus, flow.LogLevel, Hex(16), null, headers);
        Logs.Add(log);

        foreach (var (name, value) in headers) HeaderProperties.Add(new((600_000 + HeaderProperties.Count).ToString(CultureInfo.InvariantCulture), guid, name, value));
        AddAdapterAttributes(log);
        var failed = status is "FAILED" or "RETRY" or "ESCALATED";
        if (failed)
        {
            var text = string.Format(CultureInfo.InvariantCulture, flow.Errors[_random.Next(flow.Errors.Length)], log.Subject);
            Errors.Add(new LogError(guid, "MessageFlow_11", text));
            AddAttachment(log, "Error payload", logEnd);
            if (_random.Next(3) == 0) AddAttachment(log, "Error response", logEnd);
        }
        else if (status == "COMPLETED" && (flow.LogLevel == "TRACE" || _random.Next(25) == 0))
            AddAttachment(log, "Payload after mapping", logEnd);
        AddRuns(log, failed);
    }

    string StatusFor(MonitoredFlow flow, DateTimeOffset logStart)
    {
        var age = Epoch - logStart;
        // Open aggregates stay PROCESSING for a day; other messages are still running only in the last hours.
        if (flow.Traits.HasFlag(FlowTraits.Aggregator) && age < TimeSpan.FromDays(1) && _random.Next(3) == 0) return "PROCESSING";
        if (age < TimeSpan.FromHours(6) && _random.Next(8) == 0) return "PROCESSING";
        // Per mille, each status only where the flow can reach it.
        var roll = _random.Next(1000);
        if ((roll -= 55) < 0) return "FAILED";
        if (flow.Traits.HasFlag(FlowTraits.Jms))
        {
            if ((roll -= 40) < 0) return age < TimeSpan.FromDays(3) ? "RETRY" : "FAILED";
            if ((roll -= 15) < 0) return "CANCELLED";
        }
        if (flow.Traits.HasFlag(FlowTraits.Synchronous) && (roll -= 30) < 0) return "ESCALATED";
        if (flow.Traits.HasFlag(FlowTraits.Timer) && (roll -= 60) < 0) return "DISCARDED";
        if ((roll -= 6) < 0) return "ABANDONED";
        return "COMPLETED";
    }

    string HeaderValue(MonitoredFlow flow, string name, int n, DateTimeOffset at, string status) => name switch
    {
        "BusinessPartner" => (1_000_000 + n * 7 % 90_000).ToString(CultureInfo.InvariantCulture),
        "IDocNumber" => (9_000_000 + Logs.Count).ToString("D16", CultureInfo.InvariantCulture),
        "PurchaseOrderByCustomer" => $"WS-{at:yyyy}-{n:D6}",
        "SalesOrder" => status == "COMPLETED" ? (4_500_000 + n).ToString(CultureInfo.InvariantCulture) : "",
        "SoldToParty" => (17_100_001 + _random.Next(20)).ToString(CultureInfo.InvariantCulture),
        "InvoiceNumber" => (5_105_600_000 + n).ToString(CultureInfo.InvariantCulture),
        "SupplierId" => $"AN0{1_000_000_000 + _random.Next(40)}",
        "Material" => $"TG1{_random.Next(1, 60):D4}",
        "FileName" => $"camt054_{at:yyyyMMdd_HHmmss}.xml",
        "PaymentRunId" => $"F110-{at:yyyyMMdd}-{n % 3 + 1}",
        "InterchangeControlReference" => (100_000 + n).ToString("D9", CultureInfo.InvariantCulture),
        "BuyerGLN" => $"40123450{_random.Next(10_000, 99_999)}",
        "RateDate" => at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        "LastModifiedSince" => at.AddHours(-1).ToString("yyyy-MM-ddTHH:mm:ss'Z'", CultureInfo.InvariantCulture),
        "EmployeeCount" => _random.Next(0, 40).ToString(CultureInfo.InvariantCulture),
        "WarehouseId" => $"WH0{_random.Next(1, 4)}",
        "AggregateCount" => _random.Next(1, 250).ToString(CultureInfo.InvariantCulture),
        "FailedMessageGuid" => Logs.LastOrDefault(l => l.Status is "FAILED" or "ESCALATED")?.MessageGuid ?? "",
        _ => n.ToString(CultureInfo.InvariantCulture),
    };

    static string? ApplicationMessageId(MonitoredFlow flow, List<(string Name, string Value)> headers) => flow.SenderAdapter switch
    {
        "IDoc" => headers.First(h => h.Name == "IDocNumber").Value,
        "HTTPS" => headers[0].Value,
        "AS2" => headers[0].Value,
        _ => null,
    };

    void AddAdapterAttributes(MessageLog log)
    {
        void Add(string adapter, string messageId, string name, string value) =>
            AdapterAttributes.Add(new((1_000 + AdapterAttributes.Count).ToString(CultureInfo.InvariantCulture), log.MessageGuid, adapter, messageId, name, value));
        switch (log.Flow.SenderAdapter)
        {
            case "AS2":
                var as2Id = $"<{Uuid()}@{log.Flow.Sender}>";
                Add("AS2 Sender", as2Id, "AS2MessageId", as2Id);
                Add("AS2 Sender", as2Id, "SAP_MplCorrelationId", log.CorrelationId);
                Add("AS2 Sender", as2Id, "MDNStatus", log.Status is "COMPLETED" ? "processed" : "processed/error: unexpected-processing-error");
                break;
            case "SFTP":
                var file = log.Headers[0].Value;
                Add("SFTP Sender", file, "FileName", file);
                Add("SFTP Sender", file, "Directory", "/outbound/remadv");
                break;
            case "XI":
                var xiId = Uuid();
                Add("XI Sender", xiId, "SAP_XI_MessageId", xiId);
                Add("XI Sender", xiId, "SAP_XI_QualityOfService", "ExactlyOnce");
                IdempotentEntries.Add(new("SAP", "XI_" + log.Flow.Id, xiId, "XI", log.LogStart, log.LogStart.AddDays(90)));
                break;
            case "IDoc":
                var idoc = log.ApplicationMessageId!;
                Add("IDoc Sender", idoc, "SAP_IDoc_Number", idoc);
                Add("IDoc Sender", idoc, "SAP_IDoc_Type", log.Flow.ApplicationMessageType!);
                break;
        }
        if (log.Flow.SenderAdapter == "SFTP" && log.Status != "PROCESSING")
            IdempotentEntries.Add(new("SAP", "bankftp@sftp.housebank.example", "/outbound/remadv/" + log.Headers[0].Value, "SFTP", log.LogStart, log.LogStart.AddDays(90)));
    }

    void AddAttachment(MessageLog log, string name, DateTimeOffset at)
    {
        var json = log.Flow.SenderAdapter is "HTTPS" or "ProcessDirect" || log.Flow.ReceiverAdapter == "OData";
        var content = name == "Error response"
            ? Encoding.UTF8.GetBytes(ErrorsByGuidDuringBuild(log.MessageGuid))
            : Encoding.UTF8.GetBytes(json ? JsonPayload(log) : XmlPayload(log));
        var id = $"sap-it-res:msg:{Hex(4).ToLowerInvariant()}a:{Uuid()}";
        Attachments.Add(new LogAttachment(id, log.MessageGuid, name, name == "Error response" ? "text/plain" : json ? "application/json" : "text/xml", at, content));
    }

    string ErrorsByGuidDuringBuild(string guid) => Errors.Last(e => e.MessageGuid == guid).Text;

    static string XmlPayload(MessageLog log)
    {
        var fields = string.Concat(log.Headers.Select(h => $"\n    <{h.Name}>{h.Value}</{h.Name}>"));
        var type = log.Flow.ApplicationMessageType ?? log.Flow.Id;
        return $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <{type}>
              <Header>
                <MessageId>{log.MessageGuid}</MessageId>
                <Sender>{log.Flow.Sender ?? "Timer"}</Sender>
                <Receiver>{log.Flow.Receiver}</Receiver>
                <Created>{log.LogStart:yyyy-MM-ddTHH:mm:ss.fffZ}</Created>
              </Header>
              <Body>{fields}
              </Body>
            </{type}>
            """ + "\n";
    }

    static string JsonPayload(MessageLog log) =>
        "{\n" + string.Join(",\n", new[] { ("messageId", log.MessageGuid), ("created", log.LogStart.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)) }
            .Concat(log.Headers).Select(h => $"  \"{char.ToLowerInvariant(h.Item1[0])}{h.Item1[1..]}\": \"{h.Item2}\"")) + "\n}\n";

    void AddRuns(MessageLog log, bool failed)
    {
        var runCount = log.Status == "RETRY" ? 2 + _random.Next(2) : 1;
        var span = (log.LogEnd - log.LogStart) / runCount;
        var withSteps = failed || log.Status != "COMPLETED" || log.LogLevel is "TRACE" or "DEBUG" || _random.Next(10) == 0;
        for (var r = 0; r < runCount; r++)
        {
            var runStart = log.LogStart + span * r;
            var runStop = runStart + span * 0.9;
            var last = r == runCount - 1;
            var state = log.Status switch
            {
                "COMPLETED" or "DISCARDED" => "COMPLETED",
                "PROCESSING" or "ABANDONED" => "PROCESSING",
                "CANCELLED" => "CANCELLED",
                _ => "FAILED",
            };
            var run = new LogRun(MessageGuid(runStart), log.MessageGuid, log.LogLevel, state, log.Flow.Id, runStart, runStop);
            Runs.Add(run);
            if (withSteps) AddSteps(log, run, failed, last);
        }
    }

    void AddSteps(MessageLog log, LogRun run, bool failed, bool lastRun)
    {
        var flow = log.Flow;
        var steps = new List<(string Activity, string ModelStepId)>
        {
            flow.SenderAdapter is "Timer" ? ("StartTimerEvent", "StartEvent_2") : ("MessageFlow", "MessageFlow_1"),
            ("StartEvent", "StartEvent_2"),
            ("CallActivity", "CallActivity_5"),
            ("CallActivity", "CallActivity_8"),
            ("ServiceTask", "ServiceTask_11"),
            ("MessageFlow", "MessageFlow_11"),
            ("EndEvent", "EndEvent_2"),
        };
        if (flow.SenderAdapter is "Timer") steps.RemoveAt(1);
        var stopAt = log.Status == "PROCESSING" || log.Status == "ABANDONED" ? 3 : failed ? steps.FindIndex(s => s.ModelStepId == "MessageFlow_11") : steps.Count - 1;
        var error = failed ? ErrorsByGuidDuringBuild(log.MessageGuid) : null;
        var stepLength = (run.Stop - run.Start) / steps.Count;
        for (var i = 0; i <= stopAt; i++)
        {
            var (activity, modelStepId) = steps[i];
            var failing = failed && i == stopAt;
            var open = log.Status is "PROCESSING" or "ABANDONED" && i == stopAt;
            var stepStart = run.Start + stepLength * i;
            var step = new LogRunStep(run.Id, i + 1, activity, modelStepId, $"{modelStepId}_{run.Start.ToUnixTimeMilliseconds()}",
                failing ? "FAILED" : open ? "PROCESSING" : "COMPLETED", stepStart, stepStart + stepLength * 0.8, failing ? error : null);
            RunSteps.Add(step);
            if (modelStepId == "MessageFlow_11")
            {
                RunStepProperties.Add(new(run.Id, i + 1, "Address", ReceiverAddress(flow)));
                RunStepProperties.Add(new(run.Id, i + 1, "AdapterType", flow.ReceiverAdapter));
                if (failing) RunStepProperties.Add(new(run.Id, i + 1, "HttpResponseCode", error!.Contains("503") ? "503" : error.Contains("404") ? "404" : "500"));
            }
            if (log.LogLevel == "TRACE") AddTrace(log, run, step);
        }
    }

    void AddTrace(MessageLog log, LogRun run, LogRunStep step)
    {
        var payload = Encoding.UTF8.GetBytes(step.ChildCount == 1 ? "" : XmlPayload(log));
        TraceMessages.Add(new LogTraceMessage(10_000 + TraceMessages.Count, log.MessageGuid, run.Id, step.ChildCount, step.ModelStepId, "text/xml", payload,
            [("Content-Type", "text/xml; charset=UTF-8"), ("SAP_MessageProcessingLogID", log.MessageGuid), ("SapCorrelationId", log.CorrelationId)],
            [("CamelCreatedTimestamp", log.LogStart.ToString("ddd MMM dd HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture)), ("SAP_MessageProcessingLogLevel", "TRACE"),
             ("CamelToEndpoint", step.ModelStepId == "MessageFlow_11" ? ReceiverAddress(log.Flow) : "direct://" + step.ModelStepId)]));
    }

    static string ReceiverAddress(MonitoredFlow flow) => flow.ReceiverAdapter switch
    {
        "SOAP" => "https://my300000.crm.ondemand.com/sap/bc/srt/scs/sap/businesspartnerreplicationin",
        "OData" => "https://s4h.example.com/sap/opu/odata/sap/API_SALES_ORDER_SRV",
        "HTTP" => flow.Receiver == "ARIBA_NETWORK" ? "https://service.ariba.com/B2B.aw" : "https://webshop.example.com/api/v2/products",
        "IDoc" => "https://s4h.example.com/sap/bc/srt/idoc?sap-client=100",
        "SuccessFactors" => "https://api4.successfactors.com/odata/v2",
        "Mail" => "smtp://mail.example.com:587",
        _ => "direct://" + flow.Id,
    };

    void AddIdMappings()
    {
        var orders = Logs.Where(l => l.Flow.SenderAdapter == "AS2" && l.Status == "COMPLETED").Take(40).ToList();
        foreach (var (log, i) in orders.Select((l, i) => (l, i)))
        {
            var from = "PO-" + log.Headers[0].Value;
            var expires = log.LogEnd.AddDays(365);
            IdMappings.Add(new IdMapping(from, (4_600_000 + i).ToString(CultureInfo.InvariantCulture), "EDI_ORDERS_TO_SALESORDER", "RETAILER_AS2", "", expires));
            // An order confirmed twice maps one purchase order to two documents.
            if (i % 8 == 0) IdMappings.Add(new IdMapping(from, "DLV-" + (80_000 + i).ToString(CultureInfo.InvariantCulture), "EDI_ORDERS_TO_DELIVERY", "RETAILER_AS2", "", expires));
        }
    }

    void AddLogFiles()
    {
        var node = "a1888f8";
        for (var day = Epoch.AddDays(-7); day < Epoch; day = day.AddDays(1))
        {
            var next = day.AddDays(1);
            var http = new StringBuilder();
            var trace = new StringBuilder();
            DateTimeOffset lastHttp = day, lastTrace = day;
            foreach (var log in Logs.Where(l => l.LogStart >= day && l.LogStart < next))
            {
                if (log.Flow.HttpPath is { } path)
                {
                    var status = log.Status is "ESCALATED" ? 500 : 200;
                    http.Append(CultureInfo.InvariantCulture, $"10.{log.Flow.Sender!.Length}.{log.Flow.Weight}.{17 + log.Flow.Id.Length} - {log.Flow.Sender!.ToLowerInvariant()}_user [{log.LogStart.ToString("dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture)} +0000] \"POST {path} HTTP/1.1\" {status} {200 + log.Subject.Length * 37} {(int)(log.LogEnd - log.LogStart).TotalMilliseconds}\n");
                    lastHttp = log.LogStart;
                    // Authentication errors are what HTTP logs are read for: a sender with an expired password now and then.
                    if (log.LogStart.Millisecond % 29 == 0)
                        http.Append(CultureInfo.InvariantCulture, $"10.{log.Flow.Sender!.Length}.{log.Flow.Weight}.{17 + log.Flow.Id.Length} - - [{log.LogStart.AddSeconds(-2).ToString("dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture)} +0000] \"POST {path} HTTP/1.1\" 401 0 3\n");
                }
                if (ErrorsByGuid.TryGetValue(log.MessageGuid, out var error))
                {
                    trace.Append(CultureInfo.InvariantCulture, $"{log.LogEnd:yyyy MM dd HH:mm:ss}#+00#ERROR#com.sap.it.rt.scc.camel.MplErrorHandler##{ComponentName}#{log.Flow.Id}#na#{log.MessageGuid}#Message processing failed in step {error.ModelStepId}: {error.Text}\n");
                    lastTrace = log.LogEnd;
                }
            }
            var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            LogFiles.Add(new TenantLogFile($"http_access_{node}_{date}.log", "http", lastHttp, Encoding.UTF8.GetBytes(http.ToString())));
            LogFiles.Add(new TenantLogFile($"ljs_trace_{node}_{date}.log", "trace", lastTrace, Encoding.UTF8.GetBytes(trace.ToString())));
        }
    }

    /// <summary>
    /// A message id as the runtime makes them: URL-safe base64 of a zero byte, the start second (big-endian) and
    /// sixteen random bytes, 28 characters ("AGq…"); ids of one period share their first characters, as on a tenant.
    /// </summary>
    string MessageGuid(DateTimeOffset at)
    {
        var bytes = new byte[21];
        var seconds = (uint)at.ToUnixTimeSeconds();
        bytes[1] = (byte)(seconds >> 24);
        bytes[2] = (byte)(seconds >> 16);
        bytes[3] = (byte)(seconds >> 8);
        bytes[4] = (byte)seconds;
        _random.NextBytes(bytes.AsSpan(5));
        return Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');
    }

    string Hex(int bytes)
    {
        var buffer = new byte[bytes];
        _random.NextBytes(buffer);
        return Convert.ToHexString(buffer).ToLowerInvariant();
    }

    string Uuid()
    {
        var h = Hex(16);
        return $"{h[..8]}-{h[8..12]}-{h[12..16]}-{h[16..20]}-{h[20..]}";
    }

    /// <summary>The upper-case hex of the text's UTF-8 bytes, as the API keys idempotent entries, keystore aliases and partners.</summary>
    public static string HexOf(string text) => Convert.ToHexString(Encoding.UTF8.GetBytes(text));

    /// <summary>The text a hex key encodes, or null when it is not hex of UTF-8 (either case is accepted).</summary>
    public static string? TextOf(string hex)
    {
        if (hex.Length % 2 != 0) return null;
        try { return new UTF8Encoding(false, true).GetString(Convert.FromHexString(hex)); }
        catch (Exception e) when (e is FormatException or DecoderFallbackException) { return null; }
    }
}
