using Microsoft.OData.Edm;
using SapSandbox.Core.Messages;
using SapSandbox.Core.Operations;

namespace SapSandbox.Services.S4Behavior;

/// <summary>
/// API_SALES_ORDER_SRV's <c>releaseApprovalRequest</c> and <c>rejectApprovalRequest</c>
/// (<c>POST /releaseApprovalRequest?SalesOrder='1000'</c>): the approver's decision on an order that waits in
/// S/4's sales document approval. It moves <c>SalesDocApprovalStatus</c> from In Approval to Released or Rejected
/// (the order's ETag moves with it) and answers <c>{"Boolean":true}</c> with a success message; an order that is not
/// awaiting approval is refused with 400, one that does not exist with 404.
/// </summary>
public sealed class SalesOrderApproval(bool release) : IOperationHandler
{
    /// <summary>The approval status values of S/4's sales documents (domain of <c>SalesDocApprovalStatus</c>).</summary>
    public const string NotRelevant = "", InApproval = "A", Released = "B", Rejected = "C";

    public const string Set = "A_SalesOrder";

    public OperationResult Invoke(OperationCall call)
    {
        var table = StoredRows.Table(call.Service, Set);
        var number = call.Parameters.GetValueOrDefault("SalesOrder") as string ?? "";
        if (number.Length == 0) throw S4Error.BadRequest("V1/045", "Enter a sales order number (parameter SalesOrder)", "SalesOrder");
        var order = StoredRows.ByNumber(call.Service, call.Session, table, number)
            ?? throw S4Error.NotFound("V1/302", $"SD document {number} is not in the database or has been archived", "SalesOrder");
        var shown = order.Text("SalesOrder").TrimStart('0');
        var status = order.Text("SalesDocApprovalStatus");
        if (status != InApproval)
            throw S4Error.BadRequest("SLS_APM/010",
                $"Sales order {shown} is not awaiting approval; its approval status is {Describe(status)}", "SalesDocApprovalStatus");

        call.Writer.Set(order, ("SalesDocApprovalStatus", release ? Released : Rejected));
        RequestMessages.Add(release
            ? new SapMessage("SLS_APM/001", $"Sales order {shown} has been released", MessageSeverity.Success)
            : new SapMessage("SLS_APM/002", $"Sales order {shown} has been rejected", MessageSeverity.Success));
        var type = call.Operation.GetReturn()!.Type;
        return new OperationResult.Value(type, new Dictionary<string, object?> { ["Boolean"] = true });
    }

    static string Describe(string status) => status switch
    {
        NotRelevant => "Not Relevant",
        InApproval => "In Approval",
        Released => "Released",
        Rejected => "Rejected",
        _ => $"'{status}'",
    };
}
