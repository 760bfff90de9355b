using SapSandbox.Core.Messages;
using SapSandbox.Core.Store;
using SapSandbox.Core.Write;

namespace SapSandbox.Services.S4Behavior;

/// <summary>What S/4 says when a purchase order is saved: MM's success message 06/017 "Standard PO created under the number 4500000001".</summary>
public sealed class PurchaseOrderCreated : IEntitySetBehavior
{
    public void AfterCreate(EntityContext context, IReadOnlyDictionary<ColumnMap, object?> row)
    {
        var number = row.FirstOrDefault(v => v.Key.Path == "PurchaseOrder").Value as string ?? "";
        RequestMessages.Add(new SapMessage("06/017", $"Standard PO created under the number {number}", MessageSeverity.Success));
    }
}
