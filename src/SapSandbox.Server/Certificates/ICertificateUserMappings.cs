using System.Security.Cryptography.X509Certificates;

namespace SapSandbox.Server.Certificates;

/// <summary>
/// Names the user a trusted client certificate signs in as. Every registration is asked in turn and the first name
/// wins: the configuration's <c>CertificateUserMappings</c> (<see cref="ConfiguredCertificateUserMappings"/>), and any
/// source registered beside it in the services, such as Cloud Integration's <c>CertificateUserMappings</c> entity set.
/// </summary>
public interface ICertificateUserMappings
{
    /// <summary>The user's name, or null when this source maps the certificate to nobody.</summary>
    ValueTask<string?> FindUserAsync(X509Certificate2 certificate, CancellationToken cancellation);
}
