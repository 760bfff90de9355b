using System.Security.Claims;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;

namespace SapSandbox.Core.Write;

/// <summary>
/// What a service does beyond storing rows for one of its entity sets: checks and derived data around creates,
/// updates and deletes, and media content (<c>$value</c>). The change methods run inside the change's transaction,
/// so what they write commits or rolls back with the request; state that moves with time (a deployment starting)
/// belongs in a background service of the module. The defaults do nothing, so a behaviour implements only what
/// its set needs.
/// </summary>
public interface IEntitySetBehavior
{
    /// <summary>Before the row is inserted: fill or check values, or refuse with a <see cref="Query.QueryException"/>.</summary>
    void BeforeCreate(EntityContext context, EntityInput input) { }

    /// <summary>After the row is inserted (its values as stored, keys assigned): create what belongs to it.</summary>
    void AfterCreate(EntityContext context, IReadOnlyDictionary<ColumnMap, object?> row) { }

    void BeforeUpdate(EntityContext context, ExistingEntity entity, EntityInput input) { }

    void AfterUpdate(EntityContext context, ExistingEntity entity) { }

    void BeforeDelete(EntityContext context, ExistingEntity entity) { }

    /// <summary>
    /// A client's read whose path starts at this entity set, before it is planned: the path after the service root
    /// with its query, percent-encoded, as sent. Returns the read to run instead (a service's own query options,
    /// such as Cloud Integration's <c>overdueonly=true</c>, turned into <c>$filter</c>), or refuses it with a
    /// <see cref="Query.QueryException"/>; the default runs it as sent.
    /// </summary>
    string RewriteRead(EntityContext context, string relative) => relative;

    /// <summary>The media resource of an entity (<c>GET …/$value</c>), or null when it has none (404).</summary>
    MediaContent? ReadMedia(EntityContext context, ExistingEntity entity) => null;

    /// <summary>Replaces the media resource (<c>PUT …/$value</c>); refused unless the set implements it.</summary>
    void WriteMedia(EntityContext context, ExistingEntity entity, MediaContent content) =>
        throw new Query.QueryException(405, $"The content of {entity.Table.Name} cannot be replaced");
}

/// <summary>Where a behaviour runs: the service, the store session (and its transaction), a writer, and the user.</summary>
public sealed record EntityContext(ServiceDefinition Service, StoreSession Session, EntityWriter Writer, ClaimsPrincipal? User);

/// <summary>A media resource: its content type and bytes.</summary>
public sealed record MediaContent(string ContentType, byte[] Bytes);
