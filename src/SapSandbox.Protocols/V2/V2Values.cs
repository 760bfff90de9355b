using System.Globalization;
using System.Text;
using SapSandbox.Core.Query;
using SapSandbox.Core.Store;

namespace SapSandbox.Protocols.V2;

/// <summary>Gateway's V2 encodings of stored values: milliseconds for dates, <c>PThhHmmMssS</c> for times, typed key literals.</summary>
public static class V2Values
{
    /// <summary>Milliseconds since 1970 (UTC) of a stored date (<c>2024-01-01</c>) or timestamp (<c>2024-01-01T10:00:00.1234567Z</c>).</summary>
    public static long Milliseconds(string stored)
    {
        var moment = stored.Length == 10
            ? DateTime.ParseExact(stored, StoredValue.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)
            : DateTime.ParseExact(stored, StoredValue.DateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        return (moment.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;
    }

    /// <summary>Stored <c>09:50:04.0000000</c> as Edm.Time: <c>PT09H50M04S</c>, with as many fraction digits as the precision.</summary>
    public static string Time(string stored, int precision)
    {
        var fraction = precision > 0 ? "." + stored.Substring(9, Math.Min(precision, 7)) : "";
        return $"PT{stored[..2]}H{stored[3..5]}M{stored[6..8]}{fraction}S";
    }

    /// <summary>A key value as it appears in a V2 URL: <c>'4000043'</c>, <c>guid'...'</c>, <c>datetime'...'</c>, <c>10L</c>.</summary>
    public static string KeyLiteral(object value, ColumnMap column) => column.Kind switch
    {
        ValueKind.String => "'" + Uri.EscapeDataString(((string)value).Replace("'", "''")) + "'",
        ValueKind.Guid => $"guid'{value}'",
        ValueKind.Int64 => Convert.ToString(value, CultureInfo.InvariantCulture) + "L",
        ValueKind.Decimal => value + "M",
        ValueKind.Boolean => (long)value != 0 ? "true" : "false",
        ValueKind.Date => $"datetime'{value}T00%3A00%3A00'",
        ValueKind.DateTimeOffset when column.Facts.V2Type == "Edm.DateTime" => $"datetime'{Uri.EscapeDataString(((string)value)[..19])}'",
        ValueKind.DateTimeOffset => $"datetimeoffset'{Uri.EscapeDataString((string)value)}'",
        ValueKind.TimeOfDay => $"time'{Time((string)value, 0)}'",
        ValueKind.Binary => $"binary'{Convert.ToHexString((byte[])value)}'",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>The key of the current row as in a V2 URL: <c>'4000043'</c>, or <c>SalesOrder='1',SalesOrderItem='10'</c> for composite keys.</summary>
    /// <summary>The key predicate of a row known by its stored values (one just created).</summary>
    public static string KeyPredicate(IReadOnlyList<ColumnMap> keys, IReadOnlyDictionary<ColumnMap, object?> values) =>
        string.Join(",", keys.Select(k => (keys.Count > 1 ? k.Name + "=" : "") + KeyLiteral(values[k]!, k)));

    public static string KeyPredicate(EntityRows rows)
    {
        var keys = rows.Plan.Table.Keys;
        var builder = new StringBuilder();
        for (var i = 0; i < keys.Count; i++)
        {
            if (i > 0) builder.Append(',');
            if (keys.Count > 1) builder.Append(keys[i].Name).Append('=');
            builder.Append(KeyLiteral(rows.Record.GetValue(rows.Plan.Ordinal(keys[i])), keys[i]));
        }
        return builder.ToString();
    }
}
