using Microsoft.OData.UriParser;
using SapSandbox.Core.Query;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;

namespace SapSandbox.Core.Write;

/// <summary>A row a change addresses, as it is inside the change's transaction: its values and its concurrency token.</summary>
public sealed record ExistingEntity(EntityTableMap Table, IReadOnlyDictionary<ColumnMap, object?> Values, object? ETag)
{
    /// <summary>The stored key (hidden container columns included), which is what a change needs to find the row again.</summary>
    public IReadOnlyDictionary<ColumnMap, object?> Key => Table.StoredKey.ToDictionary(k => k, k => Values[k]);

    /// <summary>Reads the entity <paramref name="path"/> addresses (a key, or a to-one navigation), or null when there is none.</summary>
    public static ExistingEntity? Find(ServiceDefinition service, StoreSession session, ODataPath path)
    {
        var plan = service.Planner.Plan(new ReadRequest(path));
        if (plan.Shape != ResultShape.Entity)
            throw new QueryException(405, "The path addresses a collection; name one entity by its key");
        using var rows = EntityRows.Open(session, plan);
        if (!rows.Read()) return null;
        var values = new Dictionary<ColumnMap, object?>();
        foreach (var column in plan.Table.Columns)
        {
            var ordinal = plan.Ordinal(column);
            if (ordinal >= 0) values[column] = rows.IsNull(ordinal) ? null : rows.Record.GetValue(ordinal);
        }
        var etag = plan.ETagOrdinal >= 0 && !rows.IsNull(plan.ETagOrdinal) ? rows.Record.GetValue(plan.ETagOrdinal) : null;
        return new ExistingEntity(plan.Table, values, etag);
    }

    /// <summary>The first entity of an entity set in key order, or null when it is empty.</summary>
    public static ExistingEntity? First(ServiceDefinition service, StoreSession session, EntityTableMap table)
    {
        var plan = service.Planner.Plan(new ReadRequest(new ODataPath(new EntitySetSegment((Microsoft.OData.Edm.IEdmEntitySet)table.Source)), Top: 1));
        using var rows = EntityRows.Open(session, plan);
        if (!rows.Read()) return null;
        return new ExistingEntity(table, table.Columns.Where(c => plan.Ordinal(c) >= 0)
            .ToDictionary(c => c, c => rows.IsNull(plan.Ordinal(c)) ? null : rows.Record.GetValue(plan.Ordinal(c))), null);
    }

    /// <summary>As <see cref="Find"/>, but a missing entity is a 404 naming the path.</summary>
    public static ExistingEntity Get(ServiceDefinition service, StoreSession session, ODataPath path) =>
        Find(service, session, path) ?? throw QueryException.NotFound($"No entity matches '{Describe(path)}'");

    /// <summary>The path of an entity set's row by its key values (stored form).</summary>
    public static ODataPath PathOf(EntityTableMap table, IReadOnlyDictionary<ColumnMap, object?> key)
    {
        var set = (Microsoft.OData.Edm.IEdmEntitySet)table.Source;
        return new ODataPath(new EntitySetSegment(set),
            new KeySegment(table.Keys.Select(k => new KeyValuePair<string, object>(k.Name, key[k]!)), table.EntityType, set));
    }

    public static string Describe(ODataPath path) => string.Join("/", path.Select(s => s switch
    {
        KeySegment key => "(" + string.Join(",", key.Keys.Select(k => $"{k.Key}={k.Value}")) + ")",
        _ => s.Identifier,
    })).Replace("/(", "(");
}
