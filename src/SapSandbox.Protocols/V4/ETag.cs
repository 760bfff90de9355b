using System.Globalization;
using System.Text.Json;

namespace SapSandbox.Protocols.V4;

/// <summary>V4 entity tags in the form SAP's V4 services send for timestamp tokens: <c>W/"20160411220000.0000000"</c>.</summary>
public static class ETag
{
    /// <summary>Where year, month, day, hour, minute and second sit in the stored timestamp text.</summary>
    static readonly (int Start, int Count)[] DateTimeDigits = [(0, 4), (5, 2), (8, 2), (11, 2), (14, 2), (17, 2)];

    public static string Format(object token)
    {
        Span<char> buffer = stackalloc char[48];
        return token is string text && TryFormatTimestamp(text, buffer, out var length)
            ? new string(buffer[..length])
            : $"W/\"'{Convert.ToString(token, CultureInfo.InvariantCulture)}'\"";
    }

    /// <summary>Writes the tag as a JSON string without building it as a string first: it is written for every row.</summary>
    public static void Write(Utf8JsonWriter json, object token)
    {
        Span<char> buffer = stackalloc char[48];
        if (token is string text && TryFormatTimestamp(text, buffer, out var length)) json.WriteStringValue(buffer[..length]);
        else json.WriteStringValue(Format(token));
    }

    /// <summary>Stored <c>2016-04-11T22:00:00.0000000Z</c> becomes <c>W/"20160411220000.0000000"</c>.</summary>
    static bool TryFormatTimestamp(string stored, Span<char> buffer, out int length)
    {
        length = 0;
        if (stored.Length < 19 || stored.Length > 40 || stored[4] != '-' || stored[10] != 'T') return false;
        buffer[length++] = 'W';
        buffer[length++] = '/';
        buffer[length++] = '"';
        foreach (var (start, count) in DateTimeDigits)
        {
            stored.AsSpan(start, count).CopyTo(buffer[length..]);
            length += count;
        }
        if (stored.Length > 20)
        {
            var fraction = stored.AsSpan(19, stored.Length - 20);
            fraction.CopyTo(buffer[length..]);
            length += fraction.Length;
        }
        buffer[length++] = '"';
        return true;
    }
}
