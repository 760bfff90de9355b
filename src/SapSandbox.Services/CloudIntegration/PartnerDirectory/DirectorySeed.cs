using System.IO.Compression;
using System.Text;

namespace SapSandbox.Services.CloudIntegration.PartnerDirectory;

/// <summary>
/// The partner directory a tenant starts with: a B2B network of senders (basic, OAuth and certificate logins),
/// receivers with addresses and credentials, a wholesale customer with its schemas, mapping and certificate, and
/// a generic partner that holds shared XSLT. Fixed content and fixed times, so every reset gives the same rows.
/// </summary>
static class DirectorySeed
{
    /// <summary>Changes whenever the rows below change, so that stores seeded with the old ones are seeded again.</summary>
    public const string Version = "pd-1";

    const string Admin = "pd_administrator";

    static readonly DateTimeOffset Start = new(2025, 3, 4, 9, 12, 31, 406, TimeSpan.Zero);

    /// <summary>Audit columns of the n-th seeded entity: made a few hours apart, some changed since.</summary>
    static Dictionary<string, object?> Audited(int n, params (string Path, object? Value)[] values)
    {
        var created = Start.AddHours(n * 7).AddMilliseconds(n * 137);
        var changed = n % 3 == 0 ? created.AddDays(n + 2).AddMinutes(n * 11) : created;
        var row = new Dictionary<string, object?>
        {
            ["CreatedBy"] = Admin, ["CreatedTime"] = created,
            ["LastModifiedBy"] = n % 3 == 0 ? "integration_lead" : Admin, ["LastModifiedTime"] = changed,
        };
        foreach (var (path, value) in values) row[path] = value;
        return row;
    }

    public static IEnumerable<IReadOnlyDictionary<string, object?>> StringParameters()
    {
        var n = 0;
        (string Pid, string Id, string Value)[] values =
        [
            ("Sender_BASIC", "AGENCY", "AgencyXYZ"),
            ("Sender_BASIC", "SCHEME", "LONG"),
            ("Sender_BASIC", "RECEIVER_DETERMINATION", "Receiver_1"),
            ("Sender_OAUTH", "AGENCY", "AgencyXYZ"),
            ("Sender_CERT", "AGENCY", "AgencyXYZ"),
            ("Receiver_1", "ADDRESS", "https://receiver1.partner-network.example/cxf/receiver_1"),
            ("Receiver_1", "PROTOCOL", "SOAP"),
            ("Receiver_2", "ADDRESS", "https://receiver2.partner-network.example/http/orders"),
            ("Receiver_2", "PROTOCOL", "HTTP"),
            ("ACME_DE", "AS2_ID", "ACME-HANDEL-DE"),
            ("ACME_DE", "AS2_URL", "https://as2.acme-handel.example/as2/receive"),
            ("ACME_DE", "MDN_MODE", "synchronous"),
            ("ACME_DE", "ORDER_MAPPING", "pd:ACME_DE:ORDERS_TO_IDOC:Binary"),
            ("GLOBEX_US", "ADDRESS", "https://edi.globex.example/inbound/x12"),
            ("GLOBEX_US", "INTERCHANGE_QUALIFIER", "ZZ"),
            ("GLOBEX_US", "INTERCHANGE_ID", "GLOBEXCORP"),
        ];
        foreach (var (pid, id, value) in values)
            yield return Audited(n++, ("Pid", pid), ("Id", id), ("Value", value));
    }

