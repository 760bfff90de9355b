using System.Security.Cryptography.X509Certificates;
using Microsoft.Data.Sqlite;
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
public sealed class CloudIntegrationCertificateUserMappings(string storePath) : ICertificateUserMappings
{
    readonly string _table = SqliteDialect.Instance.TableName(CloudIntegrationService.Name, CertificateUserMappingsHandler.Set);

    public async ValueTask<string?> FindUserAsync(X509Certificate2 certificate, CancellationToken cancellation)
    {
        var path = Path.GetFullPath(storePath);
        if (!File.Exists(path)) return null;
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ToString());
        await connection.OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT \"User\", \"Certificate\" FROM {_table} WHERE \"Id\" = $id";
        command.Parameters.AddWithValue("$id", CertificateUserMappingsHandler.IdOf(certificate.RawData));
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                using var mapped = reader.IsDBNull(1) ? null : CertificateFacts.ReadCertificate((byte[])reader.GetValue(1));
                if (mapped != null && mapped.RawData.AsSpan().SequenceEqual(certificate.RawData)) return reader.GetString(0);
            }
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 1)
        {
            // No such table: the store has not been seeded with Cloud Integration (yet).
        }
        return null;
    }
}
