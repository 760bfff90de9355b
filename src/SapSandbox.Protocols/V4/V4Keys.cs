using System.Globalization;
using System.Text;
using Microsoft.OData.Edm;
using SapSandbox.Core.Query;
using SapSandbox.Core.Store;

namespace SapSandbox.Protocols.V4;

/// <summary>The key of a row as a V4 URL writes it: <c>('0000001000')</c>, <c>(SalesOrder='1',SalesOrderItem='10')</c>.</summary>
public static class V4Keys
{
    public static string Predicate(EntityRows rows)
    {
        var keys = rows.Plan.Table.Keys;
        var builder = new StringBuilder("(");
        for (var i = 0; i < keys.Count; i++)
        {
            if (i > 0) builder.Append(',');
            if (keys.Count > 1) builder.Append(keys[i].Name).Append('=');
            builder.Append(Literal(rows.Record.GetValue(rows.Plan.Ordinal(keys[i])), keys[i]));
        }
        return builder.Append(')').ToString();
    }

    /// <summary>The key predicate of a row known by its stored values (one just created).</summary>
    public static string Predicate(IReadOnlyList<ColumnMap> keys, IReadOnlyDictionary<ColumnMap, object?> values) =>
        "(" + string.Join(",", keys.Select(k => (keys.Count > 1 ? k.Name + "=" : "") + Literal(values[k]!, k))) + ")";

    static string Literal(object value, ColumnMap column) => column.Kind switch
    {
        ValueKind.String => "'" + Uri.EscapeDataString(((string)value).Replace("'", "''")) + "'",
        ValueKind.Boolean => (long)value != 0 ? "true" : "false",
        ValueKind.DateTimeOffset => Uri.EscapeDataString((string)value),
        ValueKind.Enum => $"{column.EnumType!.FullName()}'{column.EnumMemberName((long)value) ?? value}'",
        ValueKind.Binary => "binary'" + Convert.ToBase64String((byte[])value).Replace('+', '-').Replace('/', '_').TrimEnd('=') + "'",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
