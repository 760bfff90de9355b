using SapSandbox.Core.Query;
using SapSandbox.Core.Store;
using SapSandbox.Core.Write;

namespace SapSandbox.Services.CloudIntegration.PartnerDirectory;

/// <summary>
/// Reads and writes of the directory's tables inside a change: who changes what and when (the audit columns every
/// directory entity carries), lookups by key, and the partners, which exist as long as something belongs to them.
/// </summary>
static class DirectoryStore
{
    public const string Partners = "Partners";
    public const string StringParameters = "StringParameters";
    public const string BinaryParameters = "BinaryParameters";
    public const string AlternativePartners = "AlternativePartners";
    public const string AuthorizedUsers = "AuthorizedUsers";
    public const string UserCredentialParameters = "UserCredentialParameters";

    /// <summary>The sets whose entities belong to a partner by their <c>Pid</c>.</summary>
    public static readonly string[] PartnerSets = [StringParameters, BinaryParameters, AlternativePartners, AuthorizedUsers, UserCredentialParameters];

    public static EntityTableMap Table(EntityContext context, string entitySet) =>
        context.Service.Schema.Table(entitySet) ?? throw new InvalidOperationException($"{entitySet} is not stored");

    public static ColumnMap Column(EntityTableMap table, string path) =>
        table.Column(path) ?? throw new InvalidOperationException($"{table.Name} has no property {path}");

    /// <summary>
    /// The user a change is recorded for: the one the request names in <c>?user=</c> ("the logged-in user of the system
    /// that initiates the call"), else the logged-in user. User credential parameters always record the logged-in user.
    /// </summary>
    public static string User(EntityContext context, bool loggedIn = false) =>
        !loggedIn && DirectoryAudit.NamedUser(context.Session, context.User) is { Length: > 0 } named ? named
        : context.User?.Identity?.Name is { Length: > 0 } name ? name : "sandbox";

    /// <summary>Now, to the millisecond as the directory records its times.</summary>
    public static string Now()
    {
        var now = DateTimeOffset.UtcNow;
        return StoredValue.FromDateTimeOffset(now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond)));
    }

    /// <summary>What the client sent for a property: absent (false), or its value (possibly null).</summary>
    public static bool Sent(EntityInput input, string path, out object? value)
    {
        value = null;
        return input.Table.Column(path) is { } column && input.Values.TryGetValue(column, out value);
    }

    public static string? Text(EntityInput input, string path) => Sent(input, path, out var value) ? value as string : null;

    public static void Set(EntityInput input, string path, object? value) => input.Values[Column(input.Table, path)] = value;

    /// <summary>Fills the audit columns of a new entity: created and last changed now, by the user.</summary>
    public static void StampCreate(EntityContext context, EntityInput input, bool loggedIn = false)
    {
        var user = User(context, loggedIn);
        var now = Now();
        Set(input, "CreatedBy", user);
        Set(input, "CreatedTime", now);
        Set(input, "LastModifiedBy", user);
        Set(input, "LastModifiedTime", now);
    }

    /// <summary>
    /// Fills the audit columns of a change: last changed now, by the user; creation as it was (a PUT that leaves
    /// it out must not reset it).
    /// </summary>
    public static void StampUpdate(EntityContext context, ExistingEntity entity, EntityInput input)
    {
        Set(input, "CreatedBy", entity.Values[Column(entity.Table, "CreatedBy")]);
        Set(input, "CreatedTime", entity.Values[Column(entity.Table, "CreatedTime")]);
        Set(input, "LastModifiedBy", User(context));
        Set(input, "LastModifiedTime", Now());
    }

    /// <summary>Keeps a property the change leaves out as it is (a PUT would otherwise reset it).</summary>
    public static void Keep(ExistingEntity entity, EntityInput input, string path)
    {
        var column = Column(entity.Table, path);
        if (!input.Values.ContainsKey(column)) input.Values[column] = entity.Values[column];
    }

    /// <summary>The entity with these key values, or null.</summary>
    public static ExistingEntity? Find(EntityContext context, EntityTableMap table, params (string Path, object? Value)[] key) =>
        ExistingEntity.Find(context.Service, context.Session,
            ExistingEntity.PathOf(table, key.ToDictionary(k => Column(table, k.Path), k => k.Value)));

    /// <summary>How many rows of the table have these values.</summary>
    public static long Count(EntityContext context, EntityTableMap table, params (string Path, object? Value)[] where)
    {
        var sql = $"SELECT COUNT(*) FROM {table.TableName}" +
                  (where.Length == 0 ? "" : " WHERE " + string.Join(" AND ", where.Select((w, i) => $"{SqlDialect.Quote(Column(table, w.Path).Name)} = $p{i}")));
        var command = context.Session.Rent(sql, where.Select(w => w.Value).ToList());
        try { return (long)command.ExecuteScalar()!; }
        finally { context.Session.Return(command); }
    }

    /// <summary>The stored keys of the rows with these values.</summary>
    public static List<Dictionary<ColumnMap, object?>> Keys(EntityContext context, EntityTableMap table, params (string Path, object? Value)[] where)
    {
        var sql = $"SELECT {string.Join(", ", table.StoredKey.Select(k => SqlDialect.Quote(k.Name)))} FROM {table.TableName}" +
                  (where.Length == 0 ? "" : " WHERE " + string.Join(" AND ", where.Select((w, i) => $"{SqlDialect.Quote(Column(table, w.Path).Name)} = $p{i}")));
        var command = context.Session.Rent(sql, where.Select(w => w.Value).ToList());
        var keys = new List<Dictionary<ColumnMap, object?>>();
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
                keys.Add(table.StoredKey.Select((k, i) => (k, reader.IsDBNull(i) ? null : reader.GetValue(i))).ToDictionary(p => p.k, p => p.Item2));
        }
        finally { context.Session.Return(command); }
        return keys;
    }

    /// <summary>A partner comes into being with the first entity that belongs to it.</summary>
    public static void EnsurePartner(EntityContext context, string pid)
    {
        var partners = Table(context, Partners);
        if (Count(context, partners, ("Pid", pid)) > 0) return;
        var input = new EntityInput(partners);
        Set(input, "Pid", pid);
        context.Writer.Insert(input);
    }

    /// <summary>
    /// A partner goes when nothing belongs to it anymore. <paramref name="leaving"/> counts the rows of the
    /// change that still hold the Pid but are about to go (the entity being deleted, or moved to another partner).
    /// </summary>
    public static void ReleasePartner(EntityContext context, string pid, int leaving)
    {
        var held = PartnerSets.Sum(set => Count(context, Table(context, set), ("Pid", pid)));
        if (held > leaving) return;
        var partners = Table(context, Partners);
        if (Count(context, partners, ("Pid", pid)) > 0) context.Writer.Delete(partners, new Dictionary<ColumnMap, object?> { [Column(partners, "Pid")] = pid });
    }

    /// <summary>The documented answer to a create whose key is taken: 500, with the database's words.</summary>
    public static QueryException Duplicate(string what, string index, string table) =>
        new(500, $"Problem during creating an entity: Inserting {what} failed: Attempt to insert duplicate key row in object '{table}' with unique index '{index}'");

    /// <summary>The documented answer to a create that leaves out a required property: 500.</summary>
    public static QueryException Missing(string property, string entityType, bool update = false) =>
        new(500, $"Problem during {(update ? "updating" : "creating")} an entity: The value of the property '{property}' is missing for the entity '{entityType}'.");
}
