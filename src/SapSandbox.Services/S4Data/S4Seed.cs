using SapSandbox.Core.Data;
using SapSandbox.Core.Store;

namespace SapSandbox.Services.S4Data;

/// <summary>
/// A bundled service's business data, entity set by entity set; sets it has nothing for (texts, banks, billing plans)
/// get generic rows, hung under its rows by the generator.
/// </summary>
/// <param name="version">Changes with the data's code version and sizes, so that a store seeded otherwise is seeded again.</param>
/// <param name="dataFolder">The service's folder of data files, if any: a set whose parent comes from a file is left to the generator.</param>
public sealed class S4Seed(string version, string? dataFolder) : ISeedData
{
    readonly Dictionary<string, (Action<SeedTable> Fill, string[] Parents)> _sets = new(StringComparer.Ordinal);

    public string Version { get; } = version;

    /// <param name="parents">The sets whose rows <paramref name="entitySet"/>'s rows belong to or name.</param>
    public S4Seed Add(string entitySet, Action<SeedTable> fill, params string[] parents)
    {
        _sets[entitySet] = (fill, parents);
        return this;
    }

    public IReadOnlyList<object?[]>? Rows(EntityTableMap table)
    {
        if (!_sets.TryGetValue(table.Name, out var set)) return null;
        // Items of orders the user's file does not hold would point nowhere; the generator hangs its rows under the file's.
        if (set.Parents.Any(FromFile)) return null;
        var rows = new SeedTable(table);
        set.Fill(rows);
        return rows.Rows;
    }

    bool FromFile(string entitySet) =>
        dataFolder != null && (File.Exists(Path.Combine(dataFolder, entitySet + ".json")) || File.Exists(Path.Combine(dataFolder, entitySet + ".csv")));
}
