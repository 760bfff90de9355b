using System.Xml.Linq;

namespace SapSandbox.Services.CloudIntegration.SecurityContent;

/// <summary>
/// Entity sets of the Security Content API that Neo tenants serve and the Cloud Foundry capture the tenant model comes
/// from lacks: <c>CertificateUserMappings</c>, which the API Business Hub documents and the sandbox's X.509 sign-in
/// honours. Declared as the Neo tenant's <c>$metadata</c> declares them (<c>edmx/neo-tenant/apiV1.edmx</c>).
/// </summary>
public static class NeoSets
{
    public static IEnumerable<XElement> EntityTypes(XNamespace edm)
    {
        yield return new XElement(edm + "EntityType", new XAttribute("Name", "CertificateUserMapping"),
            new XElement(edm + "Key", new XElement(edm + "PropertyRef", new XAttribute("Name", "Id"))),
            Property(edm, "Id", "Edm.String", false, 32),
            Property(edm, "User", "Edm.String", false, 150),
            Property(edm, "Certificate", "Edm.Binary", false, 2095152),
            Property(edm, "LastModifiedBy", "Edm.String", true, 150),
            Property(edm, "LastModifiedTime", "Edm.DateTime", true),
            Property(edm, "CreatedBy", "Edm.String", true, 150),
            Property(edm, "CreatedTime", "Edm.DateTime", true),
            Property(edm, "ValidUntil", "Edm.Int64", true));
    }

    public static IEnumerable<XElement> EntitySets(XNamespace edm, string ns)
    {
        yield return new XElement(edm + "EntitySet", new XAttribute("Name", "CertificateUserMappings"), new XAttribute("EntityType", ns + ".CertificateUserMapping"));
    }

    static XElement Property(XNamespace edm, string name, string type, bool nullable, int? maxLength = null)
    {
        var property = new XElement(edm + "Property", new XAttribute("Name", name), new XAttribute("Type", type), new XAttribute("Nullable", nullable ? "true" : "false"));
        if (maxLength != null) property.Add(new XAttribute("MaxLength", maxLength.Value));
        return property;
    }
}
