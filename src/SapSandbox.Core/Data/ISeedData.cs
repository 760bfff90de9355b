using SapSandbox.Core.Store;

namespace SapSandbox.Core.Data;

/// <summary>
/// Data a service module writes into its tables on first start instead of generated rows (Cloud Integration's
/// packages, flows and message logs that fit together). Tables it has nothing for get generated data.
/// </summary>
public interface ISeedData
{
    /// <summary>Changes whenever the rows change, so a store seeded with older rows is seeded again.</summary>
    string Version { get; }

    /// <summary>The table's rows in column order and stored form (see <see cref="SeedRows"/>), or null to generate them.</summary>
    IReadOnlyList<object?[]>? Rows(EntityTableMap table);
}

/// <summary>Builds stored rows from values by property path, so seed data is written in CLR terms.</summary>
public static class SeedRows
{
    /// <summary>Each entity as property path → CLR value (string, bool, long, int, double, decimal, DateTimeOffset, DateOnly, Guid, byte[]).</summary>
    public static IReadOnlyList<object?[]> From(EntityTableMap table, IEnumerable<IReadOnlyDictionary<string, object?>> entities)
    {
        var rows = new List<object?[]>();
        foreach (var entity in entities)
        {
            var row = new object?[table.Columns.Count];
            foreach (var (path, value) in entity)
            {
                var column = table.Column(path) ?? throw new InvalidDataException($"{table.Name} has no property '{path}'");
                row[column.Ordinal] = StoredValue.From(column.Kind, value, column.EnumType);
            }
            foreach (var column in table.Columns)
                if (row[column.Ordinal] == null && !column.Nullable) row[column.Ordinal] = Write.ValueRules.Initial(column);
            rows.Add(row);
        }
        return rows;
    }
}
