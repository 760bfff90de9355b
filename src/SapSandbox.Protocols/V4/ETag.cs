using System.Globalization;

namespace SapSandbox.Protocols.V4;

/// <summary>V4 entity tags in the form SAP's V4 services send for timestamp tokens: <c>W/"20160411220000.0000000"</c>.</summary>
public static class ETag
{
    public static string Format(object token) => token switch
    {
        string text when text.Length >= 19 && text[4] == '-' && text[10] == 'T' =>
            $"W/\"{text[..4]}{text[5..7]}{text[8..10]}{text[11..13]}{text[14..16]}{text[17..19]}{(text.Length > 20 ? text[19..^1] : "")}\"",
        _ => $"W/\"'{Convert.ToString(token, CultureInfo.InvariantCulture)}'\"",
    };
}
