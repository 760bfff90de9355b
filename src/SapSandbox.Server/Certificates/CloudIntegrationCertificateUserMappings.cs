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
        var command = session.Rent($"SELECT \"User\", \"Certificate\" FROM {_table} WHERE \"Id\" = $p0", [CertificateUserMappingsHandler.IdOf(certificate.RawData)]);
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                using var mapped = reader.IsDBNull(1) ? null : CertificateFacts.ReadCertificate((byte[])reader.GetValue(1));
                if (mapped != null && mapped.RawData.AsSpan().SequenceEqual(certificate.RawData)) return ValueTask.FromResult<string?>(reader.GetString(0));
            }
        }
        finally { session.Return(command); }
        return ValueTask.FromResult<string?>(null);
    }
}
