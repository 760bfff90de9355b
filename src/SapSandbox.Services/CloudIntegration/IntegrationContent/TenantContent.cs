using System.Security.Cryptography;
using System.Text;
using SapSandbox.Core.Data;
using SapSandbox.Services.CloudIntegration.Monitoring;

namespace SapSandbox.Services.CloudIntegration.IntegrationContent;

/// <summary>An integration package of the workspace (or of the Discover catalog) as the tenant lists it.</summary>
public sealed record PackageDesign(
    string Id, string Name, string ShortText, string Description, string Version, string Vendor, string Mode,
    string Products, string Keywords, string LineOfBusiness, string Industries, string Countries,
    DateTimeOffset Created, DateTimeOffset Modified, string CreatedBy);

public enum RuntimeState
{
    NotDeployed,
    Started,
    Error,
}

/// <summary>A design-time artifact of a package: its kind, identity, bundle and whether (and how) it runs.</summary>
public sealed record ArtifactDesign(
    ArtifactType Type, string Id, string Name, string PackageId, string Version, string Description, ArtifactBundle Bundle,
    RuntimeState Deployed, DateTimeOffset Modified);

/// <summary>
/// The sandbox tenant's workspace on first start: the packages whose flows the monitor shows messages of (from
/// <see cref="MonitoredFlows"/>, so that logs, packages and deployments name the same flows), each flow a valid bundle
/// built in code and deployed and started; beside them a value mapping, a message mapping and a script collection, a
/// flow whose deployment failed (a parameter left unconfigured, so it stands in ERROR), and a flow never deployed.
/// Everything is fixed: the same bundles, dates and task ids on every <c>--reset</c>.
/// </summary>
public sealed class TenantContent
{
    /// <summary>Changes whenever the content below does, so that stores seeded with older content are seeded again.</summary>
    public const string Version = "integration-content-2";

    /// <summary>The workspace was last changed before the week of messages the monitor shows.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    public const string Author = "sandbox";
    /// <summary>The developer who holds the design-time lock of the flow in development.</summary>
    public const string Developer = "developer@sandbox.example";

    /// <summary>The host the runtime's endpoints are published on, the <c>-rt</c> host of a Cloud Foundry tenant.</summary>
    public const string RuntimeHost = "https://sandbox.it-cpi001-rt.cfapps.eu10.hana.ondemand.com";
    /// <summary>The tenant management host (design time, the API itself, WSDL downloads).</summary>
    public const string ManagementHost = "https://sandbox.it-cpi001.cfapps.eu10.hana.ondemand.com";

    public static TenantContent Instance => _instance.Value;
    static readonly Lazy<TenantContent> _instance = new(() => new TenantContent());

    public IReadOnlyList<PackageDesign> Packages { get; }
    public IReadOnlyList<ArtifactDesign> Artifacts { get; }
    readonly Dictionary<(string Set, string Id), byte[]> _zips = [];

