using SapSandbox.Core.Operations;
using SapSandbox.Core.Write;

namespace SapSandbox.Services.S4Behavior;

/// <summary>
/// What the bundled S/4HANA services do beyond storing rows, by service: their operations (every function import
/// and action their metadata declares) and the messages their creates answer with.
/// API_BUSINESS_PARTNER and CE_PURCHASEORDER_0001 declare no operations.
/// </summary>
public static class S4Services
{
    public static IReadOnlyDictionary<string, IOperationHandler> Operations(string service) => service switch
    {
        "API_SALES_ORDER_SRV" => new Dictionary<string, IOperationHandler>
        {
            ["releaseApprovalRequest"] = new SalesOrderApproval(release: true),
            ["rejectApprovalRequest"] = new SalesOrderApproval(release: false),
        },
        // Bound to SalesOrder_Type and to SalesOrderItem_Type: one handler looks at what it is bound to.
        "CE_SALESORDER_0001" => new Dictionary<string, IOperationHandler> { ["UpdatePrices"] = new UpdatePrices() },
        _ => new Dictionary<string, IOperationHandler>(),
    };

    public static IReadOnlyDictionary<string, IEntitySetBehavior> Behaviors(string service) => service switch
    {
        "API_SALES_ORDER_SRV" => new Dictionary<string, IEntitySetBehavior> { ["A_SalesOrder"] = new SalesOrderCreated() },
        "CE_SALESORDER_0001" => new Dictionary<string, IEntitySetBehavior> { ["SalesOrder"] = new SalesOrderCreated() },
        "CE_PURCHASEORDER_0001" => new Dictionary<string, IEntitySetBehavior> { ["PurchaseOrder"] = new PurchaseOrderCreated() },
        _ => new Dictionary<string, IEntitySetBehavior>(),
    };
}
