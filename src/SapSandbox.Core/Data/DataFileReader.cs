using System.Globalization;
using System.Text.Json;
using Microsoft.OData.Edm;
using SapSandbox.Core.Store;

namespace SapSandbox.Core.Data;

/// <summary>
/// Reads rows a user placed beside a service's metadata: <c>EntitySet.json</c> (an array of objects, or
/// an OData response) or <c>EntitySet.csv</c> (a header row of property names). Values are checked
/// against the model; a bad value names its file, row and property.
/// </summary>
public static class DataFileReader
{
    public static IReadOnlyList<object?[]>? TryRead(string folder, EntityTableMap table)
    {
        var json = Path.Combine(folder, table.Name + ".json");
        if (File.Exists(json)) return ReadJson(json, table);
        var csv = Path.Combine(folder, table.Name + ".csv");
        if (File.Exists(csv)) return ReadCsv(csv, table);
        return null;
    }

    static List<object?[]> ReadJson(string file, EntityTableMap table)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(file));
        var array = document.RootElement.ValueKind switch
        {
            JsonValueKind.Array => document.RootElement,
            JsonValueKind.Object when document.RootElement.TryGetProperty("value", out var v4) => v4,
            JsonValueKind.Object when document.RootElement.TryGetProperty("d", out var d) => d.TryGetProperty("results", out var r) ? r : d,
            _ => throw new InvalidDataException($"{file}: expected an array of objects"),
        };
        var rows = new List<object?[]>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            index++;
            var row = new object?[table.Columns.Count];
            foreach (var column in table.Columns)
            {
                var element = item;
                foreach (var part in column.Path.Split('/'))
                    if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(part, out element)) { element = default; break; }
                row[column.Ordinal] = element.ValueKind switch
                {
                    JsonValueKind.Undefined or JsonValueKind.Null => null,
                    JsonValueKind.String => Parse(column, element.GetString()!, file, index),
                    JsonValueKind.True => 1L,
                    JsonValueKind.False => 0L,
                    _ => Parse(column, element.GetRawText(), file, index),
                };
            }
            rows.Add(Checked(row, table, file, index));
        }
        return rows;
    }

    static List<object?[]> ReadCsv(string file, EntityTableMap table)
    {
        var lines = File.ReadAllLines(file).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0) return [];
        var header = SplitCsv(lines[0]);
        var columns = header.Select(h => table.Column(h.Replace('.', '/'))
            ?? throw new InvalidDataException($"{file}: column '{h}' is no property of {table.Name}")).ToList();
        var rows = new List<object?[]>();
        for (var i = 1; i < lines.Count; i++)
        {
            var values = SplitCsv(lines[i]);
            var row = new object?[table.Columns.Count];
            for (var c = 0; c < columns.Count && c < values.Count; c++)
                row[columns[c].Ordinal] = values[c].Length == 0 && columns[c].Kind != ValueKind.String ? null : Parse(columns[c], values[c], file, i);
            rows.Add(Checked(row, table, file, i));
        }
        return rows;
    }

    static object?[] Checked(object?[] row, EntityTableMap table, string file, int index)
    {
        foreach (var key in table.Keys)
            if (row[key.Ordinal] == null) throw new InvalidDataException($"{file}: row {index} has no value for key property '{key.Path}'");
        // A property the file leaves out holds its initial value, as after a create; the store would refuse a null
        // in a non-nullable column, and the seeder would drop the whole row.
        foreach (var column in table.Columns)
            if (row[column.Ordinal] == null && !column.Nullable && !column.IsHidden) row[column.Ordinal] = Write.ValueRules.Initial(column);
        return row;
    }

    static object? Parse(ColumnMap column, string text, string file, int index)
    {
        try
        {
            return column.Kind switch
            {
                ValueKind.String or ValueKind.Json => text,
                ValueKind.Boolean => bool.Parse(text) ? 1L : 0L,
                ValueKind.Int32 or ValueKind.Int64 => long.Parse(text, CultureInfo.InvariantCulture),
                ValueKind.Decimal => StoredValue.FromDecimalText(text),
                ValueKind.Double or ValueKind.Single => double.Parse(text, CultureInfo.InvariantCulture),
                ValueKind.DateTimeOffset => StoredValue.FromDateTimeOffset(DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)),
                ValueKind.Date => StoredValue.FromDate(DateOnly.Parse(text[..Math.Min(10, text.Length)], CultureInfo.InvariantCulture)),
                ValueKind.TimeOfDay => StoredValue.FromTime(TimeOnly.Parse(text, CultureInfo.InvariantCulture)),
                ValueKind.Duration => System.Xml.XmlConvert.ToTimeSpan(text).Ticks,
                ValueKind.Guid => Guid.Parse(text).ToString("D"),
                ValueKind.Binary => Convert.FromBase64String(text),
                ValueKind.Enum => StoredValue.From(ValueKind.Enum, text, column.EnumType),
                _ => text,
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new InvalidDataException($"{file}: row {index}, property '{column.Path}': '{text}' is not a valid {column.Type.FullName()}");
        }
    }

    static List<string> SplitCsv(string line)
    {
        var values = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else current.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { values.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        values.Add(current.ToString());
        return values;
    }
}
