using SapSandbox.Core.Data;
using SapSandbox.Core.Model;
using SapSandbox.Core.Store;

namespace SapSandbox.Core.Tests.Data;

public class DemoDataFacetTests
{
    public static TheoryData<string> BundledFiles() =>
        new(Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Edmx", "Bundled")).Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(BundledFiles))]
    public void Generated_values_respect_max_length_precision_scale_and_nullability(string file)
    {
        var document = MetadataDocument.Load(Path.Combine(AppContext.BaseDirectory, "Edmx", "Bundled", file));
        var schema = ServiceSchema.Build("S", document.Model, SqliteDialect.Instance);
        var problems = new List<string>();

        foreach (var (table, rows) in new DemoDataGenerator(schema, DataSizes.Default).Generate(new Dictionary<EntityTableMap, IReadOnlyList<object?[]>>()))
        {
            foreach (var row in rows)
            {
                foreach (var column in table.Columns)
                {
                    var value = row[column.Ordinal];
                    if (value == null)
                    {
                        if (!column.Nullable) problems.Add($"{table.Name}.{column.Path} is null but not nullable");
                        continue;
                    }
                    if (column.Kind == ValueKind.String && column.MaxLength is { } max && ((string)value).Length > max)
                        problems.Add($"{table.Name}.{column.Path} = '{value}' exceeds MaxLength {max}");
                    if (column.Kind == ValueKind.Decimal && !FitsDecimal((string)value, column.Precision, column.Scale))
                        problems.Add($"{table.Name}.{column.Path} = {value} exceeds Precision {column.Precision} Scale {column.Scale}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct().Take(20)));
    }

    static bool FitsDecimal(string text, int? precision, int? scale)
    {
        var digits = text.TrimStart('-').Split('.');
        var fraction = digits.Length > 1 ? digits[1].Length : 0;
        if (scale is { } s && fraction > s) return false;
        return precision is not { } p || digits[0].TrimStart('0').Length <= p - (scale ?? 0);
    }
}
