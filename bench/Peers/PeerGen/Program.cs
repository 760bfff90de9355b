// PeerGen: the peer benchmark's generated inputs, all from the bundled API_BUSINESS_PARTNER EDMX.
//
//   PeerGen data EDMX OUTDIR PARTNERS   A_BusinessPartner.csv (PARTNERS rows) and A_BusinessPartnerAddress.csv
//                                       (2 per partner): every property, header = property names
//   PeerGen ef EDMX OUT.cs              EF Core / ASP.NET Core OData entity classes of the two entity types
//   PeerGen columns EDMX TYPE           "Name Kind" per property (the load step converts per kind)
//
// The CSV is the one source of the rows for every server: the sandbox reads it as its data files, the peers get it
// through the sqlite3 shell into the tables their own frameworks created. Values are canonical text: strings as
// they are (never null, as in ABAP), booleans true/false, Edm.DateTime (dates) yyyy-MM-dd, Edm.Time HH:mm:ss,
// Edm.DateTimeOffset yyyy-MM-ddTHH:mm:ssZ, Guids lower case; an empty field is null (non-string columns only).
using System.Globalization;
using System.Text;
using System.Xml.Linq;

if (args.Length < 3) { Console.Error.WriteLine("usage: PeerGen data EDMX OUTDIR PARTNERS | ef EDMX OUT.cs | columns EDMX TYPE"); return 2; }
var edmx = XDocument.Load(args[1]);
switch (args[0])
{
    case "data": Data.Write(Model.Type(edmx, "A_BusinessPartnerType"), Model.Type(edmx, "A_BusinessPartnerAddressType"), args[2], int.Parse(args[3], CultureInfo.InvariantCulture)); break;
    case "ef": File.WriteAllText(args[2], EfClasses.Source(Model.Type(edmx, "A_BusinessPartnerType"), Model.Type(edmx, "A_BusinessPartnerAddressType"))); break;
    case "columns": foreach (var p in Model.Type(edmx, args[2])) Console.WriteLine($"{p.Name} {p.Kind}"); break;
    default: Console.Error.WriteLine($"unknown command {args[0]}"); return 2;
}
return 0;

enum Kind { String, Boolean, Date, Time, DateTimeOffset, Guid }

sealed record Property(string Name, Kind Kind, bool Nullable, int? MaxLength, bool Key);

static class Model
{
    public static List<Property> Type(XDocument edmx, string name)
    {
        var type = edmx.Descendants().Single(e => e.Name.LocalName == "EntityType" && (string?)e.Attribute("Name") == name);
        var keys = type.Elements().Single(e => e.Name.LocalName == "Key").Elements().Select(e => (string)e.Attribute("Name")!).ToHashSet();
        return type.Elements().Where(e => e.Name.LocalName == "Property").Select(e =>
        {
            var edmType = (string)e.Attribute("Type")!;
            var kind = edmType switch
            {
                "Edm.String" => Kind.String,
                "Edm.Boolean" => Kind.Boolean,
                "Edm.DateTime" => Kind.Date, // all of them carry sap:display-format="Date" in this service
                "Edm.Time" => Kind.Time,
                "Edm.DateTimeOffset" => Kind.DateTimeOffset,
                "Edm.Guid" => Kind.Guid,
                _ => throw new NotSupportedException($"{name}: {edmType}"),
            };
            var p = (string)e.Attribute("Name")!;
            return new Property(p, kind, (string?)e.Attribute("Nullable") != "false", (int?)e.Attribute("MaxLength"), keys.Contains(p));
        }).ToList();
    }
}

static class Data
{
    static readonly string[] FirstNames = ["Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hannes", "Ida", "Jonas", "Klara", "Lukas", "Mia", "Noah", "Olivia", "Paul"];
    static readonly string[] LastNames = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Neumann", "Schwarz"];
    static readonly string[] Orgs = ["Getränke", "Maschinenbau", "Logistik", "Handel", "Elektronik", "Bau", "Software", "Chemie"];
    static readonly (string City, string Postal, string Region, string Country)[] Cities =
        [("Berlin", "10115", "BE", "DE"), ("Hamburg", "20095", "HH", "DE"), ("München", "80331", "BY", "DE"), ("Köln", "50667", "NW", "DE"),
         ("Walldorf", "69190", "BW", "DE"), ("New York", "10001", "NY", "US"), ("Chicago", "60601", "IL", "US"), ("Palo Alto", "94301", "CA", "US")];

