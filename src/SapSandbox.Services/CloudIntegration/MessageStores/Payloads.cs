using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace SapSandbox.Services.CloudIntegration.MessageStores;

/// <summary>
/// The content behind the stores' <c>$value</c>: the messages a flow persisted, wrote to a data store or put on a
/// queue, and the values of its variables. The tenant keeps bytes; the sandbox derives them from the entry that
/// describes them, so the same entry always downloads the same content and nothing needs storing twice.
/// </summary>
static class Payloads
{
    /// <summary>A message body in the shape of the business document the store name suggests.</summary>
    public static byte[] Message(string storeOrQueue, string subject, string messageId)
    {
        var n = Number(messageId);
        var kind = storeOrQueue.ToLowerInvariant();
        string xml;
        if (kind.Contains("invoice"))
            xml = $"""
                <?xml version="1.0" encoding="UTF-8"?>
                <ns0:INVOIC02 xmlns:ns0="urn:sap-com:document:sap:idoc:messages">
                  <IDOC BEGIN="1">
                    <EDI_DC40 SEGMENT="1"><DOCNUM>{n % 1_000_000_000:000000000000}</DOCNUM><MESTYP>INVOIC</MESTYP><SNDPRN>S4H_100</SNDPRN><RCVPRN>ARIBA</RCVPRN></EDI_DC40>
                    <E1EDK01 SEGMENT="1"><CURCY>EUR</CURCY><BELNR>{Escape(subject)}</BELNR></E1EDK01>
                    <E1EDS01 SEGMENT="1"><SUMID>010</SUMID><SUMME>{n % 90_000 / 100m + 120m:0.00}</SUMME></E1EDS01>
                  </IDOC>
                </ns0:INVOIC02>
                """;
        else if (kind.Contains("partner") || kind.Contains("bp") || kind.Contains("c4c"))
            xml = $"""
                <?xml version="1.0" encoding="UTF-8"?>
                <n0:BusinessPartnerSUITEBulkReplicateRequest xmlns:n0="http://sap.com/xi/SAPGlobal20/Global">
                  <BusinessPartnerSUITEReplicateRequestMessage>
                    <BusinessPartner><InternalID>{Escape(subject)}</InternalID><CategoryCode>2</CategoryCode>
                      <Organisation><Name><FirstLineName>Customer {Escape(subject)}</FirstLineName></Name></Organisation>
                      <AddressInformation><Address><PostalAddress><CountryCode>DE</CountryCode><CityName>Walldorf</CityName><StreetPostalCode>69190</StreetPostalCode></PostalAddress></Address></AddressInformation>
                    </BusinessPartner>
                  </BusinessPartnerSUITEReplicateRequestMessage>
                </n0:BusinessPartnerSUITEBulkReplicateRequest>
                """;
        else if (kind.Contains("material") || kind.Contains("webshop") || kind.Contains("stock"))
            xml = $"""
                <?xml version="1.0" encoding="UTF-8"?>
                <MATMAS05>
                  <IDOC BEGIN="1">
                    <EDI_DC40 SEGMENT="1"><DOCNUM>{n % 1_000_000_000:000000000000}</DOCNUM><MESTYP>MATMAS</MESTYP></EDI_DC40>
                    <E1MARAM SEGMENT="1"><MATNR>{Escape(subject)}</MATNR><MTART>FERT</MTART><MEINS>PC</MEINS><BRGEW>{n % 500 / 10m + 0.5m:0.0}</BRGEW>
                      <E1MAKTM SEGMENT="1"><SPRAS>E</SPRAS><MAKTX>Product {Escape(subject)}</MAKTX></E1MAKTM>
                    </E1MARAM>
                  </IDOC>
                </MATMAS05>
                """;
        else if (kind.Contains("edi") || kind.Contains("order") || kind.Contains("as2"))
            xml = $"""
                <?xml version="1.0" encoding="UTF-8"?>
                <ORDERS05>
                  <IDOC BEGIN="1">
                    <EDI_DC40 SEGMENT="1"><DOCNUM>{n % 1_000_000_000:000000000000}</DOCNUM><MESTYP>ORDERS</MESTYP><SNDPRN>RETAILER_AS2</SNDPRN></EDI_DC40>
                    <E1EDK01 SEGMENT="1"><BELNR>{Escape(subject)}</BELNR><CURCY>EUR</CURCY></E1EDK01>
                    <E1EDP01 SEGMENT="1"><POSEX>000010</POSEX><MENGE>{n % 40 + 1}</MENGE><MENEE>PCE</MENEE></E1EDP01>
                  </IDOC>
                </ORDERS05>
                """;
        else
            xml = $"""
                <?xml version="1.0" encoding="UTF-8"?>
                <Message store="{Escape(storeOrQueue)}" id="{Escape(messageId)}">
                  <Subject>{Escape(subject)}</Subject>
                  <Sequence>{n % 100_000}</Sequence>
                </Message>
                """;
        return Encoding.UTF8.GetBytes(xml);
    }

