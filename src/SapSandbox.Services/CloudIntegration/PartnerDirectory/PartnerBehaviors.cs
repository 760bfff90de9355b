using SapSandbox.Core.Query;
using SapSandbox.Core.Write;
using static SapSandbox.Services.CloudIntegration.PartnerDirectory.DirectoryStore;

namespace SapSandbox.Services.CloudIntegration.PartnerDirectory;

/// <summary>
/// Partners are not created on their own: a partner exists while a parameter, an alternative partner or an
/// authorized user names its Pid. Deleting a partner deletes everything that belongs to it.
/// </summary>
sealed class PartnerBehavior : IEntitySetBehavior
{
    public void BeforeCreate(EntityContext context, EntityInput input) =>
        throw new QueryException(405, "Partners are not created directly: a partner exists as soon as a string, binary or user credential parameter, " +
                                      "an alternative partner or an authorized user names its Pid");

    public void BeforeUpdate(EntityContext context, ExistingEntity entity, EntityInput input) =>
        throw new QueryException(405, "A partner has nothing to change but its Pid, which is its key");

    public void BeforeDelete(EntityContext context, ExistingEntity entity)
    {
        var pid = entity.Values[Column(entity.Table, "Pid")];
        foreach (var set in PartnerSets)
        {
            var table = Table(context, set);
            foreach (var key in Keys(context, table, ("Pid", pid))) context.Writer.Delete(table, key);
        }
    }
}

/// <summary>
/// Alternative partners: another identification of a partner by agency, scheme and id. Their keys are the
/// upper-case hexadecimal of those three texts, computed on create, so that any text can stand in a URL
/// (<c>AlternativePartners(Hexagency='4167656E637958595A',Hexscheme='4C4F4E47',Hexid='…')</c>). Agency, scheme and
/// id are unique together, and so are agency, scheme and Pid; only the Pid can change.
/// </summary>
sealed class AlternativePartnerBehavior : IEntitySetBehavior
{
    public void BeforeCreate(EntityContext context, EntityInput input)
    {
        var agency = Required(input, "Agency", DirectoryRules.AgencyLength);
        var scheme = Required(input, "Scheme", DirectoryRules.SchemeLength);
        var id = Required(input, "Id", DirectoryRules.AlternativeIdLength);
        if (Text(input, "Pid") is not { } pid) throw Missing("Pid", "AlternativePartner");
        DirectoryRules.CheckPid(pid);
        var keys = new[] { ("Hexagency", agency), ("Hexscheme", scheme), ("Hexid", id) };
        foreach (var (key, text) in keys)
        {
            var hex = DirectoryRules.Hex(text);
            if (Text(input, key) is { Length: > 0 } sent && !sent.Equals(hex, StringComparison.OrdinalIgnoreCase))
                throw QueryException.BadRequest($"{key} '{sent}' is not the hexadecimal form of '{text}' ({hex}); leave it out and the key is computed", key);
            Set(input, key, hex);
        }
        if (Find(context, input.Table, ("Hexagency", DirectoryRules.Hex(agency)), ("Hexscheme", DirectoryRules.Hex(scheme)), ("Hexid", DirectoryRules.Hex(id))) != null)
            throw Duplicate($"Alternative Partner ID with ID {id}, scheme {scheme}, and agency {agency}", "ITPD_ALTERNATIVE_PIDS_PK", "ITPD_ALTERNATIVE_PIDS");
        CheckUniquePerPartner(context, input.Table, agency, scheme, pid, id);
        StampCreate(context, input);
        EnsurePartner(context, pid);
    }

