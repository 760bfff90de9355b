using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SapSandbox.Services.CloudIntegration.SecurityContent;

/// <summary>The keystores of a tenant, as the API names them in <c>keystoreName</c>.</summary>
public static class Keystores
{
    public const string System = "system";
    public const string Backup = "backup_admin_system";
    public const string Renewal = "KeyRenewal";
    public const string History = "KeyHistory";

    public const string Sap = "SAP";
    public const string TenantAdministrator = "Tenant Administrator";

    /// <summary>The keystore a request names (<c>system</c> when it names none); a 400 for a name the tenant does not have.</summary>
    public static string Named(IReadOnlyDictionary<string, string> query, params string[] allowed)
    {
        var name = ResourcePath.Option(query, "keystoreName") ?? System;
        var known = allowed.Length > 0 ? allowed : [System, Backup, Renewal, History];
        return known.FirstOrDefault(k => k.Equals(name, StringComparison.OrdinalIgnoreCase))
               ?? throw Core.Query.QueryException.BadRequest($"'{name}' is not a keystore here; use {string.Join(", ", known)}", "keystoreName");
    }
}

/// <summary>When a key of the SAP key history keystore was in use, and its place in the sequence of its alias's keys.</summary>
public sealed record KeyActivation(string OriginalAlias, int Sequence, string? ActivatedBy, DateTimeOffset? ActiveFrom, string? DeactivatedBy, DateTimeOffset? ActiveUntil);

/// <summary>
/// One entry of a keystore with its material: a trusted certificate, or a key pair (a private key with its certificate
/// chain, the entry's own certificate first). Everything the API reports about it is read from the certificate.
/// </summary>
public sealed class KeystoreItem
{
    public required string Keystore { get; init; }
    public required string Alias { get; init; }
    public required string Owner { get; init; }
    /// <summary>PKCS#8, for a key pair; null for a certificate.</summary>
    public byte[]? PrivateKey { get; init; }
    /// <summary>DER certificates, the entry's own first, then its issuers up to the top CA as far as known.</summary>
    public required IReadOnlyList<byte[]> Chain { get; init; }
    public required string CreatedBy { get; init; }
    public required DateTimeOffset CreatedTime { get; init; }
    public required string ModifiedBy { get; init; }
    public required DateTimeOffset ModifiedTime { get; init; }
    public KeyActivation? Activation { get; init; }

    public string Hexalias => SecurityContent.Hexalias.Of(Alias);
    public bool IsKeyPair => PrivateKey != null;
    public string Type => IsKeyPair ? "Key Pair" : "Certificate";
    public X509Certificate2 Certificate => X509CertificateLoader.LoadCertificate(Chain[0]);
    public IEnumerable<X509Certificate2> Certificates => Chain.Select(c => X509CertificateLoader.LoadCertificate(c));

    /// <summary>The entry's properties as <c>KeystoreEntry</c> (and, in the history keystore, <c>HistoryKeystoreEntry</c>) names them.</summary>
    public Dictionary<string, object?> Properties(string status = "unchanged", string? validity = null)
    {
        var properties = new Dictionary<string, object?> { ["Hexalias"] = Hexalias, ["Alias"] = Alias };
        foreach (var (name, value) in CertificateFacts.Of(Certificate)) properties[name] = value;
        properties["Validity"] = validity;
        properties["Type"] = Type;
        properties["Owner"] = Owner;
        properties["LastModifiedBy"] = ModifiedBy;
        properties["LastModifiedTime"] = ModifiedTime;
        properties["CreatedBy"] = CreatedBy;
        properties["CreatedTime"] = CreatedTime;
        properties["Status"] = status;
        if (Activation is { } activation)
        {
            properties["ActivatedBy"] = activation.ActivatedBy;
            properties["ActiveFrom"] = activation.ActiveFrom;
            properties["DeactivatedBy"] = activation.DeactivatedBy;
            properties["ActiveUntil"] = activation.ActiveUntil;
            properties["ActivationSequenceNumber"] = activation.Sequence;
            properties["OriginalAlias"] = activation.OriginalAlias;
        }
        return properties;
    }

    /// <summary>The chain as <c>ChainCertificate</c> entities: index 0 is the entry's own certificate.</summary>
    public IEnumerable<Dictionary<string, object?>> ChainProperties() => Certificates.Select((certificate, index) =>
    {
        var properties = new Dictionary<string, object?> { ["Hexalias"] = Hexalias, ["Alias"] = Alias, ["Index"] = index, ["Validity"] = null };
        // A chain certificate has no EllipticCurve property.
        foreach (var (name, value) in CertificateFacts.Of(certificate).Where(p => p.Key != "EllipticCurve")) properties[name] = value;
        return properties;
    });

    /// <summary>The private key, for a key pair.</summary>
    public AsymmetricAlgorithm Key()
    {
        if (PrivateKey == null) throw new InvalidOperationException($"{Alias} is a certificate, not a key pair");
        var algorithm = CertificateFacts.KeyType(Certificate);
        AsymmetricAlgorithm key = algorithm switch
        {
            "EC" => ECDsa.Create(),
            "DSA" => DSA.Create(),
            _ => RSA.Create(),
        };
        key.ImportPkcs8PrivateKey(PrivateKey, out _);
        return key;
    }

    public KeystoreItem With(string? keystore = null, string? alias = null, IReadOnlyList<byte[]>? chain = null, string? modifiedBy = null,
        DateTimeOffset? modifiedTime = null, KeyActivation? activation = null, bool clearActivation = false) => new()
    {
        Keystore = keystore ?? Keystore,
        Alias = alias ?? Alias,
        Owner = Owner,
        PrivateKey = PrivateKey,
        Chain = chain ?? Chain,
        CreatedBy = CreatedBy,
        CreatedTime = CreatedTime,
        ModifiedBy = modifiedBy ?? ModifiedBy,
        ModifiedTime = modifiedTime ?? ModifiedTime,
        Activation = clearActivation ? null : activation ?? Activation,
    };
}
