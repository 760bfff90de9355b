namespace SapSandbox.Server.Tests.Clients;

/// <summary>A store of its own for what UI5's models create, change and delete.</summary>
public sealed class Ui5WriteSandboxServer : ClientSandboxServer;

/// <summary>
/// SAP UI5's own models (<c>sap.ui.model.odata.v2.ODataModel</c> and <c>v4.ODataModel</c> from npm
/// <c>@openui5/sap.ui.core</c>) change data in headless Chromium as a Fiori app does, on a page served from the same
/// origin as the services (<c>tests/clients/ui5/check-odata-writes.mjs</c>): the V2 model with
/// <c>submitChanges</c>, the V4 model with <c>submitBatch</c>, each in <c>$batch</c> with the CSRF token and ETags.
/// </summary>
public class Ui5ModelWriteTests(Ui5WriteSandboxServer server) : IClassFixture<Ui5WriteSandboxServer>
{
    static readonly string[] V2Checks =
    [
        "list with $inlinecount and $expand",
        "create through $batch (createEntry, submitChanges)",
        "update through $batch with If-Match (setProperty, submitChanges)",
        "update with a stale ETag refused with 412",
        "delete through $batch with If-Match (remove, submitChanges)",
        "sent as SAP systems expect ($batch with a CSRF token, If-Match)",
    ];

    static readonly string[] V4Checks =
    [
        "list binding with $count, $filter, $orderby and $expand",
        "read by key with $expand",
        "create through submitBatch",
        "update through submitBatch with If-Match",
        "update with a stale ETag refused with 412",
        "create in a navigation through submitBatch",
        "delete through submitBatch",
        "sent as SAP systems expect ($batch with a CSRF token, If-Match)",
    ];

    /// <summary>Protocol, service path, and the profile in the script that says what to create and change.</summary>
    static readonly (string Protocol, string Path, string Profile)[] Services =
    [
        ("v2", "/sap/opu/odata/sap/API_SALES_ORDER_SRV/", "API_SALES_ORDER_SRV"),
        ("v2", "/odata/v2/SHOP_SRV/", "SHOP_SRV"),
        ("v4", "/odata/v4/CE_SALESORDER_0001/", "CE_SALESORDER_0001"),
        ("v4", "/odata/v4/SHOP_SRV/", "SHOP_SRV"),
    ];

    /// <remarks>One browser for all four services: starting Chromium and UI5 is most of the time.</remarks>
    [Fact]
    public async Task UI5_ODataModels_create_update_and_delete_through_batch_with_CSRF_and_ETags()
    {
        await ClientTools.EnsureInstalledWithChromium();

        var arguments = new List<string>
        {
            Path.Combine(ClientTools.Folder, "ui5", "check-odata-writes.mjs"),
            server.BaseAddress.ToString(), "sandbox", "sandbox", "--chromium=" + ClientTools.Chromium,
        };
        arguments.AddRange(Services.Select(s => string.Join("|", s.Protocol, s.Path, s.Profile)));
        var run = await ClientTools.Run("node", arguments);

        var report = $"exit {run.Exit}\n{run.Stdout}\n{run.Stderr}";
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith('{'))
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.Clone())
            .ToList();
        foreach (var (protocol, path, _) in Services)
            foreach (var check in protocol == "v2" ? V2Checks : V4Checks)
            {
                var result = lines.FirstOrDefault(line => line.GetProperty("service").GetString() == $"{protocol}|{path}"
                                                          && line.GetProperty("check").GetString() == check);
                Assert.True(result.ValueKind != System.Text.Json.JsonValueKind.Undefined, $"{path}: the check '{check}' did not run\n{report}");
                Assert.True(result.GetProperty("ok").GetBoolean(), $"{path}: {check}: {result}\n{report}");
            }
        Assert.True(run.Exit == 0, report);
    }
}
