using System.Text;
using SapSandbox.Core.Query;

namespace SapSandbox.Services.CloudIntegration.SecurityContent;

/// <summary>
/// Keystore aliases in URLs: the tenant takes the hexadecimal form of the alias's UTF-8 bytes (<c>my alias</c> →
/// <c>6D7920616C696173</c>), because it refuses slashes in a URI even percent-encoded. Both cases of hex digits
/// address the same entry; the tenant writes upper case.
/// </summary>
public static class Hexalias
{
    public static string Of(string alias) => Convert.ToHexString(Encoding.UTF8.GetBytes(alias));

    /// <summary>The alias a hexalias stands for; a 400 when it is not hexadecimal UTF-8.</summary>
    public static string Alias(string hexalias)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromHexString(hexalias));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw QueryException.BadRequest($"'{hexalias}' is not a hex-encoded alias: give the hexadecimal form of the alias's UTF-8 bytes (my alias → 6D7920616C696173)");
        }
    }

    /// <summary>The upper-case form of a hexalias, as the tenant stores it.</summary>
    public static string Canonical(string hexalias) => Of(Alias(hexalias));

    /// <summary>Aliases SAP keeps for itself: a tenant administrator cannot create, change or delete them.</summary>
    public static bool IsReserved(string alias) =>
        alias is "hcicertificate" or "hcicertificate1" or "hcimsgcertificate" || alias.StartsWith("sap_", StringComparison.Ordinal);

    public static QueryException Reserved(string alias) =>
        new(403, $"The alias '{alias}' is reserved for SAP (hcicertificate, hcicertificate1, hcimsgcertificate and aliases starting with sap_)");
}
