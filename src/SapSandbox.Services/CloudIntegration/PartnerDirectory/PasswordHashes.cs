using System.Security.Cryptography;
using System.Text;
using SapSandbox.Core.Store;
using SapSandbox.Core.Write;

namespace SapSandbox.Services.CloudIntegration.PartnerDirectory;

/// <summary>
/// The passwords of user credential parameters as the directory lets a client compare them: never in clear, only as
/// the SHA-256 hash that <c>GET UserCredentialParameters(…)?returnHashedPassword=SHA256</c> answers
/// (<c>"Password":"SHA256.&lt;hex&gt;"</c>), so that a CI/CD pipeline can tell whether the password it holds is the
/// one deployed without reading it back. The hash is all that is kept, in a table of its own beside the entity set
/// (whose <c>Password</c> stays null). Each hash is tied to the creation time of the parameter it was sent with, so a
/// parameter that was replaced, deleted or seeded again never answers a hash that is not its own.
/// </summary>
static class PasswordHashes
{
    const string Table = "\"CloudIntegration__$pd_password_hashes\"";
    public const string Algorithm = "SHA256";

    /// <summary>The passwords of the starting content's parameters, which were "created" when the directory was.</summary>
    static readonly Dictionary<(string Pid, string Id), string> Seeded = new()
    {
        [("Receiver_1", "USER")] = "Receiver1-Welcome!",
        [("Receiver_2", "USER")] = "Orders-API-2026",
        [("ACME_DE", "AS2_BASIC")] = "acme-as2-basic",
    };

    /// <summary>The form the directory answers: the algorithm, a dot and the hash in lowercase hexadecimal.</summary>
    public static string Hash(string password) => $"{Algorithm}.{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(password)))}";

    /// <summary>Keeps the hash of the password a parameter was created (or replaced) with, inside the change.</summary>
    /// <param name="created">the parameter's <c>CreatedTime</c> as stored</param>
    public static void Remember(EntityContext context, string pid, string id, object? created, string password)
    {
        Ensure(context.Session);
        Execute(context.Session, $"INSERT INTO {Table} (\"pid\", \"id\", \"created\", \"hash\") VALUES ($p0, $p1, $p2, $p3) " +
            "ON CONFLICT (\"pid\", \"id\") DO UPDATE SET \"created\" = excluded.\"created\", \"hash\" = excluded.\"hash\"",
            [pid, id, Convert.ToString(created, System.Globalization.CultureInfo.InvariantCulture) ?? "", Hash(password)]);
    }

    public static void Forget(EntityContext context, string pid, string id)
    {
        Ensure(context.Session);
        Execute(context.Session, $"DELETE FROM {Table} WHERE \"pid\" = $p0 AND \"id\" = $p1", [pid, id]);
    }

    /// <summary>The hash of the parameter created at <paramref name="created"/>, or null when none is known.</summary>
    public static string? Find(StoreSession session, string pid, string id, object? created)
    {
        var stamp = Convert.ToString(created, System.Globalization.CultureInfo.InvariantCulture) ?? "";
        Ensure(session);
        var command = session.Rent($"SELECT \"hash\" FROM {Table} WHERE \"pid\" = $p0 AND \"id\" = $p1 AND \"created\" = $p2", [pid, id, stamp]);
        try
        {
            if (command.ExecuteScalar() is string hash) return hash;
        }
        finally { session.Return(command); }
        if (!Seeded.TryGetValue((pid, id), out var password)) return null;
        var seeded = DirectorySeed.UserCredentialParameters().FirstOrDefault(r => (string?)r["Pid"] == pid && (string?)r["Id"] == id);
        return seeded?["CreatedTime"] is DateTimeOffset seededAt && StoredValue.FromDateTimeOffset(seededAt) == stamp ? Hash(password) : null;
    }

    static void Ensure(StoreSession session) =>
        Execute(session, $"CREATE TABLE IF NOT EXISTS {Table} (\"pid\" TEXT NOT NULL, \"id\" TEXT NOT NULL, \"created\" TEXT NOT NULL, " +
                         "\"hash\" TEXT NOT NULL, PRIMARY KEY (\"pid\", \"id\"))", []);

    static void Execute(StoreSession session, string sql, IReadOnlyList<object?> parameters)
    {
        var command = session.Rent(sql, parameters);
        try { command.ExecuteNonQuery(); }
        finally { session.Return(command); }
    }
}
