using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using SapSandbox.Core.Query;

namespace SapSandbox.Services.CloudIntegration.SecurityContent;

/// <summary>
/// Keys and certificates as the keystore makes and takes them: key pairs with a self-signed certificate (the serial
/// number is the start of validity in seconds, as the tenant's are), signing requests, OpenSSH public keys, and
/// private keys from PEM (PKCS#1, PKCS#8, SEC 1), OpenSSH key files and PKCS#12.
/// </summary>
public static partial class KeyMaterial
{
    /// <summary>The signature a request names (<c>SHA-512/RSA</c>, <c>SHA256/RSA</c>, <c>SHA-256/ECDSA</c>, or Java's <c>SHA256withRSA</c>) for a key type.</summary>
    public static HashAlgorithmName Signature(string? requested, string keyType)
    {
        var algorithm = keyType == "EC" ? "ECDSA" : keyType;
        if (string.IsNullOrWhiteSpace(requested)) return keyType == "EC" ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA512;
        var match = SignatureName().Match(requested.Trim());
        if (!match.Success)
            throw QueryException.BadRequest($"'{requested}' is not a signature algorithm; use SHA-512/{algorithm}, SHA-384/{algorithm}, SHA-256/{algorithm} or SHA-1/{algorithm}", "SignatureAlgorithm");
        var kind = match.Groups["kind"].Value.ToUpperInvariant();
        if (kind == "EC") kind = "ECDSA";
        if (kind != algorithm)
            throw QueryException.BadRequest($"The signature algorithm {requested} does not fit a key of type {keyType}; use SHA-256/{algorithm} or another {algorithm} signature", "SignatureAlgorithm");
        return match.Groups["bits"].Value switch
        {
            "1" => HashAlgorithmName.SHA1,
            "256" => HashAlgorithmName.SHA256,
            "384" => HashAlgorithmName.SHA384,
            "512" => HashAlgorithmName.SHA512,
            _ => throw QueryException.BadRequest($"{requested}: SHA-224 signatures are not available in the sandbox; use SHA-256, SHA-384 or SHA-512", "SignatureAlgorithm"),
        };
    }

    [GeneratedRegex(@"^SHA-?(?<bits>1|224|256|384|512)(/|with)(?<kind>RSA|ECDSA|EC|DSA)$", RegexOptions.IgnoreCase)]
    private static partial Regex SignatureName();

    /// <summary>A new private key: RSA of <paramref name="keySize"/> bits (4096 by default), or EC on the curve the parameter or the size names.</summary>
    public static AsymmetricAlgorithm NewKey(string keyType, int? keySize, string? curve)
    {
        switch (keyType)
        {
            case "RSA":
                var bits = keySize ?? 4096;
                if (bits is < 1024 or > 8192 || bits % 8 != 0)
                    throw QueryException.BadRequest($"KeySize {bits} is not an RSA key size the sandbox makes; use 2048, 3072 or 4096", "KeySize");
                return RSA.Create(bits);
            case "EC":
                return ECDsa.Create(Curve(keySize, curve));
            case "DSA":
                throw QueryException.BadRequest("DSA key pairs are not available in the sandbox; use KeyType RSA or EC", "KeyType");
            default:
                throw QueryException.BadRequest($"KeyType '{keyType}' is not one of RSA, DSA and EC", "KeyType");
        }
    }

    static ECCurve Curve(int? keySize, string? name)
    {
        if (!string.IsNullOrWhiteSpace(name))
        {
            var normalised = name.Trim().ToLowerInvariant();
            if (normalised is "secp256r1" or "nist p-256" or "x9.62 prime256v1" or "prime256v1") return ECCurve.NamedCurves.nistP256;
            if (normalised is "secp384r1" or "nist p-384") return ECCurve.NamedCurves.nistP384;
            if (normalised is "secp521r1" or "nist p-521") return ECCurve.NamedCurves.nistP521;
            try
            {
                var curve = ECCurve.CreateFromFriendlyName(name.Trim());
                using var probe = ECDsa.Create(curve);
                return curve;
            }
            catch (Exception e) when (e is CryptographicException or PlatformNotSupportedException or ArgumentException)
            {
                throw QueryException.BadRequest($"The curve '{name}' is not available in the sandbox; use secp256r1, secp384r1 or secp521r1", "KeyAlgorithmParameter");
            }
        }
        if (keySize == null) throw QueryException.BadRequest("An EC key pair needs KeySize or KeyAlgorithmParameter (the curve)", "KeySize");
        if (keySize is < 112 or > 571) throw QueryException.BadRequest($"KeySize {keySize} is outside 112 to 571 for an EC key", "KeySize");
        // The NIST curve for the size, as the tenant picks it (P-192 and P-224 are not offered by every platform: P-256 stands in).
        return keySize <= 256 ? ECCurve.NamedCurves.nistP256 : keySize <= 384 ? ECCurve.NamedCurves.nistP384 : ECCurve.NamedCurves.nistP521;
    }

