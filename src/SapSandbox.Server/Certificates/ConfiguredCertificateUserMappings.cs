using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SapSandbox.Server.Configuration;
using SapSandbox.Server.Security;

namespace SapSandbox.Server.Certificates;

/// <summary>
/// <c>CertificateUserMappings</c> from the configuration: for each user the certificates that sign in as them, each
/// named by its subject (<c>CN=alice, O=Example</c>, compared as a distinguished name, case aside), its SHA-1 or
/// SHA-256 thumbprint (hex; colons and spaces ignored), or the certificate itself in PEM. A mapping to a user who does
/// not exist, an entry that is none of these, or one certificate mapped to two users stops start-up naming the key.
/// </summary>
public sealed class ConfiguredCertificateUserMappings : ICertificateUserMappings
{
    readonly Dictionary<string, string> _bySubject = new(StringComparer.OrdinalIgnoreCase);
    readonly Dictionary<string, string> _byThumbprint = new(StringComparer.OrdinalIgnoreCase);

    public ConfiguredCertificateUserMappings(SandboxSettings settings, UserDirectory users)
    {
        foreach (var (user, entries) in settings.CertificateUserMappings)
        {
            var key = $"{SandboxSettings.Section}:CertificateUserMappings:{user}";
            if (users.Find(user, CertificateAuthenticationHandler.SchemeName) == null)
                throw new ConfigurationError(key, $"there is no user '{user}' (users: {string.Join(", ", users.UserNames)})");
            for (var i = 0; i < entries.Count; i++)
            {
                var entryKey = $"{key}:{i}";
                var (isSubject, name) = Parse(entries[i], entryKey);
                var map = isSubject ? _bySubject : _byThumbprint;
                if (map.TryGetValue(name, out var other) && other != user)
                    throw new ConfigurationError(entryKey, $"'{entries[i]}' is mapped to '{other}' already; a certificate signs in as one user");
                map[name] = user;
            }
        }
    }

    static (bool IsSubject, string Name) Parse(string entry, string key)
    {
        var text = entry.Trim();
        if (text.StartsWith("-----BEGIN", StringComparison.Ordinal))
        {
            try
            {
                using var certificate = X509Certificate2.CreateFromPem(text);
                return (false, Sha256(certificate));
            }
            catch (CryptographicException e)
            {
                throw new ConfigurationError(key, $"the PEM is not a certificate: {e.Message}");
            }
        }
        var hex = text.Replace(":", "").Replace(" ", "");
        if (hex.Length is 40 or 64 && hex.All(char.IsAsciiHexDigit)) return (false, hex.ToUpperInvariant());
        if (text.Contains('='))
        {
            try
            {
                return (true, new X500DistinguishedName(text).Name);
            }
            catch (CryptographicException)
            {
            }
        }
        throw new ConfigurationError(key, $"'{entry}' is neither a subject (CN=alice, O=Example), a SHA-1 or SHA-256 thumbprint in hex, nor a PEM certificate");
    }

    static string Sha256(X509Certificate2 certificate) => certificate.GetCertHashString(HashAlgorithmName.SHA256);

    public ValueTask<string?> FindUserAsync(X509Certificate2 certificate, CancellationToken cancellation) =>
        ValueTask.FromResult(
            _byThumbprint.TryGetValue(certificate.Thumbprint, out var user) || _byThumbprint.TryGetValue(Sha256(certificate), out user)
            || _bySubject.TryGetValue(certificate.SubjectName.Name, out user)
                ? user
                : null);
}
