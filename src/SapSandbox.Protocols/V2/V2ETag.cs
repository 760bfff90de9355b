using SapSandbox.Core.Store;

namespace SapSandbox.Protocols.V2;

/// <summary>
/// Gateway's V2 entity tags: the concurrency property as a URL literal, colons encoded:
/// <c>W/"datetimeoffset'2005-10-24T15%3A36%3A52.0000000Z'"</c>, <c>W/"datetime'1999-12-14T10%3A18%3A46'"</c>.
/// </summary>
public static class V2ETag
{
    public static string Format(object token, ColumnMap column)
    {
        if (token is string stored && stored.Length >= 19 && column.Kind == ValueKind.DateTimeOffset)
        {
            if (column.Facts.V2Type == "Edm.DateTime")
                return $"W/\"datetime'{stored[..19].Replace(":", "%3A")}'\"";
            var precision = Math.Clamp(column.Precision ?? 0, 0, 7);
            var text = stored[..19] + (precision > 0 ? stored.Substring(19, 1 + precision) : "") + "Z";
            return $"W/\"datetimeoffset'{text.Replace(":", "%3A")}'\"";
        }
        return $"W/\"{V2Values.KeyLiteral(token, column)}\"";
    }
}