    TenantContent()
    {
        var packages = new List<PackageDesign>();
        var artifacts = new List<ArtifactDesign>();
        var index = 0;
        foreach (var flow in MonitoredFlows.All)
        {
            if (!packages.Any(p => p.Id == flow.PackageId))
                packages.Add(Package(flow.PackageId, flow.PackageName, packages.Count));
            index++;
            var version = $"1.0.{index % 4 + 1}";
            var design = FlowOf(flow, version);
            artifacts.Add(new ArtifactDesign(ArtifactType.IntegrationFlow, flow.Id, flow.Name, flow.PackageId, version, flow.Name,
                ArtifactTemplates.Flow(design), RuntimeState.Started, Epoch.AddHours(-index * 7)));
        }

        // Beside the flows that run: what an order-to-cash package also holds, and two flows that do not run.
        const string orders = "OrderToCashIntegration";
        if (!packages.Any(p => p.Id == orders)) packages.Add(Package(orders, "Order to Cash Integration", packages.Count));
        artifacts.Add(new ArtifactDesign(ArtifactType.ValueMapping, "VM_Sales_Organizations", "Sales Organizations", orders, "1.0.2",
            "Sales organizations of the webshop and of SAP S/4HANA",
            ArtifactTemplates.ValueMapping("VM_Sales_Organizations", "Sales Organizations", "1.0.2", "Sales organizations of the webshop and of SAP S/4HANA",
                [("Webshop", "SalesChannel", "S4HANA", "SalesOrganization", [("EU-WEB", "1010"), ("US-WEB", "1710"), ("DE-STORE", "1020")])]),
            RuntimeState.Started, Epoch.AddDays(-12)));
        artifacts.Add(new ArtifactDesign(ArtifactType.MessageMapping, "MM_WebshopOrder_to_SalesOrder", "Webshop Order to Sales Order", orders, "1.1.0",
            "Maps the webshop's order to the sales order of SAP S/4HANA",
            ArtifactTemplates.MessageMapping("MM_WebshopOrder_to_SalesOrder", "Webshop Order to Sales Order", "1.1.0",
                "Maps the webshop's order to the sales order of SAP S/4HANA", "WebshopOrder", "A_SalesOrder"),
            RuntimeState.NotDeployed, Epoch.AddDays(-9)));
        artifacts.Add(new ArtifactDesign(ArtifactType.ScriptCollection, "O2C_Common_Scripts", "Order to Cash Common Scripts", orders, "1.0.0",
            "Scripts the order-to-cash flows share",
            ArtifactTemplates.ScriptCollection("O2C_Common_Scripts", "Order to Cash Common Scripts", "1.0.0", "Scripts the order-to-cash flows share",
                [("logPayload.groovy", Script("logPayload", "Payload")), ("normalizeOrderNumber.groovy", NormalizeScript)]),
            RuntimeState.Started, Epoch.AddDays(-20)));
        artifacts.Add(new ArtifactDesign(ArtifactType.IntegrationFlow, "Replicate_Customer_Returns_to_S4HANA", "Replicate Customer Returns to SAP S/4HANA",
            orders, "1.0.0", "Creates customer returns in SAP S/4HANA from the webshop's return requests",
            ArtifactTemplates.Flow(new FlowDesign("Replicate_Customer_Returns_to_S4HANA", "Replicate Customer Returns to SAP S/4HANA", "1.0.0",
                "Creates customer returns in SAP S/4HANA from the webshop's return requests", "WEBSHOP", "HTTPS", "/webshop/returns",
                "S4H_ODATA", "OData", "https://my400000-api.s4hana.cloud.sap/sap/opu/odata/sap/API_CUSTOMER_RETURN_SRV",
                Unconfigured: "Receiver_Proxy_Host")),
            RuntimeState.Error, Epoch.AddHours(-2)));
        artifacts.Add(new ArtifactDesign(ArtifactType.IntegrationFlow, "Sync_Price_Conditions_to_Webshop", "Sync Price Conditions to Webshop",
            orders, "0.1.0", "Sends changed price conditions to the webshop (in development)",
            ArtifactTemplates.Flow(new FlowDesign("Sync_Price_Conditions_to_Webshop", "Sync Price Conditions to Webshop", "0.1.0",
                "Sends changed price conditions to the webshop (in development)", null, "Timer", null,
                "WEBSHOP_REST", "HTTP", "https://webshop.example.com/api/v2/prices",
                Scripts: [("mapConditions.groovy", Script("mapConditions", "ConditionRecord"))])),
            RuntimeState.NotDeployed, Epoch.AddHours(-1)));

        Packages = packages;
        Artifacts = artifacts;
        foreach (var artifact in artifacts) _zips[(artifact.Type.EntitySet, artifact.Id)] = artifact.Bundle.ToZip();
    }

    /// <summary>The starting bundle of an artifact, as a zip; null for one the tenant did not start with.</summary>
    public byte[]? BundleOf(ArtifactType type, string id) => _zips.GetValueOrDefault((type.EntitySet, id));

    public ArtifactDesign? Artifact(string id) => Artifacts.FirstOrDefault(a => a.Id == id);

    static PackageDesign Package(string id, string name, int index)
    {
        var products = name.Contains("SuccessFactors") ? "[SAP SuccessFactors Employee Central, SAP S/4HANA]"
            : name.Contains("Ariba") ? "[SAP Ariba, SAP S/4HANA]"
            : name.Contains("Sales Cloud") ? "[SAP Sales Cloud, SAP S/4HANA]"
            : "[SAP S/4HANA]";
        var lob = name.Contains("Finance") || name.Contains("Bank") ? "[Finance]"
            : name.Contains("SuccessFactors") ? "[Human Resources]"
            : name.Contains("Operations") ? "[]"
            : "[Sales, Supply Chain]";
        return new PackageDesign(id, name, name, $"<p>{name}: integration flows of the sandbox tenant.</p>", "1.0." + (index % 3),
            "sandbox", "EDIT_ALLOWED", products, "[]", lob, "[]", "[]", Epoch.AddDays(-60 + index * 3), Epoch.AddHours(-index * 5), Author);
    }

