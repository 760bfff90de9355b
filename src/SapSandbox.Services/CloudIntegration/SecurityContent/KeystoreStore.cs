using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;

namespace SapSandbox.Services.CloudIntegration.SecurityContent;

/// <summary>
/// The tenant's keystores with their material. Private keys and certificates live in a table of the sandbox's own
/// beside the service's (the API never returns a private key, so no entity set may hold one); what the API reads is
/// kept in step in the entity sets: <c>KeystoreEntries</c> and <c>ChainCertificates</c> for the tenant keystore,
/// <c>HistoryKeystoreEntries</c> for the key history, <c>Keystores</c> for the sizes.
/// <para>
/// The material table belongs to one seeding of the service's tables: it records the seed it started from, and when
/// the service's tables were seeded again (new metadata or seed data) it is refilled from the seed before the next
/// change. Until then reads take the seed's material, which is what the seeded tables describe.
/// </para>
/// </summary>
public sealed class KeystoreStore
{
    const string MaterialTable = "\"_cloudintegration_keystore\"";
    const string StateTable = "\"_cloudintegration_security\"";

    readonly ResourceRequest _request;
    readonly TenantRows _rows;
    readonly bool _current;

    KeystoreStore(ResourceRequest request, bool current)
    {
        _request = request;
        _rows = new TenantRows(request);
        _current = current;
    }

    /// <summary>For a read: the material as the store holds it, or the seed's when the store has not been changed since seeding.</summary>
    public static KeystoreStore ForRead(ResourceRequest request) => new(request, IsCurrent(request));

    /// <summary>For a change (inside its transaction): the material table made current first.</summary>
    public static KeystoreStore ForChange(ResourceRequest request)
    {
        if (!IsCurrent(request)) Refill(request);
        return new KeystoreStore(request, true);
    }

    public TenantRows Rows => _rows;

    static string? Generation(ResourceRequest request) =>
        new TenantRows(request).Scalar("SELECT \"metadata_hash\" FROM \"_sandbox_services\" WHERE \"name\" = $p0", [request.Service.Name]) as string;

    static bool IsCurrent(ResourceRequest request)
    {
        var rows = new TenantRows(request);
        if (!rows.TableExists(StateTable)) return false;
        var recorded = rows.Scalar($"SELECT \"value\" FROM {StateTable} WHERE \"name\" = 'generation'", []) as string;
        return recorded != null && recorded == Generation(request);
    }

    static void Refill(ResourceRequest request)
    {
        var rows = new TenantRows(request);
        rows.Execute($"CREATE TABLE IF NOT EXISTS {StateTable} (\"name\" TEXT PRIMARY KEY, \"value\" TEXT)", []);
        rows.Execute($"CREATE TABLE IF NOT EXISTS {MaterialTable} (\"keystore\" TEXT NOT NULL, \"hexalias\" TEXT NOT NULL, \"alias\" TEXT NOT NULL, " +
                     $"\"owner\" TEXT NOT NULL, \"private_key\" {rows.Dialect.BinaryType}, \"chain\" TEXT NOT NULL, \"created_by\" TEXT NOT NULL, \"created_time\" TEXT NOT NULL, " +
                     "\"modified_by\" TEXT NOT NULL, \"modified_time\" TEXT NOT NULL, \"activation\" TEXT, PRIMARY KEY (\"keystore\", \"hexalias\"))", []);
        rows.Execute($"DELETE FROM {MaterialTable}", []);
        foreach (var item in KeystoreSeed.Items) Write(rows, item);
        rows.Execute($"INSERT INTO {StateTable} VALUES ('generation', $p0) ON CONFLICT (\"name\") DO UPDATE SET \"value\" = excluded.\"value\"", [Generation(request)]);
    }

