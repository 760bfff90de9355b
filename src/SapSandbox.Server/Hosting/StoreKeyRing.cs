using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using SapSandbox.Core.Store;

namespace SapSandbox.Server.Hosting;

/// <summary>
/// Data Protection's key ring in the store (<c>_sandbox_key_ring</c>), for a store that several processes share:
/// a CSRF token signed by one is then accepted by the others. ASP.NET Core persists key rings to files, Redis or
/// Entity Framework only; two statements over the sandbox's own store need none of those.
/// </summary>
public sealed class StoreKeyRing : IXmlRepository
{
    const string Table = "\"_sandbox_key_ring\"";

    readonly SandboxStore _store;

    public StoreKeyRing(SandboxStore store)
    {
        _store = store;
        using var session = store.Rent();
        session.ExecuteOnce($"CREATE TABLE IF NOT EXISTS {Table} (\"name\" TEXT PRIMARY KEY, \"xml\" TEXT NOT NULL)");
    }

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var session = _store.Rent();
        return session.Rows($"SELECT \"xml\" FROM {Table} ORDER BY \"name\"", [], reader => XElement.Parse(reader.GetString(0)));
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var session = _store.Rent();
        session.Execute($"INSERT INTO {Table} (\"name\", \"xml\") VALUES ($p0, $p1) ON CONFLICT (\"name\") DO UPDATE SET \"xml\" = excluded.\"xml\"",
            friendlyName, element.ToString(SaveOptions.DisableFormatting));
    }
}
