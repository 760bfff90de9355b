using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace SapSandbox.Protocols.Batch;

/// <summary>
/// Writes a batch response as Gateway does: boundaries of 32 hex digits ending in 0 (batch) and 1 (changeset),
/// an <c>application/http</c> part with its length per operation, and a failed changeset answered by the one
/// part of its failing operation instead of a nested multipart.
/// </summary>
public static class MultipartBatchWriter
{
    public static (string ContentType, byte[] Body) Write(IReadOnlyList<(BatchItem Item, IReadOnlyList<BatchResult> Results, bool Failed)> answers)
    {
        var stem = Guid.NewGuid().ToString("N").ToUpperInvariant();
        var batch = stem + "0";
        var changeset = stem + "1";
        using var output = new MemoryStream();
        foreach (var (item, results, failed) in answers)
        {
            Text(output, $"--{batch}\r\n");
            if (item.Operation != null || failed)
            {
                Part(output, results[0], contentId: false);
                continue;
            }
            using var inner = new MemoryStream();
            foreach (var result in results)
            {
                Text(inner, $"--{changeset}\r\n");
                Part(inner, result, contentId: true);
            }
            Text(inner, $"--{changeset}--\r\n");
            Text(output, $"Content-Type: multipart/mixed; boundary={changeset}\r\nContent-Length: {inner.Length}\r\n\r\n");
            inner.WriteTo(output);
            Text(output, "\r\n");
        }
        Text(output, $"--{batch}--\r\n");
        return ($"multipart/mixed; boundary={batch}", output.ToArray());
    }

    static void Part(Stream output, BatchResult result, bool contentId)
    {
        using var http = new MemoryStream();
        Text(http, $"HTTP/1.1 {result.Status} {ReasonPhrases.GetReasonPhrase(result.Status)}\r\n");
        foreach (var (name, value) in result.Headers)
            if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) Text(http, $"{name}: {value}\r\n");
        Text(http, $"Content-Length: {result.Body.Length.ToString(CultureInfo.InvariantCulture)}\r\n\r\n");
        // No CRLF of its own after the body: the one before the next boundary belongs to the boundary (RFC 2046), and
        // UI5's V4 model takes whatever else stands there for the body, so a 204 with a stray CRLF fails its JSON.parse.
        http.Write(result.Body);

        Text(output, "Content-Type: application/http\r\n");
        Text(output, $"Content-Length: {http.Length.ToString(CultureInfo.InvariantCulture)}\r\n");
        Text(output, "content-transfer-encoding: binary\r\n");
        if (contentId && result.Operation.ContentId != null) Text(output, $"content-id: {result.Operation.ContentId}\r\n");
        Text(output, "\r\n");
        http.WriteTo(output);
        Text(output, "\r\n");
    }

    static void Text(Stream stream, string text) => stream.Write(Encoding.UTF8.GetBytes(text));
}
