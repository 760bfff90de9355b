using SapSandbox.Core.Operations;
using SapSandbox.Core.Query;
using SapSandbox.Core.Store;
using SapSandbox.Core.Write;

namespace SapSandbox.Services.CloudIntegration.Monitoring;

/// <summary>
/// <c>POST /CancelMessageProcessingLog?Id='&lt;MessageGuid&gt;'</c>: an operator stops a message that is still being
/// processed or waits for its next retry. Its log becomes CANCELLED ("manual cancellation … MPL is set to status
/// cancelled"), ends now, and its open runs with it; a message that has reached a final status cannot be cancelled.
/// Answers the log as it now reads.
/// </summary>
sealed class CancelMessageProcessingLog : IOperationHandler
{
    /// <summary>The statuses a message can still leave: processing, waiting for a retry, or interrupted (resumable).</summary>
    static readonly HashSet<string> Cancellable = ["PROCESSING", "RETRY", "ABANDONED"];

    public OperationResult Invoke(OperationCall call)
    {
        var id = call.Parameters.GetValueOrDefault("Id") as string;
        if (string.IsNullOrEmpty(id)) throw QueryException.BadRequest("Parameter 'Id' (the message's MessageGuid) is required", "Id");
        var table = call.Service.Schema.Table("MessageProcessingLogs")!;
        var key = new Dictionary<ColumnMap, object?> { [table.Keys[0]] = id };
        var log = ExistingEntity.Find(call.Service, call.Session, ExistingEntity.PathOf(table, key))
                  ?? throw QueryException.NotFound($"Message processing log with ID {id} not found");
        var status = log.Text("Status") ?? "";
        if (!Cancellable.Contains(status))
            throw QueryException.BadRequest($"Message {id} has the final status {status} and cannot be cancelled; only messages in status PROCESSING, RETRY or ABANDONED can");

        var now = DateTimeOffset.UtcNow;
        var input = new EntityInput(table);
        Set(input, "Status", "CANCELLED");
        // A custom status the flow set stays; the default one follows the status.
        if (log.Text("CustomStatus") is null or "" || log.Text("CustomStatus") == status) Set(input, "CustomStatus", "CANCELLED");
        Set(input, "LogEnd", now);
        Set(input, "LastChangeTime", now.ToUnixTimeMilliseconds());
        call.Writer.Update(table, log.Key, input, replace: false);

        var runs = call.Service.Schema.Table("MessageProcessingLogRuns")!;
        var link = runs.Column(new NavigationLink("MessageProcessingLogs", "Runs").Path("MessageGuid"));
        if (link != null)
        {
            // The last run is the one that is still open (or waits for its retry); earlier runs keep how they ended.
            string Q(string path) => SqlDialect.Quote(runs.Column(path)!.Name);
            var command = call.Session.Rent(
                $"UPDATE {runs.TableName} SET {Q("OverallState")} = 'CANCELLED', {Q("RunStop")} = $p0 WHERE {SqlDialect.Quote(link.Name)} = $p1 " +
                $"AND {Q("RunStart")} = (SELECT MAX({Q("RunStart")}) FROM {runs.TableName} WHERE {SqlDialect.Quote(link.Name)} = $p1)",
                [StoredValue.From(runs.Column("RunStop")!.Kind, now), id]);
            try { command.ExecuteNonQuery(); }
            finally { call.Session.Return(command); }
        }
        return new OperationResult.Entity(table, log.Key);
    }

    static void Set(EntityInput input, string path, object? value)
    {
        var column = input.Table.Column(path)!;
        input.Values[column] = StoredValue.From(column.Kind, value);
    }
}
