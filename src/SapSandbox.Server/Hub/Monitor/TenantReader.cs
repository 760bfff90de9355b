using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using SapSandbox.Services.CloudIntegration;

namespace SapSandbox.Server.Hub.Monitor;

/// <summary>
/// Reads the local Cloud Integration tenant for the monitor pages by sending GET requests through the tenant's own
/// <c>/api/v1</c> endpoint, in process, in the signed-in user's name. The pages therefore show exactly what
/// <c>/api/v1</c> answers (its tenant behaviour, filters and paging) and a user sees only what their roles let
/// them read: a missing role comes back as the endpoint's 403 with its message, which the page shows.
/// Nothing goes over the network, so no credentials are needed and none are kept.
/// </summary>
public sealed class TenantReader(HttpContext page)
{
    /// <summary>The endpoint the sandbox maps for the tenant's mount, or null when Cloud Integration is not served.</summary>
    readonly RouteEndpoint? _endpoint = page.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints
        .OfType<RouteEndpoint>()
        .FirstOrDefault(e => e.RoutePattern.RawText == CloudIntegrationService.TenantPath + "{**rest}");

    public bool Served => _endpoint != null;

    /// <summary>
    /// GET of <paramref name="relative"/> (relative to <c>/api/v1/</c>, percent-encoded as on the wire) in JSON.
    /// </summary>
    public Task<TenantAnswer> GetAsync(string relative) => SendAsync(HttpMethods.Get, relative);

    /// <summary>
    /// A request of <paramref name="method"/> to <paramref name="relative"/> with the given request headers besides
    /// <c>Accept: application/json</c>, as the tenant's own endpoint answers it (changes go through
    /// <see cref="TenantWriter"/>, which fetches the CSRF token they need).
    /// </summary>
    public async Task<TenantAnswer> SendAsync(string method, string relative, IEnumerable<KeyValuePair<string, string>>? requestHeaders = null)
    {
        if (_endpoint?.RequestDelegate == null) return new TenantAnswer(404, "text/plain", Encoding.UTF8.GetBytes("Cloud Integration is not served by this sandbox"));
        var mount = CloudIntegrationService.TenantPath;
        var question = relative.IndexOf('?');
        var path = question < 0 ? relative : relative[..question];
        IHeaderDictionary headers = new HeaderDictionary();
        headers.Accept = "application/json";
        headers.Host = page.Request.Host.Value;
        foreach (var (name, value) in requestHeaders ?? []) headers[name] = value;
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(new HttpRequestFeature
        {
            Method = method,
            Scheme = page.Request.Scheme,
            Protocol = "HTTP/1.1",
            PathBase = "",
            Path = Uri.UnescapeDataString(mount + path),
            QueryString = question < 0 ? "" : relative[question..],
            RawTarget = mount + relative,
            Headers = headers,
            Body = Stream.Null,
        });
        using var body = new MemoryStream();
        features.Set<IHttpResponseFeature>(new HttpResponseFeature());
        features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(body));
        // The page's time limit and cancellation carry over to the read.
        if (page.Features.Get<Microsoft.AspNetCore.Http.Timeouts.IHttpRequestTimeoutFeature>() is { } timeout) features.Set(timeout);
        var context = new DefaultHttpContext(features) { RequestServices = page.RequestServices, User = page.User, RequestAborted = page.RequestAborted };
        await _endpoint.RequestDelegate(context);
        await context.Response.CompleteAsync();
        return new TenantAnswer(context.Response.StatusCode, context.Response.ContentType ?? "application/octet-stream", body.ToArray())
        {
            Headers = context.Response.Headers,
        };
    }

    /// <summary>The rows of a collection (<c>d.results</c>) and the next page's link (<c>d.__next</c>), or the error.</summary>
    public async Task<TenantList> ListAsync(string relative)
    {
        var answer = await GetAsync(relative);
        if (!answer.Ok) return new TenantList([], null, null, answer.ErrorMessage);
        using var document = JsonDocument.Parse(answer.Body);
        var d = document.RootElement.GetProperty("d");
        var results = d.ValueKind == JsonValueKind.Array ? d : d.GetProperty("results");
        var rows = results.EnumerateArray().Select(row => new TenantRow(row.Clone())).ToList();
        var next = d.ValueKind == JsonValueKind.Object && d.TryGetProperty("__next", out var link) ? link.GetString() : null;
        long? count = d.ValueKind == JsonValueKind.Object && d.TryGetProperty("__count", out var c) && long.TryParse(c.GetString(), out var n) ? n : null;
        return new TenantList(rows, next, count, null);
    }

    /// <summary>
    /// Every row of a collection, following the tenant's <c>__next</c> links as a client does (the partner
    /// directory's binary parameters come 30 to a page), up to <paramref name="maxPages"/> pages.
    /// </summary>
    public async Task<TenantList> ListAllAsync(string relative, int maxPages = 20)
    {
        var rows = new List<TenantRow>();
        string? next = relative;
        for (var page = 0; next != null && page < maxPages; page++)
        {
            var answer = await ListAsync(next);
            if (answer.Error != null) return answer;
            rows.AddRange(answer.Rows);
            next = answer.Next == null ? null : RelativeToTenant(answer.Next);
        }
        return new TenantList(rows, next, rows.Count, null);
    }

    /// <summary>A link the tenant wrote (relative, as a tenant does, or absolute) relative to <c>/api/v1/</c>.</summary>
    public static string RelativeToTenant(string link)
    {
        var at = link.IndexOf(CloudIntegrationService.TenantPath, StringComparison.Ordinal);
        return at < 0 ? link.TrimStart('/') : link[(at + CloudIntegrationService.TenantPath.Length)..];
    }

    /// <summary>One entity (<c>d</c>), or null with the error when the tenant refused or has none.</summary>
    public async Task<(TenantRow? Row, string? Error)> EntityAsync(string relative)
    {
        var answer = await GetAsync(relative);
        if (!answer.Ok) return (null, answer.ErrorMessage);
        using var document = JsonDocument.Parse(answer.Body);
        return (new TenantRow(document.RootElement.GetProperty("d").Clone()), null);
    }

    /// <summary>An OData V2 string literal for a key or filter: quotes doubled, then percent-encoded for the URL.</summary>
    public static string Literal(string value) => Uri.EscapeDataString("'" + value.Replace("'", "''") + "'");
}

