using SapSandbox.Core.Messages;
using SapSandbox.Core.Store;
using SapSandbox.Core.Write;

namespace SapSandbox.Services.S4Behavior;

/// <summary>
/// What S/4 says when a sales order is saved (V2 <c>A_SalesOrder</c>, V4 <c>SalesOrder</c>): SD's success message
/// V1/311 "Standard Order 4711 has been saved", and the incompletion warning V1/555 when the header lacks the
/// customer's purchase order number, which SD's standard incompletion procedure for orders asks for.
/// </summary>
public sealed class SalesOrderCreated : IEntitySetBehavior
{
    public void AfterCreate(EntityContext context, IReadOnlyDictionary<ColumnMap, object?> row)
    {
        string Value(string path) => row.FirstOrDefault(v => v.Key.Path == path).Value as string ?? "";
        var number = Value("SalesOrder").TrimStart('0');
        var kind = Value("SalesOrderType") is "OR" or "TA" or "" ? "Standard Order" : "Sales Order";
        RequestMessages.Add(new SapMessage("V1/311", $"{kind} {number} has been saved", MessageSeverity.Success));
        if (Value("PurchaseOrderByCustomer").Length == 0)
            RequestMessages.Add(new SapMessage("V1/555", "The sales document is not yet complete: Edit data", MessageSeverity.Warning, "PurchaseOrderByCustomer"));
    }
}