    /// <summary>The entries of a keystore, in alias order.</summary>
    public IReadOnlyList<KeystoreItem> Entries(string keystore)
    {
        if (!_current) return KeystoreSeed.Items.Where(i => i.Keystore == keystore).OrderBy(i => i.Alias, StringComparer.Ordinal).ToList();
        var items = new List<KeystoreItem>();
        var command = _request.Session.Rent($"SELECT \"keystore\", \"alias\", \"owner\", \"private_key\", \"chain\", \"created_by\", \"created_time\", " +
                                            $"\"modified_by\", \"modified_time\", \"activation\" FROM {MaterialTable} WHERE \"keystore\" = $p0 ORDER BY \"alias\"", [keystore]);
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
                items.Add(new KeystoreItem
                {
                    Keystore = reader.GetString(0), Alias = reader.GetString(1), Owner = reader.GetString(2),
                    PrivateKey = reader.IsDBNull(3) ? null : (byte[])reader.GetValue(3),
                    Chain = FromPem(reader.GetString(4)),
                    CreatedBy = reader.GetString(5), CreatedTime = Time(reader.GetString(6)),
                    ModifiedBy = reader.GetString(7), ModifiedTime = Time(reader.GetString(8)),
                    Activation = reader.IsDBNull(9) ? null : JsonSerializer.Deserialize<KeyActivation>(reader.GetString(9)),
                });
        }
        finally { _request.Session.Return(command); }
        return items;
    }

    public KeystoreItem? Find(string keystore, string alias) => Entries(keystore).FirstOrDefault(i => i.Alias == alias);

    /// <summary>Adds or replaces an entry, and what the API reads of it. <paramref name="status"/> is its import status (<c>new</c>, <c>changed</c>).</summary>
    public void Put(KeystoreItem item, string status)
    {
        Require();
        _rows.Execute($"DELETE FROM {MaterialTable} WHERE \"keystore\" = $p0 AND \"hexalias\" = $p1", [item.Keystore, item.Hexalias]);
        Write(_rows, item);
        switch (item.Keystore)
        {
            case Keystores.System:
                _rows.Delete("KeystoreEntries", "Hexalias", item.Hexalias);
                _rows.Delete("ChainCertificates", "Hexalias", item.Hexalias);
                _rows.Insert("KeystoreEntries", item.Properties(status));
                foreach (var chain in item.ChainProperties()) _rows.Insert("ChainCertificates", chain);
                break;
            case Keystores.History:
                _rows.Delete("HistoryKeystoreEntries", "Hexalias", item.Hexalias);
                _rows.Insert("HistoryKeystoreEntries", item.Properties(status));
                break;
        }
        Touched(item.Keystore);
    }

    public void Remove(string keystore, string alias)
    {
        Require();
        var hexalias = Hexalias.Of(alias);
        _rows.Execute($"DELETE FROM {MaterialTable} WHERE \"keystore\" = $p0 AND \"hexalias\" = $p1", [keystore, hexalias]);
        switch (keystore)
        {
            case Keystores.System:
                _rows.Delete("KeystoreEntries", "Hexalias", hexalias);
                _rows.Delete("ChainCertificates", "Hexalias", hexalias);
                break;
            case Keystores.History:
                _rows.Delete("HistoryKeystoreEntries", "Hexalias", hexalias);
                break;
        }
        Touched(keystore);
    }

    /// <summary>A change to the tenant keystore reports its import status per entry; the entries it does not touch are <c>unchanged</c>.</summary>
    public void ResetStatuses() => _rows.Update("KeystoreEntries", new Dictionary<string, object?> { ["Status"] = "unchanged" });

    void Touched(string keystore)
    {
        if (_rows.Select("Keystores", "Name", keystore).Count == 0) return;
        var size = Convert.ToInt32(_rows.Scalar($"SELECT count(*) FROM {MaterialTable} WHERE \"keystore\" = $p0", [keystore]), CultureInfo.InvariantCulture);
        _rows.Update("Keystores", new Dictionary<string, object?>
        {
            ["Size"] = size,
            ["LastModifiedBy"] = _request.User?.Identity?.Name ?? Keystores.TenantAdministrator,
            ["LastModifiedTime"] = DateTimeOffset.UtcNow,
        }, "Name", keystore);
    }

    void Require()
    {
        if (!_current) throw new InvalidOperationException("The keystore was opened for reading");
    }

    static void Write(TenantRows rows, KeystoreItem item) =>
        rows.Execute($"INSERT INTO {MaterialTable} VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10)",
        [
            item.Keystore, item.Hexalias, item.Alias, item.Owner, item.PrivateKey, ToPem(item.Chain),
            item.CreatedBy, StoredValue.FromDateTimeOffset(item.CreatedTime), item.ModifiedBy, StoredValue.FromDateTimeOffset(item.ModifiedTime),
            item.Activation == null ? null : JsonSerializer.Serialize(item.Activation),
        ]);

    static string ToPem(IEnumerable<byte[]> chain) => string.Join("\n", chain.Select(c => PemEncoding.WriteString("CERTIFICATE", c)));

    static IReadOnlyList<byte[]> FromPem(string text)
    {
        var chain = new List<byte[]>();
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            chain.Add(Convert.FromBase64String(rest[fields.Base64Data].ToString()));
            rest = rest[fields.Location.End..];
        }
        return chain;
    }

    static DateTimeOffset Time(string stored) =>
        DateTimeOffset.ParseExact(stored, StoredValue.DateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
