using System.Security.Cryptography.X509Certificates;
using SapSandbox.Core.Store;
using SapSandbox.Services.CloudIntegration;
using SapSandbox.Services.CloudIntegration.SecurityContent;

namespace SapSandbox.Server.Certificates;

/// <summary>
/// Cloud Integration's certificate-to-user mappings (<c>POST /api/v1/CertificateUserMappings</c>) as a source of the
/// X.509 sign-in: a trusted client certificate a mapping names signs in as the mapping's user. Mappings are found by
/// their key, the MD5 of the certificate's DER bytes, and the certificate they hold must be the one presented.
/// Read from the store on each sign-in, so a mapping counts from the moment its POST commits.
/// </summary>
public sealed class CloudIntegrationCertificateUserMappings(SandboxStore store) : ICertificateUserMappings
{
    readonly string _table = store.Dialect.TableName(CloudIntegrationService.Name, CertificateUserMappingsHandler.Set);

    public ValueTask<string?> FindUserAsync(X509Certificate2 certificate, CancellationToken cancellation)
    {
        using var session = store.Rent();
        // No such table: the store has not been seeded with Cloud Integration (yet), or it is not served.
        if (session.Scalar($"SELECT 1 FROM {StoreTables.Services} WHERE \"name\" = $p0", CloudIntegrationService.Name) == null)
            return ValueTask.FromResult<string?>(null);
        // The mappings with this certificate's MD5 key, and of them the one holding this very certificate.
        var mappings = session.Rows($"SELECT \"User\", \"Certificate\" FROM {_table} WHERE \"Id\" = $p0", [CertificateUserMappingsHandler.IdOf(certificate.RawData)],
            reader => (User: reader.GetString(0), Certificate: reader.IsDBNull(1) ? null : (byte[])reader.GetValue(1)));
        foreach (var (user, bytes) in mappings)
        {
            using var mapped = bytes == null ? null : CertificateFacts.ReadCertificate(bytes);
            if (mapped != null && mapped.RawData.AsSpan().SequenceEqual(certificate.RawData)) return ValueTask.FromResult<string?>(user);
        }
        return ValueTask.FromResult<string?>(null);
    }
}
