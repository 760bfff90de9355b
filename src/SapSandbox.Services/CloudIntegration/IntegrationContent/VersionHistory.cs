using System.Text.Json;
using SapSandbox.Core.Store;
using SapSandbox.Core.Write;

namespace SapSandbox.Services.CloudIntegration.IntegrationContent;

/// <summary>An earlier version of a design-time artifact: its properties as they were (by path) and its bundle.</summary>
public sealed record KeptVersion(string Version, IReadOnlyDictionary<string, string?> Values, byte[] Bundle);

/// <summary>
/// The versions a design-time artifact had before its current one, as the tenant's version history keeps them: when
/// <c>…SaveAsVersion</c> or an update whose bundle carries a new Bundle-Version moves the artifact on, the version it
/// leaves (its properties and its bundle) stays readable under its own key (<c>…(Id='x',Version='1.0.0')</c>, its
/// <c>$value</c>, configurations and resources), while <c>Version='active'</c> and every change address the current
/// version. Deleting the artifact deletes its history. One table of the store's database, created on first use;
/// rows carry the seeding they were written under, as <see cref="ContentStore"/>'s do.
/// </summary>
public static class VersionHistory
{
    const string Table = "\"CloudIntegration__$versions\"";

    static void Ensure(StoreSession session) =>
        Execute(session, $"CREATE TABLE IF NOT EXISTS {Table} (\"kind\" TEXT NOT NULL, \"id\" TEXT NOT NULL, \"version\" TEXT NOT NULL, " +
                         "\"stamp\" TEXT NOT NULL, \"row\" TEXT NOT NULL, \"bytes\" " + session.Dialect.BinaryType + " NOT NULL, PRIMARY KEY (\"kind\", \"id\", \"version\"))", []);

    /// <summary>
    /// Keeps the artifact's current version (its row as it is now and <paramref name="bundle"/>, before any change of
    /// it) as history, now that the artifact moves on to <paramref name="next"/>. A kept version with the number
    /// <paramref name="next"/> is dropped: the artifact's current state is that version from now on.
    /// </summary>
    public static void Keep(EntityContext context, ArtifactType type, ContentRow artifact, ArtifactBundle bundle, string next)
    {
        Ensure(context.Session);
        var id = artifact.Get("Id");
        var values = artifact.Values.Where(v => v.Value is string or null).ToDictionary(v => v.Key, v => v.Value as string);
        var stamp = ContentStore.Stamp(context.Session);
        Execute(context.Session, $"INSERT INTO {Table} (\"kind\", \"id\", \"version\", \"stamp\", \"row\", \"bytes\") VALUES ($p0, $p1, $p2, $p3, $p4, $p5) " +
            "ON CONFLICT (\"kind\", \"id\", \"version\") DO UPDATE SET \"stamp\" = excluded.\"stamp\", \"row\" = excluded.\"row\", \"bytes\" = excluded.\"bytes\"",
            [type.EntitySet, id, artifact.Get("Version"), stamp, JsonSerializer.Serialize(values), bundle.ToZip()]);
        Execute(context.Session, $"DELETE FROM {Table} WHERE \"kind\" = $p0 AND \"id\" = $p1 AND \"version\" = $p2", [type.EntitySet, id, next]);
    }

    /// <summary>The kept version <paramref name="version"/> of the artifact, or null.</summary>
    public static KeptVersion? Find(StoreSession session, ArtifactType type, string id, string version)
    {
        Ensure(session);
        var command = session.Rent($"SELECT \"row\", \"bytes\" FROM {Table} WHERE \"kind\" = $p0 AND \"id\" = $p1 AND \"version\" = $p2 AND \"stamp\" = $p3",
            [type.EntitySet, id, version, ContentStore.Stamp(session)]);
        try
        {
            using var reader = command.ExecuteReader();
            if (!reader.Read()) return null;
            var values = JsonSerializer.Deserialize<Dictionary<string, string?>>(reader.GetString(0)) ?? [];
            return new KeptVersion(version, values, (byte[])reader.GetValue(1));
        }
        finally { session.Return(command); }
    }

    /// <summary>The numbers of the artifact's kept versions, oldest first.</summary>
    public static List<string> Versions(StoreSession session, ArtifactType type, string id)
    {
        Ensure(session);
        var command = session.Rent($"SELECT \"version\" FROM {Table} WHERE \"kind\" = $p0 AND \"id\" = $p1 AND \"stamp\" = $p2",
            [type.EntitySet, id, ContentStore.Stamp(session)]);
        var versions = new List<string>();
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read()) versions.Add(reader.GetString(0));
        }
        finally { session.Return(command); }
        versions.Sort(ContentRows.CompareVersions);
        return versions;
    }

    /// <summary>Forgets every kept version of the artifact (it was deleted).</summary>
    public static void Forget(StoreSession session, ArtifactType type, string id)
    {
        Ensure(session);
        Execute(session, $"DELETE FROM {Table} WHERE \"kind\" = $p0 AND \"id\" = $p1", [type.EntitySet, id]);
    }

    static void Execute(StoreSession session, string sql, IReadOnlyList<object?> parameters)
    {
        var command = session.Rent(sql, parameters);
        try { command.ExecuteNonQuery(); }
        finally { session.Return(command); }
    }
}
