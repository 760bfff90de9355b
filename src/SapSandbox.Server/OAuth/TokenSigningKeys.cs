using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SapSandbox.Core.Store;

namespace SapSandbox.Server.OAuth;

/// <summary>One RSA key that signs access tokens, named by its <c>kid</c>.</summary>
public sealed class TokenSigningKey(string keyId, RSA key)
{
    public string KeyId { get; } = keyId;
    public RSA Key { get; } = key;

    /// <summary>The key as <c>/token_keys</c> publishes it: the modulus and exponent, base64url.</summary>
    public (string N, string E) PublicParameters
    {
        get
        {
            var parameters = Key.ExportParameters(includePrivateParameters: false);
            return (Base64Url.EncodeToString(parameters.Modulus), Base64Url.EncodeToString(parameters.Exponent));
        }
    }

    /// <summary>The public key in PEM (SubjectPublicKeyInfo), as XSUAA adds it to each key as <c>value</c>.</summary>
    public string PublicKeyPem => Key.ExportSubjectPublicKeyInfoPem();

    /// <summary>RFC 7638's thumbprint of the public key: a key id that follows from the key, the same wherever it is read.</summary>
    internal static string Thumbprint(RSA key)
    {
        var parameters = key.ExportParameters(includePrivateParameters: false);
        var canonical = $"{{\"e\":\"{Base64Url.EncodeToString(parameters.Exponent)}\",\"kty\":\"RSA\",\"n\":\"{Base64Url.EncodeToString(parameters.Modulus)}\"}}";
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}

/// <summary>
/// The keys access tokens are signed with, kept in the store's <c>_sandbox_keys</c> table: the first start creates an
/// RSA key, later starts read it, so tokens issued before a restart stay valid and every sandbox on the same store
/// accepts them. <c>--reset</c> deletes the store and with it the key, which ends every token issued before.
/// </summary>
public static class TokenSigningKeys
{
    const string Purpose = "oauth-access-token";
    const int KeySizeInBits = 2048;

    /// <summary>The store's keys, newest first (the first signs, all verify), after creating one if it has none.</summary>
    public static IReadOnlyList<TokenSigningKey> LoadOrCreate(SandboxStore store)
    {
        using var session = store.Rent();
        session.ExecuteOnce($"CREATE TABLE IF NOT EXISTS {StoreTables.Keys} (\"kid\" TEXT PRIMARY KEY, \"purpose\" TEXT NOT NULL, " +
                            "\"algorithm\" TEXT NOT NULL, \"private_key\" TEXT NOT NULL, \"created\" TEXT NOT NULL)");
        // Under the store's write lock: two sandboxes starting together on one store create one key, not two.
        using var transaction = session.BeginWrite();
        var keys = Read(session);
        if (keys.Count == 0)
        {
            var rsa = RSA.Create(KeySizeInBits);
            var key = new TokenSigningKey(TokenSigningKey.Thumbprint(rsa), rsa);
            session.Execute($"INSERT INTO {StoreTables.Keys} VALUES ($p0, $p1, 'RS256', $p2, $p3)",
                key.KeyId, Purpose, rsa.ExportPkcs8PrivateKeyPem(), DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            keys.Add(key);
        }
        transaction.Commit();
        return keys;
    }

    static List<TokenSigningKey> Read(StoreSession session) =>
        session.Rows($"SELECT \"kid\", \"private_key\" FROM {StoreTables.Keys} WHERE \"purpose\" = $p0 ORDER BY \"created\" DESC", [Purpose], reader =>
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(reader.GetString(1));
            return new TokenSigningKey(reader.GetString(0), rsa);
        });
}