    /// <summary>A distinguished name from the parts a generation request names, in the order Java encodes them.</summary>
    public static X500DistinguishedName Subject(string commonName, string? organizationUnit, string? organization, string? locality, string? state, string? country, string? email)
    {
        // The builder encodes the last name added first: added most specific first, the country is encoded first, as Java does.
        var builder = new X500DistinguishedNameBuilder();
        if (!string.IsNullOrWhiteSpace(email)) builder.AddEmailAddress(email);
        builder.AddCommonName(commonName);
        if (!string.IsNullOrWhiteSpace(organizationUnit)) builder.AddOrganizationalUnitName(organizationUnit);
        if (!string.IsNullOrWhiteSpace(organization)) builder.AddOrganizationName(organization);
        if (!string.IsNullOrWhiteSpace(locality)) builder.AddLocalityName(locality);
        if (!string.IsNullOrWhiteSpace(state)) builder.AddStateOrProvinceName(state);
        if (!string.IsNullOrWhiteSpace(country)) builder.AddCountryOrRegion(country.Trim().ToUpperInvariant());
        return builder.Build();
    }

    /// <summary>A self-signed certificate for the key, its serial number the start of validity in seconds since 1970.</summary>
    public static byte[] SelfSigned(AsymmetricAlgorithm key, X500DistinguishedName subject, HashAlgorithmName hash, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        if (notAfter <= notBefore) throw QueryException.BadRequest("ValidNotAfter must be later than ValidNotBefore", "ValidNotAfter");
        var request = Request(key, subject, hash);
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var generator = key is RSA rsa ? X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1) : X509SignatureGenerator.CreateForECDsa((ECDsa)key);
        var serial = BigInteger.Max(BigInteger.One, new BigInteger(notBefore.ToUnixTimeSeconds())).ToByteArray(isUnsigned: true, isBigEndian: true);
        using var certificate = request.Create(subject, generator, notBefore, notAfter, serial);
        return certificate.RawData;
    }

    static CertificateRequest Request(AsymmetricAlgorithm key, X500DistinguishedName subject, HashAlgorithmName hash) => key switch
    {
        RSA rsa => new CertificateRequest(subject, rsa, hash, RSASignaturePadding.Pkcs1),
        ECDsa ec => new CertificateRequest(subject, ec, hash),
        _ => throw QueryException.BadRequest("Only RSA and EC keys are available in the sandbox"),
    };

    /// <summary>A PKCS#10 signing request for a key pair: its certificate's subject, signed with its key.</summary>
    public static string SigningRequest(KeystoreItem item)
    {
        using var key = item.Key();
        using var certificate = item.Certificate;
        var hash = key is RSA ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA256;
        var request = Request(key, certificate.SubjectName, hash);
        foreach (var extension in certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>()) request.CertificateExtensions.Add(extension);
        return request.CreateSigningRequestPem();
    }

    /// <summary>The public key in OpenSSH's <c>authorized_keys</c> form (<c>ssh-rsa AAAA… alias</c>); RSA only, as on the tenant.</summary>
    public static string? OpenSshPublicKey(X509Certificate2 certificate, string comment)
    {
        using var rsa = certificate.GetRSAPublicKey();
        if (rsa == null) return null;
        var parameters = rsa.ExportParameters(false);
        using var blob = new MemoryStream();
        WriteString(blob, Encoding.ASCII.GetBytes("ssh-rsa"));
        WriteString(blob, Mpint(parameters.Exponent!));
        WriteString(blob, Mpint(parameters.Modulus!));
        return $"ssh-rsa {Convert.ToBase64String(blob.ToArray())} {comment}";
    }

    static void WriteString(Stream stream, byte[] bytes)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        stream.Write(length);
        stream.Write(bytes);
    }

    static byte[] Mpint(byte[] unsigned)
    {
        var start = 0;
        while (start < unsigned.Length - 1 && unsigned[start] == 0) start++;
        var trimmed = unsigned[start..];
        return trimmed[0] >= 0x80 ? [0, .. trimmed] : trimmed;
    }

    /// <summary>
    /// A private key from a key file's text: PEM (<c>RSA PRIVATE KEY</c>, <c>EC PRIVATE KEY</c>, <c>PRIVATE KEY</c>, or
    /// <c>ENCRYPTED PRIVATE KEY</c> with <paramref name="password"/>) or an unencrypted OpenSSH key (<c>OPENSSH PRIVATE KEY</c>).
    /// </summary>
    public static AsymmetricAlgorithm PrivateKey(string text, string? password, string property)
    {
        if (!PemEncoding.TryFind(text, out var fields))
            throw QueryException.BadRequest($"{property} holds no PEM key: send the key file with its -----BEGIN … PRIVATE KEY----- line, base64-encoded", property);
        var label = text[fields.Label];
        var der = Convert.FromBase64String(text[fields.Base64Data]);
        try
        {
            switch (label)
            {
                case "RSA PRIVATE KEY":
                    var rsa = RSA.Create();
                    rsa.ImportRSAPrivateKey(der, out _);
                    return rsa;
                case "EC PRIVATE KEY":
                    var ec = ECDsa.Create();
                    ec.ImportECPrivateKey(der, out _);
                    return ec;
                case "PRIVATE KEY":
                case "ENCRYPTED PRIVATE KEY":
                    return Pkcs8(der, label == "ENCRYPTED PRIVATE KEY" ? password ?? "" : null);
                case "OPENSSH PRIVATE KEY":
                    return OpenSsh(der, property);
                default:
                    throw QueryException.BadRequest($"{property} holds a '{label}', not a private key", property);
            }
        }
        catch (CryptographicException e)
        {
            throw QueryException.BadRequest($"{property} holds no readable private key ({e.Message})", property);
        }
    }

    static AsymmetricAlgorithm Pkcs8(byte[] der, string? password)
    {
        foreach (var create in new Func<AsymmetricAlgorithm>[] { RSA.Create, ECDsa.Create })
        {
            var key = create();
            try
            {
                if (password == null) key.ImportPkcs8PrivateKey(der, out _);
                else key.ImportEncryptedPkcs8PrivateKey(password, der, out _);
                return key;
            }
            catch (CryptographicException)
            {
                key.Dispose();
            }
        }
        throw new CryptographicException("the PKCS#8 key is neither RSA nor EC, or the password does not open it");
    }

    /// <summary>OpenSSH's own key format (<c>openssh-key-v1</c>), unencrypted, RSA or ECDSA.</summary>
    static AsymmetricAlgorithm OpenSsh(byte[] data, string property)
    {
        var reader = new SshReader(data);
        if (!reader.Magic("openssh-key-v1\0")) throw QueryException.BadRequest($"{property} is not an OpenSSH key file", property);
        var cipher = Encoding.ASCII.GetString(reader.String());
        if (cipher != "none")
            throw QueryException.BadRequest($"{property} is encrypted ({cipher}); the sandbox reads unencrypted OpenSSH keys: remove the passphrase (ssh-keygen -p) or send PEM", property);
        reader.String();
        reader.String();
        if (reader.UInt32() != 1) throw QueryException.BadRequest($"{property} holds more than one key", property);
        reader.String();
        var secret = new SshReader(reader.String());
        if (secret.UInt32() != secret.UInt32()) throw QueryException.BadRequest($"{property} is damaged (check bytes differ)", property);
        var type = Encoding.ASCII.GetString(secret.String());
        switch (type)
        {
            case "ssh-rsa":
                var n = secret.Mpint();
                var e = secret.Mpint();
                var d = secret.Mpint();
                var iqmp = secret.Mpint();
                var p = secret.Mpint();
                var q = secret.Mpint();
                var size = n.Length;
                var half = (size + 1) / 2;
                var parameters = new RSAParameters
                {
                    Modulus = n, Exponent = e, D = Pad(d, size), P = Pad(p, half), Q = Pad(q, half), InverseQ = Pad(iqmp, half),
                    DP = Pad(Remainder(d, p), half), DQ = Pad(Remainder(d, q), half),
                };
                var rsa = RSA.Create();
                rsa.ImportParameters(parameters);
                return rsa;
            case "ecdsa-sha2-nistp256" or "ecdsa-sha2-nistp384" or "ecdsa-sha2-nistp521":
                secret.String();
                var point = secret.String();
                var scalar = secret.Mpint();
                var curve = type[^3..] switch { "256" => ECCurve.NamedCurves.nistP256, "384" => ECCurve.NamedCurves.nistP384, _ => ECCurve.NamedCurves.nistP521 };
                var length = (point.Length - 1) / 2;
                var ec = ECDsa.Create();
                ec.ImportParameters(new ECParameters { Curve = curve, Q = new ECPoint { X = point[1..(1 + length)], Y = point[(1 + length)..] }, D = Pad(scalar, length) });
                return ec;
            default:
                throw QueryException.BadRequest($"{property} holds a {type} key; the sandbox reads RSA and ECDSA keys", property);
        }
    }

    static byte[] Remainder(byte[] d, byte[] prime) =>
        BigInteger.Remainder(new BigInteger(d, true, true), new BigInteger(prime, true, true) - 1).ToByteArray(true, true);

    static byte[] Pad(byte[] value, int length)
    {
        var trimmed = value.SkipWhile(b => b == 0).ToArray();
        if (trimmed.Length >= length) return trimmed;
        return [.. new byte[length - trimmed.Length], .. trimmed];
    }

    sealed class SshReader(byte[] data)
    {
        int _at;

        public bool Magic(string magic)
        {
            var bytes = Encoding.ASCII.GetBytes(magic);
            if (data.Length < bytes.Length || !data.AsSpan(0, bytes.Length).SequenceEqual(bytes)) return false;
            _at = bytes.Length;
            return true;
        }

        public uint UInt32()
        {
            var value = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(_at, 4));
            _at += 4;
            return value;
        }

        public byte[] String()
        {
            var length = (int)UInt32();
            var value = data[_at..(_at + length)];
            _at += length;
            return value;
        }

        public byte[] Mpint() => String().SkipWhile(b => b == 0).ToArray() is { Length: > 0 } value ? value : [0];
    }

    /// <summary>The key and chain of a PKCS#12 file: the certificate with a private key first, then its issuers.</summary>
    public static (byte[] Key, List<X509Certificate2> Chain) Pkcs12(byte[] file, string? password)
    {
        X509Certificate2Collection collection;
        try
        {
            collection = X509CertificateLoader.LoadPkcs12Collection(file, password, X509KeyStorageFlags.Exportable);
        }
        catch (CryptographicException e) when (e.Message.Contains("password", StringComparison.OrdinalIgnoreCase) || e.HResult == unchecked((int)0x80070056))
        {
            throw QueryException.BadRequest("The password does not open the PKCS#12 file", "Password");
        }
        catch (CryptographicException e)
        {
            throw new QueryException(415, $"Resource holds no PKCS#12 file ({e.Message})", "Resource");
        }
        var owner = collection.FirstOrDefault(c => c.HasPrivateKey)
                    ?? throw QueryException.BadRequest("The PKCS#12 file holds no private key", "Resource");
        AsymmetricAlgorithm key = (AsymmetricAlgorithm?)owner.GetRSAPrivateKey() ?? owner.GetECDsaPrivateKey()
                                  ?? throw QueryException.BadRequest("The PKCS#12 file's key is neither RSA nor EC", "Resource");
        using (key)
        {
            var chain = CertificateFacts.Ordered([.. collection], owner.PublicKey.ExportSubjectPublicKeyInfo());
            return (ExportPkcs8(key), chain);
        }
    }

    /// <summary>PKCS#8 of a key, also where the platform keeps keys it loaded from a file as not exportable in plain form.</summary>
    public static byte[] ExportPkcs8(AsymmetricAlgorithm key)
    {
        try
        {
            return key.ExportPkcs8PrivateKey();
        }
        catch (CryptographicException)
        {
            var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            var parameters = new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1);
            var encrypted = key.ExportEncryptedPkcs8PrivateKey(password, parameters);
            using AsymmetricAlgorithm copy = key is RSA ? RSA.Create() : ECDsa.Create();
            copy.ImportEncryptedPkcs8PrivateKey(password, encrypted, out _);
            return copy.ExportPkcs8PrivateKey();
        }
    }

    /// <summary>A PKCS#12 file of a key pair with its chain, as a key pair leaves the keystore in a backup.</summary>
    public static byte[] ToPkcs12(KeystoreItem item, string? password)
    {
        using var key = item.Key();
        var certificates = item.Certificates.ToList();
        using var owner = key switch
        {
            RSA rsa => certificates[0].CopyWithPrivateKey(rsa),
            ECDsa ec => certificates[0].CopyWithPrivateKey(ec),
            _ => throw new InvalidOperationException("unsupported key"),
        };
        var collection = new X509Certificate2Collection { owner };
        collection.AddRange(certificates.Skip(1).ToArray());
        return collection.Export(X509ContentType.Pkcs12, password)!;
    }
}
