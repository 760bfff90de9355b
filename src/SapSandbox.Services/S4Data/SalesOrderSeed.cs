namespace SapSandbox.Services.S4Data;

/// <summary>
/// The sales orders' rows in API_SALES_ORDER_SRV (V2 names: A_SalesOrder, Material, RequestedQuantityUnit) and in
/// CE_SALESORDER_0001 (V4 names: SalesOrder, Product, RequestedQuantitySAPUnit): headers, items, one schedule line and
/// one price condition (PPR0) per item, and the sold-to, ship-to, bill-to and payer partners.
/// </summary>
public static class SalesOrderSeed
{
    /// <summary>Partner functions as the APIs show them, with the internal codes behind them.</summary>
    static readonly (string Function, string Internal)[] PartnerFunctions = [("SP", "AG"), ("SH", "WE"), ("BP", "RE"), ("PY", "RG")];

    public static S4Seed ForV2(IReadOnlyList<SalesDocument> orders, string version, string? dataFolder) =>
        For(orders, version, dataFolder, v4: false, "A_SalesOrder", "A_SalesOrderItem", "A_SalesOrderScheduleLine", "A_SalesOrderItemPrElement", "A_SalesOrderHeaderPartner");

    public static S4Seed ForV4(IReadOnlyList<SalesDocument> orders, string version, string? dataFolder) =>
        For(orders, version, dataFolder, v4: true, "SalesOrder", "SalesOrderItem", "SalesOrderScheduleLine", "SalesOrderItemPricingElement", "SalesOrderPartner");

