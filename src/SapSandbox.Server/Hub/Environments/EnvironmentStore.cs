using Microsoft.AspNetCore.DataProtection;
using System.Data.Common;
using SapSandbox.Core.Store;

namespace SapSandbox.Server.Hub.Environments;

/// <summary>
/// The hub's environments in the sandbox's store, in a table of the hub's own (<c>_hub_environments</c>). Secrets are
/// encrypted with Data Protection (keys beside the store), so the file alone does not give them away.
/// </summary>
public sealed class EnvironmentStore(HubCatalog catalog, IDataProtectionProvider protection)
{
    const string Table = "\"_hub_environments\"";
    readonly IDataProtector _protector = protection.CreateProtector("SapSandbox.Hub.Environments");
    volatile bool _created;

    /// <summary>Raised with an environment's name when it is replaced or deleted: cached tokens and cookies go with it.</summary>
    public event Action<string>? Changed;

    const string Columns = "\"name\", \"base_url\", \"auth\", \"user\", \"secret\", \"token_url\"";

    public IReadOnlyList<HubEnvironment> List() => Query($"SELECT {Columns} FROM {Table} ORDER BY \"name\"");

    public HubEnvironment? Find(string name) => Query($"SELECT {Columns} FROM {Table} WHERE \"name\" = $p0", name).FirstOrDefault();

    public void Save(HubEnvironment environment)
    {
        using (var session = Open())
            session.Execute($"INSERT INTO {Table} ({Columns}) VALUES ($p0, $p1, $p2, $p3, $p4, $p5) ON CONFLICT (\"name\") DO UPDATE SET " +
                            "\"base_url\" = excluded.\"base_url\", \"auth\" = excluded.\"auth\", \"user\" = excluded.\"user\", " +
                            "\"secret\" = excluded.\"secret\", \"token_url\" = excluded.\"token_url\"",
                environment.Name, environment.BaseUrl.ToString(), environment.Auth.ToString(), environment.User,
                _protector.Protect(environment.Secret), environment.TokenUrl?.ToString());
        Changed?.Invoke(environment.Name);
    }

    public bool Delete(string name)
    {
        int deleted;
        using (var session = Open())
            deleted = session.Execute($"DELETE FROM {Table} WHERE \"name\" = $p0", name);
        Changed?.Invoke(name);
        return deleted > 0;
    }

    List<HubEnvironment> Query(string sql, params IReadOnlyList<object?> parameters)
    {
        using var session = Open();
        return session.Rows(sql, parameters, Read);
    }

    HubEnvironment Read(DbDataReader reader) => new(
        reader.GetString(0),
        new Uri(reader.GetString(1)),
        Enum.Parse<EnvironmentAuth>(reader.GetString(2)),
        reader.GetString(3),
        _protector.Unprotect(reader.GetString(4)),
        reader.IsDBNull(5) ? null : new Uri(reader.GetString(5)));

    StoreSession Open()
    {
        var session = catalog.Store.Rent();
        if (_created) return session;
        session.ExecuteOnce($"CREATE TABLE IF NOT EXISTS {Table} (\"name\" TEXT PRIMARY KEY, \"base_url\" TEXT NOT NULL, \"auth\" TEXT NOT NULL, " +
                            "\"user\" TEXT NOT NULL, \"secret\" TEXT NOT NULL, \"token_url\" TEXT)");
        _created = true;
        return session;
    }
}
