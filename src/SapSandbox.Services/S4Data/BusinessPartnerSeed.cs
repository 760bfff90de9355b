using System.Globalization;

namespace SapSandbox.Services.S4Data;

/// <summary>
/// API_BUSINESS_PARTNER's rows from the company's partners: the partners with their roles, one standard address each
/// (with usage, e-mail and phone), and the customer and supplier views of those that have the roles, with the sales
/// area, company code and purchasing organisation they are maintained in.
/// </summary>
public static class BusinessPartnerSeed
{
    static readonly DateOnly ValidityEnd = new(9999, 12, 31);
    const string CreatedBy = "CB9980000010";

    public static S4Seed For(CompanyData company, string version, string? dataFolder) => new S4Seed(version, dataFolder)
        .Add("A_BusinessPartner", table =>
        {
            foreach (var p in company.Partners)
            {
                var created = new DateTimeOffset(p.Created.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero).AddMinutes(p.Index % 480);
                var row = table.Add()
                    .Set("BusinessPartner", p.Number)
                    .Set("Customer", p.IsCustomer ? p.Number : "")
                    .Set("Supplier", p.IsSupplier ? p.Number : "")
                    .Set("BusinessPartnerCategory", p.Category)
                    .Set("BusinessPartnerFullName", p.Name)
                    .Set("BusinessPartnerName", p.Name)
                    .Set("BusinessPartnerGrouping", "BP01")
                    .Set("CorrespondenceLanguage", p.Place.Language)
                    .Set("Language", p.Place.Language)
                    .Set("CreatedByUser", CreatedBy)
                    .Set("CreationDate", p.Created)
                    .Set("CreationTime", TimeOnly.FromDateTime(created.UtcDateTime))
                    .Set("LastChangedByUser", CreatedBy)
                    .Set("LastChangeDate", p.Created.AddDays(p.Index % 90))
                    .Set("LastChangeTime", TimeOnly.FromDateTime(created.UtcDateTime.AddMinutes(37)))
                    .Set("ETag", $"{CreatedBy} {p.Created.AddDays(p.Index % 90):yyyyMMdd}{created.AddMinutes(37):HHmmss}")
                    .Set("SearchTerm1", p.SearchTerm)
                    .Set("BusinessPartnerIsBlocked", false)
                    .Set("IsMarkedForArchiving", false)
                    .Set("BusinessPartnerDeathDate", null)
                    .Set("OrganizationLiquidationDate", null);
                if (p.IsPerson)
                    row.Set("FirstName", p.FirstName).Set("LastName", p.LastName).Set("PersonFullName", p.Name)
                        .Set("IsNaturalPerson", "X").Set("IsFemale", p.IsFemale).Set("IsMale", !p.IsFemale).Set("IsSexUnknown", false)
                        .Set("GenderCodeName", p.IsFemale ? "1" : "2").Set("FormOfAddress", p.IsFemale ? "0001" : "0002")
                        .Set("PersonNumber", PersonNumber(p))
                        .Set("BirthDate", new DateOnly(1958, 1, 1).AddDays(p.Index * 97 % (40 * 365)))
                        .Set("OrganizationFoundationDate", null);
                else
                    row.Set("OrganizationBPName1", p.OrganizationName).Set("LegalForm", p.LegalFormKey).Set("FormOfAddress", "0003")
                        .Set("IsFemale", false).Set("IsMale", false).Set("IsSexUnknown", false)
                        .Set("OrganizationFoundationDate", new DateOnly(1950, 1, 1).AddDays(p.Index * 211 % (60 * 365)))
                        .Set("BirthDate", null);
            }
        })
        .Add("A_BusinessPartnerRole", table =>
        {
            foreach (var p in company.Partners)
                foreach (var role in p.Roles)
                    table.Add().Set("BusinessPartner", p.Number).Set("BusinessPartnerRole", role)
                        .Set("ValidFrom", p.Created).Set("ValidTo", ValidityEnd);
        }, "A_BusinessPartner")
        .Add("A_BusinessPartnerAddress", table =>
        {
            foreach (var p in company.Partners)
                table.Add()
                    .Set("BusinessPartner", p.Number).Set("AddressID", p.AddressId)
                    .Set("ValidityStartDate", p.Created).Set("ValidityEndDate", ValidityEnd)
                    .Set("AddressTimeZone", p.Place.TimeZone).Set("CityName", p.Place.City).Set("Country", p.Place.Country)
                    .Set("PostalCode", p.Place.PostalCode).Set("Region", p.Place.Region).Set("StreetName", p.Place.Street)
                    .Set("HouseNumber", p.HouseNumber).Set("Language", p.Place.Language).Set("FullName", p.Name)
                    .Set("FormOfAddress", p.IsPerson ? p.IsFemale ? "0001" : "0002" : "0003")
                    .Set("Person", p.IsPerson ? PersonNumber(p) : "")
                    .Set("PrfrdCommMediumType", "INT").Set("POBoxIsWithoutNumber", false);
        }, "A_BusinessPartner")
        .Add("A_BuPaAddressUsage", table =>
        {
            foreach (var p in company.Partners)
                table.Add().Set("BusinessPartner", p.Number).Set("AddressID", p.AddressId).Set("AddressUsage", "XXDEFAULT")
                    .Set("ValidityStartDate", p.Created).Set("ValidityEndDate", ValidityEnd).Set("StandardUsage", true);
        }, "A_BusinessPartner", "A_BusinessPartnerAddress")
        .Add("A_AddressEmailAddress", table =>
        {
            foreach (var p in company.Partners)
                table.Add().Set("AddressID", p.AddressId).Set("Person", p.IsPerson ? PersonNumber(p) : "").Set("OrdinalNumber", "1")
                    .Set("IsDefaultEmailAddress", true).Set("EmailAddress", p.Email).Set("SearchEmailAddress", p.Email.ToUpperInvariant());
        }, "A_BusinessPartner", "A_BusinessPartnerAddress")
        .Add("A_AddressPhoneNumber", table =>
        {
            foreach (var p in company.Partners)
                table.Add().Set("AddressID", p.AddressId).Set("Person", p.IsPerson ? PersonNumber(p) : "").Set("OrdinalNumber", "1")
                    .Set("DestinationLocationCountry", p.Place.Country).Set("IsDefaultPhoneNumber", true)
                    .Set("PhoneNumber", p.PhoneNumber[(p.PhoneNumber.IndexOf(' ') + 1)..]).Set("InternationalPhoneNumber", p.PhoneNumber)
                    .Set("PhoneNumberType", "1");
        }, "A_BusinessPartner", "A_BusinessPartnerAddress")
        .Add("A_Customer", table =>
        {
            foreach (var p in company.Customers)
                table.Add()
                    .Set("Customer", p.Number).Set("CustomerName", p.Name).Set("CustomerFullName", p.Name)
                    .Set("CustomerAccountGroup", "CUST").Set("CreatedByUser", CreatedBy).Set("CreationDate", p.Created)
                    .Set("NFPartnerIsNaturalPerson", p.IsPerson ? "X" : "").Set("Supplier", p.IsSupplier ? p.Number : "")
                    .Set("VATRegistration", VatNumber(p)).Set("PostingIsBlocked", false).Set("DeletionIndicator", false);
        }, "A_BusinessPartner")
        .Add("A_CustomerSalesArea", table =>
        {
            foreach (var p in company.Customers)
                table.Add()
                    .Set("Customer", p.Number).Set("SalesOrganization", p.Unit.SalesOrganization).Set("DistributionChannel", "10")
                    .Set("Division", "00").Set("Currency", p.Unit.Currency).Set("CustomerPaymentTerms", p.PaymentTerms)
                    .Set("IncotermsClassification", p.Incoterms).Set("IncotermsVersion", "2020").Set("IncotermsLocation1", p.Place.City)
                    .Set("ShippingCondition", "01").Set("SupplyingPlant", p.Unit.Plant).Set("CustomerPricingProcedure", "01")
                    .Set("CustomerAccountAssignmentGroup", "01").Set("CustomerGroup", "01").Set("DeliveryPriority", "2")
                    .Set("PartialDeliveryIsAllowed", "").Set("OrderCombinationIsAllowed", true).Set("CompleteDeliveryIsDefined", false)
                    .Set("ExchangeRateType", "M").Set("CustomerAccountGroup", "CUST").Set("DeletionIndicator", false);
        }, "A_BusinessPartner", "A_Customer")
        .Add("A_CustomerCompany", table =>
        {
            foreach (var p in company.Customers)
                table.Add()
                    .Set("Customer", p.Number).Set("CompanyCode", p.Unit.CompanyCode).Set("PaymentTerms", p.PaymentTerms)
                    .Set("ReconciliationAccount", "12100000").Set("LayoutSortingRule", "009").Set("CustomerAccountGroup", "CUST")
                    .Set("DeletionIndicator", false);
        }, "A_BusinessPartner", "A_Customer")
        .Add("A_Supplier", table =>
        {
            foreach (var p in company.Suppliers)
                table.Add()
                    .Set("Supplier", p.Number).Set("SupplierName", p.Name).Set("SupplierFullName", p.Name)
                    .Set("SupplierAccountGroup", "SUPL").Set("CreatedByUser", CreatedBy).Set("CreationDate", p.Created)
                    .Set("Customer", p.IsCustomer ? p.Number : "").Set("IsNaturalPerson", p.IsPerson ? "X" : "")
                    .Set("VATRegistration", VatNumber(p)).Set("PaymentIsBlockedForSupplier", false).Set("PostingIsBlocked", false)
                    .Set("PurchasingIsBlocked", false).Set("DeletionIndicator", false);
        }, "A_BusinessPartner")
        .Add("A_SupplierPurchasingOrg", table =>
        {
            foreach (var p in company.Suppliers)
                table.Add()
                    .Set("Supplier", p.Number).Set("PurchasingOrganization", p.Unit.PurchasingOrganization)
                    .Set("PurchaseOrderCurrency", p.Unit.Currency).Set("PaymentTerms", p.PaymentTerms).Set("PurchasingGroup", "001")
                    .Set("IncotermsClassification", p.Incoterms).Set("IncotermsVersion", "2020").Set("IncotermsLocation1", p.Place.City)
                    .Set("InvoiceIsGoodsReceiptBased", true).Set("SupplierPhoneNumber", p.PhoneNumber)
                    .Set("SupplierAccountGroup", "SUPL").Set("DeletionIndicator", false);
        }, "A_BusinessPartner", "A_Supplier")
        .Add("A_SupplierCompany", table =>
        {
            foreach (var p in company.Suppliers)
                table.Add()
                    .Set("Supplier", p.Number).Set("CompanyCode", p.Unit.CompanyCode).Set("CompanyCodeName", p.Unit.CompanyName)
                    .Set("PaymentTerms", p.PaymentTerms).Set("Currency", p.Unit.Currency).Set("ReconciliationAccount", "21100000")
                    .Set("LayoutSortingRule", "009").Set("SupplierAccountGroup", "SUPL").Set("DeletionIndicator", false);
        }, "A_BusinessPartner", "A_Supplier");

    static string PersonNumber(Partner p) => (7_000_000 + p.Index).ToString(CultureInfo.InvariantCulture);

    /// <summary>A VAT number in the country's form for organisations in the EU and the UK; others and persons have none here.</summary>
    static string VatNumber(Partner p)
    {
        if (p.IsPerson || p.Place.Country is "US" or "CA" or "JP" or "AU" or "IN" or "BR" or "CH") return "";
        var digits = (CompanyData.StableHash(p.Number) % 900_000_000 + 900_000_000) % 900_000_000 + 100_000_000;
        return p.Place.Country + digits.ToString(CultureInfo.InvariantCulture);
    }
}
