using SapSandbox.Core.Store;

namespace SapSandbox.Services.CloudIntegration.IntegrationContent;

/// <summary>A deployment waiting to finish: its task, the artifact, when it is due, and what will stop it, if anything.</summary>
public sealed record PendingDeployment(string TaskId, string EntitySet, string ArtifactId, string? BuildProblem, string? StartProblem);

/// <summary>
/// What the tenant keeps beside the entities: the bundles of design-time artifacts (the API answers
/// <c>ArtifactContent</c> as null and serves the bundle as <c>$value</c>), the content deployed for each runtime
/// artifact, the error information of a failed deployment, and deployments still running. Two tables of the
/// store's database, created on first use. Rows carry the seeding they were written under, so a store seeded
/// again (newer tenant data) does not serve content of artifacts that no longer exist; content the seed data
/// describes is built in code and not stored until a client changes it.
/// </summary>
public static class ContentStore
{
    const string Content = "\"CloudIntegration__$content\"";
    const string Deployments = "\"CloudIntegration__$deployments\"";

    /// <summary>The key under which a deployed artifact's content is kept.</summary>
    public const string Runtime = "IntegrationRuntimeArtifacts";
    /// <summary>The key under which a failed deployment's error information (JSON) is kept.</summary>
    public const string Errors = "RuntimeArtifactErrorInformations";

    static void Ensure(StoreSession session)
    {
        Execute(session, $"CREATE TABLE IF NOT EXISTS {Content} (\"kind\" TEXT NOT NULL, \"id\" TEXT NOT NULL, \"stamp\" TEXT NOT NULL, \"bytes\" {session.Dialect.BinaryType}, PRIMARY KEY (\"kind\", \"id\"))", []);
        Execute(session, $"CREATE TABLE IF NOT EXISTS {Deployments} (\"task\" TEXT PRIMARY KEY, \"kind\" TEXT NOT NULL, \"id\" TEXT NOT NULL, \"stamp\" TEXT NOT NULL, " +
                         $"\"due\" TEXT NOT NULL, \"build_problem\" TEXT, \"start_problem\" TEXT, \"done\" {session.Dialect.IntegerType} NOT NULL)", []);
    }

    /// <summary>
    /// The seeding the store holds (its metadata and seed-data hash): content written under another one belongs to
    /// a tenant that was replaced.
    /// </summary>
    internal static string Stamp(StoreSession session)
    {
        var command = session.Rent("SELECT \"metadata_hash\" FROM \"_sandbox_services\" WHERE \"name\" = $p0", [CloudIntegrationService.Name]);
        try { return command.ExecuteScalar() as string ?? ""; }
        finally { session.Return(command); }
    }

    /// <summary>
    /// The stored content, or <paramref name="seeded"/>'s when no client has written any: <c>(true, bytes)</c> for
    /// content, <c>(true, null)</c> for content a client removed.
    /// </summary>
    public static byte[]? Load(StoreSession session, string kind, string id, Func<byte[]?> seeded)
    {
        Ensure(session);
        var command = session.Rent($"SELECT \"bytes\" FROM {Content} WHERE \"kind\" = $p0 AND \"id\" = $p1 AND \"stamp\" = $p2", [kind, id, Stamp(session)]);
        try
        {
            using var reader = command.ExecuteReader();
            if (reader.Read()) return reader.IsDBNull(0) ? null : (byte[])reader.GetValue(0);
        }
        finally { session.Return(command); }
        return seeded();
    }

    /// <summary>Keeps <paramref name="bytes"/> as the content; null records that there is none (an artifact deleted).</summary>
    public static void Save(StoreSession session, string kind, string id, byte[]? bytes)
    {
        Ensure(session);
        Execute(session, $"INSERT INTO {Content} (\"kind\", \"id\", \"stamp\", \"bytes\") VALUES ($p0, $p1, $p2, $p3) " +
            "ON CONFLICT (\"kind\", \"id\") DO UPDATE SET \"stamp\" = excluded.\"stamp\", \"bytes\" = excluded.\"bytes\"", [kind, id, Stamp(session), bytes]);
    }

    public static void AddDeployment(StoreSession session, PendingDeployment deployment, DateTimeOffset due)
    {
        Ensure(session);
        // A new deployment of the artifact replaces one still running: the tenant builds the latest request.
        Execute(session, $"UPDATE {Deployments} SET \"done\" = 1 WHERE \"kind\" = $p0 AND \"id\" = $p1 AND \"done\" = 0", [deployment.EntitySet, deployment.ArtifactId]);
        Execute(session, $"INSERT INTO {Deployments} (\"task\", \"kind\", \"id\", \"stamp\", \"due\", \"build_problem\", \"start_problem\", \"done\") VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, 0)",
            [deployment.TaskId, deployment.EntitySet, deployment.ArtifactId, Stamp(session), StoredValue.FromDateTimeOffset(due), deployment.BuildProblem, deployment.StartProblem]);
    }

    /// <summary>Deployments of the current tenant that are due at <paramref name="now"/>, oldest first.</summary>
    public static IReadOnlyList<PendingDeployment> Due(StoreSession session, DateTimeOffset now)
    {
        Ensure(session);
        var command = session.Rent($"SELECT \"task\", \"kind\", \"id\", \"build_problem\", \"start_problem\" FROM {Deployments} " +
                                   "WHERE \"done\" = 0 AND \"stamp\" = $p0 AND \"due\" <= $p1 ORDER BY \"due\"", [Stamp(session), StoredValue.FromDateTimeOffset(now)]);
        var result = new List<PendingDeployment>();
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
                result.Add(new PendingDeployment(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }
        finally { session.Return(command); }
        return result;
    }

    public static void Complete(StoreSession session, string taskId) =>
        Execute(session, $"UPDATE {Deployments} SET \"done\" = 1 WHERE \"task\" = $p0", [taskId]);

    /// <summary>Forgets the running deployments of an artifact (it was undeployed).</summary>
    public static void Cancel(StoreSession session, string entitySet, string id)
    {
        Ensure(session);
        Execute(session, $"UPDATE {Deployments} SET \"done\" = 1 WHERE \"kind\" = $p0 AND \"id\" = $p1", [entitySet, id]);
    }

    static void Execute(StoreSession session, string sql, IReadOnlyList<object?> parameters)
    {
        var command = session.Rent(sql, parameters);
        try { command.ExecuteNonQuery(); }
        finally { session.Return(command); }
    }
}
