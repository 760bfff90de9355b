using System.Text.Json;
using SapSandbox.Server.Tests.Clients;

namespace SapSandbox.Server.Tests;

/// <summary>
/// SAP UI5's own V2 model (<c>sap.ui.model.odata.v2.ODataModel</c> from npm <c>@openui5/sap.ui.core</c>, pinned in
/// <c>tests/clients</c>) loads the sandbox's V2 services in headless Chromium, as a Fiori app would: it parses the
/// metadata, reads a list with <c>$top</c>, <c>$inlinecount</c> and <c>$expand</c>, and reads an entity by the key
/// it builds itself from that metadata.
/// </summary>
[Collection(SandboxCollection.Name)]
public class Ui5ModelTests(SandboxServer server)
{
    /// <summary>Service path, entity set, and a navigation to expand (empty for none).</summary>
    static readonly (string Path, string EntitySet, string Expand)[] Services =
    [
        ("/odata/v2/CE_SALESORDER_0001/", "SalesOrder", "_Item"),
        ("/sap/opu/odata/sap/API_SALES_ORDER_SRV/", "A_SalesOrder", "to_Item"),
        ("/sap/opu/odata/sap/API_BUSINESS_PARTNER/", "A_BusinessPartner", ""),
        ("/odata/v2/CE_PURCHASEORDER_0001/", "PurchaseOrder", ""),
    ];

    /// <remarks>
    /// Two models per service: one with an Authorization header, json and one GET per read; one with UI5's
    /// defaults, as a stock Fiori app has them, which fetches a CSRF token and sends its reads in <c>$batch</c>.
    /// </remarks>
    [Fact]
    public async Task UI5_ODataModel_loads_the_V2_metadata_and_reads_lists_and_single_entities()
    {
        await ClientTools.EnsureInstalledWithChromium();

        var arguments = new List<string>
        {
            Path.Combine(ClientTools.Folder, "ui5", "check-odata-model.mjs"),
            server.BaseAddress.ToString(), "sandbox", "sandbox",
            "--settings=explicit,defaults", "--chromium=" + ClientTools.Chromium,
        };
        arguments.AddRange(Services.Select(s => string.Join("|", s.Path, s.EntitySet, s.Expand)));
        var (exit, stdout, stderr) = await ClientTools.Run("node", arguments);

        var report = $"exit {exit}\n{stdout}\n{stderr}";
        Assert.True(exit == 0, report);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToDictionary(line => line.GetProperty("service").GetString()! + "|" + line.GetProperty("settings").GetString());
        foreach (var ((path, entitySet, expand), settings) in Services.SelectMany(s => new[] { (s, "explicit"), (s, "defaults") }))
        {
            Assert.True(lines.TryGetValue(path + "|" + settings, out var line), $"no result for {path} with {settings} settings\n{report}");
            var context = $"{path}: {line}";
            Assert.False(line.TryGetProperty("error", out _), context);
            Assert.True(line.GetProperty("metadata").GetBoolean(), context);
            Assert.True(line.GetProperty("count").GetInt32() > 0, context);
            Assert.True(line.GetProperty("results").GetInt32() > 0, context);
            if (expand != "") Assert.True(line.GetProperty("expanded").GetInt32() > 0, context);
            // The key UI5 builds from the metadata names the entity the sandbox's own URI names.
            Assert.StartsWith(entitySet + "(", line.GetProperty("key").GetString(), StringComparison.Ordinal);
            Assert.Equal(line.GetProperty("keyFromUri").GetString(), line.GetProperty("key").GetString());
            Assert.True(line.GetProperty("keyRead").GetBoolean(), context);
            Assert.True(line.GetProperty("ui5Errors").GetArrayLength() == 0, context);
        }
    }
}
