using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SapSandbox.Services.CloudIntegration.SecurityContent;

/// <summary>
/// What the keystore API says about a certificate, read from the certificate itself and written as the tenant (a
/// Java server) writes it: <c>SHA256withRSA</c>, serial numbers as <c>0x</c> and upper-case hex, distinguished names as
/// Java prints them (<c>CN=…, OU=…, O=…, C=DE</c>, <c>ST=</c> and <c>EMAILADDRESS=</c>), fingerprints as colon-separated
/// upper-case hex of the DER bytes' SHA-1, SHA-256 and SHA-512.
/// </summary>
public static class CertificateFacts
{
    /// <summary>The certificate part of a keystore entry or chain certificate, by property name.</summary>
    public static Dictionary<string, object?> Of(X509Certificate2 certificate) => new()
    {
        ["KeyType"] = KeyType(certificate),
        ["KeySize"] = KeySize(certificate),
        ["EllipticCurve"] = EllipticCurve(certificate),
        ["SerialNumber"] = SerialNumber(certificate),
        ["SignatureAlgorithm"] = SignatureAlgorithm(certificate.SignatureAlgorithm.Value),
        ["ValidNotBefore"] = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero),
        ["ValidNotAfter"] = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero),
        ["SubjectDN"] = DistinguishedName(certificate.SubjectName),
        ["IssuerDN"] = DistinguishedName(certificate.IssuerName),
        ["Version"] = certificate.Version,
        ["FingerprintSha1"] = Fingerprint(SHA1.HashData(certificate.RawData)),
        ["FingerprintSha256"] = Fingerprint(SHA256.HashData(certificate.RawData)),
        ["FingerprintSha512"] = Fingerprint(SHA512.HashData(certificate.RawData)),
    };

    public static string Fingerprint(byte[] hash) => string.Join(":", hash.Select(b => b.ToString("X2")));

    public static string KeyType(X509Certificate2 certificate) => certificate.PublicKey.Oid.Value switch
    {
        "1.2.840.113549.1.1.1" or "1.2.840.113549.1.1.10" => "RSA",
        "1.2.840.10045.2.1" => "EC",
        "1.2.840.10040.4.1" => "DSA",
        "1.3.101.112" => "Ed25519",
        var other => other ?? "unknown",
    };

    public static int? KeySize(X509Certificate2 certificate)
    {
        using var rsa = certificate.GetRSAPublicKey();
        if (rsa != null) return rsa.KeySize;
        using var ec = certificate.GetECDsaPublicKey();
        if (ec != null) return ec.KeySize;
        using var dsa = certificate.GetDSAPublicKey();
        return dsa?.KeySize;
    }

    /// <summary>The standard name of an EC key's curve (<c>secp256r1</c>), null for other keys.</summary>
    public static string? EllipticCurve(X509Certificate2 certificate)
    {
        using var ec = certificate.GetECDsaPublicKey();
        if (ec == null) return null;
        var curve = ec.ExportParameters(false).Curve;
        return CurveName(curve.Oid?.Value) ?? curve.Oid?.FriendlyName ?? curve.Oid?.Value;
    }

    static string? CurveName(string? oid) => oid switch
    {
        "1.2.840.10045.3.1.7" => "secp256r1",
        "1.3.132.0.34" => "secp384r1",
        "1.3.132.0.35" => "secp521r1",
        "1.3.132.0.10" => "secp256k1",
        "1.2.840.10045.3.1.1" => "secp192r1",
        "1.3.132.0.33" => "secp224r1",
        _ => null,
    };

    /// <summary>As Java's <c>BigInteger.toString(16)</c> in upper case, after <c>0x</c>: no leading zeros.</summary>
    public static string SerialNumber(X509Certificate2 certificate)
    {
        var hex = certificate.SerialNumber.TrimStart('0');
        return "0x" + (hex.Length == 0 ? "0" : hex);
    }

    /// <summary>Java's signature algorithm names (<c>SHA256withRSA</c>), as the tenant reports them.</summary>
    public static string? SignatureAlgorithm(string? oid) => oid switch
    {
        "1.2.840.113549.1.1.4" => "MD5withRSA",
        "1.2.840.113549.1.1.5" => "SHA1withRSA",
        "1.2.840.113549.1.1.14" => "SHA224withRSA",
        "1.2.840.113549.1.1.11" => "SHA256withRSA",
        "1.2.840.113549.1.1.12" => "SHA384withRSA",
        "1.2.840.113549.1.1.13" => "SHA512withRSA",
        "1.2.840.113549.1.1.10" => "RSASSA-PSS",
        "1.2.840.10045.4.1" => "SHA1withECDSA",
        "1.2.840.10045.4.3.1" => "SHA224withECDSA",
        "1.2.840.10045.4.3.2" => "SHA256withECDSA",
        "1.2.840.10045.4.3.3" => "SHA384withECDSA",
        "1.2.840.10045.4.3.4" => "SHA512withECDSA",
        "1.2.840.10040.4.3" => "SHA1withDSA",
        "2.16.840.1.101.3.4.3.2" => "SHA256withDSA",
        "1.3.101.112" => "Ed25519",
        _ => oid,
    };

    static readonly Dictionary<string, string> AttributeNames = new()
    {
        ["2.5.4.3"] = "CN", ["2.5.4.11"] = "OU", ["2.5.4.10"] = "O", ["2.5.4.7"] = "L", ["2.5.4.8"] = "ST", ["2.5.4.6"] = "C",
        ["2.5.4.9"] = "STREET", ["2.5.4.5"] = "SERIALNUMBER", ["1.2.840.113549.1.9.1"] = "EMAILADDRESS",
        ["0.9.2342.19200300.100.1.25"] = "DC", ["0.9.2342.19200300.100.1.1"] = "UID", ["2.5.4.12"] = "T", ["2.5.4.42"] = "GIVENNAME",
        ["2.5.4.4"] = "SURNAME",
    };

    /// <summary>A distinguished name as Java's <c>X500Principal.toString()</c> writes it: most specific first, values with specials quoted.</summary>
    public static string DistinguishedName(X500DistinguishedName name)
    {
        var parts = new List<string>();
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.HasMultipleElements)
            {
                parts.Add(new X500DistinguishedName(rdn.RawData.ToArray()).Name);
                continue;
            }
            var oid = rdn.GetSingleElementType().Value ?? "";
            var label = AttributeNames.GetValueOrDefault(oid) ?? "OID." + oid;
            parts.Add(label + "=" + Quoted(rdn.GetSingleElementValue() ?? ""));
        }
        return string.Join(", ", parts);
    }

    static string Quoted(string value) =>
        value.Length == 0 || value.IndexOfAny([',', '+', '=', '"', '\\', '<', '>', ';', '#']) >= 0 || value[0] == ' ' || value[^1] == ' '
            ? "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\""
            : value;

    /// <summary>The DER bytes of a certificate sent as DER, as PEM, or as base64 text without the PEM lines; null when it is none.</summary>
    public static X509Certificate2? ReadCertificate(byte[] body)
    {
        try
        {
            if (IsText(body))
            {
                var text = Encoding.ASCII.GetString(body).Trim();
                if (text.Contains("-----BEGIN", StringComparison.Ordinal)) return X509Certificate2.CreateFromPem(text);
                return X509CertificateLoader.LoadCertificate(Convert.FromBase64String(text));
            }
            return X509CertificateLoader.LoadCertificate(body);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// The certificates of a chain sent as PKCS#7 (DER, PEM or base64), as PEM certificates one after the other, as an
    /// X.509 PKI path (top CA first) or as one certificate; empty when the body is none of these.
    /// </summary>
    public static List<X509Certificate2> ReadChain(byte[] body)
    {
        try
        {
            if (IsText(body))
            {
                var text = Encoding.ASCII.GetString(body).Trim();
                if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
                {
                    var collection = new X509Certificate2Collection();
                    collection.ImportFromPem(text);
                    return [.. collection];
                }
                if (PemEncoding.TryFind(text, out var pem))
                    return ReadChainDer(Convert.FromBase64String(text[pem.Base64Data]));
                return ReadChainDer(Convert.FromBase64String(text));
            }
            return ReadChainDer(body);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or AsnContentException or ArgumentException)
        {
            return [];
        }
    }

    static List<X509Certificate2> ReadChainDer(byte[] der)
    {
        var outer = new AsnReader(der, AsnEncodingRules.BER).ReadSequence();
        if (outer.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
        {
            // PKCS#7 SignedData: contentType, [0] { version, digestAlgorithms, encapContentInfo, [0] certificates, ... }
            if (outer.ReadObjectIdentifier() != "1.2.840.113549.1.7.2") return [];
            var signedData = outer.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)).ReadSequence();
            signedData.ReadInteger();
            signedData.ReadSetOf(skipSortOrderValidation: true);
            signedData.ReadSequence();
            var certificates = new List<X509Certificate2>();
            if (signedData.HasData && signedData.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
            {
                var set = signedData.ReadSetOf(skipSortOrderValidation: true, expectedTag: new Asn1Tag(TagClass.ContextSpecific, 0, true));
                while (set.HasData) certificates.Add(X509CertificateLoader.LoadCertificate(set.ReadEncodedValue().ToArray()));
            }
            return certificates;
        }
        try
        {
            return [X509CertificateLoader.LoadCertificate(der)];
        }
        catch (CryptographicException)
        {
            // A PKI path: a sequence of certificates, the top CA first.
            var path = new List<X509Certificate2>();
            while (outer.HasData) path.Add(X509CertificateLoader.LoadCertificate(outer.ReadEncodedValue().ToArray()));
            path.Reverse();
            return path;
        }
    }

    /// <summary>A degenerate PKCS#7 SignedData holding the certificates (no signers), as a chain is exported.</summary>
    public static byte[] Pkcs7(IEnumerable<X509Certificate2> certificates)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier("1.2.840.113549.1.7.2");
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
            using (writer.PushSequence())
            {
                writer.WriteInteger(1);
                writer.PushSetOf().Dispose();
                using (writer.PushSequence()) writer.WriteObjectIdentifier("1.2.840.113549.1.7.1");
                using (writer.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
                    foreach (var certificate in certificates) writer.WriteEncodedValue(certificate.RawData);
                writer.PushSetOf().Dispose();
            }
        }
        return writer.Encode();
    }

    /// <summary>
    /// The certificates in chain order: the one whose key is <paramref name="leafKey"/> (or that issued no other) first,
    /// then each one's issuer among the rest; the rest, if any, after.
    /// </summary>
    public static List<X509Certificate2> Ordered(IReadOnlyList<X509Certificate2> certificates, byte[]? leafKey)
    {
        var rest = certificates.ToList();
        var leaf = leafKey != null
            ? rest.FirstOrDefault(c => c.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(leafKey))
            : rest.FirstOrDefault(c => !rest.Any(o => o != c && !IsSelfSigned(o) && o.IssuerName.RawData.AsSpan().SequenceEqual(c.SubjectName.RawData) && c != o));
        if (leaf == null) return rest;
        var ordered = new List<X509Certificate2> { leaf };
        rest.Remove(leaf);
        while (!IsSelfSigned(ordered[^1]))
        {
            var issuer = rest.FirstOrDefault(c => c.SubjectName.RawData.AsSpan().SequenceEqual(ordered[^1].IssuerName.RawData));
            if (issuer == null) break;
            ordered.Add(issuer);
            rest.Remove(issuer);
        }
        ordered.AddRange(rest);
        return ordered;
    }

    public static bool IsSelfSigned(X509Certificate2 certificate) => certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);

    /// <summary>Whether <paramref name="issuer"/> signed <paramref name="certificate"/>: the names match and the signature verifies with its key.</summary>
    public static bool IssuedBy(X509Certificate2 certificate, X509Certificate2 issuer)
    {
        if (!certificate.IssuerName.RawData.AsSpan().SequenceEqual(issuer.SubjectName.RawData)) return false;
        try
        {
            var outer = new AsnReader(certificate.RawData, AsnEncodingRules.DER).ReadSequence();
            var tbs = outer.ReadEncodedValue().ToArray();
            outer.ReadSequence();
            var signature = outer.ReadBitString(out _);
            HashAlgorithmName? hash = SignatureAlgorithm(certificate.SignatureAlgorithm.Value) switch
            {
                "SHA1withRSA" or "SHA1withECDSA" => HashAlgorithmName.SHA1,
                "SHA256withRSA" or "SHA256withECDSA" => HashAlgorithmName.SHA256,
                "SHA384withRSA" or "SHA384withECDSA" => HashAlgorithmName.SHA384,
                "SHA512withRSA" or "SHA512withECDSA" => HashAlgorithmName.SHA512,
                "MD5withRSA" => HashAlgorithmName.MD5,
                _ => null,
            };
            if (hash == null) return false;
            using var rsa = issuer.GetRSAPublicKey();
            if (rsa != null) return rsa.VerifyData(tbs, signature, hash.Value, RSASignaturePadding.Pkcs1);
            using var ec = issuer.GetECDsaPublicKey();
            return ec != null && ec.VerifyData(tbs, signature, hash.Value, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException)
        {
            return false;
        }
    }

    static bool IsText(byte[] body) => body.Length > 0 && body.All(b => b is >= 0x20 and < 0x7F or (byte)'\r' or (byte)'\n' or (byte)'\t');
}