    public static void Write(List<Property> partner, List<Property> address, string folder, int partners)
    {
        Directory.CreateDirectory(folder);
        using (var w = new StreamWriter(Path.Combine(folder, "A_BusinessPartner.csv"), false, new UTF8Encoding(false)))
        {
            w.Write(string.Join(",", partner.Select(p => p.Name)) + "\n");
            for (var i = 0; i < partners; i++) w.Write(Row(partner, PartnerValues(i)) + "\n");
        }
        using (var w = new StreamWriter(Path.Combine(folder, "A_BusinessPartnerAddress.csv"), false, new UTF8Encoding(false)))
        {
            w.Write(string.Join(",", address.Select(p => p.Name)) + "\n");
            for (var i = 0; i < partners; i++)
                for (var a = 0; a < 2; a++) w.Write(Row(address, AddressValues(i, a)) + "\n");
        }
    }

    public static string Key(int i) => (1000000 + i).ToString("D10", CultureInfo.InvariantCulture);

    static string Row(List<Property> properties, Dictionary<string, string?> values) =>
        string.Join(",", properties.Select(p => Csv(values.TryGetValue(p.Name, out var v) ? v : Default(p))));

    // Properties without business meaning here hold what an S/4 system holds for them: '' for strings, false, null.
    static string? Default(Property p) => p.Kind switch { Kind.String => "", Kind.Boolean => "false", _ => null };

    static string Csv(string? value) => value == null ? "" : value.IndexOfAny([',', '"']) < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";

    static Dictionary<string, string?> PartnerValues(int i)
    {
        var person = i % 2 == 0;
        var first = FirstNames[i % FirstNames.Length];
        var last = LastNames[(i / 16) % LastNames.Length];
        var org = $"{LastNames[(i / 7) % LastNames.Length]} {Orgs[i % Orgs.Length]} {i:D6} GmbH";
        var full = person ? $"{first} {last}" : org;
        var created = new DateOnly(2015, 1, 1).AddDays(i % 3650);
        var changed = created.AddDays(i % 400);
        var v = new Dictionary<string, string?>
        {
            ["BusinessPartner"] = Key(i),
            ["Customer"] = i % 3 == 0 ? Key(i) : "",
            ["Supplier"] = i % 5 == 0 ? Key(i) : "",
            ["BusinessPartnerCategory"] = person ? "1" : "2",
            ["BusinessPartnerFullName"] = full,
            ["BusinessPartnerGrouping"] = person ? "BP02" : "BP03",
            ["BusinessPartnerName"] = full,
            ["BusinessPartnerUUID"] = Guid(i, 1),
            ["CorrespondenceLanguage"] = i % 4 == 0 ? "EN" : "DE",
            ["CreatedByUser"] = "CB998000" + (i % 10),
            ["CreationDate"] = created.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["CreationTime"] = new TimeOnly(8 + i % 10, i % 60, (i * 7) % 60).ToString("HH:mm:ss", CultureInfo.InvariantCulture),
            ["FirstName"] = person ? first : "",
            ["FormOfAddress"] = person ? (i % 4 == 0 ? "0002" : "0001") : "0003",
            ["IsFemale"] = person && i % 4 == 0 ? "true" : "false",
            ["IsMale"] = person && i % 4 != 0 ? "true" : "false",
            ["IsNaturalPerson"] = person ? "X" : "",
            ["Language"] = person ? "DE" : "",
            ["LastChangeDate"] = changed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["LastChangeTime"] = new TimeOnly(9 + i % 9, (i * 13) % 60, (i * 11) % 60).ToString("HH:mm:ss", CultureInfo.InvariantCulture),
            ["LastChangedByUser"] = "CB998000" + ((i + 3) % 10),
            ["LastName"] = person ? last : "",
            ["LegalForm"] = person ? "" : "01",
            ["OrganizationBPName1"] = person ? "" : org,
            ["OrganizationFoundationDate"] = person ? null : new DateOnly(1950, 1, 1).AddDays(i % 20000).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["SearchTerm1"] = (person ? last : org).ToUpperInvariant()[..Math.Min(20, (person ? last : org).Length)],
            ["BirthDate"] = person ? new DateOnly(1950, 1, 1).AddDays(i % 18000).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            ["BusinessPartnerType"] = "",
            ["ETag"] = "",
            ["NameCountry"] = person ? "DE" : "",
            ["PersonFullName"] = person ? full : "",
            ["PersonNumber"] = person ? (2000000 + i).ToString("D10", CultureInfo.InvariantCulture) : "",
        };
        return v;
    }

