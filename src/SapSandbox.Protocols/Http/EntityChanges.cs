using Microsoft.OData.UriParser;
using SapSandbox.Core.Query;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;
using SapSandbox.Core.Write;

namespace SapSandbox.Protocols.Http;

/// <summary>The row a create made: its table and stored values, from which the response and <c>Location</c> are built.</summary>
public sealed record CreatedEntity(EntityTableMap Table, IReadOnlyDictionary<ColumnMap, object?> Values);

/// <summary>
/// Create, update and delete by resource path, for either protocol, inside the caller's transaction: finds what
/// the path addresses, checks the entity set allows the change and the client's <c>If-Match</c>, and runs it.
/// </summary>
public sealed class EntityChanges(ServiceDefinition service, StoreSession session, SqlDialect dialect, Func<string, ODataPath>? parseId = null,
    System.Security.Claims.ClaimsPrincipal? user = null)
{
    readonly EntityWriter _writer = new(session, dialect);

    /// <summary>Where the service's entity set behaviours run: this change's session and writer.</summary>
    public EntityContext Context => new(service, session, _writer, user);

    /// <summary>Inserts through the set's behaviour, if it has one: checks and derived values before, related rows after.</summary>
    IReadOnlyDictionary<ColumnMap, object?> Insert(EntityInput input, IReadOnlyDictionary<ColumnMap, object?>? link = null)
    {
        var behavior = service.Behavior(input.Table.Name);
        behavior?.BeforeCreate(Context, input);
        var row = _writer.Insert(input, link);
        behavior?.AfterCreate(Context, row);
        return row;
    }

    /// <summary>POST to an entity set, or to a navigation of an entity (the new entity is bound to it).</summary>
    public CreatedEntity Create(ODataPath path, Func<EntityTableMap, EntityInput> body)
    {
        switch (path.LastSegment)
        {
            case EntitySetSegment set:
                var table = service.Schema.Table(set.EntitySet) ?? throw QueryException.NotImplemented($"entity set '{set.EntitySet.Name}' is not stored");
                if (!table.Facts.Creatable) throw new QueryException(405, $"Entities of {table.Name} cannot be created: the service does not allow it");
                var values = Insert(Bound(body(table)));
                return new CreatedEntity(table, values);
            case NavigationPropertySegment navigation:
                var parent = ExistingEntity.Get(service, session, Parent(path));
                if (!parent.Table.Navigations.TryGetValue(navigation.NavigationProperty.Name, out var join))
                    throw QueryException.NotImplemented($"navigation '{navigation.NavigationProperty.Name}' of {parent.Table.Name} leads to no stored entity set");
                if (!EntityWriter.CanCreateThrough(join)) throw new QueryException(405, $"Entities of {join.Target.Name} cannot be created: the service does not allow it");
                var input = Bound(body(join.Target));
                if (join.TargetDependsOnSource)
                {
                    var link = new Dictionary<ColumnMap, object?>();
                    for (var i = 0; i < join.SourceColumns.Count; i++) link[join.TargetColumns[i]] = parent.Values[join.SourceColumns[i]];
                    return new CreatedEntity(join.Target, Insert(input, link));
                }
                var created = Insert(input);
                _writer.Link(join, parent.Key, created);
                return new CreatedEntity(join.Target, created);
            default:
                throw new QueryException(405, "Entities are created by POST to an entity set or to a navigation property");
        }
    }

    /// <summary>PUT (<paramref name="replace"/>), PATCH or MERGE of the entity the path addresses.</summary>
    public ExistingEntity Update(ODataPath path, Func<EntityTableMap, EntityInput> body, bool replace, string? ifMatch, Func<ExistingEntity, string?> etagOf)
    {
        var entity = ExistingEntity.Get(service, session, path);
        if (!entity.Table.Facts.Updatable) throw new QueryException(405, $"Entities of {entity.Table.Name} cannot be changed: the service does not allow it");
        Preconditions.Check(entity, ifMatch, etagOf);
        var input = Bound(body(entity.Table));
        var behavior = service.Behavior(entity.Table.Name);
        behavior?.BeforeUpdate(Context, entity, input);
        _writer.Update(entity.Table, entity.Key, input, replace);
        behavior?.AfterUpdate(Context, entity);
        return entity;
    }

    public void Delete(ODataPath path, string? ifMatch, Func<ExistingEntity, string?> etagOf)
    {
        var entity = ExistingEntity.Get(service, session, path);
        if (!entity.Table.Facts.Deletable) throw new QueryException(405, $"Entities of {entity.Table.Name} cannot be deleted: the service does not allow it");
        Preconditions.Check(entity, ifMatch, etagOf);
        service.Behavior(entity.Table.Name)?.BeforeDelete(Context, entity);
        _writer.Delete(entity.Table, entity.Key);
    }

    /// <summary>The media resource (<c>$value</c>) of the entity the path before <c>$value</c> addresses.</summary>
    public MediaContent ReadMedia(ODataPath entityPath)
    {
        var entity = ExistingEntity.Get(service, session, entityPath);
        return service.Behavior(entity.Table.Name)?.ReadMedia(Context, entity)
               ?? throw QueryException.NotFound($"{entity.Table.Name} has no content to download");
    }

    /// <summary><c>PUT …/$value</c>: replaces the media resource through the set's behaviour.</summary>
    public void WriteMedia(ODataPath entityPath, MediaContent content, string? ifMatch, Func<ExistingEntity, string?> etagOf)
    {
        var entity = ExistingEntity.Get(service, session, entityPath);
        Preconditions.Check(entity, ifMatch, etagOf);
        var behavior = service.Behavior(entity.Table.Name) ?? throw new QueryException(405, $"The content of {entity.Table.Name} cannot be replaced");
        behavior.WriteMedia(Context, entity, content);
    }

    /// <summary>
    /// Sets a to-one link (PUT <c>$links/nav</c>, <c>$ref</c>) to the entity <paramref name="target"/> names, or
    /// clears it (DELETE, <paramref name="target"/> null).
    /// </summary>
    public void Link(ODataPath path, ODataPath? target)
    {
        var navigation = path.OfType<NavigationPropertyLinkSegment>().Select(s => s.NavigationProperty)
            .Concat(path.OfType<NavigationPropertySegment>().Select(s => s.NavigationProperty)).LastOrDefault()
            ?? throw QueryException.BadRequest("The path names no navigation property to link");
        var sourcePath = new ODataPath(path.TakeWhile(s => s is not NavigationPropertyLinkSegment and not NavigationPropertySegment));
        var source = ExistingEntity.Get(service, session, sourcePath);
        if (!source.Table.Navigations.TryGetValue(navigation.Name, out var join))
            throw QueryException.NotImplemented($"navigation '{navigation.Name}' of {source.Table.Name} leads to no stored entity set");
        if (join.SourceColumns.Any(c => c.IsKey))
            throw QueryException.BadRequest($"The link '{navigation.Name}' is part of the key of {source.Table.Name} and cannot be changed");
        if (join.TargetDependsOnSource)
            throw QueryException.BadRequest($"The link '{navigation.Name}' is held by the {join.Target.Name} entities; change them instead");
        var linked = target == null ? null : ExistingEntity.Get(service, session, target);
        if (linked != null && linked.Table != join.Target)
            throw QueryException.BadRequest($"'{navigation.Name}' links to {join.Target.Name}, not to {linked.Table.Name}");
        _writer.Link(join, source.Key, linked?.Values);
    }

    /// <summary>Links bound by id take the linked entity's values into the columns that hold the link, in the whole tree.</summary>
    EntityInput Bound(EntityInput input)
    {
        foreach (var (join, id) in input.Bindings)
        {
            if (parseId == null) throw QueryException.BadRequest("Binding by id is not available in this protocol");
            var target = ExistingEntity.Get(service, session, parseId(id));
            if (target.Table != join.Target)
                throw QueryException.BadRequest($"'{join.Name}' links to {join.Target.Name}, not to {target.Table.Name}", join.Name);
            for (var i = 0; i < join.SourceColumns.Count; i++) input.Values[join.SourceColumns[i]] = target.Values[join.TargetColumns[i]];
        }
        foreach (var (_, entities) in input.Nested)
            foreach (var entity in entities) Bound(entity);
        return input;
    }

    static ODataPath Parent(ODataPath path) => new(path.Take(path.Count - 1));
}