    public void BeforeUpdate(EntityContext context, ExistingEntity entity, EntityInput input)
    {
        string Stored(string path) => (string)entity.Values[Column(entity.Table, path)]!;
        foreach (var property in new[] { "Agency", "Scheme", "Id" })
        {
            if (Sent(input, property, out var value) && value is string text && text != Stored(property))
                throw QueryException.BadRequest($"{property} cannot be changed: agency, scheme and id make up the alternative partner's key; create another one instead", property);
            Keep(entity, input, property);
        }
        var before = Stored("Pid");
        if (Sent(input, "Pid", out var sent))
        {
            if (sent is not string pid)
                throw new QueryException(500, $"Problem during updating an entity: Updating Alternative Partner ID with Id {Stored("Id")}, Scheme {Stored("Scheme")}, and Agency {Stored("Agency")} " +
                                              "failed: Attempt to insert NULL value into column 'PID', table 'ITPD_ALTERNATIVE_PIDS'; column does not allow nulls. Update fails.");
            DirectoryRules.CheckPid(pid);
            if (pid != before)
            {
                CheckUniquePerPartner(context, entity.Table, Stored("Agency"), Stored("Scheme"), pid, Stored("Id"));
                EnsurePartner(context, pid);
                ReleasePartner(context, before, 1);
            }
        }
        Keep(entity, input, "Pid");
        StampUpdate(context, entity, input);
    }

    public void BeforeDelete(EntityContext context, ExistingEntity entity) =>
        ReleasePartner(context, (string)entity.Values[Column(entity.Table, "Pid")]!, 1);

    static string Required(EntityInput input, string property, int maxLength)
    {
        if (Text(input, property) is not { Length: > 0 } text) throw Missing(property, "AlternativePartner");
        DirectoryRules.CheckLength(property, text, maxLength);
        return text;
    }

    /// <summary>A partner has one id per agency and scheme, so that the id can be looked up from agency, scheme and Pid.</summary>
    static void CheckUniquePerPartner(EntityContext context, Core.Store.EntityTableMap table, string agency, string scheme, string pid, string id)
    {
        if (Count(context, table, ("Agency", agency), ("Scheme", scheme), ("Pid", pid)) > 0)
            throw new QueryException(500, $"Problem during creating an entity: Inserting Alternative Partner ID with ID {id}, scheme {scheme}, and agency {agency} failed: " +
                                          $"partner {pid} already has an alternative partner ID with scheme {scheme} and agency {agency}; agency, scheme and Pid must be unique together");
    }
}

/// <summary>
/// Authorized users: the users a partner's sender system logs in with. The user name is kept in lower case, as
/// the directory compares it, and the Pid is the only thing that changes.
/// </summary>
sealed class AuthorizedUserBehavior : IEntitySetBehavior
{
    public void BeforeCreate(EntityContext context, EntityInput input)
    {
        if (Text(input, "User") is not { Length: > 0 } user) throw Missing("User", "AuthorizedUser");
        DirectoryRules.CheckLength("User", user, DirectoryRules.AuthorizedUserLength);
        user = user.ToLowerInvariant();
        Set(input, "User", user);
        if (Text(input, "Pid") is not { } pid) throw Missing("Pid", "AuthorizedUser");
        DirectoryRules.CheckPid(pid);
        if (Find(context, input.Table, ("User", user)) != null)
            throw Duplicate($"Authorized User with user {user}", "PK_ITPD_AUTHORIZED_USERS", "ITPD_AUTHORIZED_USERS");
        StampCreate(context, input);
        EnsurePartner(context, pid);
    }

    public void BeforeUpdate(EntityContext context, ExistingEntity entity, EntityInput input)
    {
        var user = (string)entity.Values[Column(entity.Table, "User")]!;
        var before = (string)entity.Values[Column(entity.Table, "Pid")]!;
        // The key in a body is compared as the directory stores it.
        if (Text(input, "User") is { } sentUser) Set(input, "User", sentUser.ToLowerInvariant());
        if (Sent(input, "Pid", out var sent))
        {
            if (sent is not string pid)
                throw new QueryException(500, $"Problem during updating an entity: Updating Authorized User with User {user} failed: " +
                                              "Attempt to insert NULL value into column 'PID', table 'ITPD_AUTHORIZED_USERS'; column does not allow nulls. Update fails.");
            DirectoryRules.CheckPid(pid);
            if (pid != before)
            {
                EnsurePartner(context, pid);
                ReleasePartner(context, before, 1);
            }
        }
        Keep(entity, input, "Pid");
        StampUpdate(context, entity, input);
    }

    public void BeforeDelete(EntityContext context, ExistingEntity entity) =>
        ReleasePartner(context, (string)entity.Values[Column(entity.Table, "Pid")]!, 1);
}
