using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SapSandbox.Server.Configuration;

/// <summary>Certificates a setting names (trusted CAs, identity providers): PEM text, or a PEM or DER file.</summary>
public static class ConfiguredCertificates
{
    /// <summary>The certificates of one setting; a relative path is taken from the current folder.</summary>
    /// <param name="key">The setting's key, named by the <see cref="ConfigurationError"/> when nothing can be read.</param>
    public static X509Certificate2Collection Load(string entry, string key)
    {
        var text = entry.Trim();
        var loaded = new X509Certificate2Collection();
        try
        {
            if (text.StartsWith("-----BEGIN", StringComparison.Ordinal)) loaded.ImportFromPem(text);
            else
            {
                var path = Path.GetFullPath(text);
                if (!File.Exists(path)) throw new ConfigurationError(key, $"'{Shorten(text)}' is neither a PEM certificate nor an existing file ({path})");
                var bytes = File.ReadAllBytes(path);
                if (PemEncoding.TryFind(Encoding.ASCII.GetString(bytes), out _)) loaded.ImportFromPemFile(path);
                else loaded.Add(X509CertificateLoader.LoadCertificate(bytes));
            }
        }
        catch (CryptographicException e)
        {
            throw new ConfigurationError(key, $"no certificate could be read from '{Shorten(text)}': {e.Message}");
        }
        return loaded.Count > 0 ? loaded : throw new ConfigurationError(key, $"'{Shorten(text)}' holds no certificate");
    }

    static string Shorten(string text) => text.Length > 60 ? text[..60] + "..." : text;
}
