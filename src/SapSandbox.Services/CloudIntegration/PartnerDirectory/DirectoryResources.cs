using System.Text.RegularExpressions;
using SapSandbox.Core.Query;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Write;
using static SapSandbox.Services.CloudIntegration.PartnerDirectory.DirectoryStore;

namespace SapSandbox.Services.CloudIntegration.PartnerDirectory;

/// <summary>
/// The directory's requests that take instructions in the query string: <c>?user=</c> names whom a change is
/// recorded for, a list of user credential parameters must name its partner (<c>$filter=Pid eq 'Receiver_1'</c>),
/// a user credential parameter may answer its password's hash (<c>?returnHashedPassword=SHA256</c>), and deleting a
/// partner may keep some of what belongs to it (<c>DELETE Partners('P')?exclude=AuthorizedUsers</c>).
/// Everything else goes to the runtime.
/// </summary>
sealed partial class DirectoryResources : IResourceHandler
{
    static readonly HashSet<string> Sets = [Partners, .. PartnerSets];

    public ResourceAnswer? Handle(ResourceRequest request)
    {
        var end = request.Path.IndexOfAny(['(', '/']);
        if (!Sets.Contains(end < 0 ? request.Path : request.Path[..end])) return null;
        DirectoryAudit.Remember(request.Session, request.User, request.Query.GetValueOrDefault("user"));
        if (HashedPasswordRead.Answer(request) is { } hashed) return hashed;
        if (request.IsRead && (request.Path == UserCredentialParameters || request.Path == UserCredentialParameters + "/$count"))
        {
            var filter = request.Query.GetValueOrDefault("$filter");
            if (filter == null || !PidFilter().IsMatch(filter))
                throw new QueryException(500, $"Filter '{filter ?? ""}' is not supported in UserCredentialParameters query. " +
                                              "Only filters of the form \"$filter=Pid eq 'parterId1'\" are supported.");
            return null;
        }
        if (request.Method == "DELETE" && PartnerKey().Match(request.Path) is { Success: true } partner)
            return DeletePartner(request, partner.Groups[1].Value.Replace("''", "'"));
        return null;
    }

    /// <summary>Deletes what belongs to the partner except the sets <c>exclude</c> names; the partner goes when nothing is left.</summary>
    static ResourceAnswer DeletePartner(ResourceRequest request, string pid)
    {
        var context = new EntityContext(request.Service, request.Session, request.Writer, request.User);
        if (Count(context, Table(context, Partners), ("Pid", pid)) == 0) throw QueryException.NotFound($"Partner '{pid}' does not exist");
        var excluded = request.Query.GetValueOrDefault("exclude")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
        foreach (var name in excluded.Where(e => !PartnerSets.Contains(e)))
            throw QueryException.BadRequest($"exclude names '{name}'; it takes {string.Join(", ", PartnerSets)}", "exclude");
        foreach (var set in PartnerSets.Except(excluded))
        {
            var table = Table(context, set);
            foreach (var key in Keys(context, table, ("Pid", pid))) request.Writer.Delete(table, key);
        }
        ReleasePartner(context, pid, 0);
        return ResourceAnswer.Empty(204);
    }

    [GeneratedRegex(@"^\s*Pid\s+eq\s+'(?:[^']|'')+'\s*$")]
    private static partial Regex PidFilter();

    [GeneratedRegex(@"^Partners\((?:Pid=)?'((?:[^']|'')*)'\)$")]
    private static partial Regex PartnerKey();
}

/// <summary>
/// The <c>?user=</c> a directory request names, for the audit columns its change writes. Behaviours see the store
/// session and the signed-in principal but not the query, so the handler (asked first, for every directory request,
/// also inside a <c>$batch</c>) leaves the name with the request's session; it counts only for the same principal,
/// so a later request on the pooled session never inherits it.
/// </summary>
static class DirectoryAudit
{
    sealed record Named(string User, System.Security.Claims.ClaimsPrincipal? Principal);

    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Core.Store.StoreSession, Named> BySession = new();

    public static void Remember(Core.Store.StoreSession session, System.Security.Claims.ClaimsPrincipal? principal, string? user)
    {
        if (string.IsNullOrWhiteSpace(user)) BySession.Remove(session);
        else BySession.AddOrUpdate(session, new Named(user.Trim(), principal));
    }

    public static string? NamedUser(Core.Store.StoreSession session, System.Security.Claims.ClaimsPrincipal? principal) =>
        BySession.TryGetValue(session, out var named) && ReferenceEquals(named.Principal, principal) ? named.User : null;
}
