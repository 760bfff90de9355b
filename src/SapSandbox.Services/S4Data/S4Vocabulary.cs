using SapSandbox.Core.Data;

namespace SapSandbox.Services.S4Data;

/// <summary>A real place: its postal code, region and country belong together.</summary>
public sealed record Place(string City, string PostalCode, string Region, string Country, string Street, string Language,
    string Currency, string PhonePrefix, string TimeZone);

/// <summary>A product the company sells and buys, in a unit of measure SAP knows (with its ISO code) and at a list price in EUR.</summary>
public sealed record Product(string Code, string Description, string Unit, string IsoUnit, decimal ListPrice, decimal WeightKg,
    string MaterialGroup, string ProductType);

/// <summary>
/// One company code with the sales organisation, purchasing organisation, plant, shipping point and storage location
/// that belong to it, as SAP's best-practice configuration names them.
/// </summary>
public sealed record OrgUnit(string CompanyCode, string CompanyName, string Country, string Currency, string SalesOrganization,
    string PurchasingOrganization, string Plant, string ShippingPoint, string StorageLocation, decimal TaxRate);

/// <summary>The fixed vocabulary of the bundled company: places, names, products and organisational units.</summary>
public static class S4Vocabulary
{
    /// <summary>The generic generator's cities and some more, each with the postal code, region and time zone that match.</summary>
    public static readonly Place[] Places =
    [
        .. DemoVocabulary.Cities.Select(c => new Place(c.Name, c.PostalCode, c.Region, c.Country, c.Street, c.Language, c.Currency,
            c.PhonePrefix, TimeZoneOf(c.Country, c.Region))),
        new("Düsseldorf", "40213", "NW", "DE", "Königsallee", "DE", "EUR", "+49 211", "CET"),
        new("Leipzig", "04109", "SN", "DE", "Grimmaische Strasse", "DE", "EUR", "+49 341", "CET"),
        new("Hannover", "30159", "NI", "DE", "Georgstrasse", "DE", "EUR", "+49 511", "CET"),
        new("Nürnberg", "90402", "BY", "DE", "Königstrasse", "DE", "EUR", "+49 911", "CET"),
        new("Bremen", "28195", "HB", "DE", "Obernstrasse", "DE", "EUR", "+49 421", "CET"),
        new("Dresden", "01067", "SN", "DE", "Prager Strasse", "DE", "EUR", "+49 351", "CET"),
        new("Mannheim", "68161", "BW", "DE", "Planken", "DE", "EUR", "+49 621", "CET"),
        new("Graz", "8010", "6", "AT", "Herrengasse", "DE", "EUR", "+43 316", "CET"),
        new("Basel", "4051", "BS", "CH", "Freie Strasse", "DE", "CHF", "+41 61", "CET"),
        new("Boston", "02108", "MA", "US", "Tremont Street", "EN", "USD", "+1 617", "EST"),
        new("Seattle", "98101", "WA", "US", "Pike Street", "EN", "USD", "+1 206", "PST"),
        new("Austin", "78701", "TX", "US", "Congress Avenue", "EN", "USD", "+1 512", "CST"),
        new("Atlanta", "30303", "GA", "US", "Peachtree Street", "EN", "USD", "+1 404", "EST"),
        new("San Francisco", "94105", "CA", "US", "Market Street", "EN", "USD", "+1 415", "PST"),
        new("Denver", "80202", "CO", "US", "Larimer Street", "EN", "USD", "+1 303", "MST"),
        new("Edinburgh", "EH1 1YZ", "SCT", "GB", "Princes Street", "EN", "GBP", "+44 131", "UK"),
        new("Marseille", "13001", "13", "FR", "La Canebière", "FR", "EUR", "+33 4", "CET"),
        new("Barcelona", "08002", "B", "ES", "La Rambla", "ES", "EUR", "+34 93", "CET"),
        new("Roma", "00187", "RM", "IT", "Via del Corso", "IT", "EUR", "+39 06", "CET"),
        new("Rotterdam", "3011 AD", "ZH", "NL", "Coolsingel", "NL", "EUR", "+31 10", "CET"),
    ];

    static string TimeZoneOf(string country, string region) => (country, region) switch
    {
        ("US", "CA") => "PST",
        ("US", "IL") => "CST",
        ("US", _) => "EST",
        ("CA", _) => "EST",
        ("GB", _) => "UK",
        ("JP", _) => "JAPAN",
        ("AU", _) => "AUSNSW",
        ("IN", _) => "INDIA",
        ("BR", _) => "BRAZIL",
        _ => "CET",
    };

