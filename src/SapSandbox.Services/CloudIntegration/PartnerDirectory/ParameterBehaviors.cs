using SapSandbox.Core.Query;
using SapSandbox.Core.Write;
using static SapSandbox.Services.CloudIntegration.PartnerDirectory.DirectoryStore;

namespace SapSandbox.Services.CloudIntegration.PartnerDirectory;

/// <summary>
/// String parameters: a value of up to 4000 characters under a partner and an id. A create checks the ids and
/// the value, records who made it and brings the partner into being; a change touches only the value.
/// </summary>
sealed class StringParameterBehavior : IEntitySetBehavior
{
    public void BeforeCreate(EntityContext context, EntityInput input)
    {
        var (pid, id) = ParameterKey.Check(input, "StringParameter");
        if (!Sent(input, "Value", out var value) || value is not string text) throw Missing("Value", "StringParameter");
        DirectoryRules.CheckLength("Value", text, DirectoryRules.StringValueLength);
        if (Find(context, input.Table, ("Pid", pid), ("Id", id)) != null)
            throw Duplicate($"String Parameter with partner ID {pid} and parameter ID {id}", "ITPD_STRING_PAS_PK", "ITPD_STRING_PAS");
        StampCreate(context, input);
        EnsurePartner(context, pid);
    }

    public void BeforeUpdate(EntityContext context, ExistingEntity entity, EntityInput input)
    {
        if (Sent(input, "Value", out var value))
        {
            if (value is not string text) throw Missing("Value", "StringParameter", update: true);
            DirectoryRules.CheckLength("Value", text, DirectoryRules.StringValueLength);
        }
        Keep(entity, input, "Value");
        StampUpdate(context, entity, input);
    }

    public void BeforeDelete(EntityContext context, ExistingEntity entity) =>
        ReleasePartner(context, (string)entity.Values[Column(entity.Table, "Pid")]!, 1);
}

/// <summary>
/// Binary parameters: content (an XSD, an XSLT, a certificate, an archive) of up to 256 KB under a partner and an
/// id, with one of the documented content types. Clients that send anything else get a 400 that says what fits.
/// </summary>
sealed class BinaryParameterBehavior : IEntitySetBehavior
{
    public void BeforeCreate(EntityContext context, EntityInput input)
    {
        var (pid, id) = ParameterKey.Check(input, "BinaryParameter");
        if (!Sent(input, "ContentType", out var contentType) || contentType is null) throw Missing("ContentType", "BinaryParameter");
        DirectoryRules.CheckContentType((string)contentType);
        if (!Sent(input, "Value", out var value) || value is null) throw Missing("Value", "BinaryParameter");
        DirectoryRules.CheckBinaryValue(value as byte[]);
        if (Find(context, input.Table, ("Pid", pid), ("Id", id)) != null)
            throw Duplicate($"Binary Parameter with partner ID {pid} and parameter ID {id}", "ITPD_BINARY_PAS_PK", "ITPD_BINARY_PAS");
        StampCreate(context, input);
        EnsurePartner(context, pid);
    }

    public void BeforeUpdate(EntityContext context, ExistingEntity entity, EntityInput input)
    {
        var pid = entity.Values[Column(entity.Table, "Pid")];
        var id = entity.Values[Column(entity.Table, "Id")];
        if (Sent(input, "ContentType", out var contentType))
        {
            if (contentType is null) throw NullOnUpdate(pid, id, "CONTENT_TYPE");
            DirectoryRules.CheckContentType((string)contentType);
        }
        if (Sent(input, "Value", out var value))
        {
            if (value is null) throw NullOnUpdate(pid, id, "VALUE");
            DirectoryRules.CheckBinaryValue(value as byte[]);
        }
        Keep(entity, input, "ContentType");
        Keep(entity, input, "Value");
        StampUpdate(context, entity, input);
    }

    public void BeforeDelete(EntityContext context, ExistingEntity entity) =>
        ReleasePartner(context, (string)entity.Values[Column(entity.Table, "Pid")]!, 1);

    /// <summary>The documented answer to an update that empties a required column.</summary>
    static QueryException NullOnUpdate(object? pid, object? id, string column) =>
        new(500, $"Problem during updating an entity: Updating Binary Parameter with partner ID {pid} and parameter ID {id} failed: " +
                 $"Attempt to insert NULL value into column '{column}', table 'ITPD_BINARY_PAS'; column does not allow nulls. Update fails.");
}

/// <summary>
/// User credential parameters: the user and password a partner's receiver system takes. A POST creates the
/// parameter or, for a Pid and Id that exist, replaces it (creation and last change then both say now); PUT is not
/// supported. The password is write-only: it is checked and never stored, so every read answers it as null; only its
/// SHA-256 hash is kept (<see cref="PasswordHashes"/>), for <c>?returnHashedPassword=SHA256</c>.
/// </summary>
sealed class UserCredentialParameterBehavior : IEntitySetBehavior
{
    public void BeforeCreate(EntityContext context, EntityInput input)
    {
        var (pid, id) = ParameterKey.Check(input, "UserCredentialParameter");
        if (!Sent(input, "User", out var user) || user is not string userText || userText.Length == 0) throw Missing("User", "UserCredentialParameter");
        DirectoryRules.CheckLength("User", userText, DirectoryRules.CredentialLength);
        if (!Sent(input, "Password", out var password) || password is not string passwordText) throw Missing("Password", "UserCredentialParameter");
        DirectoryRules.CheckLength("Password", passwordText, DirectoryRules.CredentialLength);
        Set(input, "Password", null);
        if (Find(context, input.Table, ("Pid", pid), ("Id", id)) is { } existing) context.Writer.Delete(input.Table, existing.Key);
        StampCreate(context, input, loggedIn: true);
        PasswordHashes.Remember(context, pid, id, input.Values[Column(input.Table, "CreatedTime")], passwordText);
        EnsurePartner(context, pid);
    }

    public void BeforeUpdate(EntityContext context, ExistingEntity entity, EntityInput input) =>
        throw new QueryException(405, "UserCredentialParameters are not changed with PUT, PATCH or MERGE: POST the parameter again with the same Pid and Id to replace it");

    public void BeforeDelete(EntityContext context, ExistingEntity entity)
    {
        var pid = (string)entity.Values[Column(entity.Table, "Pid")]!;
        PasswordHashes.Forget(context, pid, (string)entity.Values[Column(entity.Table, "Id")]!);
        ReleasePartner(context, pid, 1);
    }
}

/// <summary>The Pid and Id every parameter is created with.</summary>
static class ParameterKey
{
    public static (string Pid, string Id) Check(EntityInput input, string entityType)
    {
        if (Text(input, "Pid") is not { } pid) throw Missing("Pid", entityType);
        if (Text(input, "Id") is not { } id) throw Missing("Id", entityType);
        DirectoryRules.CheckPid(pid);
        DirectoryRules.CheckParameterId(id);
        return (pid, id);
    }
}
