using SapSandbox.Core.Messages;
using SapSandbox.Core.Operations;
using SapSandbox.Core.Query;
using SapSandbox.Core.Store;
using SapSandbox.Core.Write;

namespace SapSandbox.Services.S4Behavior;

/// <summary>
/// CE_SALESORDER_0001's bound action <c>UpdatePrices</c> (<c>POST SalesOrder('1000')/…/UpdatePrices</c> with
/// <c>{"PricingType":"B"}</c>, or on one <c>SalesOrderItem</c>): prices the items again as of today, as S/4's
/// "Update Prices" does after a quantity changed. Each item's quantity-dependent pricing elements take rate ×
/// quantity, percentage ones their rate of the net value before them; the item's net and tax amounts become the sums of its
/// active, non-statistical elements and the order's total net amount the sum of its items. The order (and so its
/// ETag) changes; the action has no result (204), its success message travels in <c>sap-messages</c>.
/// </summary>
public sealed class UpdatePrices : IOperationHandler
{
    public const string Orders = "SalesOrder", Items = "SalesOrderItem";

    /// <summary>SD's pricing types (KNPRS) the action accepts, as the value help of the parameter lists them.</summary>
    static readonly HashSet<string> pricingTypes = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "M", "N", "Q", "T", "U", "X"];

    public OperationResult Invoke(OperationCall call)
    {
        var binding = call.Binding
            ?? throw QueryException.BadRequest("UpdatePrices is bound to one sales order or item: call it on SalesOrder('…') or SalesOrderItem(…)");
        var pricingType = call.Parameters.GetValueOrDefault("PricingType") as string ?? "";
        if (!pricingTypes.Contains(pricingType))
            throw S4Error.BadRequest("SLS_PRICING/002", $"Pricing type '{pricingType}' is not defined; B carries out new pricing", "PricingType");

        var today = StoredValue.FromDate(DateOnly.FromDateTime(DateTime.UtcNow));
        ExistingEntity order;
        if (binding.Table.Name == Items)
        {
            Reprice(call, binding, today);
            order = StoredRows.ByNumber(call.Service, call.Session, StoredRows.Table(call.Service, Orders), binding.Text("SalesOrder"))!;
        }
        else
        {
            order = binding;
            foreach (var item in StoredRows.Related(call.Service, call.Session, order, "_Item")) Reprice(call, item, today);
        }
        var total = StoredRows.Related(call.Service, call.Session, order, "_Item").Sum(i => i.Amount("NetAmount"));
        call.Writer.Set(order, ("TotalNetAmount", Math.Round(total, 2)), ("PricingDate", today));
        RequestMessages.Add(new SapMessage("SLS_PRICING/001", $"Prices of sales order {order.Text("SalesOrder").TrimStart('0')} have been updated", MessageSeverity.Success));
        return new OperationResult.Nothing();
    }

    static void Reprice(OperationCall call, ExistingEntity item, string today)
    {
        var quantity = item.Amount("RequestedQuantity");
        var elements = StoredRows.Related(call.Service, call.Session, item, "_ItemPricingElement");
        decimal net = 0, tax = 0;
        foreach (var element in elements.OrderBy(e => e.Text("PricingProcedureStep"), StringComparer.Ordinal))
        {
            var amount = element.Amount("ConditionAmount");
            var rate = element.Amount("ConditionRateAmount");
            switch (element.Text("ConditionCalculationType"))
            {
                case "C": // quantity-dependent: rate per pricing unit
                    var per = element.Amount("ConditionQuantity") is > 0 and var unit ? unit : 1m;
                    amount = Math.Round(rate * quantity / per, 2);
                    break;
                case "A": // percentage of the net value before it (a discount, or the tax on the net)
                    amount = Math.Round(net * rate / 100m, 2);
                    break;
            }
            if (amount != element.Amount("ConditionAmount")) call.Writer.Set(element, ("ConditionAmount", amount));
            if (element.Flag("ConditionIsForStatistics") || element.Text("ConditionInactiveReason").Length > 0) continue;
            if (element.Text("ConditionClass") == "D") tax += amount;
            else net += amount;
        }
        // An item without pricing elements keeps its amounts: there is nothing to price it from.
        if (elements.Count == 0) call.Writer.Set(item, ("PricingDate", today));
        else call.Writer.Set(item, ("NetAmount", net), ("TaxAmount", tax), ("PricingDate", today));
    }
}
