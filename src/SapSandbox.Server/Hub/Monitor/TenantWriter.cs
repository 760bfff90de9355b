using Microsoft.Net.Http.Headers;
using SapSandbox.Protocols.Http;

namespace SapSandbox.Server.Hub.Monitor;

/// <summary>
/// Changes the local tenant for the monitor's buttons as any client of <c>/api/v1</c> does: a CSRF token fetched
/// first (in process, in the signed-in user's name, bound to a Gateway session cookie of its own), then the change
/// with that token and cookie. The tenant's role rules judge the change as for any client, so a user without the
/// template it needs (deploying needs WorkspaceArtifactsDeploy) gets the endpoint's 403, which the page shows.
/// </summary>
/// <remarks>The page's own form post is protected by the hub's antiforgery token; this is the tenant's protection.</remarks>
public sealed class TenantWriter(TenantReader tenant)
{
    public async Task<TenantAnswer> SendAsync(string method, string relative)
    {
        var fetch = await tenant.SendAsync(HttpMethods.Get, "", [new(CsrfProtection.HeaderName, "Fetch")]);
        if (!fetch.Ok) return fetch;
        var headers = new List<KeyValuePair<string, string>> { new(CsrfProtection.HeaderName, fetch.Headers[CsrfProtection.HeaderName].ToString()) };
        if (SetCookieHeaderValue.TryParseList([.. fetch.Headers.SetCookie.OfType<string>()], out var cookies)
            && cookies.FirstOrDefault(c => c.Name == CsrfProtection.SessionCookieName) is { } session)
            headers.Add(new("Cookie", $"{session.Name}={session.Value}"));
        return await tenant.SendAsync(method, relative, headers);
    }
}
