using System.Buffers;
using System.Text;
using SapSandbox.Core.Query;

namespace SapSandbox.Services.CloudIntegration.PartnerDirectory;

/// <summary>
/// The Partner Directory's documented rules for what clients send: the characters and lengths of partner and
/// parameter ids, the content types and size of binary parameters, and the hexadecimal keys of alternative partners.
/// </summary>
static class DirectoryRules
{
    /// <summary>"The Pid may consist of alphanumeric characters (A-Z, a-z, 0-9), as well as … '-', '.', '_', '~', '&lt;', '&gt;', and '@'" (the same for parameter ids).</summary>
    static readonly SearchValues<char> IdCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~<>@");

    public const int PidLength = 60;
    public const int ParameterIdLength = 1500;
    public const int StringValueLength = 4000;
    public const int CredentialLength = 200;
    public const int AuthorizedUserLength = 150;
    public const int AgencyLength = 120;
    public const int SchemeLength = 120;
    public const int AlternativeIdLength = 255;

    /// <summary>"The maximum length of the Value field is restricted to 260 KB" — 262144 bytes of content.</summary>
    public const int BinaryValueBytes = 262_144;

    /// <summary>The binary content types the directory accepts; the text ones may name their encoding (<c>xml;encoding=UTF-8</c>).</summary>
    static readonly string[] BinaryTypes = ["xml", "xsl", "xsd", "json", "text", "zip", "gz", "zlib", "crt"];
    static readonly string[] TextTypes = ["xml", "xsl", "xsd", "json", "text"];

    /// <summary>A partner id: required, at most 60 characters of the allowed set.</summary>
    public static void CheckPid(string? pid) => CheckIdentifier("Pid", pid, PidLength);

    /// <summary>A parameter id: required, at most 1500 characters of the allowed set.</summary>
    public static void CheckParameterId(string? id) => CheckIdentifier("Id", id, ParameterIdLength);

    static void CheckIdentifier(string property, string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value)) throw QueryException.BadRequest($"{property} must not be empty", property);
        if (value.Length > maxLength)
            throw QueryException.BadRequest($"{property} '{Shorten(value)}' is {value.Length} characters long; it may have at most {maxLength}", property);
        var bad = value.AsSpan().IndexOfAnyExcept(IdCharacters);
        if (bad >= 0)
            throw QueryException.BadRequest($"{property} '{Shorten(value)}' contains '{value[bad]}'; a {property} may consist of A-Z, a-z, 0-9 and the characters - . _ ~ < > @", property);
    }

    /// <summary>A text property within its documented length.</summary>
    public static void CheckLength(string property, string value, int maxLength)
    {
        if (value.Length > maxLength)
            throw QueryException.BadRequest($"{property} is {value.Length} characters long; it may have at most {maxLength}", property);
    }

    /// <summary>
    /// A binary parameter's content type: one of xml, xsl, xsd, json, text, zip, gz, zlib and crt, where the text
    /// types may add their encoding after a semicolon.
    /// </summary>
    public static void CheckContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) throw QueryException.BadRequest("ContentType must not be empty", "ContentType");
        var parts = contentType.Split(';', StringSplitOptions.TrimEntries);
        var type = parts[0];
        if (!BinaryTypes.Contains(type, StringComparer.OrdinalIgnoreCase))
            throw QueryException.BadRequest(
                $"ContentType '{contentType}' is not supported; a binary parameter's content type is one of {string.Join(", ", BinaryTypes)} " +
                "(xml, xsl, xsd, json and text may add an encoding, such as xml;encoding=UTF-8)", "ContentType");
        foreach (var parameter in parts.Skip(1))
        {
            var equals = parameter.IndexOf('=');
            var name = equals < 0 ? parameter : parameter[..equals].Trim();
            var value = equals < 0 ? "" : parameter[(equals + 1)..].Trim();
            if (!name.Equals("encoding", StringComparison.OrdinalIgnoreCase))
                throw QueryException.BadRequest($"ContentType '{contentType}' has the parameter '{name}'; only an encoding may follow the type", "ContentType");
            if (!TextTypes.Contains(type, StringComparer.OrdinalIgnoreCase))
                throw QueryException.BadRequest($"ContentType '{contentType}' names an encoding, which only xml, xsl, xsd, json and text content can have", "ContentType");
            if (!KnownEncoding(value))
                throw QueryException.BadRequest($"ContentType '{contentType}' names the encoding '{value}', which is not a known character encoding", "ContentType");
        }
    }

    static bool KnownEncoding(string name)
    {
        try
        {
            Encoding.GetEncoding(name);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>A binary parameter's value: present and at most 262144 bytes.</summary>
    public static void CheckBinaryValue(byte[]? value)
    {
        if (value == null || value.Length == 0) throw QueryException.BadRequest("Value must hold the parameter's content, base64-encoded", "Value");
        if (value.Length > BinaryValueBytes)
            throw QueryException.BadRequest(
                $"Value holds {value.Length} bytes; a binary parameter holds at most {BinaryValueBytes} bytes (256 KB) of content", "Value");
    }

    /// <summary>The key form of an alternative partner's text: the upper-case hexadecimal of its UTF-8 bytes (<c>my alias</c> → <c>6D7920616C696173</c>).</summary>
    public static string Hex(string text) => Convert.ToHexString(Encoding.UTF8.GetBytes(text));

    static string Shorten(string value) => value.Length <= 80 ? value : value[..77] + "...";
}
