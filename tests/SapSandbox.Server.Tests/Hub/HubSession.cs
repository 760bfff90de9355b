using System.Net;
using System.Text.RegularExpressions;

namespace SapSandbox.Server.Tests.Hub;

/// <summary>A browser-like client of the API hub: a cookie jar, no automatic redirects, signing in through the sign-in form.</summary>
sealed partial class HubSession : IDisposable
{
    public CookieContainer Cookies { get; } = new();
    public HttpClient Client { get; }

    public HubSession(Uri baseAddress)
    {
        Client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
    }

    /// <summary>Posts the sign-in form with its antiforgery token, as the page's button does.</summary>
    public async Task<HttpResponseMessage> SignIn(string user, string password, string returnUrl = "")
    {
        var form = await Client.GetStringAsync("/hub/signin");
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        return await Client.PostAsync("/hub/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["User"] = user,
            ["Password"] = password,
            ["ReturnUrl"] = returnUrl,
            ["__RequestVerificationToken"] = token,
        }));
    }

    public void Dispose() => Client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