    public static IEnumerable<IReadOnlyDictionary<string, object?>> BinaryParameters()
    {
        (string Pid, string Id, string ContentType, byte[] Value)[] values =
        [
            ("GenericPartner", "xsl_util", "zip", Zip("xsl_util.xsl", IdentityXslt)),
            ("Sender_BASIC", "SENDER_XSLT", "xsl", Encoding.UTF8.GetBytes(IdentityXslt)),
            ("ACME_DE", "ORDERS_XSD", "xsd;encoding=UTF-8", Encoding.UTF8.GetBytes(OrderSchema)),
            ("ACME_DE", "ORDERS_TO_IDOC", "xsl", Encoding.UTF8.GetBytes(OrderMapping)),
            ("ACME_DE", "AS2_CERTIFICATE", "crt", Convert.FromBase64String(AcmeCertificate)),
            ("GLOBEX_US", "PARTNER_PROFILE", "json", Encoding.UTF8.GetBytes(
                "{\"partner\":\"GLOBEX_US\",\"standard\":\"X12\",\"version\":\"004010\",\"transactions\":[\"850\",\"855\",\"856\",\"810\"],\"acknowledgement\":\"997\"}")),
        ];
        var n = 20;
        foreach (var (pid, id, contentType, value) in values)
            yield return Audited(n++, ("Pid", pid), ("Id", id), ("ContentType", contentType), ("Value", value));
    }

    public static IEnumerable<IReadOnlyDictionary<string, object?>> AlternativePartners()
    {
        (string Agency, string Scheme, string Id, string Pid)[] values =
        [
            ("AgencyXYZ", "LONG", "Receiver Premium", "Receiver_1"),
            ("AgencyXYZ", "LONG", "Receiver 2", "Receiver_2"),
            ("AgencyXYZ", "LONG", "Sender Basic", "Sender_BASIC"),
            ("009", "GLN", "4012345000009", "ACME_DE"),
            ("016", "DUNS", "315784230", "ACME_DE"),
            ("ZZZ", "X12_ISA", "GLOBEXCORP", "GLOBEX_US"),
        ];
        var n = 40;
        foreach (var (agency, scheme, id, pid) in values)
            yield return Audited(n++, ("Hexagency", DirectoryRules.Hex(agency)), ("Hexscheme", DirectoryRules.Hex(scheme)), ("Hexid", DirectoryRules.Hex(id)),
                ("Agency", agency), ("Scheme", scheme), ("Id", id), ("Pid", pid));
    }

    public static IEnumerable<IReadOnlyDictionary<string, object?>> AuthorizedUsers()
    {
        (string User, string Pid)[] values =
        [
            ("sender_basic_user", "Sender_BASIC"),
            ("oauth_client_client_sender_oauth", "Sender_OAUTH"),
            ("user_for_sender_cert", "Sender_CERT"),
            ("acme_as2_inbound", "ACME_DE"),
            ("sb-globex-edi!b1234|it-rt-tenant!b56", "GLOBEX_US"),
        ];
        var n = 60;
        foreach (var (user, pid) in values) yield return Audited(n++, ("User", user), ("Pid", pid));
    }

    public static IEnumerable<IReadOnlyDictionary<string, object?>> UserCredentialParameters()
    {
        (string Pid, string Id, string User)[] values =
        [
            ("Receiver_1", "USER", "user_receiver_1"),
            ("Receiver_2", "USER", "orders_api"),
            ("ACME_DE", "AS2_BASIC", "cpi_to_acme"),
        ];
        var n = 80;
        foreach (var (pid, id, user) in values)
        {
            // The directory records one time for both: a credential is replaced, never changed.
            var row = Audited(n++, ("Pid", pid), ("Id", id), ("User", user), ("Password", null));
            row["LastModifiedTime"] = row["CreatedTime"];
            row["LastModifiedBy"] = row["CreatedBy"];
            yield return row;
        }
    }

    /// <summary>Every Pid something above belongs to.</summary>
    public static IEnumerable<IReadOnlyDictionary<string, object?>> Partners() =>
        StringParameters().Concat(BinaryParameters()).Concat(AlternativePartners()).Concat(AuthorizedUsers()).Concat(UserCredentialParameters())
            .Select(row => (string)row["Pid"]!).Distinct().Order(StringComparer.Ordinal)
            .Select(pid => new Dictionary<string, object?> { ["Pid"] = pid });