/// <summary>Optimistic concurrency as SAP checks it: no <c>If-Match</c> is 428, a stale one 412, <c>*</c> matches any.</summary>
public static class Preconditions
{
    public static void Check(ExistingEntity entity, string? ifMatch, Func<ExistingEntity, string?> etagOf)
    {
        if (entity.Table.ETag == null) return;
        if (string.IsNullOrWhiteSpace(ifMatch))
            throw new QueryException(428, $"{entity.Table.Name} is protected by an ETag: send the one you read in an If-Match header");
        if (ifMatch.Trim() == "*") return;
        var current = etagOf(entity);
        foreach (var tag in ifMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            if (current != null && Same(tag, current)) return;
        throw new QueryException(412, $"The entity was changed since it was read: If-Match {ifMatch} does not match the current ETag {current}");
    }

    /// <summary>Whether a GET's <c>If-None-Match</c> names the entity's current ETag (or <c>*</c>): then the answer is 304.</summary>
    public static bool NotModified(string ifNoneMatch, string current) =>
        ifNoneMatch.Length > 0 && (ifNoneMatch.Trim() == "*" || ifNoneMatch.Split(',', StringSplitOptions.TrimEntries).Contains(current));

    /// <summary>Clients send back what they read, sometimes with the colons Gateway encodes decoded again.</summary>
    static bool Same(string sent, string current) =>
        string.Equals(sent, current, StringComparison.Ordinal)
        || string.Equals(Uri.UnescapeDataString(sent), Uri.UnescapeDataString(current), StringComparison.Ordinal);
}
