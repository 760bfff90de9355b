using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace SapSandbox.Server.Cli.Import;

/// <summary>
/// Fetches <c>$metadata</c> from a live system as a client would: HTTP Basic sent up front (SAP Gateway answers a
/// request without it with a logon page or a 401), redirects followed by hand so that the credentials go along to
/// the same host only, and every answer that is not a metadata document turned into a message saying what came back.
/// </summary>
public static class MetadataDownload
{
    const int MaxRedirects = 10;
    /// <summary>As much as SAP's ICM accepts in a request; metadata of the largest S/4HANA services is a few MB.</summary>
    const int MaxBytes = 50 * 1024 * 1024;
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<byte[]> FetchAsync(MetadataUrl source, CancellationToken cancellation)
    {
        using var handler = new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(15) };
        using var client = new HttpClient(handler) { Timeout = Timeout, MaxResponseContentBufferSize = MaxBytes };
        var url = source.Metadata;
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/xml"));
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("sapsandbox-import", "1.0"));
            if (source.User != null && MayCarryCredentials(source.Metadata, url))
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                    Convert.ToBase64String(Encoding.UTF8.GetBytes($"{source.User}:{source.Password}")));

            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, cancellation);
            }
            catch (HttpRequestException e)
            {
                throw new ImportException($"Could not reach {url.GetLeftPart(UriPartial.Authority)}: {e.Message}");
            }
            catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
            {
                throw new ImportException($"{url} did not answer within {Timeout.TotalSeconds:0} s");
            }
            using (response)
            {
                if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
                {
                    if (hop == MaxRedirects) throw new ImportException($"{source} redirected more than {MaxRedirects} times; give the URL it ends at");
                    url = new Uri(url, location);
                    continue;
                }
                var body = await ReadAsync(response, url, cancellation);
                if (!response.IsSuccessStatusCode) throw new ImportException(Refusal(source, url, response, body));
                // A logon page is markup too: name it before the XML parser reports its first HTML-only construct.
                if (IsHtml(response, body) || !LooksLikeXml(body)) throw new ImportException(NotMetadata(url, response, body));
                return body;
            }
        }
    }

    static async Task<byte[]> ReadAsync(HttpResponseMessage response, Uri url, CancellationToken cancellation)
    {
        try
        {
            return await response.Content.ReadAsByteArrayAsync(cancellation);
        }
        catch (HttpRequestException e)
        {
            throw new ImportException($"{url} broke off its answer: {e.Message}");
        }
    }

    /// <summary>The same host (a redirect to another port or path of the system keeps the logon), and never from HTTPS down to HTTP.</summary>
    static bool MayCarryCredentials(Uri original, Uri target) =>
        string.Equals(original.Host, target.Host, StringComparison.OrdinalIgnoreCase)
        && !(original.Scheme == Uri.UriSchemeHttps && target.Scheme == Uri.UriSchemeHttp);

    static bool IsRedirect(HttpStatusCode status) => (int)status is 301 or 302 or 303 or 307 or 308;

    static string Refusal(MetadataUrl source, Uri url, HttpResponseMessage response, byte[] body)
    {
        var answer = $"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}";
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized when source.User == null =>
                $"{answer}: the system needs a logon; give --user and --password (or https://USER:PASSWORD@host/... in the URL)",
            HttpStatusCode.Unauthorized => $"{answer}: the user {source.User} and its password were not accepted",
            HttpStatusCode.Forbidden => $"{answer}: {(source.User == null ? "the system refuses anonymous reads" : $"the user {source.User} may not read this service")}{Detail(body)}",
            HttpStatusCode.NotFound => $"{answer}: there is no service at this path; check its name (and, on SAP Gateway, that it is active in /IWFND/MAINT_SERVICE){Detail(body)}",
            _ => answer + Detail(body),
        };
    }

    static string NotMetadata(Uri url, HttpResponseMessage response, byte[] body)
    {
        var type = response.Content.Headers.ContentType?.MediaType ?? "no content type";
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 512)).TrimStart();
        if (IsHtml(response, body))
            return $"{url} answered an HTML page ({type}), not a metadata document: a logon page? Check the URL and the credentials";
        return body.Length == 0
            ? $"{url} answered {(int)response.StatusCode} with an empty body, not a metadata document"
            : $"{url} answered {type}, not a metadata document (XML): {Excerpt(text)}";
    }

    static bool IsHtml(HttpResponseMessage response, byte[] body)
    {
        if (response.Content.Headers.ContentType?.MediaType?.Contains("html", StringComparison.OrdinalIgnoreCase) == true) return true;
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 64)).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return text.StartsWith("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase) || text.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>XML starts with '&lt;' after an optional byte order mark and white space; the parser says the rest.</summary>
    static bool LooksLikeXml(byte[] body)
    {
        var span = body.AsSpan();
        if (span.StartsWith("\uFEFF"u8)) span = span[3..];
        foreach (var b in span)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') continue;
            return b == (byte)'<';
        }
        return false;
    }

    /// <summary>The start of an error body, for a system's own words on why (SAP error XML or JSON).</summary>
    static string Detail(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 512)).Trim();
        return text.Length == 0 ? "" : $" ({Excerpt(text)})";
    }

    static string Excerpt(string text)
    {
        var flat = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return flat.Length > 200 ? flat[..200] + "..." : flat;
    }
}
