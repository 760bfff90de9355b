using System.Xml.Linq;

namespace SapSandbox.Core.Model;

/// <summary>The XML namespaces of EDMX 1.0 (OData V2), OASIS CSDL (OData V4) and SAP's annotations.</summary>
public static class EdmNamespaces
{
    public static readonly XNamespace EdmxV2 = "http://schemas.microsoft.com/ado/2007/06/edmx";
    public static readonly XNamespace EdmV2 = "http://schemas.microsoft.com/ado/2008/09/edm";
    public static readonly XNamespace EdmV2Older = "http://schemas.microsoft.com/ado/2006/04/edm";
    public static readonly XNamespace EdmV2Newer = "http://schemas.microsoft.com/ado/2009/11/edm";
    public static readonly XNamespace MetadataV2 = "http://schemas.microsoft.com/ado/2007/08/dataservices/metadata";
    public static readonly XNamespace EdmxV4 = "http://docs.oasis-open.org/odata/ns/edmx";
    public static readonly XNamespace EdmV4 = "http://docs.oasis-open.org/odata/ns/edm";
    public static readonly XNamespace Sap = "http://www.sap.com/Protocols/SAPData";

    public static bool IsV2Edm(XNamespace ns) => ns == EdmV2 || ns == EdmV2Older || ns == EdmV2Newer;
}
