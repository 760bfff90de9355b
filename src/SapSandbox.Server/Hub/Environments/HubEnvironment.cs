namespace SapSandbox.Server.Hub.Environments;

/// <summary>How the hub signs in to an environment's system.</summary>
public enum EnvironmentAuth { Basic, OAuthClientCredentials }

/// <summary>
/// A real tenant or system the hub's Try out can call instead of this sandbox. <see cref="Secret"/> is the password
/// (Basic) or the client secret (OAuth client credentials), in clear only in memory; the store keeps it encrypted.
/// </summary>
public sealed record HubEnvironment(string Name, Uri BaseUrl, EnvironmentAuth Auth, string User, string Secret, Uri? TokenUrl)
{
    /// <summary>Names are used in the pass-through's path: letters, digits, '-', '_' and '.'.</summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>An absolute http(s) URL ending with '/', so that request paths are appended to it.</summary>
    public static Uri? ParseUrl(string? text) =>
        Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? (url.AbsolutePath.EndsWith('/') ? url : new Uri(url + "/"))
            : null;
}
