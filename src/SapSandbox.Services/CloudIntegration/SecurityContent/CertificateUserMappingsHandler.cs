using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SapSandbox.Core.Query;
using SapSandbox.Core.Runtime;

namespace SapSandbox.Services.CloudIntegration.SecurityContent;

/// <summary>
/// Certificate-to-user mappings: <c>POST CertificateUserMappings</c> with a user and a certificate (base64 of its PEM, or
/// of its DER) maps the certificate to the user, or changes the user of an existing mapping (no duplicate key error, as
/// on the tenant). The key is the MD5 of the certificate's DER bytes in lower-case hex, whatever <c>Id</c> the body
/// names; <c>ValidUntil</c> is the end of the certificate's validity in milliseconds. Reads and deletes go through the
/// runtime. The sandbox's X.509 sign-in reads the same rows, so a mapped client certificate signs in as its user.
/// </summary>
public sealed class CertificateUserMappingsHandler : IResourceHandler
{
    public const string Set = "CertificateUserMappings";

    public ResourceAnswer? Handle(ResourceRequest request)
    {
        if (request.IsRead) return null;
        var path = ResourcePath.Parse(request.Path);
        if (path?.Set != Set) return null;
        if (request.Method is "PUT" or "MERGE" or "PATCH")
            throw new QueryException(405, "A mapping's user is changed by POST CertificateUserMappings with the same certificate");
        if (request.Method != "POST" || !path.IsSet) return null;

        var body = RequestBody.Object(request);
        var user = KeystoreHandler.Text(body, "User")?.Trim() ?? throw QueryException.BadRequest("User is null or empty", "User");
        if (user.Length > 150) throw QueryException.BadRequest("User is longer than 150 characters", "User");
        var encoded = KeystoreHandler.Text(body, "Certificate") ?? throw new QueryException(500, "The certificate is not provided in base64-encoded PEM-DER format", "Certificate");
        byte[] sent;
        try { sent = Convert.FromBase64String(encoded); }
        catch (FormatException) { throw new QueryException(500, "The certificate is not provided in base64-encoded PEM-DER format", "Certificate"); }
        using var certificate = CertificateFacts.ReadCertificate(sent)
                                ?? throw new QueryException(500, "The certificate is not provided in base64-encoded PEM-DER format", "Certificate");

        var id = IdOf(certificate.RawData);
        var rows = new TenantRows(request);
        var existing = rows.Select(Set, "Id", id).FirstOrDefault();
        var by = request.User?.Identity?.Name ?? "sandbox";
        var now = DateTimeOffset.UtcNow;
        if (existing != null)
            rows.Update(Set, new Dictionary<string, object?> { ["User"] = user, ["LastModifiedBy"] = by, ["LastModifiedTime"] = now }, "Id", id);
        else
            rows.Insert(Set, new Dictionary<string, object?>
            {
                ["Id"] = id, ["User"] = user,
                // Kept as the tenant keeps it: the PEM text, which reads back base64-encoded as the client sent it.
                ["Certificate"] = Encoding.ASCII.GetBytes(certificate.ExportCertificatePem() + "\n"),
                ["CreatedBy"] = by, ["CreatedTime"] = now, ["LastModifiedBy"] = by, ["LastModifiedTime"] = now,
                ["ValidUntil"] = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero).ToUnixTimeMilliseconds(),
            });
        return new ResourceAnswer.Read($"{Set}('{id}')", 201);
    }

    /// <summary>A mapping's key: the MD5 of the certificate's DER bytes, lower-case hex.</summary>
    public static string IdOf(byte[] der) => Convert.ToHexStringLower(MD5.HashData(der));
}
