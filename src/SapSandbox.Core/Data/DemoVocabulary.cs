namespace SapSandbox.Core.Data;

/// <summary>Real-looking values for generated business data: places whose postal code, region and country match.</summary>
public static class DemoVocabulary
{
    public sealed record City(string Name, string PostalCode, string Region, string Country, string Street, string Language, string Currency, string PhonePrefix);

    public static readonly City[] Cities =
    [
        new("Walldorf", "69190", "BW", "DE", "Dietmar-Hopp-Allee", "DE", "EUR", "+49 6227"),
        new("Berlin", "10115", "BE", "DE", "Invalidenstrasse", "DE", "EUR", "+49 30"),
        new("Hamburg", "20095", "HH", "DE", "Mönckebergstrasse", "DE", "EUR", "+49 40"),
        new("München", "80331", "BY", "DE", "Marienplatz", "DE", "EUR", "+49 89"),
        new("Frankfurt am Main", "60311", "HE", "DE", "Zeil", "DE", "EUR", "+49 69"),
        new("Köln", "50667", "NW", "DE", "Hohe Strasse", "DE", "EUR", "+49 221"),
        new("Stuttgart", "70173", "BW", "DE", "Königstrasse", "DE", "EUR", "+49 711"),
        new("Wien", "1010", "9", "AT", "Kärntner Strasse", "DE", "EUR", "+43 1"),
        new("Zürich", "8001", "ZH", "CH", "Bahnhofstrasse", "DE", "CHF", "+41 44"),
        new("Paris", "75001", "75", "FR", "Rue de Rivoli", "FR", "EUR", "+33 1"),
        new("Lyon", "69002", "69", "FR", "Rue de la République", "FR", "EUR", "+33 4"),
        new("Madrid", "28013", "M", "ES", "Gran Vía", "ES", "EUR", "+34 91"),
        new("Milano", "20121", "MI", "IT", "Via Manzoni", "IT", "EUR", "+39 02"),
        new("Amsterdam", "1012 JS", "NH", "NL", "Damrak", "NL", "EUR", "+31 20"),
        new("London", "EC1A 1BB", "LDN", "GB", "King Street", "EN", "GBP", "+44 20"),
        new("Manchester", "M1 1AE", "MAN", "GB", "Deansgate", "EN", "GBP", "+44 161"),
        new("New York", "10001", "NY", "US", "Fifth Avenue", "EN", "USD", "+1 212"),
        new("Newtown Square", "19073", "PA", "US", "West Chester Pike", "EN", "USD", "+1 610"),
        new("Palo Alto", "94304", "CA", "US", "Hillview Avenue", "EN", "USD", "+1 650"),
        new("Chicago", "60601", "IL", "US", "Michigan Avenue", "EN", "USD", "+1 312"),
        new("Toronto", "M5H 2N2", "ON", "CA", "Bay Street", "EN", "CAD", "+1 416"),
        new("Tokyo", "100-0005", "13", "JP", "Marunouchi", "JA", "JPY", "+81 3"),
        new("Sydney", "2000", "NSW", "AU", "George Street", "EN", "AUD", "+61 2"),
        new("Bangalore", "560066", "KA", "IN", "Whitefield Road", "EN", "INR", "+91 80"),
        new("São Paulo", "01310-100", "SP", "BR", "Avenida Paulista", "PT", "BRL", "+55 11"),
    ];

    public static readonly string[] FirstNames =
    [
        "Anna", "Lukas", "Sophie", "Jonas", "Marie", "Felix", "Laura", "Paul", "Emma", "Leon", "Julia", "Max",
        "Olivia", "James", "Amelia", "Noah", "Chloé", "Louis", "Lucía", "Mateo", "Giulia", "Marco", "Yuki", "Haruto",
        "Priya", "Arjun", "Isabela", "Rafael", "Emily", "Michael",
    ];

    public static readonly string[] LastNames =
    [
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Schulz",
        "Smith", "Johnson", "Brown", "Taylor", "Martin", "Bernard", "García", "Rossi", "Bianchi", "Tanaka",
        "Sato", "Sharma", "Patel", "Silva", "Santos", "de Vries", "Jansen", "Novak", "Berg", "Keller",
    ];

    public static readonly string[] CompanyStems =
    [
        "Inlandsbank", "Nordwind Logistik", "Alpine Components", "Blue Ocean Trading", "Crescent Foods",
        "Domestic US Supplier", "Elbe Maschinenbau", "Falcon Aerospace", "Greenfield Agrar", "Helios Energy",
        "Ibex Pharma", "Jupiter Retail", "Kestrel Motors", "Lindqvist Papier", "Meridian Textiles",
        "Nova Electronics", "Orion Chemicals", "Pacific Beverages", "Quartz Optics", "Rhein Stahl",
        "Sierra Outdoor", "Tauern Bau", "Umbra Software", "Vega Medical", "Westpark Immobilien",
    ];

    public static readonly string[] CompanySuffixes = ["GmbH", "AG", "Inc.", "Ltd.", "S.A.", "S.p.A.", "B.V.", "Corp."];

    public static readonly string[] Materials =
    [
        "TG11", "TG12", "TG13", "TG14", "TG21", "TG22", "FG126", "FG228", "MZ-FG-C900", "MZ-FG-R100",
        "MZ-TG-Y120", "RM120", "RM122", "SG23", "SG24",
    ];

    public static readonly string[] Units = ["PC", "EA", "KG", "L", "M", "BOX"];

    public static readonly string[] Words =
    [
        "standard", "order", "delivery", "customer", "express", "quarterly", "framework", "contract", "service",
        "urgent", "replacement", "spare", "parts", "consignment", "project", "return", "pickup", "invoice",
    ];
}