    /// <summary>A zip with one entry and a fixed time stamp, so its bytes are the same on every run.</summary>
    static byte[] Zip(string name, string content)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
            entry.LastWriteTime = new DateTimeOffset(2025, 3, 4, 9, 0, 0, TimeSpan.Zero);
            using var stream = entry.Open();
            stream.Write(Encoding.UTF8.GetBytes(content));
        }
        return buffer.ToArray();
    }

    const string IdentityXslt = """
        <?xml version="1.0" encoding="UTF-8"?>
        <xsl:stylesheet version="2.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
          <xsl:output method="xml" indent="yes"/>
          <xsl:template match="@*|node()">
            <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
          </xsl:template>
        </xsl:stylesheet>
        """;

    const string OrderSchema = """
        <?xml version="1.0" encoding="UTF-8"?>
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:acme-handel:orders" xmlns="urn:acme-handel:orders" elementFormDefault="qualified">
          <xs:element name="Order">
            <xs:complexType>
              <xs:sequence>
                <xs:element name="OrderNumber" type="xs:string"/>
                <xs:element name="OrderDate" type="xs:date"/>
                <xs:element name="BuyerGLN" type="xs:string"/>
                <xs:element name="Item" maxOccurs="unbounded">
                  <xs:complexType>
                    <xs:sequence>
                      <xs:element name="GTIN" type="xs:string"/>
                      <xs:element name="Quantity" type="xs:decimal"/>
                      <xs:element name="Unit" type="xs:string"/>
                    </xs:sequence>
                  </xs:complexType>
                </xs:element>
              </xs:sequence>
            </xs:complexType>
          </xs:element>
        </xs:schema>
        """;

    const string OrderMapping = """
        <?xml version="1.0" encoding="UTF-8"?>
        <xsl:stylesheet version="2.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:o="urn:acme-handel:orders">
          <xsl:template match="/o:Order">
            <ORDERS05>
              <IDOC BEGIN="1">
                <E1EDK01 SEGMENT="1"><BELNR><xsl:value-of select="o:OrderNumber"/></BELNR></E1EDK01>
                <xsl:for-each select="o:Item">
                  <E1EDP01 SEGMENT="1"><MENGE><xsl:value-of select="o:Quantity"/></MENGE><MENEE><xsl:value-of select="o:Unit"/></MENEE></E1EDP01>
                </xsl:for-each>
              </IDOC>
            </ORDERS05>
          </xsl:template>
        </xsl:stylesheet>
        """;

    /// <summary>A self-signed EC certificate of the wholesale customer's AS2 endpoint, DER-encoded as the crt content type holds it.</summary>
    const string AcmeCertificate =
        "MIIB6jCCAZGgAwIBAgIUFT9UOPPAmU/h/KheL125kXnwMwAwCgYIKoZIzj0EAwIwSzELMAkGA1UEBhMCREUxGjAYBgNVBAoMEUFDTUUgSGFuZGVscyBHbWJIMSAwHgYDVQQDDBdhczIu" +
        "YWNtZS1oYW5kZWwuZXhhbXBsZTAeFw0yNjExMjIyMzU5MTRaFw0zNjExMTkyMzU5MTRaMEsxCzAJBgNVBAYTAkRFMRowGAYDVQQKDBFBQ01FIEhhbmRlbHMgR21iSDEgMB4GA1UEAwwX" +
        "YXMyLmFjbWUtaGFuZGVsLmV4YW1wbGUwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAS0unaetrzHKmjd1n4u9BmAY0xhUHkIR1eUpwVY1mxt65j9JueSZUZASl0zffgw+hPZtKApZTLN" +
        "Qdnd0agCw5YPo1MwUTAdBgNVHQ4EFgQUvlrV+eJDNsHZG0kTnGqhNgruxE0wHwYDVR0jBBgwFoAUvlrV+eJDNsHZG0kTnGqhNgruxE0wDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQD" +
        "AgNHADBEAiAyjobmdwAnu4rOh/wt75zrnG7Kn6hxBfXilONlzZRddAIgHygf+2pRlXQoWD9Rwd+mMw2Rgx+oPWJCpNscK/NZUqY=";
}