    /// <summary>Given names by language, female then male, so that a person's gender and form of address agree with the name.</summary>
    public static readonly IReadOnlyDictionary<string, (string[] Female, string[] Male, string[] Last)> Names = new Dictionary<string, (string[], string[], string[])>
    {
        ["DE"] = (["Anna", "Sophie", "Marie", "Laura", "Julia", "Katharina", "Lena", "Sabine", "Claudia", "Petra", "Monika", "Lea"],
                  ["Lukas", "Jonas", "Felix", "Paul", "Leon", "Max", "Thomas", "Stefan", "Michael", "Andreas", "Jürgen", "Tobias"],
                  ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Schulz", "Keller", "Berg",
                   "Koch", "Richter", "Klein", "Wolf", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hartmann"]),
        ["EN"] = (["Olivia", "Amelia", "Emily", "Emma", "Charlotte", "Jessica", "Sarah", "Hannah", "Grace", "Megan", "Priya", "Ashley"],
                  ["James", "Noah", "Michael", "William", "Oliver", "Daniel", "David", "Robert", "Thomas", "Arjun", "Ethan", "Ryan"],
                  ["Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Miller", "Anderson", "Clark", "Walker", "Wright",
                   "Thompson", "White", "Harris", "Martin", "Sharma", "Patel", "Campbell", "Stewart", "Moore", "Young"]),
        ["FR"] = (["Chloé", "Camille", "Léa", "Manon", "Inès", "Juliette", "Claire", "Sophie"],
                  ["Louis", "Hugo", "Lucas", "Gabriel", "Arthur", "Jules", "Nicolas", "Pierre"],
                  ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Laurent", "Lefèvre"]),
        ["ES"] = (["Lucía", "Sofía", "María", "Paula", "Carmen", "Elena", "Laura", "Marta"],
                  ["Mateo", "Hugo", "Martín", "Pablo", "Alejandro", "Javier", "Carlos", "Diego"],
                  ["García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Ruiz", "Díaz", "Moreno"]),
        ["IT"] = (["Giulia", "Sofia", "Aurora", "Chiara", "Francesca", "Martina", "Elena", "Sara"],
                  ["Marco", "Leonardo", "Francesco", "Alessandro", "Lorenzo", "Matteo", "Andrea", "Luca"],
                  ["Rossi", "Bianchi", "Russo", "Ferrari", "Esposito", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Conti"]),
        ["NL"] = (["Emma", "Julia", "Sanne", "Fleur", "Lotte", "Anouk"],
                  ["Daan", "Sem", "Lucas", "Bram", "Thijs", "Ruben"],
                  ["de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder"]),
        ["PT"] = (["Isabela", "Ana", "Beatriz", "Mariana", "Juliana", "Camila"],
                  ["Rafael", "Gabriel", "Lucas", "Pedro", "Thiago", "Bruno"],
                  ["Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Ferreira", "Almeida", "Carvalho", "Ribeiro"]),
        ["JA"] = (["Yuki", "Sakura", "Haruka", "Aoi", "Yui", "Misaki"],
                  ["Haruto", "Ren", "Sota", "Takumi", "Kenji", "Hiroshi"],
                  ["Tanaka", "Sato", "Suzuki", "Takahashi", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi", "Kato"]),
    };

    /// <summary>What companies of a language call themselves after a family or place name.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Trades = new Dictionary<string, string[]>
    {
        ["DE"] = ["Maschinenbau", "Logistik", "Elektrotechnik", "Handelshaus", "Bau", "Werkzeugbau", "Verpackungen", "Feinmechanik",
                  "Automobiltechnik", "Medizintechnik", "Metallwerke", "Kunststofftechnik", "Getränke", "Möbelwerke"],
        ["EN"] = ["Logistics", "Electronics", "Trading", "Components", "Foods", "Systems", "Industries", "Supply", "Engineering",
                  "Packaging", "Motors", "Outdoor", "Retail", "Tools"],
        ["FR"] = ["Logistique", "Industries", "Distribution", "Équipements", "Mécanique", "Emballages"],
        ["ES"] = ["Logística", "Industrias", "Distribuciones", "Componentes", "Suministros", "Ingeniería"],
        ["IT"] = ["Logistica", "Industrie", "Meccanica", "Componenti", "Forniture", "Impianti"],
        ["NL"] = ["Logistiek", "Techniek", "Handel", "Installaties", "Verpakkingen", "Machinebouw"],
        ["PT"] = ["Logística", "Indústrias", "Distribuidora", "Componentes", "Engenharia", "Comércio"],
        ["JA"] = ["Industries", "Electronics", "Trading", "Precision", "Machinery", "Logistics"],
    };

    /// <summary>
    /// Legal forms by country, with the sandbox's legal form key (<c>A_BusinessPartner.LegalForm</c>): the key is the
    /// same for the same form in every country.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (string Key, string Text)[]> LegalForms = new Dictionary<string, (string, string)[]>
    {
        ["DE"] = [("01", "GmbH"), ("02", "AG"), ("03", "KG"), ("04", "GmbH & Co. KG"), ("05", "e.K.")],
        ["AT"] = [("01", "GmbH"), ("02", "AG"), ("03", "KG")],
        ["CH"] = [("02", "AG"), ("01", "GmbH"), ("10", "SA")],
        ["FR"] = [("10", "SA"), ("11", "SARL"), ("12", "SAS")],
        ["ES"] = [("10", "SA"), ("13", "SL")],
        ["IT"] = [("14", "S.p.A."), ("15", "S.r.l.")],
        ["NL"] = [("16", "B.V."), ("17", "N.V.")],
        ["GB"] = [("20", "Ltd"), ("21", "PLC"), ("22", "LLP")],
        ["US"] = [("23", "Inc."), ("24", "LLC"), ("25", "Corp.")],
        ["CA"] = [("23", "Inc."), ("20", "Ltd")],
        ["JP"] = [("26", "K.K."), ("27", "G.K.")],
        ["AU"] = [("28", "Pty Ltd")],
        ["IN"] = [("29", "Pvt. Ltd."), ("30", "Ltd.")],
        ["BR"] = [("31", "Ltda."), ("10", "S.A.")],
    };

    public static readonly Product[] Products =
    [
        new("TG11", "Trading Good 11, PD, Regular Trading", "PC", "PCE", 25.00m, 0.8m, "L001", "HAWA"),
        new("TG12", "Trading Good 12, PD, Regular Trading", "PC", "PCE", 42.50m, 1.2m, "L001", "HAWA"),
        new("TG13", "Trading Good 13, Batch Managed", "PC", "PCE", 18.90m, 0.5m, "L001", "HAWA"),
        new("TG14", "Trading Good 14, Serial Numbers", "EA", "EA", 129.00m, 2.4m, "L002", "HAWA"),
        new("TG21", "Trading Good 21, Consumer Display", "EA", "EA", 349.00m, 6.5m, "L002", "HAWA"),
        new("TG22", "Trading Good 22, Desk Lamp", "PC", "PCE", 59.90m, 1.6m, "L002", "HAWA"),
        new("FG126", "Finished Good 126, Pump Housing", "PC", "PCE", 215.00m, 12.0m, "P001", "FERT"),
        new("FG228", "Finished Good 228, Gear Unit", "PC", "PCE", 480.00m, 18.5m, "P001", "FERT"),
        new("MZ-FG-C900", "C900 Bike", "EA", "EA", 1499.00m, 11.2m, "P002", "FERT"),
        new("MZ-FG-R100", "R100 Bike", "EA", "EA", 899.00m, 13.4m, "P002", "FERT"),
        new("MZ-TG-Y120", "Y120 Bike Helmet", "PC", "PCE", 79.00m, 0.4m, "L003", "HAWA"),
        new("RM120", "Raw Material 120, Steel Sheet", "KG", "KGM", 2.35m, 1.0m, "R001", "ROH"),
        new("RM122", "Raw Material 122, Aluminium Granulate", "KG", "KGM", 3.80m, 1.0m, "R001", "ROH"),
        new("RM130", "Raw Material 130, Hydraulic Oil", "L", "LTR", 4.60m, 0.9m, "R002", "ROH"),
        new("RM140", "Raw Material 140, Copper Cable 2.5 mm²", "M", "MTR", 1.15m, 0.03m, "R003", "ROH"),
        new("SG23", "Semi-finished Good 23, Frame", "PC", "PCE", 145.00m, 4.8m, "S001", "HALB"),
        new("SG24", "Semi-finished Good 24, Wheel Set", "PC", "PCE", 88.00m, 3.1m, "S001", "HALB"),
    ];

    /// <summary>The two company codes of SAP's best-practice content: Germany and the United States.</summary>
    public static readonly OrgUnit Germany = new("1010", "Company Code 1010", "DE", "EUR", "1010", "1010", "1010", "1010", "101A", 0.19m);
    public static readonly OrgUnit UnitedStates = new("1710", "Company Code 1710", "US", "USD", "1710", "1710", "1710", "1710", "171A", 0.0725m);

    /// <summary>Customers and suppliers in the Americas deal with the US company, everyone else with the German one.</summary>
    public static OrgUnit UnitFor(Place place) => place.Country is "US" or "CA" or "BR" ? UnitedStates : Germany;

    /// <summary>Exchange rates to convert the EUR list price into a document currency.</summary>
    public static decimal RateFromEur(string currency) => currency == "USD" ? 1.08m : 1m;

    public static readonly string[] PaymentTerms = ["0001", "0002", "0004", "NT30"];
    public static readonly string[] Incoterms = ["EXW", "FCA", "CPT", "CIP", "DAP", "DDP", "FOB", "CIF"];
    public static readonly string[] ShippingConditions = ["01", "02", "10"];
}
