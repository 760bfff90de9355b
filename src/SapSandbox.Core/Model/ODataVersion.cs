namespace SapSandbox.Core.Model;

/// <summary>The OData protocol version a metadata document was written for.</summary>
public enum ODataVersion
{
    V2,
    V4,
}
