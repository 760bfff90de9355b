using SapSandbox.Core.Query;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Write;

namespace SapSandbox.Services.CloudIntegration.IntegrationContent;

/// <summary>A package of the Discover catalog: its properties and the artifacts a copy brings into the workspace.</summary>
public sealed record CatalogPackage(PackageDesign Package, IReadOnlyList<(ArtifactType Type, Func<ArtifactBundle> Build)> Artifacts);

/// <summary>
/// The Discover section's packages (SAP's standard content) that <c>CopyIntegrationPackage?Id='…'</c> copies into the
/// workspace, as configure-only packages (<c>Mode</c> READ_ONLY, vendor SAP): their artifacts can be configured and
/// deployed, not changed or downloaded. A package that is already in the workspace is refused (409) unless
/// <c>ImportMode</c> says what to do: <c>CREATE_COPY</c> with a <c>Suffix</c> (a new package, suffix added to the
/// name and the artifact Ids), <c>OVERWRITE</c>, or <c>OVERWRITE_MERGE</c> (overwrite, keeping the configured values).
/// </summary>
public static class DiscoverCatalog
{
    static readonly DateTimeOffset Published = new(2026, 6, 15, 0, 0, 0, TimeSpan.Zero);

    public static readonly IReadOnlyList<CatalogPackage> Packages =
    [
        new(Package("ERPtoSuccessFactorsEmployeeCentralEmployeeandOrganizationalData",
                "ERP to SAP SuccessFactors Employee Central Employee and Organizational Data",
                "Replicate employee master and organizational management data from SAP ERP or SAP S/4HANA to SAP SuccessFactors Employee Central",
                "<p>This integration package enables you to replicate employee master and organizational management data from SAP ERP or SAP S/4HANA to SAP SuccessFactors Employee Central.</p>",
                "8.2.0", "[SAP SuccessFactors Employee Central, SAP ERP, SAP S/4HANA]", "[Human Resources]"),
            [
                (ArtifactType.IntegrationFlow, () => ArtifactTemplates.Flow(new FlowDesign(
                    "com.sap.PA_SE_IN.erp2ec.SAPtoSFSFGenericODataUpsert.v1", "Replicate Generic Data from SAP ERP to SAP SuccessFactors", "8.2.0",
                    "Upserts generic objects in SAP SuccessFactors Employee Central", "ERP", "SOAP", "/ERPtoSFSFGenericODataUpsert",
                    "SuccessFactors", "SuccessFactors", "https://api4.successfactors.com/odata/v2"))),
                (ArtifactType.IntegrationFlow, () => ArtifactTemplates.Flow(new FlowDesign(
                    "com.sap.PA_SE_IN.erp2ec.EmployeeOrganizationalAssignment.v1", "Replicate Organizational Assignments from SAP ERP to SAP SuccessFactors", "8.2.0",
                    "Replicates employees' organizational assignments", "ERP", "IDoc", "/ERPtoSFSFOrgAssignment",
                    "SuccessFactors", "SuccessFactors", "https://api4.successfactors.com/odata/v2"))),
            ]),
        new(Package("SAPCommerceCloudIntegrationwithSAPS4HANA", "SAP Commerce Cloud Integration with SAP S/4HANA",
                "Integrate SAP Commerce Cloud with SAP S/4HANA for orders and master data",
                "<p>Replicates orders from SAP Commerce Cloud to SAP S/4HANA and product master data back.</p>",
                "2.0.7", "[SAP Commerce Cloud, SAP S/4HANA]", "[Sales]"),
            [
                (ArtifactType.IntegrationFlow, () => ArtifactTemplates.Flow(new FlowDesign(
                    "Replicate-Order-From-SAP-Commerce-Cloud-To-SAP-S4HANA", "Replicate Order from SAP Commerce Cloud to SAP S/4HANA", "2.0.7",
                    "Creates sales orders in SAP S/4HANA from orders placed in SAP Commerce Cloud", "COMMERCE", "HTTPS", "/commerce/orders",
                    "S4HANA", "OData", "https://my400000-api.s4hana.cloud.sap/sap/opu/odata/sap/API_SALES_ORDER_SRV"))),
                (ArtifactType.ValueMapping, () => ArtifactTemplates.ValueMapping("Commerce_S4HANA_Order_Value_Mappings", "Commerce to S/4HANA Order Value Mappings",
                    "2.0.7", "Code lists of SAP Commerce Cloud and SAP S/4HANA",
                    [("Commerce", "OrderStatus", "S4HANA", "OverallSDProcessStatus", [("CREATED", "A"), ("COMPLETED", "C")])])),
            ]),
        new(Package("SAPS4HANAIntegrationwithSAPBusinessNetworkforLogistics", "SAP S/4HANA Integration with SAP Business Network for Logistics",
                "Exchange freight orders and tracking events with SAP Business Network for Logistics",
                "<p>Sends freight orders to SAP Business Network for Logistics and receives tracking events.</p>",
                "1.3.1", "[SAP S/4HANA, SAP Business Network for Logistics]", "[Supply Chain]"),
            [
                (ArtifactType.IntegrationFlow, () => ArtifactTemplates.Flow(new FlowDesign(
                    "Send_Freight_Order_to_Business_Network", "Send Freight Order to SAP Business Network", "1.3.1",
                    "Sends freight orders from SAP S/4HANA", "S4HANA", "SOAP", "/s4/freightorder",
                    "BN4L", "HTTP", "https://bn4l.example.com/api/freightorders"))),
                (ArtifactType.ScriptCollection, () => ArtifactTemplates.ScriptCollection("BN4L_Common_Scripts", "Business Network for Logistics Scripts", "1.3.1",
                    "Scripts of the package", [("convertTimestamps.groovy", "def Message processData(Message message) {\n    return message\n}\n")])),
            ]),
    ];

