using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace SapSandbox.Server.Hub.Environments;

/// <summary>
/// Try out against an environment: <c>/hub/environments/{name}/call/{path}</c> sends the request on to the
/// environment's base URL with its credentials, from the server (the browser never sees a secret and needs no CORS).
/// The remote's cookies are kept per hub user and environment, so a CSRF token fetched through here is accepted by
/// the next write, as SAP Gateway binds it to its session cookie.
/// </summary>
public sealed class EnvironmentPassThrough
{
    public const string Route = "/hub/environments/{name}/call/{**path}";
    /// <summary>The request headers that describe a Try out call; the hub's own cookie and anything else stay here.</summary>
    static readonly string[] Forwarded = ["Accept", "If-Match", "X-CSRF-Token"];
    /// <summary>Response headers of the hop, not of the answer (and the remote's cookies, which stay on the server).</summary>
    // A remote's Basic challenge would make the browser ask for credentials for the hub's own origin (its fetch then
    // hangs on the dialog); the page shows the 401 itself.
    static readonly HashSet<string> NotReturned = new(StringComparer.OrdinalIgnoreCase) { "Set-Cookie", "Transfer-Encoding", "Connection", "Keep-Alive", "WWW-Authenticate" };

    readonly EnvironmentStore _environments;
    readonly HttpClient _client = new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = TimeSpan.FromSeconds(100),
    };
    readonly ConcurrentDictionary<(string User, string Environment), CookieContainer> _cookies = new();
    readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Expires)> _tokens = new();

    public EnvironmentPassThrough(EnvironmentStore environments)
    {
        _environments = environments;
        // Changed credentials or a deleted environment: its token and sessions are no longer valid.
        environments.Changed += name =>
        {
            _tokens.TryRemove(name, out _);
            foreach (var key in _cookies.Keys.Where(k => k.Environment == name)) _cookies.TryRemove(key, out _);
        };
    }

    public async Task HandleAsync(HttpContext context, string name)
    {
        var environment = _environments.Find(name);
        if (environment == null)
        {
            await Fail(context, StatusCodes.Status404NotFound, $"There is no environment '{name}'.");
            return;
        }
        context.Request.Path.StartsWithSegments($"/hub/environments/{name}/call", out var rest);
        var target = new Uri(environment.BaseUrl + rest.ToUriComponent().TrimStart('/') + context.Request.QueryString.ToUriComponent());
        var cookies = _cookies.GetOrAdd((context.User.Identity?.Name ?? "", name), _ => new CookieContainer());

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target);
        foreach (var header in Forwarded)
            if (context.Request.Headers.TryGetValue(header, out var value)) request.Headers.TryAddWithoutValidation(header, (IEnumerable<string>)value!);
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(context.Request.Body);
            if (context.Request.ContentType is { } type) request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
        }
        var cookieHeader = cookies.GetCookieHeader(target);
        if (cookieHeader.Length > 0) request.Headers.TryAddWithoutValidation("Cookie", cookieHeader);

        HttpResponseMessage response;
        try
        {
            request.Headers.Authorization = await Credentials(environment, context.RequestAborted);
            response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException or JsonException or KeyNotFoundException)
        {
            await Fail(context, StatusCodes.Status502BadGateway, $"The environment '{name}' could not be called: {e.Message}");
            return;
        }
        using (response)
        {
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
                foreach (var setCookie in setCookies)
                    try { cookies.SetCookies(target, setCookie); } catch (CookieException) { /* a cookie the container rejects is not sent back */ }
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (header, values) in response.Headers.Concat(response.Content.Headers))
                if (!NotReturned.Contains(header)) context.Response.Headers[header] = values.ToArray();
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
    }

    async Task<AuthenticationHeaderValue> Credentials(HubEnvironment environment, CancellationToken cancel)
    {
        if (environment.Auth == EnvironmentAuth.Basic)
            return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(environment.User + ":" + environment.Secret)));
        if (!_tokens.TryGetValue(environment.Name, out var cached) || cached.Expires <= DateTimeOffset.UtcNow)
        {
            cached = await FetchToken(environment, cancel);
            _tokens[environment.Name] = cached;
        }
        return new AuthenticationHeaderValue("Bearer", cached.Token);
    }

    /// <summary>The client credentials grant, the client authenticating with Basic (as XSUAA and most servers accept).</summary>
    async Task<(string, DateTimeOffset)> FetchToken(HubEnvironment environment, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, environment.TokenUrl)
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(environment.User) + ":" + Uri.EscapeDataString(environment.Secret))));
        using var response = await _client.SendAsync(request, cancel);
        var text = await response.Content.ReadAsStringAsync(cancel);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"the token URL answered {(int)response.StatusCode}");
        using var json = JsonDocument.Parse(text);
        var token = json.RootElement.GetProperty("access_token").GetString() ?? throw new HttpRequestException("the token URL sent no access_token");
        var lifetime = json.RootElement.TryGetProperty("expires_in", out var expires) && expires.TryGetInt32(out var seconds) ? seconds : 300;
        // Renewed a little before it runs out, so a call does not arrive with a token that expires on the way.
        return (token, DateTimeOffset.UtcNow.AddSeconds(Math.Max(lifetime - 30, 0)));
    }

    static Task Fail(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error = new { code = "HUB_ENVIRONMENT", message } });
    }
}
