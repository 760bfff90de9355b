using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace SapSandbox.Server.Tests.CloudIntegration;

/// <summary>A tenant of its own for the partner directory tests, whose creates and deletes stay here.</summary>
public sealed class PartnerDirectoryServer : TenantServer
{
    public async Task<(HttpStatusCode Status, JsonElement Body)> Json(HttpMethod method, string url, string? json = null)
    {
        using var response = await Send(method, url, json);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }
}

/// <summary>
/// The Partner Directory as B2B automation uses it: partners with string and binary parameters, alternative
/// partners under hexadecimal keys, authorized users and user credential parameters, created, read, changed and
/// deleted with the documented validation; response shapes compared with SAP's examples.
/// </summary>
public class PartnerDirectoryTests(PartnerDirectoryServer server) : IClassFixture<PartnerDirectoryServer>
{
    const string Api = PartnerDirectoryServer.Api;

    static string Message(JsonElement error) => error.GetProperty("error").GetProperty("message").GetProperty("value").GetString()!;

    [Fact]
    public async Task The_tenant_starts_with_a_partner_network_whose_entities_have_the_shapes_of_SAPs_examples()
    {
        var partners = (await server.Results(Api + "Partners")).Select(p => p.GetProperty("Pid").GetString()).ToList();
        Assert.Contains("Sender_BASIC", partners);
        Assert.Contains("Receiver_1", partners);
        Assert.Contains("ACME_DE", partners);

        foreach (var (set, golden) in new[]
                 {
                     ("StringParameters", "StringParameters__GET__200.json"), ("BinaryParameters", "BinaryParameters__GET__200.json"),
                     ("AlternativePartners", "AlternativePartners__GET__200.json"), ("AuthorizedUsers", "AuthorizedUsers__GET__200.json"),
                     ("Partners", "Partners__GET__200.json"),
                     ("UserCredentialParameters?$filter=Pid eq 'Receiver_1'", "UserCredentialParameters__GET__200.json"),
                 })
        {
            var rows = await server.Results(Api + set);
            Assert.NotEmpty(rows);
            var example = Shapes.Golden(golden).GetProperty("d").GetProperty("results")[0];
            foreach (var row in rows) Shapes.AssertProperties(example, row, set);
            Assert.EndsWith("." + Shapes.TypeOf(set), rows[0].GetProperty("__metadata").GetProperty("type").GetString());
        }

        // Every partner of the list has something that belongs to it.
        var pids = (await server.Results(Api + "StringParameters")).Concat(await server.Results(Api + "AuthorizedUsers"))
            .Concat(await server.Results(Api + "BinaryParameters")).Concat(await server.Results(Api + "AlternativePartners"))
            .Select(r => r.GetProperty("Pid").GetString()).ToHashSet();
        Assert.All(partners, p => Assert.Contains(p, pids.Concat(["Receiver_2"])));
    }

    [Fact]
    public async Task A_string_parameter_is_created_read_changed_and_deleted_and_its_partner_comes_and_goes_with_it()
    {
        var (status, created) = await server.Json(HttpMethod.Post, Api + "StringParameters?user=userAbc",
            """{"Pid":"Partner_STR","Id":"ReceiverAddress","Value":"http://receiverZ.receiver_org.com"}""");
        Assert.Equal(HttpStatusCode.Created, status);
        var d = created.GetProperty("d");
        Assert.Equal("http://receiverZ.receiver_org.com", d.GetProperty("Value").GetString());
        // "The query option user is the logged-in user of the system that initiates the call."
        Assert.Equal("userAbc", d.GetProperty("CreatedBy").GetString());
        Assert.Equal("userAbc", d.GetProperty("LastModifiedBy").GetString());
        Assert.StartsWith("/Date(", d.GetProperty("CreatedTime").GetString());
        Assert.Equal(d.GetProperty("CreatedTime").GetString(), d.GetProperty("LastModifiedTime").GetString());
        Assert.Equal(HttpStatusCode.OK, await server.Status(Api + "Partners('Partner_STR')"));

        var (duplicate, error) = await server.Json(HttpMethod.Post, Api + "StringParameters", """{"Pid":"Partner_STR","Id":"ReceiverAddress","Value":"x"}""");
        Assert.Equal(HttpStatusCode.InternalServerError, duplicate);
        Assert.Contains("Inserting String Parameter with partner ID Partner_STR and parameter ID ReceiverAddress failed: Attempt to insert duplicate key row", Message(error));

        await Task.Delay(5);
        using (var put = await server.Send(HttpMethod.Put, Api + "StringParameters(Pid='Partner_STR',Id='ReceiverAddress')", """{"Value":"https://receiver.example/new"}"""))
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        var read = await server.D(Api + "StringParameters(Pid='Partner_STR',Id='ReceiverAddress')");
        Assert.Equal("https://receiver.example/new", read.GetProperty("Value").GetString());
        Assert.Equal(d.GetProperty("CreatedTime").GetString(), read.GetProperty("CreatedTime").GetString());
        Assert.NotEqual(d.GetProperty("CreatedTime").GetString(), read.GetProperty("LastModifiedTime").GetString());
        Assert.Equal("userAbc", read.GetProperty("CreatedBy").GetString());
        Assert.Equal("sandbox", read.GetProperty("LastModifiedBy").GetString());

        var (tooLong, longError) = await server.Json(HttpMethod.Put, Api + "StringParameters(Pid='Partner_STR',Id='ReceiverAddress')",
            JsonSerializer.Serialize(new { Value = new string('x', 4001) }));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong);
        Assert.Contains("at most 4000", Message(longError));

