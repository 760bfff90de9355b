namespace SapSandbox.Core.Data;

/// <summary>How many rows the generator makes for each root entity set of a service.</summary>
public sealed record DataSizes(int DefaultRows, IReadOnlyDictionary<string, int> PerEntitySet)
{
    public static readonly DataSizes Default = new(50, new Dictionary<string, int>());

    public int RowsFor(string entitySet) => PerEntitySet.TryGetValue(entitySet, out var rows) ? rows : DefaultRows;
}
