using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;

namespace SapSandbox.Server.Hub.Environments;

/// <summary>
/// The hub's environments in the sandbox's store, in a table of the hub's own (<c>_hub_environments</c>). Secrets are
/// encrypted with Data Protection (keys beside the store), so the file alone does not give them away.
/// </summary>
public sealed class EnvironmentStore(HubCatalog catalog, IDataProtectionProvider protection)
{
    const string Table = "_hub_environments";
    readonly IDataProtector _protector = protection.CreateProtector("SapSandbox.Hub.Environments");
    volatile bool _created;

    /// <summary>Raised with an environment's name when it is replaced or deleted: cached tokens and cookies go with it.</summary>
    public event Action<string>? Changed;

    public IReadOnlyList<HubEnvironment> List()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name, base_url, auth, user, secret, token_url FROM {Table} ORDER BY name";
        using var reader = command.ExecuteReader();
        var environments = new List<HubEnvironment>();
        while (reader.Read()) environments.Add(Read(reader));
        return environments;
    }

    public HubEnvironment? Find(string name)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name, base_url, auth, user, secret, token_url FROM {Table} WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    public void Save(HubEnvironment environment)
    {
        using (var connection = Open())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"INSERT OR REPLACE INTO {Table} (name, base_url, auth, user, secret, token_url) VALUES ($name, $url, $auth, $user, $secret, $token)";
            command.Parameters.AddWithValue("$name", environment.Name);
            command.Parameters.AddWithValue("$url", environment.BaseUrl.ToString());
            command.Parameters.AddWithValue("$auth", environment.Auth.ToString());
            command.Parameters.AddWithValue("$user", environment.User);
            command.Parameters.AddWithValue("$secret", _protector.Protect(environment.Secret));
            command.Parameters.AddWithValue("$token", (object?)environment.TokenUrl?.ToString() ?? DBNull.Value);
            command.ExecuteNonQuery();
        }
        Changed?.Invoke(environment.Name);
    }

    public bool Delete(string name)
    {
        int deleted;
        using (var connection = Open())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"DELETE FROM {Table} WHERE name = $name";
            command.Parameters.AddWithValue("$name", name);
            deleted = command.ExecuteNonQuery();
        }
        Changed?.Invoke(name);
        return deleted > 0;
    }

    HubEnvironment Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        new Uri(reader.GetString(1)),
        Enum.Parse<EnvironmentAuth>(reader.GetString(2)),
        reader.GetString(3),
        _protector.Unprotect(reader.GetString(4)),
        reader.IsDBNull(5) ? null : new Uri(reader.GetString(5)));

    SqliteConnection Open()
    {
        var connection = catalog.Store.Open();
        if (_created) return connection;
        using var command = connection.CreateCommand();
        command.CommandText = $"CREATE TABLE IF NOT EXISTS {Table} (name TEXT PRIMARY KEY, base_url TEXT NOT NULL, auth TEXT NOT NULL, user TEXT NOT NULL, secret TEXT NOT NULL, token_url TEXT)";
        command.ExecuteNonQuery();
        _created = true;
        return connection;
    }
}