    static PackageDesign Package(string id, string name, string shortText, string description, string version, string products, string lineOfBusiness) =>
        new(id, name, shortText, description, version, "SAP", "READ_ONLY", products, "[]", lineOfBusiness, "[]", "[]", Published, Published, "SAP");

    /// <summary><c>POST CopyIntegrationPackage?Id='…'&amp;ImportMode='…'&amp;Suffix='…'</c>: 201 with the package, or 409.</summary>
    public static ResourceAnswer Copy(ResourceRequest request, EntityContext context)
    {
        var id = ContentRequests.QueryText(request, "Id");
        if (string.IsNullOrEmpty(id)) throw QueryException.BadRequest("Give the Id of the package to copy, in quotes: Id='…'", "Id");
        var mode = ContentRequests.QueryText(request, "ImportMode");
        if (mode is { Length: > 0 } && mode is not ("CREATE_COPY" or "OVERWRITE" or "OVERWRITE_MERGE"))
            throw QueryException.BadRequest($"ImportMode '{mode}' is none of 'CREATE_COPY', 'OVERWRITE', 'OVERWRITE_MERGE'", "ImportMode");
        var suffix = ContentRequests.QueryText(request, "Suffix");
        var source = Packages.FirstOrDefault(p => p.Package.Id == id) ?? throw QueryException.NotFound($"The package {id} is not in the Discover catalog");

        var packageId = id;
        var nameSuffix = "";
        var idSuffix = "";
        var kept = new Dictionary<string, IReadOnlyList<BundleParameter>>();
        if (DesignContent.Package(context.Service, context.Session, id) != null)
        {
            switch (mode)
            {
                case "CREATE_COPY":
                    if (string.IsNullOrEmpty(suffix) || !suffix.All(char.IsAsciiLetterOrDigit))
                        throw QueryException.BadRequest("CREATE_COPY needs a Suffix of letters and digits, in quotes: Suffix='ABC'", "Suffix");
                    packageId = id + suffix;
                    nameSuffix = "." + suffix;
                    idSuffix = "." + suffix;
                    if (DesignContent.Package(context.Service, context.Session, packageId) != null)
                        throw QueryException.Conflict($"The package {packageId} exists already; choose another Suffix.");
                    break;
                case "OVERWRITE" or "OVERWRITE_MERGE":
                    if (mode == "OVERWRITE_MERGE")
                        foreach (var type in ArtifactType.All)
                            foreach (var artifact in ContentRows.Select(context.Session, ContentRows.Table(context.Service, type.EntitySet), ("PackageId", id)))
                                kept[artifact.Get("Id")] = DesignContent.Bundle(context.Session, type, artifact).Parameters();
                    PackageContent.Delete(context, id);
                    break;
                default:
                    throw QueryException.Conflict("The package with the same name/Id already exists. Copy not successful from content hub to workpace due to conflict." +
                        "In order to create an copy, add 'ImportMode' as 'CREATE_COPY' and 'Suffix' with desired value in url as parameter,Or to Overwrite existing content, specify 'ImportMode' as 'OVERWRITE' in url as parameter.");
            }
        }

        var now = DateTimeOffset.UtcNow;
        PackageContent.Insert(context, source.Package with
        {
            Id = packageId, Name = source.Package.Name + nameSuffix, Created = now, Modified = now, CreatedBy = ContentRows.UserName(context.User),
        }, "SAP Cloud Integration");
        foreach (var (type, build) in source.Artifacts)
        {
            var bundle = build();
            var artifactId = bundle.SymbolicName! + idSuffix;
            bundle.SetIdentity(artifactId, bundle.Name! + nameSuffix, bundle.Version!);
            foreach (var parameter in kept.GetValueOrDefault(artifactId) ?? [])
                if (bundle.Parameters().Any(p => p.Key == parameter.Key)) bundle.SetParameter(parameter.Key, parameter.Value, parameter.DataType);
            PackageContent.AddArtifact(context, type, packageId, bundle);
        }
        return new ResourceAnswer.Read($"{DesignContent.PackagesSet}({DesignContent.Literal(packageId)})", 201);
    }
}