    /// <summary>A monitored flow as its bundle: its sender channel on the path the monitor's logs show, its receiver, a script setting the log's custom headers.</summary>
    static FlowDesign FlowOf(MonitoredFlow flow, string version)
    {
        var (adapter, address) = flow.HttpPath switch
        {
            { } path when path.StartsWith("/http/", StringComparison.Ordinal) => ("HTTPS", path["/http".Length..]),
            { } path when path.StartsWith("/cxf/", StringComparison.Ordinal) => (flow.SenderAdapter, path["/cxf".Length..]),
            { } path when path.StartsWith("/as2/as2/", StringComparison.Ordinal) => ("AS2", path["/as2/as2".Length..]),
            _ => (flow.SenderAdapter, (string?)null),
        };
        var receiver = flow.Receiver ?? "RECEIVER";
        var receiverAddress = flow.ReceiverAdapter switch
        {
            "SOAP" => $"https://my300000.crm.ondemand.com/sap/bc/srt/scs/sap/{flow.Id.ToLowerInvariant()}",
            "OData" => "https://my400000-api.s4hana.cloud.sap/sap/opu/odata/sap/API_SALES_ORDER_SRV",
            "IDoc" => "https://my400000-api.s4hana.cloud.sap/sap/bc/srt/idoc?sap-client=100",
            "SuccessFactors" => "https://api4.successfactors.com/odata/v2",
            "Mail" => "smtp.example.com:587",
            _ => $"https://{receiver.ToLowerInvariant().Replace('_', '-')}.example.com/api/{flow.Id.ToLowerInvariant()}",
        };
        var scripts = flow.HeaderProperties.Length == 0 ? null
            : new List<(string, string)> { ("setCustomHeaders.groovy", Script("setCustomHeaders", flow.HeaderProperties)) };
        return new FlowDesign(flow.Id, flow.Name, version, flow.Name, flow.Sender, adapter, address, receiver, flow.ReceiverAdapter, receiverAddress,
            Scripts: scripts);
    }

    static string Script(string name, params string[] properties)
    {
        var text = new StringBuilder("import com.sap.gateway.ip.core.customdev.util.Message\n\n")
            .Append("// ").Append(name).Append(": writes the message's business keys into its processing log\n")
            .Append("def Message processData(Message message) {\n")
            .Append("    def messageLog = messageLogFactory.getMessageLog(message)\n");
        foreach (var property in properties)
            text.Append("    messageLog?.addCustomHeaderProperty(\"").Append(property).Append("\", message.getProperty(\"").Append(property).Append("\") as String)\n");
        return text.Append("    return message\n}\n").ToString();
    }

    const string NormalizeScript =
        "import com.sap.gateway.ip.core.customdev.util.Message\n\n" +
        "// Pads the order number to the ten digits SAP S/4HANA stores\n" +
        "def Message processData(Message message) {\n" +
        "    def order = message.getProperty(\"SalesOrder\") as String\n" +
        "    if (order) message.setProperty(\"SalesOrder\", order.padLeft(10, '0'))\n" +
        "    return message\n}\n";

    /// <summary>A GUID derived from text, so that seeded task ids and resource ids are the same on every start.</summary>
    public static string StableGuid(string text) => new Guid(MD5.HashData(Encoding.UTF8.GetBytes(text))).ToString("D");

