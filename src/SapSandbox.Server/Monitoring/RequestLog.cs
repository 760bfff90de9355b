using System.Threading.Channels;

namespace SapSandbox.Server.Monitoring;

/// <summary>
/// The request log (category <see cref="Category"/>), handed to the logger a batch at a time from the background.
/// Logged as each request ended, a line woke the console logger's writer thread once per request: two thread switches
/// per request on a busy core, more than the rest of a read by key costs. Lines wait here at most <see cref="Interval"/>.
/// </summary>
public sealed partial class RequestLog : BackgroundService
{
    /// <summary>The category of the request log, to filter it (<c>Logging:LogLevel:SapSandbox.Requests</c>).</summary>
    public const string Category = "SapSandbox.Requests";

    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    readonly Channel<Line> _lines = Channel.CreateUnbounded<Line>(new UnboundedChannelOptions { SingleReader = true });
    readonly ILogger _logger;

    public RequestLog(ILoggerFactory loggers) => _logger = loggers.CreateLogger(Category);

    /// <summary>One request as its line tells it.</summary>
    public readonly record struct Line(LogLevel Level, string Method, string Path, int Status, double DurationMs, long Rows, string User,
        string Service, string? FaultRule);

    public bool IsEnabled(LogLevel level) => _logger.IsEnabled(level);

    public void Add(in Line line) => _lines.Writer.TryWrite(line);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Ends when StopAsync has completed the channel and the last lines are written: a stop loses none.
        while (await _lines.Reader.WaitToReadAsync(CancellationToken.None))
        {
            await Task.Delay(Interval, CancellationToken.None);
            while (_lines.Reader.TryRead(out var line)) Write(line);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _lines.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    void Write(in Line line)
    {
        if (line.FaultRule == null) Served(_logger, line.Level, line.Method, line.Path, line.Status, line.DurationMs, line.Rows, line.User, line.Service);
        else ServedWithFault(_logger, line.Level, line.Method, line.Path, line.Status, line.DurationMs, line.Rows, line.User, line.Service, line.FaultRule);
    }

    [LoggerMessage(EventId = 1, EventName = "Request", Message = "{Method} {Path} {Status} {DurationMs} ms, {Rows} rows, user {User}, service {Service}")]
    static partial void Served(ILogger logger, LogLevel level, string method, string path, int status, double durationMs, long rows, string user, string service);

    [LoggerMessage(EventId = 2, EventName = "RequestWithFault", Message = "{Method} {Path} {Status} {DurationMs} ms, {Rows} rows, user {User}, service {Service}, fault {FaultRule}")]
    static partial void ServedWithFault(ILogger logger, LogLevel level, string method, string path, int status, double durationMs, long rows, string user, string service, string faultRule);
}