    static Dictionary<string, string?> AddressValues(int i, int a)
    {
        var c = Cities[(i + a * 3) % Cities.Length];
        return new Dictionary<string, string?>
        {
            ["BusinessPartner"] = Key(i),
            ["AddressID"] = (3000000 + 2 * i + a).ToString("D10", CultureInfo.InvariantCulture)[..10],
            ["ValidityStartDate"] = new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(i % 3650).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["ValidityEndDate"] = "9999-12-31T23:59:59Z",
            ["AddressUUID"] = Guid(i, 2 + a),
            ["AddressTimeZone"] = c.Country == "DE" ? "CET" : "EST",
            ["CityName"] = c.City,
            ["Country"] = c.Country,
            ["FullName"] = $"Partner {Key(i)}",
            ["HouseNumber"] = (1 + (i * 7 + a) % 199).ToString(CultureInfo.InvariantCulture),
            ["Language"] = c.Country == "DE" ? "DE" : "EN",
            ["PostalCode"] = c.Postal,
            ["PrfrdCommMediumType"] = a == 0 ? "INT" : "",
            ["Region"] = c.Region,
            ["StreetName"] = (a == 0 ? "Hauptstraße" : "Dietmar-Hopp-Allee") ,
            ["TransportZone"] = c.Country == "DE" ? "0000000001" : "",
        };
    }

    // Deterministic UUIDs (version 4 layout) from the row number.
    static string Guid(int i, int salt)
    {
        var bytes = new byte[16];
        var x = (ulong)(i + 1) * 0x9E3779B97F4A7C15UL ^ (ulong)salt * 0xC2B2AE3D27D4EB4FUL;
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), x);
        BitConverter.TryWriteBytes(bytes.AsSpan(8, 8), x * 0xFF51AFD7ED558CCDUL + (ulong)i);
        bytes[7] = (byte)(0x40 | (bytes[7] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new System.Guid(bytes).ToString("D");
    }
}

static class EfClasses
{
    public static string Source(List<Property> partner, List<Property> address)
    {
        var s = new StringBuilder();
        s.AppendLine("// <auto-generated> by bench/Peers/PeerGen (PeerGen ef) from API_BUSINESS_PARTNER.edmx: every property of");
        s.AppendLine("// A_BusinessPartnerType and A_BusinessPartnerAddressType, in metadata order. </auto-generated>");
        s.AppendLine("#nullable enable");
        s.AppendLine("using System.ComponentModel.DataAnnotations;");
        s.AppendLine();
        s.AppendLine("namespace AspNetODataPeer;");
        s.AppendLine();
        Class(s, "A_BusinessPartnerType", partner, "    public List<A_BusinessPartnerAddressType> to_BusinessPartnerAddress { get; set; } = [];");
        Class(s, "A_BusinessPartnerAddressType", address, null);
        s.AppendLine("public static class ModelFacts");
        s.AppendLine("{");
        s.AppendLine($"    public static readonly string[] PartnerKey = [{string.Join(", ", partner.Where(p => p.Key).Select(p => $"\"{p.Name}\""))}];");
        s.AppendLine($"    public static readonly string[] AddressKey = [{string.Join(", ", address.Where(p => p.Key).Select(p => $"\"{p.Name}\""))}];");
        s.AppendLine("}");
        return s.ToString();
    }

    static void Class(StringBuilder s, string name, List<Property> properties, string? navigation)
    {
        s.AppendLine($"public sealed class {name}");
        s.AppendLine("{");
        foreach (var p in properties)
        {
            var type = p.Kind switch
            {
                Kind.String => "string",
                Kind.Boolean => "bool",
                Kind.Date => "DateOnly",
                Kind.Time => "TimeOnly",
                Kind.DateTimeOffset => "DateTimeOffset",
                Kind.Guid => "Guid",
                _ => throw new NotSupportedException(),
            };
            var nullable = p.Nullable ? "?" : "";
            if (p.MaxLength is { } max) s.AppendLine($"    [MaxLength({max})]");
            s.AppendLine($"    public {type}{nullable} {p.Name} {{ get; set; }}{(p.Kind == Kind.String && !p.Nullable ? " = \"\";" : "")}");
        }
        if (navigation != null) s.AppendLine(navigation);
        s.AppendLine("}");
        s.AppendLine();
    }
}
