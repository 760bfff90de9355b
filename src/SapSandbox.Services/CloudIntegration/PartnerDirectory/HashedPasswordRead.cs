using System.Globalization;
using System.Text.RegularExpressions;
using SapSandbox.Core.Query;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;
using SapSandbox.Core.Write;
using SapSandbox.Services.CloudIntegration.SecurityContent;
using static SapSandbox.Services.CloudIntegration.PartnerDirectory.DirectoryStore;

namespace SapSandbox.Services.CloudIntegration.PartnerDirectory;

/// <summary>
/// <c>GET UserCredentialParameters(Pid='…',Id='…')?returnHashedPassword=SHA256</c>: the parameter as any read answers
/// it, but with <c>Password</c> as <c>"SHA256.&lt;hex&gt;"</c> instead of null (reference §0.3.6, "Select required hash
/// format, if password should be returned"). SHA256 is the only format the API offers; <c>$select</c> takes the
/// documented properties. Lists and reads without the option leave the password null, as always.
/// </summary>
static partial class HashedPasswordRead
{
    public const string Option = "returnHashedPassword";

    /// <summary>The answer when the request is such a read, else null (the runtime answers it).</summary>
    public static ResourceAnswer? Answer(ResourceRequest request)
    {
        if (!request.IsRead || !request.Query.TryGetValue(Option, out var format)) return null;
        if (Key().Match(request.Path) is not { Success: true } key) return null;
        format = format.Trim('\'');
        if (!format.Equals(PasswordHashes.Algorithm, StringComparison.OrdinalIgnoreCase))
            throw QueryException.BadRequest($"Hash format '{format}' is not supported; {Option} takes {PasswordHashes.Algorithm}", Option);

        var (pid, id) = (key.Groups["pid"].Value.Replace("''", "'"), key.Groups["id"].Value.Replace("''", "'"));
        var context = new EntityContext(request.Service, request.Session, request.Writer, request.User);
        var table = Table(context, UserCredentialParameters);
        var entity = Find(context, table, ("Pid", pid), ("Id", id))
            ?? throw QueryException.NotFound($"User credential parameter with partner ID {pid} and parameter ID {id} does not exist");
        object? Value(string path) => entity.Values[Column(table, path)];
        var created = Value("CreatedTime");

        // In the order of the model, as the runtime writes them: Parameter's properties, then UserCredentialParameter's.
        List<KeyValuePair<string, object?>> properties =
        [
            new("CreatedBy", Value("CreatedBy")), new("CreatedTime", Instant(created)), new("Id", id),
            new("LastModifiedBy", Value("LastModifiedBy")), new("LastModifiedTime", Instant(Value("LastModifiedTime"))), new("Pid", pid),
            new("Password", PasswordHashes.Find(request.Session, pid, id, created)), new("User", Value("User")),
        ];
        if (request.Query.TryGetValue("$select", out var select) && select.Length > 0)
        {
            var selected = select.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            foreach (var name in selected.Where(n => n != "*" && properties.All(p => p.Key != n)))
                throw QueryException.BadRequest($"Property '{name}' does not exist in type '{TenantMetadata.Namespace}.UserCredentialParameter'", "$select");
            if (!selected.Contains("*")) properties = properties.Where(p => selected.Contains(p.Key)).ToList();
        }
        var entityKey = $"Pid={EntityJson.Key(pid)},Id={EntityJson.Key(id)}";
        return new ResourceAnswer.Content(200, EntityJson.ContentType,
            EntityJson.Entity(request.ServiceRoot, new JsonEntity(UserCredentialParameters, entityKey, "UserCredentialParameter", properties, [])));
    }

    static DateTimeOffset? Instant(object? stored) => stored is string text
        ? DateTimeOffset.ParseExact(text, StoredValue.DateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
        : null;

    [GeneratedRegex(@"^UserCredentialParameters\(\s*Pid\s*=\s*'(?<pid>(?:[^']|'')*)'\s*,\s*Id\s*=\s*'(?<id>(?:[^']|'')*)'\s*\)$")]
    private static partial Regex Key();
}
