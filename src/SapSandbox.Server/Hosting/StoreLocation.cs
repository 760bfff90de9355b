namespace SapSandbox.Server.Hosting;

/// <summary>Parses <c>--store</c>: <c>sqlite:PATH</c> now; <c>postgres:...</c> is reserved for the PostgreSQL store.</summary>
public static class StoreLocation
{
    public static string SqlitePath(string store)
    {
        if (store.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            var path = store["sqlite:".Length..];
            if (path.Length == 0) throw new ArgumentException("--store sqlite: needs a file path, e.g. sqlite:./data/sandbox.db");
            return path;
        }
        if (store.StartsWith("postgres:", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException("--store postgres:... is reserved for the PostgreSQL store, which this version does not have yet; use sqlite:PATH");
        throw new ArgumentException($"--store '{store}' is not understood; use sqlite:PATH (for example sqlite:./data/sandbox.db)");
    }

    /// <summary>The Data Protection key ring that signs CSRF tokens: <c>keys</c> in the store file's folder.</summary>
    public static string KeysFolder(string sqlitePath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(sqlitePath))!, "keys");

    /// <summary>The development certificate authority of the HTTPS endpoint: <c>ca</c> in the store file's folder.</summary>
    public static string CaFolder(string sqlitePath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(sqlitePath))!, "ca");
}