    static S4Seed For(IReadOnlyList<SalesDocument> orders, string version, string? dataFolder, bool v4, string headers, string items, string scheduleLines,
        string prices, string partners) => new S4Seed(version, dataFolder)
        .Add(headers, table =>
        {
            foreach (var o in orders)
            {
                var customer = o.SoldTo;
                table.Add()
                    .Set("SalesOrder", o.Number).Set("SalesOrderType", "OR").Set("SalesOrderTypeInternalCode", "TA")
                    .Set("SalesOrganization", o.Unit.SalesOrganization).Set("DistributionChannel", "10").Set("OrganizationDivision", "00")
                    .Set("SoldToParty", customer.Number).Set("CustomerCreditAccount", customer.Number)
                    .Set("CreationDate", o.OrderDate).Set("CreationTime", TimeOnly.FromDateTime(o.Created.UtcDateTime))
                    .Set("CreatedByUser", o.CreatedBy).Set("LastChangedByUser", o.CreatedBy)
                    .Set("LastChangeDate", DateOnly.FromDateTime(o.LastChanged.UtcDateTime)).Set("LastChangeDateTime", o.LastChanged)
                    .Set("PurchaseOrderByCustomer", o.CustomerReference).Set("CustomerPurchaseOrderDate", o.CustomerPurchaseOrderDate)
                    .Set("SalesOrderDate", o.OrderDate).Set("PricingDate", o.OrderDate).Set("RequestedDeliveryDate", o.RequestedDelivery)
                    .Set("TotalNetAmount", o.TotalNetAmount).Set("TransactionCurrency", o.Currency)
                    .Set("PriceDetnExchangeRate", 1m).Set("AccountingExchangeRate", 1m)
                    .Set("ShippingCondition", "01").Set("CompleteDeliveryIsDefined", false).Set("SlsDocIsRlvtForProofOfDeliv", false)
                    .Set("IncotermsClassification", customer.Incoterms).Set("IncotermsVersion", "2020").Set("IncotermsLocation1", customer.Place.City)
                    .Set("CustomerPaymentTerms", customer.PaymentTerms).Set("CustomerAccountAssignmentGroup", "01").Set("CustomerGroup", "01")
                    .Set("TaxDepartureCountry", o.Unit.Country).Set("VATRegistrationCountry", customer.Place.Country)
                    .Set("BillingCompanyCode", o.Unit.CompanyCode).Set("ControllingArea", "A000").Set("SDPricingProcedure", "RVAA01")
                    .Set("OverallSDProcessStatus", o.Status.Process).Set("OverallDeliveryStatus", o.Status.Delivery)
                    .Set("OverallTotalDeliveryStatus", o.Status.Delivery).Set("OverallSDDocumentRejectionSts", o.Status.Rejection)
                    .Set("TotalCreditCheckStatus", o.Status.CreditCheck).Set("TotalBlockStatus", o.Status.CreditCheck == "B" ? "C" : "")
                    .Set("SalesDocApprovalStatus", o.Status.Approval)
                    .Set("HdrGeneralIncompletionStatus", "C").Set("OvrlItmGeneralIncompletionSts", "C");
            }
        })
        .Add(items, table =>
        {
            foreach (var o in orders)
                foreach (var item in o.Items)
                {
                    var product = item.Product;
                    table.Add()
                        .Set("SalesOrder", o.Number).Key("SalesOrderItem", item.Number)
                        .Set("SalesOrderItemCategory", "TAN").Set("SalesOrderItemText", product.Description)
                        .Set(v4 ? "Product" : "Material", product.Code).Set(v4 ? "ProductGroup" : "MaterialGroup", product.MaterialGroup)
                        .Set("PurchaseOrderByCustomer", o.CustomerReference)
                        .Set("RequestedQuantity", item.Quantity).Set("RequestedQuantityUnit", product.Unit)
                        .Set("RequestedQuantitySAPUnit", product.Unit).Set("RequestedQuantityISOUnit", product.IsoUnit)
                        .Set("OrderQuantityUnit", product.Unit).Set("OrderQuantitySAPUnit", product.Unit).Set("OrderQuantityISOUnit", product.IsoUnit)
                        .Set("ConfdDelivQtyInOrderQtyUnit", o.Status.Rejected ? 0m : item.Quantity)
                        .Set("ItemGrossWeight", item.GrossWeight).Set("ItemNetWeight", Math.Round(item.GrossWeight * 0.95m, 3))
                        .Set("ItemWeightUnit", "KG").Set("ItemWeightSAPUnit", "KG").Set("ItemWeightISOUnit", "KGM")
                        .Set("TransactionCurrency", o.Currency).Set("NetAmount", item.NetAmount).Set("TaxAmount", item.TaxAmount)
                        .Set("CostAmount", Math.Round(item.NetAmount * 0.6m, 2))
                        .Set("PricingDate", o.OrderDate).Set("RequestedDeliveryDate", item.RequestedDelivery)
                        .Set("ConfirmedDeliveryDate", o.Status.Rejected ? null : item.ConfirmedDelivery)
                        .Set(v4 ? "Plant" : "ProductionPlant", o.Unit.Plant).Set("ShippingPoint", o.Unit.ShippingPoint)
                        .Set("StorageLocation", o.Unit.StorageLocation)
                        .Set("IncotermsClassification", o.SoldTo.Incoterms).Set("IncotermsLocation1", o.SoldTo.Place.City)
                        .Set("CustomerPaymentTerms", o.SoldTo.PaymentTerms).Set("CustomerGroup", "01").Set("MatlAccountAssignmentGroup", "01")
                        .Set("SDProcessStatus", item.Process).Set("DeliveryStatus", item.Delivery)
                        .Set("SDDocumentRejectionStatus", o.Status.Rejection).Set("SalesDocumentRjcnReason", o.Status.Rejected ? "03" : "")
                        .Set("ItemGeneralIncompletionStatus", "C").Set("DeliveryDateQuantityIsFixed", false).Set("SlsDocIsRlvtForProofOfDeliv", false);
                }
        }, headers)
        .Add(scheduleLines, table =>
        {
            foreach (var o in orders)
                foreach (var item in o.Items)
                {
                    var confirmed = o.Status.Rejected ? 0m : item.Quantity;
                    table.Add()
                        .Set("SalesOrder", o.Number).Key("SalesOrderItem", item.Number).Key("ScheduleLine", 1)
                        .Set("ScheduleLineCategory", "CP").Set("RequestedDeliveryDate", item.RequestedDelivery)
                        .Set("ConfirmedDeliveryDate", o.Status.Rejected ? null : item.ConfirmedDelivery)
                        .Set("OrderQuantityUnit", item.Product.Unit).Set("OrderQuantitySAPUnit", item.Product.Unit)
                        .Set("OrderQuantityISOUnit", item.Product.IsoUnit).Set("ScheduleLineOrderQuantity", item.Quantity)
                        .Set("ConfdOrderQtyByMatlAvailCheck", confirmed).Set("DeliveredQtyInOrderQtyUnit", item.DeliveredQuantity)
                        .Set("OpenConfdDelivQtyInOrdQtyUnit", confirmed - item.DeliveredQuantity).Set("CorrectedQtyInOrderQtyUnit", item.Quantity)
                        .Set("GoodsMovementType", "601");
                }
        }, headers, items)
        .Add(prices, table =>
        {
            foreach (var o in orders)
                foreach (var item in o.Items)
                    table.Add()
                        .Set("SalesOrder", o.Number).Key("SalesOrderItem", item.Number).Key("PricingProcedureStep", 10).Key("PricingProcedureCounter", 1)
                        .Set("ConditionType", "PPR0").Set("PriceElementDescription", "Price").Set("ConditionCalculationType", "C")
                        .Set(v4 ? "ConditionRateAmount" : "ConditionRateValue", item.NetPrice).Set("ConditionCurrency", o.Currency)
                        .Set("ConditionQuantity", 1m).Set("ConditionQuantityUnit", item.Product.Unit)
                        .Set("ConditionQuantitySAPUnit", item.Product.Unit).Set("ConditionQuantityISOUnit", item.Product.IsoUnit)
                        .Set(v4 ? "ConditionBaseQuantity" : "ConditionBaseValue", item.Quantity).Set("ConditionAmount", item.NetAmount)
                        .Set("TransactionCurrency", o.Currency).Set("ConditionCategory", "H").Set("ConditionClass", "B")
                        .Set("ConditionOrigin", "A").Set("ConditionIsForStatistics", false).Set("ConditionIsManuallyChanged", false);
        }, headers, items)
        .Add(partners, table =>
        {
            foreach (var o in orders)
            {
                var c = o.SoldTo;
                foreach (var (function, internalCode) in PartnerFunctions)
                    table.Add()
                        .Set("SalesOrder", o.Number).Set("PartnerFunction", function).Set("PartnerFunctionInternalCode", internalCode)
                        .Set("Customer", c.Number).Set("ReferenceBusinessPartner", c.Number).Set("AddressID", c.AddressId)
                        .Set("BusinessPartnerName1", c.Name).Set("StreetName", c.Place.Street).Set("HouseNumber", c.HouseNumber)
                        .Set("PostalCode", c.Place.PostalCode).Set("CityName", c.Place.City).Set("Region", c.Place.Region)
                        .Set("Country", c.Place.Country).Set("PhoneNumberCountry", c.Place.Country)
                        .Set("InternationalPhoneNumber", c.PhoneNumber).Set("EmailAddress", c.Email)
                        .Set("CorrespondenceLanguage", c.Place.Language).Set("FormOfAddress", c.IsPerson ? c.IsFemale ? "0001" : "0002" : "0003")
                        .Set("AddressObjectType", "1").Set("SDDocPartnerAddrIsDocSpecific", false);
            }
        }, headers);
}
