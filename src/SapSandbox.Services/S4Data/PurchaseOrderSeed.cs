namespace SapSandbox.Services.S4Data;

/// <summary>
/// CE_PURCHASEORDER_0001's rows: purchase orders to the company's suppliers with their items, one schedule line per
/// item, the supplier (VN) partner and the supplier's address as the order carries it.
/// </summary>
public static class PurchaseOrderSeed
{
    public static S4Seed For(IReadOnlyList<PurchaseDocument> orders, string version, string? dataFolder) => new S4Seed(version, dataFolder)
        .Add("PurchaseOrder", table =>
        {
            foreach (var o in orders)
            {
                var s = o.Supplier;
                table.Add()
                    .Set("PurchaseOrder", o.Number).Set("PurchaseOrderType", "NB").Set("PurchasingDocumentOrigin", "9")
                    .Set("CreatedByUser", o.CreatedBy).Set("CreationDate", o.OrderDate).Set("PurchaseOrderDate", o.OrderDate)
                    .Set("LastChangeDateTime", o.LastChanged).Set("Language", "EN")
                    .Set("PurchaseOrderDeletionCode", o.ProcessingStatus == "08" ? "L" : "")
                    .Set("ReleaseIsNotCompleted", o.ProcessingStatus == "03").Set("PurchasingCompletenessStatus", false)
                    .Set("PurchasingProcessingStatus", o.ProcessingStatus)
                    .Set("CompanyCode", o.Unit.CompanyCode).Set("PurchasingOrganization", o.Unit.PurchasingOrganization)
                    .Set("PurchasingGroup", o.PurchasingGroup).Set("Supplier", s.Number).Set("SupplierAddressID", s.AddressId)
                    .Set("SupplierPhoneNumber", s.PhoneNumber).Set("InvoicingParty", s.Number)
                    .Set("PaymentTerms", s.PaymentTerms).Set("NetPaymentDays", s.PaymentTerms == "NT30" ? 30m : 0m)
                    .Set("IncotermsClassification", s.Incoterms).Set("IncotermsVersion", "2020").Set("IncotermsLocation1", s.Place.City)
                    .Set("PricingProcedure", "RM0000").Set("DocumentCurrency", o.Unit.Currency).Set("ExchangeRate", 1m)
                    .Set("ExchangeRateIsFixed", false).Set("TaxReturnCountry", o.Unit.Country).Set("VATRegistrationCountry", o.Unit.Country);
            }
        })
        .Add("PurchaseOrderItem", table =>
        {
            foreach (var o in orders)
                foreach (var item in o.Items)
                {
                    var product = item.Product;
                    table.Add()
                        .Set("PurchaseOrder", o.Number).Key("PurchaseOrderItem", item.Number)
                        .Set("DocumentCurrency", o.Unit.Currency).Set("PurchasingDocumentDeletionCode", o.ProcessingStatus == "08" ? "L" : "")
                        .Set("MaterialGroup", product.MaterialGroup).Set("Material", product.Code).Set("MaterialType", product.ProductType)
                        .Set("PurchaseOrderItemText", product.Description).Set("CompanyCode", o.Unit.CompanyCode).Set("Plant", o.Unit.Plant)
                        .Set("StorageLocation", o.Unit.StorageLocation)
                        .Set("OrderQuantity", item.Quantity).Set("PurchaseOrderQuantityUnit", product.Unit).Set("BaseUnit", product.Unit)
                        .Set("OrderPriceUnit", product.Unit).Set("OrderItemQtyToBaseQtyNmrtr", 1m).Set("OrderItemQtyToBaseQtyDnmntr", 1m)
                        .Set("OrderPriceUnitToOrderUnitNmrtr", 1m).Set("OrdPriceUnitToOrderUnitDnmntr", 1m)
                        .Set("NetPriceAmount", item.NetPrice).Set("NetPriceQuantity", 1m)
                        .Set("NetAmount", item.NetAmount).Set("GrossAmount", item.NetAmount).Set("EffectiveAmount", item.NetAmount)
                        .Set("ItemGrossWeight", Math.Round(item.Quantity * product.WeightKg, 3)).Set("ItemNetWeight", Math.Round(item.Quantity * product.WeightKg, 3))
                        .Set("ItemWeightUnit", "KG")
                        .Set("IsCompletelyDelivered", item.IsCompletelyDelivered).Set("IsFinallyInvoiced", item.IsFinallyInvoiced)
                        .Set("GoodsReceiptIsExpected", true).Set("InvoiceIsExpected", true).Set("InvoiceIsGoodsReceiptBased", true)
                        .Set("PurchaseOrderItemCategory", "0").Set("PurchaseOrderCategory", "F").Set("AccountAssignmentCategory", "")
                        .Set("IncotermsClassification", o.Supplier.Incoterms).Set("IncotermsLocation1", o.Supplier.Place.City)
                        .Set("TaxCountry", o.Unit.Country).Set("PurgDocPriceDate", o.OrderDate).Set("PriceIsToBePrinted", true);
                }
        }, "PurchaseOrder")
        .Add("PurchaseOrderScheduleLine", table =>
        {
            foreach (var o in orders)
                foreach (var item in o.Items)
                    table.Add()
                        .Set("PurchaseOrder", o.Number).Key("PurchaseOrderItem", item.Number).Key("ScheduleLine", 1)
                        .Set("ScheduleLineDeliveryDate", item.Delivery).Set("SchedLineStscDeliveryDate", item.Delivery)
                        .Set("ScheduleLineDeliveryTime", TimeOnly.MinValue).Set("ScheduleLineOrderQuantity", item.Quantity)
                        .Set("OpenPurchaseOrderQuantity", item.IsCompletelyDelivered ? 0m : item.Quantity)
                        .Set("PurchaseOrderQuantityUnit", item.Product.Unit).Set("Currency", o.Unit.Currency)
                        .Set("DelivDateCategory", "1").Set("ScheduleLineOrderDate", o.OrderDate);
        }, "PurchaseOrder", "PurchaseOrderItem")
        .Add("PurchaseOrderPartner", table =>
        {
            foreach (var o in orders)
                table.Add()
                    .Set("PurchaseOrder", o.Number).Set("PartnerFunction", "VN").Set("PurchasingOrganization", o.Unit.PurchasingOrganization)
                    .Set("CreatedByUser", o.CreatedBy).Set("CreationDate", o.OrderDate).Set("Supplier", o.Supplier.Number)
                    .Set("DefaultPartner", true);
        }, "PurchaseOrder")
        .Add("PurchaseOrderSupplierAddress", table =>
        {
            foreach (var o in orders)
            {
                var s = o.Supplier;
                table.Add()
                    .Set("SupplierAddressID", s.AddressId).Set("PurchaseOrder", o.Number).Set("AddressID", s.AddressId)
                    .Set("CorrespondenceLanguage", s.Place.Language).Set("AddresseeFullName", s.Name).Set("OrganizationName1", s.Name)
                    .Set("AddressSearchTerm1", s.SearchTerm).Set("CityName", s.Place.City).Set("PostalCode", s.Place.PostalCode)
                    .Set("StreetName", s.Place.Street).Set("HouseNumber", s.HouseNumber).Set("Country", s.Place.Country)
                    .Set("Region", s.Place.Region).Set("FormOfAddress", s.IsPerson ? s.IsFemale ? "0001" : "0002" : "0003")
                    .Set("AddressTimeZone", s.Place.TimeZone).Set("EmailAddress", s.Email);
            }
        }, "PurchaseOrder");
}
