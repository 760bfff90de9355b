using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SapSandbox.Server.Certificates;

/// <summary>
/// The sandbox's own certificate authority: created on first use in <c>ca/</c> beside the store (<c>ca.pem</c>, the
/// certificate clients trust; <c>ca-key.pem</c>, readable by the owner only), it signs the HTTPS endpoint's server
/// certificate on every start and the client certificates <c>sapsandbox issue-client-cert</c> hands out. A development
/// CA and nothing more: clients trust it on purpose, for this sandbox.
/// </summary>
public sealed class DevelopmentCertificateAuthority : IDisposable
{
    public const string CertificateFile = "ca.pem";
    public const string KeyFile = "ca-key.pem";
    const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    DevelopmentCertificateAuthority(X509Certificate2 certificate, string folder)
    {
        Certificate = certificate;
        Folder = folder;
    }

    /// <summary>The CA certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }
    public string Folder { get; }
    public string CertificatePath => Path.Combine(Folder, CertificateFile);

    /// <summary>The CA certificate as PEM, as clients put it in their trust store (<c>curl --cacert</c>).</summary>
    public string CertificatePem => Certificate.ExportCertificatePem() + "\n";

    /// <summary>The CA in <paramref name="folder"/>, created there when it has none yet.</summary>
    public static DevelopmentCertificateAuthority LoadOrCreate(string folder)
    {
        folder = Path.GetFullPath(folder);
        var certificatePath = Path.Combine(folder, CertificateFile);
        var keyPath = Path.Combine(folder, KeyFile);
        if (!File.Exists(certificatePath))
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
            else Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            using var created = Create();
            try
            {
                // The key first, the certificate last: a certificate file means the pair is complete. A sandbox starting
                // at the same moment on the same store loses the race with an IOException and loads the winner's pair.
                WriteNew(keyPath, created.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem() + "\n", secret: true);
                WriteNew(certificatePath, created.ExportCertificatePem() + "\n", secret: false);
            }
            catch (IOException) when (File.Exists(certificatePath))
            {
            }
        }
        if (!File.Exists(keyPath))
            throw new InvalidDataException($"The development CA at {folder} has a certificate but no {KeyFile}; delete {certificatePath} to create a new CA");
        try
        {
            using var loaded = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            return new DevelopmentCertificateAuthority(Reimport(loaded), folder);
        }
        catch (CryptographicException e)
        {
            throw new InvalidDataException($"The development CA at {folder} cannot be read ({e.Message}); delete {certificatePath} and {keyPath} to create a new CA");
        }
    }

    static X509Certificate2 Create()
    {
        using var key = RSA.Create(3072);
        var request = new CertificateRequest(new X500DistinguishedName($"CN=SapSandbox Development CA ({Environment.MachineName}), O=SapSandbox"),
            key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        // Path length 0: the CA signs end-entity certificates only.
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
    }

    /// <summary>The HTTPS endpoint's certificate for the given host names and addresses (localhost and the loopback addresses always).</summary>
    public X509Certificate2 IssueServerCertificate(IEnumerable<string> hosts)
    {
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in new[] { "localhost", "127.0.0.1", "::1" }.Concat(hosts).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var address)) names.AddIpAddress(address);
            else names.AddDnsName(host);
        }
        return Issue("CN=localhost, O=SapSandbox", ServerAuthentication, TimeSpan.FromDays(365), names.Build());
    }

    /// <summary>A client certificate (<c>CN=user</c>) for TLS client authentication.</summary>
    public X509Certificate2 IssueClientCertificate(string user, TimeSpan validity)
    {
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(user);
        return Issue(subject.Build().Name, ClientAuthentication, validity, null);
    }

    X509Certificate2 Issue(string subject, string usage, TimeSpan validity, X509Extension? alternativeNames)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        if (alternativeNames != null) request.CertificateExtensions.Add(alternativeNames);
        var now = DateTimeOffset.UtcNow;
        var notAfter = now + validity < Certificate.NotAfter ? now + validity : new DateTimeOffset(Certificate.NotAfter.ToUniversalTime());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(Certificate, now.AddMinutes(-5), notAfter, serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        return Reimport(withKey);
    }

    /// <summary>
    /// Through PKCS#12 and back: a certificate whose key was made in memory cannot serve TLS on Windows (SChannel needs
    /// a key it can find by name); elsewhere it costs nothing.
    /// </summary>
    static X509Certificate2 Reimport(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);

    /// <summary>Writes a file that must not exist yet; a private key is readable and writable by the owner only.</summary>
    public static void WriteNew(string path, string text, bool secret)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (secret && !OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options);
        writer.Write(text);
    }

    public void Dispose() => Certificate.Dispose();
}
