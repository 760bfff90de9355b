using System.Security.Cryptography;
using System.Text;

namespace SapSandbox.Services.CloudIntegration.SecurityContent;

/// <summary>
/// The keystores of a fresh tenant, from fixed certificates and keys kept beside this file (<c>Seed/*.pem</c>, test
/// material made for the sandbox, plus public root CA certificates): SAP's client key pair
/// <c>sap_cloudintegrationcertificate</c> with its chain, its renewal waiting in the renewal keystore and its
/// predecessor in the key history, SAP's trusted root CAs, and the tenant administrator's own key pairs and partner CA.
/// Fixed material and fixed dates keep every seeded tenant the same.
/// </summary>
public static class KeystoreSeed
{
    /// <summary>Changes when the entries do, so that stores seeded with the old ones are seeded again.</summary>
    public const string Version = "keystore-1";

    const string TenantUser = "sandbox";

    static readonly Lazy<IReadOnlyList<KeystoreItem>> _items = new(Build);

    public static IReadOnlyList<KeystoreItem> Items => _items.Value;

    static DateTimeOffset Day(int year, int month, int day, int hour = 9) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    static IReadOnlyList<KeystoreItem> Build() =>
    [
        Item(Keystores.System, "sap_cloudintegrationcertificate", Keystores.Sap, "sap_cloudintegrationcertificate", Day(2025, 1, 20)),
        Item(Keystores.System, "sap_cloudintegration_root_ca", Keystores.Sap, "sap_cloudintegration_root_ca", Day(2025, 1, 20)),
        Item(Keystores.System, "digicert global root ca", Keystores.Sap, "digicert_global_root_ca", Day(2024, 11, 4)),
        Item(Keystores.System, "digicert global root g2", Keystores.Sap, "digicert_global_root_g2", Day(2024, 11, 4)),
        Item(Keystores.System, "isrg root x1", Keystores.Sap, "isrg_root_x1", Day(2024, 11, 4)),
        Item(Keystores.System, "globalsign root ca", Keystores.Sap, "globalsign_root_ca", Day(2024, 11, 4)),
        Item(Keystores.System, "baltimore cybertrust root", Keystores.Sap, "baltimore_cybertrust_root", Day(2023, 3, 14)),
        Item(Keystores.System, "tenant_signing_key", Keystores.TenantAdministrator, "tenant_signing_key", Day(2025, 6, 2)),
        Item(Keystores.System, "tenant_ec_key", Keystores.TenantAdministrator, "tenant_ec_key", Day(2025, 6, 2, 14)),
        Item(Keystores.System, "acme_partner_root_ca", Keystores.TenantAdministrator, "acme_partner_root_ca", Day(2025, 3, 3)),
        Item(Keystores.Renewal, "sap_cloudintegrationcertificate", Keystores.Sap, "sap_cloudintegrationcertificate.renewal", Day(2026, 1, 16)),
        Item(Keystores.History, "[1]_sap_cloudintegrationcertificate", Keystores.Sap, "sap_cloudintegrationcertificate.history1", Day(2022, 1, 17),
            new KeyActivation("sap_cloudintegrationcertificate", 1, Keystores.Sap, Day(2022, 1, 20), Keystores.Sap, Day(2025, 1, 20))),
    ];

    static KeystoreItem Item(string keystore, string alias, string owner, string file, DateTimeOffset created, KeyActivation? activation = null)
    {
        var (key, chain) = Read(file);
        var by = owner == Keystores.Sap ? Keystores.Sap : TenantUser;
        return new KeystoreItem
        {
            Keystore = keystore, Alias = alias, Owner = owner, PrivateKey = key, Chain = chain,
            CreatedBy = by, CreatedTime = created, ModifiedBy = by, ModifiedTime = activation?.ActiveFrom ?? created, Activation = activation,
        };
    }

    /// <summary>A seed file: an optional PKCS#8 private key, then the certificates of the chain, the entry's own first.</summary>
    static (byte[]? Key, IReadOnlyList<byte[]> Chain) Read(string file)
    {
        using var stream = typeof(KeystoreSeed).Assembly.GetManifestResourceStream($"SecurityContent.Seed.{file}.pem")
                           ?? throw new InvalidOperationException($"The keystore seed file {file}.pem is not in the assembly");
        var text = new StreamReader(stream, Encoding.ASCII).ReadToEnd();
        byte[]? key = null;
        var chain = new List<byte[]>();
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var data = Convert.FromBase64String(rest[fields.Base64Data].ToString());
            if (rest[fields.Label] is "PRIVATE KEY") key = data;
            else chain.Add(data);
            rest = rest[fields.Location.End..];
        }
        return (key, chain);
    }
}
