using System.Globalization;

namespace SapSandbox.Services.S4Data;

/// <summary>
/// Where a document stands, in the codes of SAP's value lists: <c>OverallSDProcessStatus</c> and the delivery statuses
/// ('A' not yet processed, 'B' partially processed, 'C' completely processed), the rejection status, the credit check,
/// the approval status ('' not relevant, 'A' in approval).
/// </summary>
public sealed record DocumentStatus(string Process, string Delivery, string Rejection, string CreditCheck, bool Rejected, string Approval = "")
{
    public static readonly DocumentStatus Open = new("A", "A", "A", "A", false);
    public static readonly DocumentStatus InProcess = new("B", "B", "A", "A", false);
    public static readonly DocumentStatus Completed = new("C", "C", "A", "A", false);
    public static readonly DocumentStatus CreditBlocked = new("A", "A", "A", "B", false);
    public static readonly DocumentStatus RejectedOrder = new("C", "", "C", "A", true);
    /// <summary>Waits for an approver (releaseApprovalRequest / rejectApprovalRequest) before it is processed.</summary>
    public static readonly DocumentStatus InApproval = new("A", "A", "A", "A", false, "A");
}

public sealed record SalesItem(int Number, Product Product, decimal Quantity, decimal NetPrice, decimal NetAmount, decimal TaxAmount,
    DateOnly RequestedDelivery, DateOnly ConfirmedDelivery, string Process, string Delivery, decimal DeliveredQuantity)
{
    /// <summary>The item number as SAP counts them: 10, 20, 30.</summary>
    public string ItemNumber => Number.ToString(CultureInfo.InvariantCulture);
    public decimal GrossWeight => Math.Round(Quantity * Product.WeightKg, 3);
}

/// <summary>A standard order (type OR) of a customer, priced in its sales organisation's currency.</summary>
public sealed record SalesDocument(
    int Index,
    string Number,
    Partner SoldTo,
    OrgUnit Unit,
    string Currency,
    DateOnly OrderDate,
    DateOnly CustomerPurchaseOrderDate,
    DateOnly RequestedDelivery,
    DateTimeOffset Created,
    DateTimeOffset LastChanged,
    string CustomerReference,
    string CreatedBy,
    DocumentStatus Status,
    IReadOnlyList<SalesItem> Items)
{
    public decimal TotalNetAmount => Items.Sum(i => i.NetAmount);
}

/// <summary>
/// The company's sales orders: each sold to a customer of <see cref="CompanyData"/>, for products of the catalogue in
/// their units, its items' net amounts quantity × price, its total their sum, and its statuses following its age.
/// API_SALES_ORDER_SRV and CE_SALESORDER_0001 show the same orders, as one S/4HANA system does through both APIs.
/// </summary>
public static class SalesDocuments
{
    /// <summary>The day the data describes: orders before it are delivered, the last weeks' are open.</summary>
    public static readonly DateOnly DataDate = new(2025, 12, 31);
    static readonly DateOnly FirstOrderDate = new(2024, 1, 2);
    static readonly string[] Clerks = ["CB9980000012", "CB9980000027", "CB9980000031", "CB9980000046"];

    public static IReadOnlyList<SalesDocument> Build(CompanyData company, int count)
    {
        var documents = new List<SalesDocument>(count);
        if (company.Customers.Count == 0) return documents;
        var span = DataDate.DayNumber - FirstOrderDate.DayNumber;
        for (var i = 0; i < count; i++)
        {
            var random = new Random(CompanyData.StableHash("sales-order/" + i));
            // Numbers and dates rise together, spread over two years.
            var step = Math.Max(1, span / Math.Max(1, count));
            var orderDate = Weekday(FirstOrderDate.AddDays((int)((long)i * span / count) + random.Next(step)));
            var soldTo = company.Customers[random.Next(company.Customers.Count)];
            var unit = soldTo.Unit;
            var requested = Weekday(orderDate.AddDays(random.Next(7, 35)));
            var status = StatusFor(DataDate.DayNumber - orderDate.DayNumber, random);
            var items = Items(random, unit, requested, status);
            var created = new DateTimeOffset(orderDate.ToDateTime(new TimeOnly(random.Next(7, 18), random.Next(60), random.Next(60))), TimeSpan.Zero);
            var changed = status.Process == "A"
                ? created.AddMinutes(random.Next(1, 240))
                : created.AddDays(Math.Min(DataDate.DayNumber - orderDate.DayNumber, random.Next(3, 40))).AddMinutes(random.Next(600));
            documents.Add(new SalesDocument(i, (CompanyData.FirstNumber + i).ToString("D10", CultureInfo.InvariantCulture), soldTo, unit,
                unit.Currency, orderDate, orderDate.AddDays(-random.Next(0, 4)), requested, created, changed,
                $"PO-{orderDate.Year}-{random.Next(10_000, 99_999).ToString(CultureInfo.InvariantCulture)}",
                Clerks[random.Next(Clerks.Length)], status, items));
        }
        return documents;
    }

    static DocumentStatus StatusFor(int ageInDays, Random random)
    {
        if (random.Next(100) < 4) return DocumentStatus.RejectedOrder;
        if (ageInDays > 45) return DocumentStatus.Completed;
        if (ageInDays > 14) return DocumentStatus.InProcess;
        return random.Next(100) switch
        {
            < 15 => DocumentStatus.CreditBlocked,
            < 40 => DocumentStatus.InApproval,
            _ => DocumentStatus.Open,
        };
    }

    static List<SalesItem> Items(Random random, OrgUnit unit, DateOnly requested, DocumentStatus status)
    {
        var count = random.Next(1, 6);
        var products = S4Vocabulary.Products.OrderBy(_ => random.Next()).Take(count).ToList();
        var items = new List<SalesItem>(count);
        for (var k = 0; k < count; k++)
        {
            var product = products[k];
            var quantity = Quantity(product, random);
            var price = Math.Round(product.ListPrice * S4Vocabulary.RateFromEur(unit.Currency), 2);
            var net = Math.Round(quantity * price, 2);
            // In an order in process the first items have gone out, the others wait.
            var (process, delivery) = status switch
            {
                { Rejected: true } => ("C", ""),
                _ when status == DocumentStatus.InProcess => k == 0 ? ("C", "C") : ("B", k % 2 == 0 ? "B" : "A"),
                _ => (status.Process, status.Delivery),
            };
            var delivered = delivery switch { "C" => quantity, "B" => Math.Floor(quantity / 2), _ => 0m };
            var confirmed = Weekday(requested.AddDays(random.Next(0, 3)));
            items.Add(new SalesItem((k + 1) * 10, product, quantity, price, net, Math.Round(net * unit.TaxRate, 2), requested, confirmed,
                process, delivery, delivered));
        }
        return items;
    }

    /// <summary>Whole pieces for PC and EA; kilograms, litres and metres in bigger, rounder amounts.</summary>
    internal static decimal Quantity(Product product, Random random) => product.Unit switch
    {
        "KG" or "L" => random.Next(2, 100) * 5m,
        "M" => random.Next(5, 60) * 10m,
        _ => product.ListPrice > 500 ? random.Next(1, 12) : random.Next(1, 60),
    };

    internal static DateOnly Weekday(DateOnly date) => date.DayOfWeek switch
    {
        DayOfWeek.Saturday => date.AddDays(2),
        DayOfWeek.Sunday => date.AddDays(1),
        _ => date,
    };
}
