using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using SapSandbox.Core.Query;

namespace SapSandbox.Protocols.Batch;

/// <summary>
/// Reads a <c>multipart/mixed</c> batch (V2 and V4 alike): parts of <c>application/http</c> holding one request
/// each, and nested <c>multipart/mixed</c> parts holding a changeset. The MIME framing is ASP.NET Core's
/// <see cref="MultipartReader"/>; the embedded HTTP requests are read here, with CRLF or bare LF line ends.
/// </summary>
public static class MultipartBatchReader
{
    public static async Task<List<BatchItem>> ReadAsync(Stream body, string contentType, int limit)
    {
        var items = new List<BatchItem>();
        var operations = 0;
        var reader = new MultipartReader(Boundary(contentType), body) { BodyLengthLimit = null };
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            var type = section.ContentType ?? "";
            if (type.StartsWith("multipart/mixed", StringComparison.OrdinalIgnoreCase))
            {
                var changeset = new List<BatchOperation>();
                var inner = new MultipartReader(Boundary(type), section.Body) { BodyLengthLimit = null };
                while (await inner.ReadNextSectionAsync() is { } part) changeset.Add(await OperationAsync(part));
                foreach (var operation in changeset)
                    if (HttpMethods.IsGet(operation.Method))
                        throw QueryException.BadRequest("A changeset holds changes only; put GET requests outside it");
                items.Add(new BatchItem(null, changeset));
                operations += changeset.Count;
            }
            else
            {
                items.Add(new BatchItem(await OperationAsync(section), null));
                operations++;
            }
            if (operations > limit) throw new QueryException(400, $"A batch may hold at most {limit} operations");
        }
        return items;
    }

    static string Boundary(string contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || HeaderUtilities.RemoveQuotes(media.Boundary).Value is not { Length: > 0 } boundary)
            throw QueryException.BadRequest($"The batch's Content-Type '{contentType}' names no boundary");
        return boundary;
    }

    static async Task<BatchOperation> OperationAsync(MultipartSection section)
    {
        if (section.ContentType is { } type && !type.StartsWith("application/http", StringComparison.OrdinalIgnoreCase))
            throw QueryException.BadRequest($"A batch part must be application/http, not {type}");
        using var buffer = new MemoryStream();
        await section.Body.CopyToAsync(buffer);
        var bytes = buffer.ToArray();

        var position = 0;
        var requestLine = Line(bytes, ref position);
        var parts = requestLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2) throw QueryException.BadRequest($"A batch part does not start with a request line: '{requestLine}'");
        var headers = new HeaderDictionary();
        for (var line = Line(bytes, ref position); line.Length > 0; line = Line(bytes, ref position))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0) throw QueryException.BadRequest($"A batch part has a malformed header line: '{line}'");
            headers.Append(line[..colon].Trim(), line[(colon + 1)..].Trim());
        }
        var content = bytes.AsSpan(Math.Min(position, bytes.Length)).ToArray();
        var contentId = section.Headers?.TryGetValue("Content-ID", out var id) == true ? id.ToString() : headers["Content-ID"].ToString();
        return new BatchOperation(parts[0].ToUpperInvariant(), parts[1], headers, TrimLineEnd(content))
        {
            ContentId = string.IsNullOrEmpty(contentId) ? null : contentId,
        };
    }

    static string Line(byte[] bytes, ref int position)
    {
        var start = position;
        while (position < bytes.Length && bytes[position] != '\n') position++;
        var end = position > start && position <= bytes.Length && bytes[position - 1] == '\r' ? position - 1 : position;
        position++;
        return Encoding.UTF8.GetString(bytes, start, Math.Max(0, end - start));
    }

    /// <summary>The line break before the next boundary belongs to the framing, not to the body.</summary>
    static byte[] TrimLineEnd(byte[] body)
    {
        var length = body.Length;
        while (length > 0 && body[length - 1] is (byte)'\r' or (byte)'\n') length--;
        return length == body.Length ? body : body[..length];
    }
}
