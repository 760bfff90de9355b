using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SapSandbox.Server.Configuration;

namespace SapSandbox.Server.Certificates;

/// <summary>
/// Which client certificates are trusted: those that chain to the development CA or to a certificate in
/// <c>TrustedCertificates</c> (a CA's, or a client's own self-signed one), are within their validity and, when they
/// name their uses, name TLS client authentication. The operating system's trust store plays no part: a sandbox trusts
/// what its configuration says, on every machine alike.
/// </summary>
public sealed class ClientCertificateTrust
{
    const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";
    readonly X509Certificate2Collection _anchors = [];

    public ClientCertificateTrust(SandboxSettings settings, X509Certificate2? developmentCa)
    {
        if (developmentCa != null) _anchors.Add(X509CertificateLoader.LoadCertificate(developmentCa.RawData));
        for (var i = 0; i < settings.TrustedCertificates.Count; i++)
            _anchors.AddRange(ConfiguredCertificates.Load(settings.TrustedCertificates[i], $"{SandboxSettings.Section}:TrustedCertificates:{i}"));
    }

    /// <summary>Null when the certificate is trusted, otherwise why not, in words a developer can act on.</summary>
    public string? Check(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_anchors);
        // A development CA publishes no revocation lists, and a sandbox must not wait on the network to sign someone in.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ClientAuthentication));
        if (chain.Build(certificate)) return null;
        var reasons = chain.ChainStatus.Select(status => status.StatusInformation.Trim()).Where(reason => reason.Length > 0).Distinct();
        return string.Join("; ", reasons) is { Length: > 0 } joined ? joined : "it does not chain to a trusted certificate";
    }
}
