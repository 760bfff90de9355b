using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;

namespace SapSandbox.Services.CloudIntegration.SecurityContent;

/// <summary>
/// The secrets of deployed security material: user credentials' passwords, secure parameters' values and OAuth2 client
/// secrets. The API takes them and never gives them back, so they are kept apart from the entity sets (whose
/// <c>Password</c>, <c>SecureParam</c> and <c>ClientSecret</c> stay null), where what runs on the tenant can use them:
/// <see cref="Find"/> is how a connectivity check, or a flow, reads one.
/// <para>
/// As with the keystore's material, the table belongs to one seeding of the service's tables; after the tables were
/// seeded again, the seeded material's secrets (<see cref="SecurityMaterialSeed"/>) count until the next change.
/// </para>
/// </summary>
public static class SecretStore
{
    const string Table = "\"_cloudintegration_secrets\"";
    const string StateTable = "\"_cloudintegration_security\"";

    public const string UserCredential = "UserCredentials";
    public const string SecureParameter = "SecureParameters";
    public const string OAuth2ClientCredential = "OAuth2ClientCredentials";

    /// <summary>The secret of an artifact (<paramref name="kind"/> is its entity set), or null when it has none.</summary>
    public static string? Find(ServiceDefinition service, StoreSession session, string kind, string name)
    {
        var rows = new TenantRows(service, session, new Core.Write.EntityWriter(session, SqliteDialect.Instance));
        if (!IsCurrent(service, rows)) return SecurityMaterialSeed.Secrets.GetValueOrDefault((kind, name));
        return rows.Scalar($"SELECT \"secret\" FROM {Table} WHERE \"kind\" = $p0 AND \"name\" = $p1", [kind, name]) as string;
    }

    /// <summary>Sets (or, with null, removes) a secret, inside the change's transaction.</summary>
    public static void Put(ResourceRequest request, string kind, string name, string? secret)
    {
        var rows = new TenantRows(request);
        if (!IsCurrent(request.Service, rows)) Refill(request.Service, rows);
        rows.Execute($"DELETE FROM {Table} WHERE \"kind\" = $p0 AND \"name\" = $p1", [kind, name]);
        if (secret != null) rows.Execute($"INSERT INTO {Table} VALUES ($p0, $p1, $p2)", [kind, name, secret]);
    }

    static string? Generation(ServiceDefinition service, TenantRows rows) =>
        rows.Scalar("SELECT \"metadata_hash\" FROM \"_sandbox_services\" WHERE \"name\" = $p0", [service.Name]) as string;

    static bool IsCurrent(ServiceDefinition service, TenantRows rows)
    {
        if (!rows.TableExists(Table)) return false;
        if (!rows.TableExists(StateTable)) return false;
        return rows.Scalar($"SELECT \"value\" FROM {StateTable} WHERE \"name\" = 'secrets'", []) as string == Generation(service, rows);
    }

    static void Refill(ServiceDefinition service, TenantRows rows)
    {
        rows.Execute($"CREATE TABLE IF NOT EXISTS {StateTable} (\"name\" TEXT PRIMARY KEY, \"value\" TEXT)", []);
        rows.Execute($"CREATE TABLE IF NOT EXISTS {Table} (\"kind\" TEXT NOT NULL, \"name\" TEXT NOT NULL, \"secret\" TEXT NOT NULL, PRIMARY KEY (\"kind\", \"name\"))", []);
        rows.Execute($"DELETE FROM {Table}", []);
        foreach (var ((kind, name), secret) in SecurityMaterialSeed.Secrets) rows.Execute($"INSERT INTO {Table} VALUES ($p0, $p1, $p2)", [kind, name, secret]);
        rows.Execute($"INSERT INTO {StateTable} VALUES ('secrets', $p0) ON CONFLICT (\"name\") DO UPDATE SET \"value\" = excluded.\"value\"", [Generation(service, rows)]);
    }
}