    public static string ResourceId(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes("package:" + text)));

    // ---- Seed rows --------------------------------------------------------------------------------------------

    /// <summary>The tenant's starting rows of every set this group serves.</summary>
    public void AddTo(TenantSeed seed)
    {
        Add(seed, DesignContent.PackagesSet, Packages.Select(PackageRow));
        foreach (var type in ArtifactType.All)
        {
            var ofType = Artifacts.Where(a => a.Type == type).ToList();
            Add(seed, type.EntitySet, ofType.Select(ArtifactRow));
            if (type.HasConfigurations)
                Add(seed, type.ConfigurationsTable, ofType.SelectMany(a => a.Bundle.Parameters().Select(p => Row(
                    (DesignContent.Container + "Id", a.Id), (DesignContent.Container + "Version", a.Version), ("ParameterKey", p.Key),
                    ("ParameterValue", p.Value), ("DataType", p.DataType), ("Description", p.Description)))));
            if (type.HasResources)
                Add(seed, type.ResourcesTable, ofType.SelectMany(a => a.Bundle.Resources()
                    .DistinctBy(r => (r.Name, r.ResourceType)).Select(r => DesignContent.ResourceRow(a.Id, a.Version, r))));
        }
        var valueMappings = Artifacts.Where(a => a.Type == ArtifactType.ValueMapping).Select(a => ValueMappings.Rows(a.Id, a.Version, a.Bundle)).ToList();
        Add(seed, ValueMappings.SchemaTable, valueMappings.SelectMany(v => v.Schemas));
        Add(seed, ValueMappings.ValMapsTable, valueMappings.SelectMany(v => v.ValMaps));
        Add(seed, ValueMappings.DefaultsTable, []);
        // The workspace holds none of the kinds the API Hub does not document.
        foreach (var set in IntegrationContentModule.UndocumentedArtifactSets) Add(seed, set, []);
        Add(seed, IntegrationContentModule.CustomTagsTable, []);

        // A developer has the flow in development open in the editor: its design-time lock.
        var locked = Artifacts.Single(a => a.Id == "Sync_Price_Conditions_to_Webshop");
        Add(seed, DesignContent.LocksSet, [Row(
            ("ResourceId", ResourceId("lock:" + locked.Id)), ("ArtifactId", locked.Id), ("ArtifactName", locked.Name), ("ArtifactType", "IFlow"),
            ("CreatedAt", Epoch.AddMinutes(-40)), ("CreatedBy", Developer), ("PackageId", locked.PackageId),
            ("PackageName", Packages.Single(p => p.Id == locked.PackageId).Name))]);

        var deployed = Artifacts.Where(a => a.Deployed != RuntimeState.NotDeployed).ToList();
        Add(seed, Deployments.RuntimeSet, deployed.Select((a, i) => Row(
            ("Id", a.Id), ("Version", a.Version), ("Name", a.Name), ("Type", a.Type.RuntimeType), ("DeployedBy", Author),
            ("DeployedOn", DeployedOn(a, i)), ("Status", a.Deployed == RuntimeState.Started ? "STARTED" : "ERROR"))));
        Add(seed, Deployments.TasksSet, deployed.Select(a => Row(
            ("TaskId", StableGuid("deploy:" + a.Id)), ("Status", a.Deployed == RuntimeState.Started ? "SUCCESS" : "FAIL"))));
        Add(seed, Deployments.ErrorsSet, deployed.Where(a => a.Deployed == RuntimeState.Error).Select(a => Row(("Id", a.Id))));

        var endpoints = deployed.Where(a => a.Deployed == RuntimeState.Started && a.Type == ArtifactType.IntegrationFlow)
            .SelectMany((a, i) => Deployments.Endpoints(a.Id, a.Name, a.Version, a.Bundle, DeployedOn(a, i))).ToList();
        Add(seed, Deployments.EndpointsSet, endpoints.Select(e => e.Endpoint));
        Add(seed, Deployments.EntryPointsSet, endpoints.SelectMany(e => e.EntryPoints));
        Add(seed, Deployments.DefinitionsSet, endpoints.SelectMany(e => e.Definitions));
    }

    static DateTimeOffset DeployedOn(ArtifactDesign artifact, int index) => artifact.Modified.AddMinutes(5 + index);

    Dictionary<string, object?> PackageRow(PackageDesign p) => Row(
        ("Id", p.Id), ("Name", p.Name), ("ResourceId", ResourceId(p.Id)), ("Description", p.Description), ("ShortText", p.ShortText),
        ("Version", p.Version), ("Vendor", p.Vendor), ("PartnerContent", false), ("UpdateAvailable", false), ("Mode", p.Mode),
        ("SupportedPlatform", "SAP Cloud Integration"), ("ModifiedBy", p.CreatedBy), ("CreationDate", ContentRows.EpochText(p.Created)),
        ("ModifiedDate", ContentRows.EpochText(p.Modified)), ("CreatedBy", p.CreatedBy), ("Products", p.Products), ("Keywords", p.Keywords),
        ("Countries", p.Countries), ("Industries", p.Industries), ("LineOfBusiness", p.LineOfBusiness));

    static Dictionary<string, object?> ArtifactRow(ArtifactDesign a)
    {
        var row = Row(("Id", a.Id), ("Version", a.Version), ("PackageId", a.PackageId), ("Name", a.Name), ("Description", a.Description),
            (IntegrationContentModule.PackageLink(a.Type), a.PackageId));
        if (a.Type == ArtifactType.IntegrationFlow)
        {
            var (senders, receivers) = a.Bundle.Systems();
            row["Sender"] = senders;
            row["Receiver"] = receivers;
            row["CreatedBy"] = Author;
            row["ModifiedBy"] = Author;
            row["CreatedAt"] = ContentRows.EpochText(a.Modified.AddDays(-30));
            row["ModifiedAt"] = ContentRows.EpochText(a.Modified);
        }
        return row;
    }

    public static Dictionary<string, object?> Row(params (string Path, object? Value)[] values) => values.ToDictionary(v => v.Path, v => v.Value);

    static void Add(TenantSeed seed, string set, IEnumerable<Dictionary<string, object?>> rows)
    {
        var list = rows.ToList();
        seed.Add(set, Version, table => SeedRows.From(table, list));
    }
}
