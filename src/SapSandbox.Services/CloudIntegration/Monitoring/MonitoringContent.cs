using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Query;
using SapSandbox.Core.Write;

namespace SapSandbox.Services.CloudIntegration.Monitoring;

/// <summary>Reads a property of an entity as text, by property path.</summary>
static class Entities
{
    public static string? Text(this ExistingEntity entity, string path) =>
        entity.Table.Column(path) is { } column && entity.Values.TryGetValue(column, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;
}

/// <summary><c>MessageProcessingLogAttachments('…')/$value</c>: the attachment the flow wrote, byte for byte.</summary>
sealed class AttachmentContent : IEntitySetBehavior
{
    public MediaContent? ReadMedia(EntityContext context, ExistingEntity entity) =>
        MonitoringData.Instance.AttachmentsById.TryGetValue(entity.Text("Id")!, out var attachment)
            ? new MediaContent(entity.Text("ContentType") ?? attachment.ContentType, attachment.Content)
            : null;
}

/// <summary><c>MessageProcessingLogs('…')/ErrorInformation/$value</c>: the error text of a failed message, as plain text.</summary>
sealed class ErrorInformationText : IEntitySetBehavior
{
    public MediaContent? ReadMedia(EntityContext context, ExistingEntity entity) =>
        MonitoringData.Instance.ErrorsByGuid.TryGetValue(entity.Text("MessageGuid")!, out var error)
            ? new MediaContent("text/plain", System.Text.Encoding.UTF8.GetBytes(error.Text))
            : null;
}

/// <summary><c>TraceMessages(…L)/$value</c>: the message body as it was when the traced step ran.</summary>
sealed class TracePayload : IEntitySetBehavior
{
    public MediaContent? ReadMedia(EntityContext context, ExistingEntity entity) =>
        long.TryParse(entity.Text("TraceId"), out var id) && MonitoringData.Instance.TracesById.TryGetValue(id, out var trace)
            ? new MediaContent(trace.MimeType, trace.Payload)
            : null;
}

/// <summary><c>LogFiles(Name='…',Application='…')/$value</c>: the day's log file, gzip-compressed as the tenant serves it.</summary>
sealed class LogFileContent : IEntitySetBehavior
{
    public MediaContent? ReadMedia(EntityContext context, ExistingEntity entity) =>
        MonitoringData.Instance.LogFilesByName.TryGetValue(entity.Text("Name")!, out var file) && entity.Text("Application") == MonitoringData.Application
            ? new MediaContent("application/gzip", file.Gzip)
            : null;
}

/// <summary>
/// <c>LogFileArchives(Scope='all'|'latest',LogFileType='http'|'trace',NodeScope='worker')/$value</c>: a zip of the
/// log files of that type, all of them or only the newest, and with <c>?ModifiedAfter=2026-11-12T00:00:00Z</c> only
/// those written since.
/// </summary>
sealed partial class LogFileArchiveContent : IEntitySetBehavior, IResourceHandler
{
    public MediaContent? ReadMedia(EntityContext context, ExistingEntity entity) =>
        Zip(entity.Text("Scope"), entity.Text("LogFileType"), entity.Text("NodeScope"), null);

    /// <summary>The download with <c>ModifiedAfter</c>, a query option the entity's media resource alone cannot see.</summary>
    public ResourceAnswer? Handle(ResourceRequest request)
    {
        if (!request.IsRead || !request.Query.TryGetValue("ModifiedAfter", out var after)) return null;
        var match = ArchiveValue().Match(request.Path);
        if (!match.Success) return null;
        if (!DateTimeOffset.TryParseExact(after, ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var since))
            throw QueryException.BadRequest($"ModifiedAfter '{after}' is not a time in the form yyyy-MM-ddTHH:mm:ssZ", "ModifiedAfter");
        var zip = Zip(match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value, since)
                  ?? throw QueryException.NotFound($"No log file archive {match.Value[..^"/$value".Length]}");
        return new ResourceAnswer.Content(200, zip.ContentType, zip.Bytes);
    }

    static MediaContent? Zip(string? scope, string? type, string? nodeScope, DateTimeOffset? modifiedAfter)
    {
        if (nodeScope != "worker" || scope is not ("all" or "latest")) return null;
        var files = MonitoringData.Instance.LogFiles.Where(f => f.Type == type).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        if (files.Count == 0) return null;
        if (scope == "latest") files = [files[^1]];
        if (modifiedAfter is { } since) files = files.Where(f => f.LastModified > since).ToList();
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var file in files)
            {
                var item = zip.CreateEntry(file.Name, CompressionLevel.Optimal);
                item.LastWriteTime = file.LastModified;
                using var stream = item.Open();
                stream.Write(file.Text);
            }
        return new MediaContent("application/zip", buffer.ToArray());
    }

    [GeneratedRegex(@"^LogFileArchives\(Scope='([^']*)',LogFileType='([^']*)',NodeScope='([^']*)'\)/\$value$")]
    private static partial Regex ArchiveValue();
}