        using (var delete = await server.Send(HttpMethod.Delete, Api + "StringParameters(Pid='Partner_STR',Id='ReceiverAddress')"))
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, await server.Status(Api + "StringParameters(Pid='Partner_STR',Id='ReceiverAddress')"));
        Assert.Equal(HttpStatusCode.NotFound, await server.Status(Api + "Partners('Partner_STR')"));
    }

    [Theory]
    [InlineData("Partner Z", "contains ' '")]
    [InlineData("Partner/Z", "contains '/'")]
    [InlineData("P123456789012345678901234567890123456789012345678901234567890", "is 61 characters long; it may have at most 60")]
    public async Task A_pid_outside_the_documented_characters_and_length_is_refused(string pid, string reason)
    {
        var (status, error) = await server.Json(HttpMethod.Post, Api + "StringParameters", JsonSerializer.Serialize(new { Pid = pid, Id = "X", Value = "v" }));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(reason, Message(error));
    }

    [Fact]
    public async Task Binary_parameters_take_the_documented_content_types_up_to_256_KB_and_refuse_others_with_400()
    {
        var schema = Encoding.UTF8.GetBytes("<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:element name=\"Order\" type=\"xs:string\"/></xs:schema>");
        var (status, created) = await server.Json(HttpMethod.Post, Api + "BinaryParameters",
            JsonSerializer.Serialize(new { Pid = "PartnerZ", Id = "Z_XSD", ContentType = "xsd", Value = Convert.ToBase64String(schema) }));
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("xsd", created.GetProperty("d").GetProperty("ContentType").GetString());
        var read = await server.D(Api + "BinaryParameters(Pid='PartnerZ',Id='Z_XSD')");
        Assert.Equal(schema, Convert.FromBase64String(read.GetProperty("Value").GetString()!));

        var (pdf, pdfError) = await server.Json(HttpMethod.Post, Api + "BinaryParameters",
            JsonSerializer.Serialize(new { Pid = "PartnerZ", Id = "Z_PDF", ContentType = "pdf", Value = Convert.ToBase64String("%PDF-1.7"u8.ToArray()) }));
        Assert.Equal(HttpStatusCode.BadRequest, pdf);
        Assert.Contains("ContentType 'pdf' is not supported", Message(pdfError));
        Assert.Contains("xml, xsl, xsd, json, text, zip, gz, zlib, crt", Message(pdfError));

        var (mime, _) = await server.Json(HttpMethod.Post, Api + "BinaryParameters",
            JsonSerializer.Serialize(new { Pid = "PartnerZ", Id = "Z_MIME", ContentType = "application/xml", Value = Convert.ToBase64String(schema) }));
        Assert.Equal(HttpStatusCode.BadRequest, mime);
        var (zipEncoding, zipError) = await server.Json(HttpMethod.Post, Api + "BinaryParameters",
            JsonSerializer.Serialize(new { Pid = "PartnerZ", Id = "Z_ZIP", ContentType = "zip;encoding=UTF-8", Value = Convert.ToBase64String(schema) }));
        Assert.Equal(HttpStatusCode.BadRequest, zipEncoding);
        Assert.Contains("only xml, xsl, xsd, json and text", Message(zipError));
        var (encoded, _) = await server.Json(HttpMethod.Post, Api + "BinaryParameters",
            JsonSerializer.Serialize(new { Pid = "PartnerZ", Id = "Z_XML", ContentType = "xml;encoding=UTF-8", Value = Convert.ToBase64String(schema) }));
        Assert.Equal(HttpStatusCode.Created, encoded);

        var oversized = new byte[262_145];
        var (tooBig, bigError) = await server.Json(HttpMethod.Post, Api + "BinaryParameters",
            JsonSerializer.Serialize(new { Pid = "PartnerZ", Id = "Z_BIG", ContentType = "zip", Value = Convert.ToBase64String(oversized) }));
        Assert.Equal(HttpStatusCode.BadRequest, tooBig);
        Assert.Contains("262145 bytes; a binary parameter holds at most 262144 bytes", Message(bigError));
        var (fits, _) = await server.Json(HttpMethod.Post, Api + "BinaryParameters",
            JsonSerializer.Serialize(new { Pid = "PartnerZ", Id = "Z_FITS", ContentType = "zip", Value = Convert.ToBase64String(new byte[262_144]) }));
        Assert.Equal(HttpStatusCode.Created, fits);

        // A change may swap content and type; a type outside the list is refused there too, and nothing changes.
        using (var put = await server.Send(HttpMethod.Put, Api + "BinaryParameters(Pid='PartnerZ',Id='Z_XSD')",
                   JsonSerializer.Serialize(new { ContentType = "json", Value = Convert.ToBase64String("{\"a\":1}"u8.ToArray()) })))
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        var (badPut, _) = await server.Json(HttpMethod.Put, Api + "BinaryParameters(Pid='PartnerZ',Id='Z_XSD')",
            JsonSerializer.Serialize(new { ContentType = "docx", Value = Convert.ToBase64String("x"u8.ToArray()) }));
        Assert.Equal(HttpStatusCode.BadRequest, badPut);
        Assert.Equal("json", (await server.D(Api + "BinaryParameters(Pid='PartnerZ',Id='Z_XSD')")).GetProperty("ContentType").GetString());
    }

    [Fact]
    public async Task Binary_parameters_page_at_30_as_documented_and_string_parameters_at_1000()
    {
        for (var i = 0; i < 31; i++)
        {
            using var response = await server.Send(HttpMethod.Post, Api + "BinaryParameters",
                JsonSerializer.Serialize(new { Pid = "Partner_PAGE", Id = $"XSLT_{i:00}", ContentType = "xsl", Value = Convert.ToBase64String(Encoding.UTF8.GetBytes($"<xsl:stylesheet n=\"{i}\"/>")) }));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        var total = int.Parse(await server.Client.GetStringAsync(Api + "BinaryParameters/$count"));

        var seen = new HashSet<string>();
        string? next = "BinaryParameters";
        var pages = 0;
        while (next != null)
        {
            var d = await server.D(Api + next);
            var rows = d.GetProperty("results").EnumerateArray().ToList();
            Assert.True(rows.Count <= 30, $"a page of {rows.Count} binary parameters");
            foreach (var row in rows) Assert.True(seen.Add(row.GetProperty("Pid").GetString() + "/" + row.GetProperty("Id").GetString()));
            next = d.TryGetProperty("__next", out var link) ? link.GetString()![(link.GetString()!.IndexOf("BinaryParameters", StringComparison.Ordinal))..] : null;
            pages++;
        }
        Assert.Equal(total, seen.Count);
        Assert.Equal((total + 29) / 30, pages);

        var strings = await server.D(Api + "StringParameters");
        Assert.False(strings.TryGetProperty("__next", out _));
    }

    [Fact]
    public async Task The_seeded_certificate_parameter_holds_a_DER_certificate()
    {
        var row = await server.D(Api + "BinaryParameters(Pid='ACME_DE',Id='AS2_CERTIFICATE')");
        Assert.Equal("crt", row.GetProperty("ContentType").GetString());
        using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(row.GetProperty("Value").GetString()!));
        Assert.Contains("as2.acme-handel.example", certificate.Subject);
    }

    [Fact]
    public async Task Alternative_partners_get_hexadecimal_keys_of_agency_scheme_and_id_that_address_them_in_URLs()
    {
        var (status, created) = await server.Json(HttpMethod.Post, Api + "AlternativePartners",
            """{"Agency":"AgencyXYZ","Scheme":"LONG","Id":"Receiver Ümlaut 7","Pid":"Partner_ALT"}""");
        Assert.Equal(HttpStatusCode.Created, status);
        var d = created.GetProperty("d");
        Assert.Equal("4167656E637958595A", d.GetProperty("Hexagency").GetString());
        Assert.Equal("4C4F4E47", d.GetProperty("Hexscheme").GetString());
        var hexId = Convert.ToHexString(Encoding.UTF8.GetBytes("Receiver Ümlaut 7"));
        Assert.Equal(hexId, d.GetProperty("Hexid").GetString());
        var url = $"{Api}AlternativePartners(Hexagency='4167656E637958595A',Hexscheme='4C4F4E47',Hexid='{hexId}')";
        Assert.Contains(url, d.GetProperty("__metadata").GetProperty("uri").GetString());

        var read = await server.D(url);
        Assert.Equal("Receiver Ümlaut 7", read.GetProperty("Id").GetString());
        Assert.Equal("Partner_ALT", read.GetProperty("Pid").GetString());

        // The documented example: Receiver Premium under AgencyXYZ/LONG, read by its keys.
        var premium = await server.D($"{Api}AlternativePartners(Hexagency='4167656E637958595A',Hexscheme='4C4F4E47',Hexid='5265636569766572205072656D69756D')");
        Assert.Equal("Receiver_1", premium.GetProperty("Pid").GetString());

        var (wrongHex, hexError) = await server.Json(HttpMethod.Post, Api + "AlternativePartners",
            """{"Hexagency":"41","Agency":"AgencyXYZ","Scheme":"LONG","Id":"Other","Pid":"Partner_ALT2"}""");
        Assert.Equal(HttpStatusCode.BadRequest, wrongHex);
        Assert.Contains("is not the hexadecimal form of 'AgencyXYZ'", Message(hexError));
        var (duplicate, duplicateError) = await server.Json(HttpMethod.Post, Api + "AlternativePartners",
            """{"Agency":"AgencyXYZ","Scheme":"LONG","Id":"Receiver Ümlaut 7","Pid":"Other_Partner"}""");
        Assert.Equal(HttpStatusCode.InternalServerError, duplicate);
        Assert.Contains("ITPD_ALTERNATIVE_PIDS", Message(duplicateError));
        var (samePartner, _) = await server.Json(HttpMethod.Post, Api + "AlternativePartners",
            """{"Agency":"AgencyXYZ","Scheme":"LONG","Id":"Second id","Pid":"Partner_ALT"}""");
        Assert.Equal(HttpStatusCode.InternalServerError, samePartner);

        // Only the Pid changes; the partner it left goes when nothing else belongs to it.
        using (var put = await server.Send(HttpMethod.Put, url, """{"Pid":"Partner_ALT_NEW"}"""))
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        Assert.Equal("Partner_ALT_NEW", (await server.D(url)).GetProperty("Pid").GetString());
        Assert.Equal(HttpStatusCode.NotFound, await server.Status(Api + "Partners('Partner_ALT')"));
        var (renamed, _) = await server.Json(HttpMethod.Put, url, """{"Pid":"Partner_ALT_NEW","Scheme":"SHORT"}""");
        Assert.Equal(HttpStatusCode.BadRequest, renamed);

        using (var delete = await server.Send(HttpMethod.Delete, url)) Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, await server.Status(url));
        Assert.Equal(HttpStatusCode.NotFound, await server.Status(Api + "Partners('Partner_ALT_NEW')"));
    }

    [Fact]
    public async Task Authorized_users_are_kept_in_lower_case_and_move_between_partners()
    {
        var (status, created) = await server.Json(HttpMethod.Post, Api + "AuthorizedUsers", """{"User":"MyUser","Pid":"PartnerZ_AU"}""");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("myuser", created.GetProperty("d").GetProperty("User").GetString());
        var (duplicate, _) = await server.Json(HttpMethod.Post, Api + "AuthorizedUsers", """{"User":"MYUSER","Pid":"Other"}""");
        Assert.Equal(HttpStatusCode.InternalServerError, duplicate);
        Assert.Single(await server.Results(Api + "AuthorizedUsers?$filter=User eq 'myuser'"));

        using (var put = await server.Send(HttpMethod.Put, Api + "AuthorizedUsers('myuser')", """{"Pid":"PartnerZ_AU2"}"""))
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        Assert.Equal("PartnerZ_AU2", (await server.D(Api + "AuthorizedUsers('myuser')")).GetProperty("Pid").GetString());
        var (emptied, emptyError) = await server.Json(HttpMethod.Put, Api + "AuthorizedUsers('myuser')", """{"Pid":null}""");
        Assert.Equal(HttpStatusCode.InternalServerError, emptied);
        Assert.Contains("Attempt to insert NULL value into column 'PID'", Message(emptyError));

        using (var delete = await server.Send(HttpMethod.Delete, Api + "AuthorizedUsers('myuser')")) Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
    }

    [Fact]
    public async Task User_credential_parameters_are_created_or_replaced_by_POST_and_never_answer_their_password()
    {
        var (status, created) = await server.Json(HttpMethod.Post, Api + "UserCredentialParameters?user=aribaUser",
            """{"Pid":"PartnerZ_UC","Id":"Id1","User":"myUser","Password":"Abcd1234"}""");
        Assert.Equal(HttpStatusCode.Created, status);
        // "The specification of a user query option … has no effect. It is always the logged in technical user."
        Assert.Equal("sandbox", created.GetProperty("d").GetProperty("CreatedBy").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("d").GetProperty("Password").ValueKind);
        Assert.Equal("myUser", created.GetProperty("d").GetProperty("User").GetString());

        await Task.Delay(5);
        var (again, replaced) = await server.Json(HttpMethod.Post, Api + "UserCredentialParameters",
            """{"Pid":"PartnerZ_UC","Id":"Id1","User":"otherUser","Password":"Efgh5678"}""");
        Assert.Equal(HttpStatusCode.Created, again);
        var list = await server.Results(Api + "UserCredentialParameters?$filter=Pid eq 'PartnerZ_UC'");
        var only = Assert.Single(list);
        Assert.Equal("otherUser", only.GetProperty("User").GetString());
        Assert.Equal(JsonValueKind.Null, only.GetProperty("Password").ValueKind);
        Assert.Equal(only.GetProperty("CreatedTime").GetString(), only.GetProperty("LastModifiedTime").GetString());
        Assert.Equal(replaced.GetProperty("d").GetProperty("CreatedTime").GetString(), only.GetProperty("CreatedTime").GetString());
        Assert.DoesNotContain("Efgh5678", await server.Client.GetStringAsync(Api + "UserCredentialParameters(Pid='PartnerZ_UC',Id='Id1')?$format=json"));

        var (missing, missingError) = await server.Json(HttpMethod.Post, Api + "UserCredentialParameters", """{"Pid":"PartnerZ_UC","Id":"Id2","User":"u"}""");
        Assert.Equal(HttpStatusCode.InternalServerError, missing);
        Assert.Equal(Message(Shapes.Golden("UserCredentialParameters__POST__500.json")), Message(missingError));

        var (put, _) = await server.Json(HttpMethod.Put, Api + "UserCredentialParameters(Pid='PartnerZ_UC',Id='Id1')", """{"User":"x","Password":"y"}""");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, put);

        using (var delete = await server.Send(HttpMethod.Delete, Api + "UserCredentialParameters(Pid='PartnerZ_UC',Id='Id1')"))
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Empty(await server.Results(Api + "UserCredentialParameters?$filter=Pid eq 'PartnerZ_UC'"));
    }

    [Fact]
    public async Task A_user_credential_parameter_answers_its_password_only_as_the_SHA256_hash_of_what_was_sent()
    {
        static string Sha256(string password) =>
            "SHA256." + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(password)));
        const string entity = "UserCredentialParameters(Pid='PartnerH_UC',Id='Id1')";

        var (status, _) = await server.Json(HttpMethod.Post, Api + "UserCredentialParameters", """{"Pid":"PartnerH_UC","Id":"Id1","User":"myUser","Password":"Abcd1234"}""");
        Assert.Equal(HttpStatusCode.Created, status);
        var plain = await server.D(Api + entity);
        var hashed = await server.D(Api + entity + "?returnHashedPassword=SHA256");

        Assert.Equal(JsonValueKind.Null, plain.GetProperty("Password").ValueKind);
        Assert.Equal(Sha256("Abcd1234"), hashed.GetProperty("Password").GetString());
        // Apart from the password, the same entity as any read answers.
        Assert.Equal(plain.GetProperty("__metadata").GetRawText(), hashed.GetProperty("__metadata").GetRawText());
        Assert.Equal(plain.EnumerateObject().Select(p => p.Name), hashed.EnumerateObject().Select(p => p.Name));
        foreach (var property in plain.EnumerateObject().Where(p => p.Name != "Password"))
            Assert.Equal(property.Value.GetRawText(), hashed.GetProperty(property.Name).GetRawText());
        Shapes.AssertProperties(Shapes.Golden("UserCredentialParameters__GET__200.json").GetProperty("d").GetProperty("results")[0], hashed, "hashed");
        Assert.All(await server.Results(Api + "UserCredentialParameters?$filter=Pid eq 'PartnerH_UC'&returnHashedPassword=SHA256"),
            p => Assert.Equal(JsonValueKind.Null, p.GetProperty("Password").ValueKind));

        var selected = await server.D(Api + entity + "?returnHashedPassword=SHA256&$select=User,Password");
        Assert.Equal(["__metadata", "Password", "User"], selected.EnumerateObject().Select(p => p.Name));

        // Replaced with another password: the hash follows.
        await server.Json(HttpMethod.Post, Api + "UserCredentialParameters", """{"Pid":"PartnerH_UC","Id":"Id1","User":"myUser","Password":"Efgh5678"}""");
        Assert.Equal(Sha256("Efgh5678"), (await server.D(Api + entity + "?returnHashedPassword=SHA256")).GetProperty("Password").GetString());

        // The starting content's parameters have passwords too.
        var seeded = (await server.D(Api + "UserCredentialParameters(Pid='Receiver_1',Id='USER')?returnHashedPassword=SHA256")).GetProperty("Password").GetString()!;
        Assert.Matches("^SHA256\\.[0-9a-f]{64}$", seeded);

        var (md5, md5Error) = await server.Json(HttpMethod.Get, Api + entity + "?returnHashedPassword=MD5");
        Assert.Equal(HttpStatusCode.BadRequest, md5);
        Assert.Contains("SHA256", Message(md5Error));

        using (var delete = await server.Send(HttpMethod.Delete, Api + entity)) Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, await server.Status(Api + entity + "?returnHashedPassword=SHA256"));
        // Created again without the old password: only the new one's hash.
        await server.Json(HttpMethod.Post, Api + "UserCredentialParameters", """{"Pid":"PartnerH_UC","Id":"Id1","User":"u","Password":"new"}""");
        Assert.Equal(Sha256("new"), (await server.D(Api + entity + "?returnHashedPassword=SHA256")).GetProperty("Password").GetString());
        using (var delete = await server.Send(HttpMethod.Delete, Api + entity)) Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
    }

    [Theory]
    [InlineData("UserCredentialParameters", "Filter '' is not supported")]
    [InlineData("UserCredentialParameters?$filter=Pid eq ''", "Filter 'Pid eq ''' is not supported in UserCredentialParameters query. Only filters of the form \"$filter=Pid eq 'parterId1'\" are supported.")]
    [InlineData("UserCredentialParameters?$filter=User eq 'x'", "Only filters of the form")]
    public async Task A_list_of_user_credential_parameters_must_name_its_partner(string url, string message)
    {
        var (response, body) = await server.GetJson(Api + url, ("Accept", "application/json"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains(message, Message(body));
    }

    [Fact]
    public async Task Deleting_a_partner_deletes_what_belongs_to_it_except_what_exclude_names()
    {
        foreach (var (set, body) in new[]
                 {
                     ("StringParameters", """{"Pid":"Partner_DEL","Id":"A","Value":"1"}"""),
                     ("StringParameters", """{"Pid":"Partner_DEL","Id":"B","Value":"2"}"""),
                     ("AuthorizedUsers", """{"User":"del_user","Pid":"Partner_DEL"}"""),
                     ("UserCredentialParameters", """{"Pid":"Partner_DEL","Id":"C","User":"u","Password":"p"}"""),
                 })
        {
            using var response = await server.Send(HttpMethod.Post, Api + set, body);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        var (refused, _) = await server.Json(HttpMethod.Post, Api + "Partners", """{"Pid":"Direct"}""");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, refused);

        using (var delete = await server.Send(HttpMethod.Delete, Api + "Partners('Partner_DEL')?exclude=AuthorizedUsers"))
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Empty(await server.Results(Api + "StringParameters?$filter=Pid eq 'Partner_DEL'"));
        Assert.Empty(await server.Results(Api + "UserCredentialParameters?$filter=Pid eq 'Partner_DEL'"));
        Assert.Single(await server.Results(Api + "AuthorizedUsers?$filter=Pid eq 'Partner_DEL'"));
        Assert.Equal(HttpStatusCode.OK, await server.Status(Api + "Partners('Partner_DEL')"));

        using (var delete = await server.Send(HttpMethod.Delete, Api + "Partners('Partner_DEL')")) Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Empty(await server.Results(Api + "AuthorizedUsers?$filter=Pid eq 'Partner_DEL'"));
        Assert.Equal(HttpStatusCode.NotFound, await server.Status(Api + "Partners('Partner_DEL')"));
        using (var gone = await server.Send(HttpMethod.Delete, Api + "Partners('Partner_DEL')")) Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task A_changeset_of_string_parameters_is_one_transaction_as_the_documentation_shows()
    {
        var boundary = "batch_34fcd829-64e4-4139-b880-f24aa4ee9235";
        var changeset = "changeset_845b320f-7f06-423d-b10a-a24048a27b1c";
        string Part(string method, string url, string json) =>
            $"--{changeset}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n{method} {url} HTTP/1.1\r\nAccept: application/json\r\nContent-Type: application/json\r\n\r\n{json}\r\n";
        var body = $"--{boundary}\r\nContent-Type: multipart/mixed; boundary={changeset}\r\n\r\n" +
                   Part("POST", "StringParameters?user=userAbc", """{"Pid":"partner7","Id":"sp11","Value":"sp11v"}""") +
                   Part("POST", "StringParameters?user=userAbc", """{"Pid":"partner7","Id":"sp12","Value":"sp12v"}""") +
                   Part("POST", "StringParameters?user=userAbc", """{"Pid":"partner 7","Id":"sp13","Value":"bad pid"}""") +
                   $"--{changeset}--\r\n--{boundary}--\r\n";
        var token = await server.FetchCsrfToken(server.Client, Api);
        using var request = new HttpRequestMessage(HttpMethod.Post, Api + "$batch") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse($"multipart/mixed; boundary={boundary}");
        request.Headers.Add("X-CSRF-Token", token);
        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Contains("HTTP/1.1 400", await response.Content.ReadAsStringAsync());
        Assert.Empty(await server.Results(Api + "StringParameters?$filter=Pid eq 'partner7'"));

        body = $"--{boundary}\r\nContent-Type: multipart/mixed; boundary={changeset}\r\n\r\n" +
               Part("POST", "StringParameters?user=userAbc", """{"Pid":"partner7","Id":"sp11","Value":"sp11v"}""") +
               Part("POST", "StringParameters?user=userAbc", """{"Pid":"partner7","Id":"sp12","Value":"sp12v"}""") +
               $"--{changeset}--\r\n--{boundary}--\r\n";
        using var again = new HttpRequestMessage(HttpMethod.Post, Api + "$batch") { Content = new StringContent(body, Encoding.UTF8) };
        again.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse($"multipart/mixed; boundary={boundary}");
        again.Headers.Add("X-CSRF-Token", token);
        using var committed = await server.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.Accepted, committed.StatusCode);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(await committed.Content.ReadAsStringAsync(), "HTTP/1.1 201 Created").Count);
        var created = await server.Results(Api + "StringParameters?$filter=Pid eq 'partner7'");
        Assert.Equal(["sp11", "sp12"], created.Select(p => p.GetProperty("Id").GetString()).Order());
        Assert.All(created, p => Assert.Equal("userAbc", p.GetProperty("CreatedBy").GetString()));
    }
}
