using System.Globalization;
using System.Text;
using SapSandbox.Core.Data;

namespace SapSandbox.Services.S4Data;

/// <summary>
/// A business partner of the bundled company: a person or an organisation at a real address, with the roles that make
/// it a customer (<c>FLCU00</c>/<c>FLCU01</c>), a supplier (<c>FLVN00</c>/<c>FLVN01</c>) or a contact (<c>BUP001</c>).
/// Its customer and supplier numbers are its business partner number, as S/4HANA assigns them by default.
/// </summary>
public sealed record Partner(
    int Index,
    string Number,
    bool IsPerson,
    string FirstName,
    string LastName,
    bool IsFemale,
    string OrganizationName,
    string LegalFormKey,
    Place Place,
    string HouseNumber,
    string AddressId,
    string PhoneNumber,
    IReadOnlyList<string> Roles,
    DateOnly Created,
    OrgUnit Unit,
    string PaymentTerms,
    string Incoterms)
{
    /// <summary>"1" person, "2" organisation, as <c>BusinessPartnerCategory</c> says.</summary>
    public string Category => IsPerson ? "1" : "2";
    public bool IsCustomer => Roles.Contains("FLCU01");
    public bool IsSupplier => Roles.Contains("FLVN01");
    public string Name => IsPerson ? $"{FirstName} {LastName}" : OrganizationName;
    public string SearchTerm => CompanyData.Ascii(IsPerson ? LastName : OrganizationName.Split(' ')[0]).ToUpperInvariant();
    public string Email => IsPerson
        ? $"{CompanyData.Ascii(FirstName)}.{CompanyData.Ascii(LastName)}@example.com".ToLowerInvariant()
        : $"info@{CompanyData.Ascii(OrganizationName.Split(' ')[0]).ToLowerInvariant()}-{Number[^4..]}.example.com";
}

/// <summary>
/// The bundled company's master data, the same on every run (seeded random numbers, no clock): its business partners,
/// and through them its customers and suppliers. Every bundled service builds its rows from the same instance, so a
/// sales order's sold-to party in API_SALES_ORDER_SRV is a customer in API_BUSINESS_PARTNER.
/// </summary>
public sealed class CompanyData
{
    /// <summary>The first partner number, as the generic generator numbers root sets.</summary>
    public const int FirstNumber = 1000;
    public const int FirstAddressId = 23000;
    static readonly DateOnly FirstCreation = new(2019, 1, 7);

    public CompanyData(int partnerCount)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var partners = new List<Partner>(partnerCount);
        for (var i = 0; i < partnerCount; i++) partners.Add(NewPartner(i, names));
        Partners = partners;
        Customers = partners.Where(p => p.IsCustomer).ToList();
        Suppliers = partners.Where(p => p.IsSupplier).ToList();
        ByNumber = partners.ToDictionary(p => p.Number, StringComparer.Ordinal);
    }

    public IReadOnlyList<Partner> Partners { get; }
    public IReadOnlyList<Partner> Customers { get; }
    public IReadOnlyList<Partner> Suppliers { get; }
    public IReadOnlyDictionary<string, Partner> ByNumber { get; }

    static Partner NewPartner(int index, HashSet<string> names)
    {
        // One generator per partner: partner N is the same whatever the number of partners.
        var random = new Random(StableHash("partner/" + index));
        var place = S4Vocabulary.Places[random.Next(S4Vocabulary.Places.Length)];
        // The first partner is the organisation the README's examples sell to.
        var isPerson = index > 0 && random.Next(100) < 30;
        var (female, male, last) = S4Vocabulary.Names[place.Language];
        var isFemale = random.Next(2) == 0;
        var firstName = isFemale ? female[random.Next(female.Length)] : male[random.Next(male.Length)];
        var lastName = last[random.Next(last.Length)];
        var (legalFormKey, organization) = isPerson ? ("", "") : OrganizationName(random, place, lastName, names);

        var mix = random.Next(100);
        List<string> roles = isPerson
            ? mix < 60 ? ["FLCU00", "FLCU01"] : ["BUP001"]
            : index == 0 || mix < 55 ? ["FLCU00", "FLCU01"]
            : mix < 88 ? ["FLVN00", "FLVN01"]
            : ["FLCU00", "FLCU01", "FLVN00", "FLVN01"];

        var number = (FirstNumber + index).ToString("D10", CultureInfo.InvariantCulture);
        var phone = $"{place.PhonePrefix} {random.Next(100_000, 9_999_999).ToString(CultureInfo.InvariantCulture)}";
        return new Partner(index, number, isPerson, isPerson ? firstName : "", isPerson ? lastName : "", isPerson && isFemale,
            organization, legalFormKey, place, random.Next(1, 180).ToString(CultureInfo.InvariantCulture),
            (FirstAddressId + index).ToString(CultureInfo.InvariantCulture), phone, roles,
            FirstCreation.AddDays(random.Next(0, 5 * 365)), S4Vocabulary.UnitFor(place),
            S4Vocabulary.PaymentTerms[random.Next(S4Vocabulary.PaymentTerms.Length)],
            S4Vocabulary.Incoterms[random.Next(S4Vocabulary.Incoterms.Length)]);
    }

    /// <summary>A name with one of the country's legal forms; a name taken already gets the city.</summary>
    static (string Key, string Name) OrganizationName(Random random, Place place, string familyName, HashSet<string> names)
    {
        var trades = S4Vocabulary.Trades[place.Language];
        var forms = S4Vocabulary.LegalForms[place.Country];
        var (key, form) = forms[random.Next(forms.Length)];
        // Some carry the generic generator's company names (Kestrel Motors, Inlandsbank), the others a family name and a trade.
        var stem = random.Next(8) == 0
            ? DemoVocabulary.CompanyStems[random.Next(DemoVocabulary.CompanyStems.Length)]
            : $"{familyName} {trades[random.Next(trades.Length)]}";
        var name = $"{stem} {form}";
        if (!names.Add(name)) names.Add(name = $"{stem} {place.City} {form}");
        return (key, name.Length > 40 ? name[..40].TrimEnd() : name);
    }

    internal static string Ascii(string value)
    {
        var builder = new StringBuilder();
        foreach (var c in value.Normalize(NormalizationForm.FormD))
            if (c < 128 && char.IsLetterOrDigit(c)) builder.Append(c);
        return builder.ToString();
    }

    /// <summary>string.GetHashCode is randomised per process; the data must be the same on every run.</summary>
    internal static int StableHash(string text)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var c in text) hash = (hash ^ c) * 16777619;
            return hash;
        }
    }
}
