using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using SapSandbox.Core.Query;

namespace SapSandbox.Protocols.Http;

/// <summary>
/// CSRF protection as SAP Gateway does it. <c>X-CSRF-Token: Fetch</c> on a GET or HEAD of any URL of a service
/// answers a token in <c>X-CSRF-Token</c>, with a session cookie if the client has none; a change (any method but
/// GET, HEAD and OPTIONS, <c>$batch</c> included) must send that token and that cookie, or it is refused with 403,
/// <c>X-CSRF-Token: Required</c> and "CSRF token validation failed".
/// </summary>
/// <remarks>
/// A token is the user name and the session cookie, signed and time-limited with ASP.NET Core Data Protection:
/// nothing is kept per session, so every sandbox sharing the key ring accepts it, also after a restart, for
/// <see cref="Lifetime"/> (a Gateway session's length).
/// </remarks>
public sealed class CsrfProtection
{
    public const string HeaderName = "X-CSRF-Token";
    /// <summary>Gateway's <c>SAP_SESSIONID_&lt;SID&gt;_&lt;client&gt;</c>, for system SBX and client 000.</summary>
    public const string SessionCookieName = "SAP_SESSIONID_SBX_000";
    public const string FailureMessage = "CSRF token validation failed";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    readonly ITimeLimitedDataProtector _protector;
    readonly TimeProvider _clock;

    /// <param name="enforced">False (<c>serve --no-csrf</c>) lets changes through without a token; fetches still get one.</param>
    /// <param name="clock">The time tokens are issued at; their expiry is checked against the real clock.</param>
    public CsrfProtection(IDataProtectionProvider provider, bool enforced = true, TimeProvider? clock = null)
    {
        _protector = provider.CreateProtector("SapSandbox.Csrf").ToTimeLimitedDataProtector();
        _clock = clock ?? TimeProvider.System;
        Enforced = enforced;
    }

    public bool Enforced { get; }

    /// <summary>
    /// Answers a token fetch, and refuses a change without a valid token by throwing a 403 <see cref="QueryException"/>
    /// after setting <c>X-CSRF-Token: Required</c> (the error path keeps that header).
    /// </summary>
    /// <param name="serviceProtected">The service's own switch (<c>"csrfProtection": false</c> in its settings.json).</param>
    public void Apply(HttpContext context, bool serviceProtected)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
        {
            // SAP's clients differ in case: Cloud SDK and UI5 send "Fetch", odata-library "fetch".
            if (context.Request.Headers[HeaderName].ToString().Equals("Fetch", StringComparison.OrdinalIgnoreCase)) Issue(context);
            return;
        }
        if (HttpMethods.IsOptions(method) || !Enforced || !serviceProtected || IsExempt(context) || IsValid(context)) return;
        context.Response.Headers[HeaderName] = "Required";
        throw new QueryException(StatusCodes.Status403Forbidden, FailureMessage);
    }

    /// <summary>
    /// OAuth bearer calls need no token, as on Cloud Integration (whose clients never fetch one with OAuth): a browser
    /// does not add a bearer token to a forged cross-site request by itself, as it does Basic credentials and cookies.
    /// </summary>
    /// <remarks>
    /// Decided by the credential the request presents, not by "any scheme but Basic": a cookie or client-certificate
    /// scheme would be sent by the browser unasked and must stay protected.
    /// </remarks>
    public static bool IsExempt(HttpContext context) =>
        context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        || context.User.Identity is { IsAuthenticated: true, AuthenticationType: "Bearer" };

    void Issue(HttpContext context)
    {
        var session = context.Request.Cookies[SessionCookieName];
        if (string.IsNullOrEmpty(session))
        {
            session = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));
            context.Response.Cookies.Append(SessionCookieName, session,
                new CookieOptions { HttpOnly = true, Path = "/", Secure = context.Request.IsHttps });
        }
        context.Response.Headers[HeaderName] = _protector.Protect(Binding(context, session), _clock.GetUtcNow() + Lifetime);
    }

    bool IsValid(HttpContext context)
    {
        var token = context.Request.Headers[HeaderName].ToString();
        var session = context.Request.Cookies[SessionCookieName];
        if (token.Length == 0 || string.IsNullOrEmpty(session)) return false;
        try
        {
            return _protector.Unprotect(token) == Binding(context, session);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            // Expired, signed with another key ring, altered, or not a token at all.
            return false;
        }
    }

    /// <summary>What a token stands for: this user in this session. The length prefix keeps the two parts apart.</summary>
    static string Binding(HttpContext context, string session)
    {
        var user = context.User.Identity?.Name ?? "";
        return $"{user.Length}:{user}{session}";
    }
}
