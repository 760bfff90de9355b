using System.Globalization;

namespace SapSandbox.Services.S4Data;

public sealed record PurchaseItem(int Number, Product Product, decimal Quantity, decimal NetPrice, decimal NetAmount,
    DateOnly Delivery, bool IsCompletelyDelivered, bool IsFinallyInvoiced)
{
    /// <summary>The item number as SAP counts them: 10, 20, 30.</summary>
    public string ItemNumber => Number.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A standard purchase order (type NB) to a supplier, in the ordering company code's currency.</summary>
/// <param name="ProcessingStatus">PurchasingProcessingStatus: 02 active, 03 in release, 05 release completed, 08 rejected.</param>
public sealed record PurchaseDocument(
    int Index,
    string Number,
    Partner Supplier,
    OrgUnit Unit,
    DateOnly OrderDate,
    DateTimeOffset LastChanged,
    string CreatedBy,
    string PurchasingGroup,
    string ProcessingStatus,
    IReadOnlyList<PurchaseItem> Items)
{
    public decimal TotalNetAmount => Items.Sum(i => i.NetAmount);
}

/// <summary>
/// The company's purchase orders: each to a supplier of <see cref="CompanyData"/>, for products of the catalogue in their
/// units, net amount = quantity × net price per <c>NetPriceQuantity</c> 1; numbered from 4500000000 as S/4HANA does.
/// </summary>
public static class PurchaseDocuments
{
    public const long FirstNumber = 4_500_000_000;
    static readonly DateOnly FirstOrderDate = new(2024, 1, 2);
    static readonly string[] Buyers = ["CB9980000052", "CB9980000068", "CB9980000073"];

    public static IReadOnlyList<PurchaseDocument> Build(CompanyData company, int count)
    {
        var documents = new List<PurchaseDocument>(count);
        if (company.Suppliers.Count == 0) return documents;
        var span = SalesDocuments.DataDate.DayNumber - FirstOrderDate.DayNumber;
        for (var i = 0; i < count; i++)
        {
            var random = new Random(CompanyData.StableHash("purchase-order/" + i));
            var step = Math.Max(1, span / Math.Max(1, count));
            var orderDate = SalesDocuments.Weekday(FirstOrderDate.AddDays((int)((long)i * span / count) + random.Next(step)));
            var supplier = company.Suppliers[random.Next(company.Suppliers.Count)];
            var age = SalesDocuments.DataDate.DayNumber - orderDate.DayNumber;
            var status = age <= 7 && random.Next(3) == 0 ? "03" : random.Next(100) < 3 ? "08" : age <= 30 ? "02" : "05";
            var itemCount = random.Next(1, 5);
            var products = S4Vocabulary.Products.OrderBy(_ => random.Next()).Take(itemCount).ToList();
            var items = new List<PurchaseItem>(itemCount);
            for (var k = 0; k < itemCount; k++)
            {
                var product = products[k];
                var quantity = SalesDocuments.Quantity(product, random) * 4;
                // Bought below the list price at which the company sells.
                var price = Math.Round(product.ListPrice * 0.62m * S4Vocabulary.RateFromEur(supplier.Unit.Currency), 2);
                var delivery = SalesDocuments.Weekday(orderDate.AddDays(random.Next(5, 30)));
                var received = status == "05" && delivery < SalesDocuments.DataDate;
                items.Add(new PurchaseItem((k + 1) * 10, product, quantity, price, Math.Round(quantity * price, 2), delivery, received,
                    received && age > 45));
            }
            var created = new DateTimeOffset(orderDate.ToDateTime(new TimeOnly(random.Next(7, 18), random.Next(60), random.Next(60))), TimeSpan.Zero);
            documents.Add(new PurchaseDocument(i, (FirstNumber + i).ToString(CultureInfo.InvariantCulture), supplier, supplier.Unit, orderDate,
                created.AddHours(random.Next(1, 72)), Buyers[random.Next(Buyers.Length)], "00" + (1 + random.Next(3)).ToString(CultureInfo.InvariantCulture),
                status, items));
        }
        return documents;
    }
}