    /// <summary>
    /// A data store entry as the API downloads it: a zip with the message <c>body</c> and its headers as Java
    /// properties (<c>headers.prop</c>), which is what SAP's clients unpack.
    /// </summary>
    public static byte[] DataStoreEntry(string dataStore, string id, string? messageId, DateTimeOffset createdAt)
    {
        var headers = new List<(string, string)>
        {
            ("SAP_MessageProcessingLogID", messageId ?? ""),
            ("SapDataStoreId", id),
            ("SapDataStoreName", dataStore),
            ("CamelFileName", id + ".xml"),
            ("Content-Type", "application/xml"),
        };
        return Zip(createdAt, ("body", Message(dataStore, id, id)), ("headers.prop", Properties(headers, createdAt)));
    }

    /// <summary>A variable as the API downloads it: a zip whose <c>headers.prop</c> holds <c>name=value</c>.</summary>
    public static byte[] Variable(string name, DateTimeOffset updatedAt) =>
        Zip(updatedAt, ("headers.prop", Properties([(name, VariableValue(name, updatedAt))], updatedAt)));

    /// <summary>What a flow keeps in a variable, by what its name says it is.</summary>
    public static string VariableValue(string name, DateTimeOffset updatedAt)
    {
        var lower = name.ToLowerInvariant();
        if (lower.Contains("date") && !lower.Contains("time")) return updatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (lower.Contains("run") || lower.Contains("time") || lower.Contains("sync") || lower.Contains("token"))
            return updatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        if (lower.Contains("count") || lower.Contains("number")) return (Number(name) % 90_000 + 1_000).ToString(CultureInfo.InvariantCulture);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..16].ToLowerInvariant();
    }

    /// <summary>An attachment a flow stored with a message.</summary>
    public static byte[] Attachment(string name, string contentType, string subject)
    {
        if (contentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase))
            return Encoding.Latin1.GetBytes($"<html><head><title>{Escape(name)}</title></head><body><h1>Delivery note</h1><p>Reference {Escape(subject)}</p></body></html>");
        if (contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
            return Encoding.UTF8.GetBytes($"{{\"reference\":\"{subject}\",\"attachment\":\"{name}\",\"checksum\":\"{Number(name + subject):x8}\"}}");
        return Encoding.UTF8.GetBytes($"Attachment {name} of {subject}\r\nGenerated by the integration flow that persisted the message.\r\n");
    }

    /// <summary>A stable number from a text (not .NET's per-process string hash).</summary>
    public static long Number(string text) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0) & long.MaxValue;

    static byte[] Properties(IEnumerable<(string Name, string Value)> values, DateTimeOffset at)
    {
        var text = new StringBuilder();
        text.Append('#').Append(at.UtcDateTime.ToString("ddd MMM dd HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture)).Append('\n');
        foreach (var (name, value) in values) text.Append(PropertyText(name, key: true)).Append('=').Append(PropertyText(value, key: false)).Append('\n');
        return Encoding.Latin1.GetBytes(text.ToString());
    }

    /// <summary>Java's <c>Properties.store</c> escaping: <c>= : # !</c> and backslashes, spaces in keys and leading ones in values, non-Latin-1 as \uXXXX.</summary>
    static string PropertyText(string text, bool key)
    {
        var result = new StringBuilder();
        foreach (var c in text)
        {
            if (c == '\\') result.Append("\\\\");
            else if (c is '=' or ':' or '#' or '!' || (c == ' ' && (key || result.Length == 0))) result.Append('\\').Append(c);
            else if (c > 0xFF) result.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            else result.Append(c);
        }
        return result.ToString();
    }

    /// <summary>A zip whose entries carry the time of the content, so that its bytes depend on nothing else.</summary>
    static byte[] Zip(DateTimeOffset at, params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, content) in entries)
            {
                var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = at < new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero) ? new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero) : at;
                using var stream = entry.Open();
                stream.Write(content);
            }
        return buffer.ToArray();
    }

    static string Escape(string text) => System.Security.SecurityElement.Escape(text) ?? "";
}