/// <summary>What the tenant answered one request with.</summary>
public sealed record TenantAnswer(int Status, string ContentType, byte[] Body)
{
    public bool Ok => Status is >= 200 and < 300;
    /// <summary>The response headers (the CSRF token and session cookie of a token fetch).</summary>
    public IHeaderDictionary Headers { get; init; } = new HeaderDictionary();

    /// <summary>The message of SAP's error body (JSON or XML), or the body itself when it is not one.</summary>
    public string ErrorMessage
    {
        get
        {
            var text = Encoding.UTF8.GetString(Body);
            try
            {
                if (ContentType.Contains("json", StringComparison.OrdinalIgnoreCase))
                {
                    using var document = JsonDocument.Parse(text);
                    var message = document.RootElement.GetProperty("error").GetProperty("message");
                    return $"{Status}: {(message.ValueKind == JsonValueKind.String ? message.GetString() : message.GetProperty("value").GetString())}";
                }
                if (ContentType.Contains("xml", StringComparison.OrdinalIgnoreCase))
                {
                    var xml = System.Xml.Linq.XDocument.Parse(text);
                    var message = xml.Descendants().FirstOrDefault(e => e.Name.LocalName == "message");
                    if (message != null) return $"{Status}: {message.Value}";
                }
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or System.Xml.XmlException)
            {
                // Not SAP's error body: the text says it best.
            }
            return $"{Status}: {text}";
        }
    }
}

/// <summary>A page of a collection as the tenant answered it.</summary>
public sealed record TenantList(IReadOnlyList<TenantRow> Rows, string? Next, long? Count, string? Error);
