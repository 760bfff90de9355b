using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SapSandbox.Core.Query;
using SapSandbox.Core.Runtime;

namespace SapSandbox.Services.CloudIntegration.SecurityContent;

/// <summary>
/// The keystore part of the Security Content API, with real keys and certificates: entries listed and read from the
/// tenant keystore (through the generic runtime) or from the renewal, backup and history keystores
/// (<c>keystoreName</c>); certificates, chains, signing requests and OpenSSH keys downloaded as <c>$value</c>; key pairs
/// generated, or imported from PEM, OpenSSH and PKCS#12; certificates and chains imported from DER, PEM, PKCS#7 and
/// PKI path; entries renamed, deleted and activated from the renewal keystore; history entries restored; keystores
/// imported (JKS, JCEKS, PKCS#12), exported (JCEKS), backed up, restored and mass-deleted. Statuses and bodies follow
/// the API Business Hub: 204, or 200 with every entry when <c>returnKeystoreEntries=true</c>.
/// </summary>
public sealed partial class KeystoreHandler : IResourceHandler
{
    static readonly HashSet<string> Sets =
    [
        "KeystoreEntries", "HistoryKeystoreEntries", "CertificateResources", "CertificateChainResources", "CertificateSigningRequests",
        "SSHKeyResources", "KeyPairGenerationRequests", "RSAKeyGenerationRequests", "SSHKeyGenerationRequests", "KeyPairResources",
        "Keystores", "KeystoreResources",
    ];

    static readonly string[] EntryNavigations = ["Certificate", "ChainCertificates", "ChainResource", "Keystore", "SigningRequest", "Sshkey"];

    public ResourceAnswer? Handle(ResourceRequest request)
    {
        var path = ResourcePath.Parse(request.Path);
        if (path == null || !Sets.Contains(path.Set)) return null;
        return request.IsRead ? Read(request, path) : Change(request, path);
    }

    // ---- Reads -------------------------------------------------------------------------------------------------

    static ResourceAnswer? Read(ResourceRequest request, ResourcePath path)
    {
        switch (path.Set)
        {
            case "KeystoreEntries" or "HistoryKeystoreEntries":
            {
                var keystore = path.Set == "HistoryKeystoreEntries" ? Keystores.History : Keystores.Named(request.Query);
                if (path.IsSet)
                    return keystore is Keystores.System or Keystores.History && path.Set == SetOf(keystore) ? null
                        : Json(EntityJson.Collection(request.ServiceRoot, KeystoreStore.ForRead(request).Entries(keystore).Select(i => AsEntity(i, "unchanged"))));
                var alias = Hexalias.Alias(path.Key!);
                if (path.IsEntity)
                {
                    if (keystore is Keystores.System or Keystores.History && path.Set == SetOf(keystore))
                        return Hexalias.Of(alias) == path.Key ? null : new ResourceAnswer.Read($"{path.Set}('{Hexalias.Of(alias)}'){Passed(request.Query)}");
                    var found = KeystoreStore.ForRead(request).Find(keystore, alias) ?? throw Missing(alias, keystore);
                    return Json(EntityJson.Entity(request.ServiceRoot, AsEntity(found, "unchanged")));
                }
                return Part(request, path, keystore, alias);
            }
            case "CertificateResources" or "CertificateChainResources" or "CertificateSigningRequests" or "SSHKeyResources" when path.Key != null && path.Value:
            {
                var navigation = path.Set switch
                {
                    "CertificateResources" => "Certificate",
                    "CertificateChainResources" => "ChainResource",
                    "CertificateSigningRequests" => "SigningRequest",
                    _ => "Sshkey",
                };
                return Part(request, path with { Navigation = navigation }, Keystores.Named(request.Query), Hexalias.Alias(path.Key));
            }
            case "Keystores" when path.Key != null:
                return KeystoreRead(request, path);
            case "KeystoreResources" when path.Key != null:
                return Export(request, path.Key);
            default:
                return null;
        }
    }

    static string SetOf(string keystore) => keystore == Keystores.History ? "HistoryKeystoreEntries" : "KeystoreEntries";

    /// <summary>A part of an entry: its chain, its certificate, chain, signing request or OpenSSH key as <c>$value</c>, its keystore.</summary>
    static ResourceAnswer? Part(ResourceRequest request, ResourcePath path, string keystore, string alias)
    {
        var store = KeystoreStore.ForRead(request);
        var item = store.Find(keystore, alias) ?? throw Missing(alias, keystore);
        switch (path.Navigation, path.Value)
        {
            case ("ChainCertificates", false):
                if (keystore == Keystores.System)
                    return new ResourceAnswer.Read($"ChainCertificates?$filter=Hexalias eq '{item.Hexalias}'&$orderby=Index{Passed(request.Query, "&", "$filter", "$orderby")}");
                return Json(EntityJson.Collection(request.ServiceRoot, item.ChainProperties().Select(p =>
                    new JsonEntity("ChainCertificates", $"Hexalias={EntityJson.Key(item.Hexalias)},Index={p["Index"]}", "ChainCertificate", [.. p], ["KeystoreEntry"]))));
            case ("Certificate", true):
            {
                var certificates = item.Certificates.ToList();
                // rootCA=true: the top CA certificate of a key pair's chain, where the chain has one.
                var certificate = ResourcePath.Flag(request.Query, "rootCA") && item.IsKeyPair && certificates.Count > 1 ? certificates[^1] : certificates[0];
                return new ResourceAnswer.Content(200, "application/pkix-cert", EntityJson.Text(certificate.ExportCertificatePem() + "\n"));
            }
            case ("ChainResource", true):
                return new ResourceAnswer.Content(200, "application/pkcs7-mime", CertificateFacts.Pkcs7(item.Certificates));
            case ("SigningRequest", true):
                if (!item.IsKeyPair) throw QueryException.BadRequest($"'{alias}' is a certificate; signing requests are made for key pairs");
                return new ResourceAnswer.Content(200, "application/pkcs10", EntityJson.Text(KeyMaterial.SigningRequest(item)));
            case ("Sshkey", true):
                var openSsh = KeyMaterial.OpenSshPublicKey(item.Certificate, alias)
                              ?? throw QueryException.BadRequest($"Unsupported algorithm {CertificateFacts.KeyType(item.Certificate)}: SSH key export is only available for RSA and DSA entries");
                return new ResourceAnswer.Content(200, "text/plain;charset=utf-8", EntityJson.Text(openSsh + "\n"));
            case ("Certificate" or "ChainResource" or "SigningRequest" or "Sshkey", false):
                var (set, type) = path.Navigation switch
                {
                    "Certificate" => ("CertificateResources", "CertificateResource"),
                    "ChainResource" => ("CertificateChainResources", "CertificateChainResource"),
                    "SigningRequest" => ("CertificateSigningRequests", "CertificateSigningRequest"),
                    _ => ("SSHKeyResources", "SSHKeyResource"),
                };
                List<KeyValuePair<string, object?>> properties = type == "CertificateSigningRequest" ? [new("Hexalias", item.Hexalias)] : [new("Alias", item.Alias), new("Hexalias", item.Hexalias)];
                return Json(EntityJson.Entity(request.ServiceRoot, new JsonEntity(set, EntityJson.Key(item.Hexalias), type, properties, ["KeystoreEntry"])));
            case ("Keystore", false):
                return new ResourceAnswer.Read($"Keystores('{(keystore is Keystores.History ? Keystores.System : keystore)}'){Passed(request.Query)}");
            default:
                return null;
        }
    }

    /// <summary><c>Keystores('system')</c> with its entries (<c>$expand=Entries</c>, <c>/Entries</c>) or its size (<c>/Size/$value</c>).</summary>
    static ResourceAnswer? KeystoreRead(ResourceRequest request, ResourcePath path)
    {
        var name = path.Key!;
        if (path.Navigation == "Size" && path.Value)
        {
            if (name is not (Keystores.System or Keystores.Renewal))
                throw QueryException.BadRequest($"Invalid keystore name '{name}': only system and KeyRenewal are allowed");
            return new ResourceAnswer.Content(200, "text/plain;charset=utf-8", EntityJson.Text(KeystoreStore.ForRead(request).Entries(name).Count.ToString(CultureInfo.InvariantCulture)));
        }
        if (path.Navigation == "Entries")
        {
            var keystore = Keystores.Named(new Dictionary<string, string> { ["keystoreName"] = name });
            return keystore == Keystores.System ? new ResourceAnswer.Read($"KeystoreEntries{Passed(request.Query)}")
                : Json(EntityJson.Collection(request.ServiceRoot, KeystoreStore.ForRead(request).Entries(keystore).Select(i => AsEntity(i, "unchanged"))));
        }
        if (!path.IsEntity || !(ResourcePath.Option(request.Query, "$expand")?.Split(',').Any(e => e.Trim() == "Entries") ?? false)) return null;
        var store = KeystoreStore.ForRead(request);
        var row = store.Rows.Select("Keystores", "Name", name).FirstOrDefault() ?? throw QueryException.NotFound($"There is no keystore '{name}'");
        var entries = store.Entries(name).Select(i => AsEntity(i, "unchanged")).ToList();
        return Json(EntityJson.Entity(request.ServiceRoot, new JsonEntity("Keystores", EntityJson.Key(name), "Keystore",
        [
            new("Name", name), new("LastModifiedBy", row["LastModifiedBy"]), new("LastModifiedTime", Stored(row["LastModifiedTime"])),
            new("Size", entries.Count), new("AggregatedStatus", row["AggregatedStatus"]), new("AggregatedErrors", row["AggregatedErrors"]), new("RuntimeIds", row["RuntimeIds"]),
        ], ["Entries", "Runtimes"]) { Expanded = new Dictionary<string, IReadOnlyList<JsonEntity>> { ["Entries"] = entries } }));
    }

    /// <summary>The public content of a keystore as a JCEKS file: certificates, and for key pairs their chains (alias, alias_1, alias_2, …).</summary>
    static ResourceAnswer Export(ResourceRequest request, string name)
    {
        if (name is not (Keystores.System or Keystores.Backup))
            throw QueryException.BadRequest($"Invalid keystore name '{name}': only system and backup_admin_system are allowed");
        var entries = KeystoreStore.ForRead(request).Entries(name);
        var taken = new HashSet<string>(entries.Select(e => e.Alias), StringComparer.Ordinal);
        var certificates = new List<(string, DateTimeOffset, byte[])>();
        foreach (var item in entries)
        {
            certificates.Add((item.Alias, item.ModifiedTime, item.Chain[0]));
            for (var i = 1; i < item.Chain.Count; i++)
            {
                var alias = $"{item.Alias}_{i}";
                while (!taken.Add(alias)) alias += "_";
                certificates.Add((alias, item.ModifiedTime, item.Chain[i]));
            }
        }
        var file = JavaKeystore.WriteCertificates(certificates, "");
        return Json(EntityJson.Entity(request.ServiceRoot, new JsonEntity("KeystoreResources", EntityJson.Key(name), "KeystoreResource",
            [new("Name", name), new("Resource", file), new("Password", null), new("Aliases", null)], [])));
    }

    // ---- Changes -----------------------------------------------------------------------------------------------

    static ResourceAnswer? Change(ResourceRequest request, ResourcePath path)
    {
        var method = request.Method;
        return (path.Set, method) switch
        {
            ("KeystoreEntries", "PUT") when path.IsEntity => Rename(request, Hexalias.Alias(path.Key!)),
            ("KeystoreEntries", "DELETE") when path.IsEntity => Delete(request, Hexalias.Alias(path.Key!)),
            ("CertificateResources", "PUT") when path is { Key: not null, Value: true } => ImportCertificate(request, Hexalias.Alias(path.Key)),
            ("CertificateChainResources", "PUT") when path is { Key: not null, Value: true } => ImportChain(request, Hexalias.Alias(path.Key)),
            ("KeyPairGenerationRequests", "POST") when path.IsSet => Generate(request),
            ("RSAKeyGenerationRequests", "POST") when path.IsSet => ImportRsaKey(request),
            ("SSHKeyGenerationRequests", "POST") when path.IsSet => ImportSshKey(request),
            ("KeyPairResources", "POST") when path.IsSet => ImportKeyPair(request),
            ("KeystoreResources", "POST") when path.IsSet => ImportOrBackUp(request),
            ("KeystoreResources", "PUT") when path.IsEntity => RestoreOrDelete(request, path.Key!),
            ("HistoryKeystoreEntries", "PUT") when path.IsEntity => RestoreFromHistory(request, Hexalias.Alias(path.Key!)),
            _ => throw new QueryException(405, $"{method} is not available for {request.Path}: keystore entries are created with KeyPairGenerationRequests, " +
                                               "KeyPairResources, CertificateResources('…')/$value and KeystoreResources, renamed with PUT and deleted with DELETE on KeystoreEntries('…')"),
        };
    }

    static string User(ResourceRequest request) => request.User?.Identity?.Name ?? "sandbox";

    static ResourceAnswer Done(ResourceRequest request, string? returnedAs = null)
    {
        if (ResourcePath.Flag(request.Query, "returnKeystoreEntries")) return new ResourceAnswer.Read("KeystoreEntries", 200);
        return returnedAs == null ? ResourceAnswer.Empty(204) : Json(EntityJson.Text(returnedAs));
    }

    /// <summary><c>PUT KeystoreEntries('…')?renameAlias=new</c>: the entry under a new alias, its material unchanged.</summary>
    static ResourceAnswer Rename(ResourceRequest request, string alias)
    {
        var target = ResourcePath.Option(request.Query, "renameAlias")
                     ?? throw QueryException.BadRequest("Name the new alias in the query option renameAlias", "renameAlias");
        if (Hexalias.IsReserved(alias)) throw Hexalias.Reserved(alias);
        if (Hexalias.IsReserved(target)) throw Hexalias.Reserved(target);
        Validate(target, "renameAlias");
        var store = KeystoreStore.ForChange(request);
        var item = store.Find(Keystores.System, alias) ?? throw Missing(alias, Keystores.System);
        if (store.Find(Keystores.System, target) != null) throw QueryException.BadRequest($"An entry with the alias '{target}' exists already");
        store.ResetStatuses();
        store.Remove(Keystores.System, alias);
        store.Put(item.With(alias: target, modifiedBy: User(request), modifiedTime: DateTimeOffset.UtcNow), "changed");
        if (ResourcePath.Flag(request.Query, "returnHexAlias") && !ResourcePath.Flag(request.Query, "returnKeystoreEntries"))
            return new ResourceAnswer.Content(200, "text/plain;charset=utf-8", EntityJson.Text($"[{Hexalias.Of(target)}]"));
        return Done(request);
    }

    /// <summary><c>DELETE KeystoreEntries('…')</c>, or with <c>keystoreName=KeyRenewal&amp;activate=true</c> the activation of a renewed key.</summary>
    static ResourceAnswer Delete(ResourceRequest request, string alias)
    {
        var store = KeystoreStore.ForChange(request);
        var keystore = Keystores.Named(request.Query, Keystores.System, Keystores.Renewal);
        if (keystore == Keystores.Renewal)
        {
            if (!ResourcePath.Flag(request.Query, "activate"))
                throw QueryException.BadRequest("Entries of the renewal keystore are activated: add activate=true", "activate");
            Activate(request, store, alias);
            return Done(request);
        }
        if (Hexalias.IsReserved(alias)) throw Hexalias.Reserved(alias);
        if (store.Find(Keystores.System, alias) == null) throw Missing(alias, Keystores.System);
        store.ResetStatuses();
        store.Remove(Keystores.System, alias);
        return Done(request);
    }

    /// <summary>
    /// A renewed key takes the place of the current one: the current entry moves to the key history as
    /// <c>[n]_alias</c> with the time it was in use, and the renewal entry becomes the tenant keystore's entry.
    /// </summary>
    static void Activate(ResourceRequest request, KeystoreStore store, string alias)
    {
        var renewal = store.Find(Keystores.Renewal, alias) ?? throw Missing(alias, Keystores.Renewal);
        var now = DateTimeOffset.UtcNow;
        var user = User(request);
        store.ResetStatuses();
        if (store.Find(Keystores.System, alias) is { } current)
        {
            var sequence = store.Entries(Keystores.History).Where(h => h.Activation?.OriginalAlias == alias).Select(h => h.Activation!.Sequence).DefaultIfEmpty(0).Max() + 1;
            store.Put(current.With(keystore: Keystores.History, alias: $"[{sequence}]_{alias}",
                activation: new KeyActivation(alias, sequence, current.ModifiedBy, current.ModifiedTime, user, now)), "new");
            store.Remove(Keystores.System, alias);
        }
        store.Remove(Keystores.Renewal, alias);
        store.Put(renewal.With(keystore: Keystores.System, modifiedBy: user, modifiedTime: now, clearActivation: true), "changed");
    }

    /// <summary><c>PUT HistoryKeystoreEntries('…')?copy=true</c>: an old key back into the renewal keystore, to be activated again.</summary>
    static ResourceAnswer RestoreFromHistory(ResourceRequest request, string alias)
    {
        if (!ResourcePath.Flag(request.Query, "copy")) throw QueryException.BadRequest("Restoring an entry from the key history needs copy=true", "copy");
        var store = KeystoreStore.ForChange(request);
        var item = store.Find(Keystores.History, alias) ?? throw Missing(alias, Keystores.History);
        var destination = ResourcePath.Option(request.Query, "destinationAlias") ?? item.Activation?.OriginalAlias ?? alias;
        if (!Hexalias.IsReserved(destination))
            throw QueryException.BadRequest($"The destination alias '{destination}' is not in SAP's namespace (hcicertificate, hcicertificate1, hcimsgcertificate, sap_…)", "destinationAlias");
        if (store.Find(Keystores.Renewal, destination) != null)
            throw QueryException.BadRequest($"The renewal keystore holds an entry '{destination}' already", "destinationAlias");
        store.Put(item.With(keystore: Keystores.Renewal, alias: destination, modifiedBy: User(request), modifiedTime: DateTimeOffset.UtcNow, clearActivation: true), "new");
        return ResourceAnswer.Empty(204);
    }

    /// <summary><c>PUT CertificateResources('…')/$value</c>: a trusted certificate from DER, PEM or base64, new (<c>update=false</c>) or replacing one.</summary>
    static ResourceAnswer ImportCertificate(ResourceRequest request, string alias)
    {
        if (Hexalias.IsReserved(alias)) throw Hexalias.Reserved(alias);
        Validate(alias, "Hexalias");
        if (request.Body.Length > 10 * 1024) throw new QueryException(413, "The certificate is larger than 10 kB");
        using var certificate = CertificateFacts.ReadCertificate(request.Body)
                                ?? throw new QueryException(415, "The body holds no X.509 certificate: send it as DER, PEM, or base64-encoded DER");
        var store = KeystoreStore.ForChange(request);
        var existing = store.Find(Keystores.System, alias);
        var update = ResourcePath.Flag(request.Query, "update");
        if (update && existing == null) throw QueryException.BadRequest($"There is no entry '{alias}' to update (update=true)");
        if (!update && existing != null) throw QueryException.BadRequest($"An entry '{alias}' exists already; send update=true to replace it");
        var item = New(request, alias, null, [certificate.RawData], existing);
        if (!ResourcePath.Flag(request.Query, "fingerprintVerified") && !Trusted(store, [certificate])) return NotTrusted(request, item);
        store.ResetStatuses();
        store.Put(item, existing == null ? "new" : "changed");
        return Done(request);
    }

    /// <summary><c>PUT CertificateChainResources('…')/$value</c>: the chain a CA returned for the key pair's signing request.</summary>
    static ResourceAnswer ImportChain(ResourceRequest request, string alias)
    {
        if (Hexalias.IsReserved(alias)) throw Hexalias.Reserved(alias);
        if (request.Body.Length > 30072) throw new QueryException(413, "The certificate chain is larger than 30072 bytes");
        var store = KeystoreStore.ForChange(request);
        var item = store.Find(Keystores.System, alias) ?? throw Missing(alias, Keystores.System);
        if (!item.IsKeyPair) throw QueryException.BadRequest($"'{alias}' is a certificate, not a key pair; a chain belongs to a key pair");
        var certificates = CertificateFacts.ReadChain(request.Body);
        if (certificates.Count == 0)
            throw new QueryException(415, "The body holds no certificate chain: send PKCS#7 (DER, PEM or base64), PEM certificates one after another, or a PKI path");
        using var current = item.Certificate;
        var publicKey = current.PublicKey.ExportSubjectPublicKeyInfo();
        var chain = CertificateFacts.Ordered(certificates, publicKey);
        if (!chain[0].PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(publicKey))
            throw QueryException.BadRequest($"The certificate chain does not fit the public key of the key pair '{alias}'");
        for (var i = 0; i + 1 < chain.Count; i++)
            if (!CertificateFacts.IssuedBy(chain[i], chain[i + 1]))
                throw QueryException.BadRequest($"Certificate chain validation failed: {chain[i].Subject} is not signed by {chain[i + 1].Subject}");
        var updated = item.With(chain: chain.Select(c => c.RawData).ToList(), modifiedBy: User(request), modifiedTime: DateTimeOffset.UtcNow);
        if (!ResourcePath.Flag(request.Query, "fingerprintVerified") && !Trusted(store, chain)) return NotTrusted(request, updated);
        store.ResetStatuses();
        store.Put(updated, "changed");
        return Done(request);
    }

    /// <summary><c>POST KeyPairGenerationRequests</c>: a new RSA or EC key with a self-signed certificate for the subject given.</summary>
    static ResourceAnswer Generate(ResourceRequest request)
    {
        var body = RequestBody.Object(request);
        var alias = Required(body, "Alias");
        var commonName = Required(body, "CommonName");
        var keyType = (Text(body, "KeyType") ?? "RSA").ToUpperInvariant();
        var hash = KeyMaterial.Signature(Text(body, "SignatureAlgorithm"), keyType);
        using var key = KeyMaterial.NewKey(keyType, Int(body, "KeySize"), Text(body, "KeyAlgorithmParameter"));
        return CreateKeyPair(request, body, alias, commonName, key, hash, replace: false);
    }

    /// <summary><c>POST RSAKeyGenerationRequests</c>: the tenant takes an existing RSA private key (PKCS#1 PEM, base64 in RSAFile) and certifies it itself.</summary>
    static ResourceAnswer ImportRsaKey(ResourceRequest request)
    {
        var body = RequestBody.Object(request);
        var alias = Required(body, "Alias");
        var commonName = Required(body, "CommonName");
        Required(body, "Country");
        var file = Binary(body, "RSAFile") ?? throw QueryException.BadRequest("RSAFile is empty: send the base64-encoded PEM of the RSA private key", "RSAFile");
        if (file.Length > 10000) throw QueryException.BadRequest("The RSA file is larger than 10000 bytes", "RSAFile");
        using var key = KeyMaterial.PrivateKey(Encoding.ASCII.GetString(file), null, "RSAFile");
        if (key is not RSA) throw QueryException.BadRequest("RSAFile holds no RSA private key", "RSAFile");
        return CreateKeyPair(request, body, alias, commonName, key, KeyMaterial.Signature(Text(body, "SignatureAlgorithm") ?? "SHA-256/RSA", "RSA"), replace: false);
    }

    /// <summary>
    /// <c>POST SSHKeyGenerationRequests</c>: an SSH private key (OpenSSH or PEM file, base64 in SSHFile) as a key pair named by its
    /// algorithm (<c>id_rsa</c>, <c>id_ec</c>); <c>update=true</c> replaces it.
    /// </summary>
    static ResourceAnswer ImportSshKey(ResourceRequest request)
    {
        var body = RequestBody.Object(request);
        var encoded = Text(body, "SSHFile") ?? throw QueryException.BadRequest("SSHFile is empty: send the key file base64-encoded", "SSHFile");
        string file;
        try { file = Encoding.UTF8.GetString(Convert.FromBase64String(encoded)); }
        catch (FormatException) { file = encoded; }
        using var key = KeyMaterial.PrivateKey(file, Text(body, "Password"), "SSHFile");
        var alias = key is RSA ? "id_rsa" : "id_ec";
        var keyType = key is RSA ? "RSA" : "EC";
        var answer = CreateKeyPair(request, body, alias, Text(body, "CommonName") ?? alias, key, KeyMaterial.Signature(Text(body, "SignatureAlgorithm"), keyType),
            replace: ResourcePath.Flag(request.Query, "update"), requireCountry: false);
        return ResourcePath.Flag(request.Query, "returnKeystoreEntries") ? answer : Json(EntityJson.Text($"{{\"d\":{{\"Alias\":{JsonSerializer.Serialize(alias)}}}}}"));
    }

    static ResourceAnswer CreateKeyPair(ResourceRequest request, JsonElement body, string alias, string commonName, AsymmetricAlgorithm key, HashAlgorithmName hash,
        bool replace, bool requireCountry = false)
    {
        if (Hexalias.IsReserved(alias)) throw Hexalias.Reserved(alias);
        Validate(alias, "Alias");
        var country = Text(body, "Country");
        if (requireCountry && country == null) throw QueryException.BadRequest("Country is empty", "Country");
        if (country is { Length: not 2 }) throw QueryException.BadRequest($"Country '{country}' is not a two-letter code", "Country");
        var store = KeystoreStore.ForChange(request);
        var existing = store.Find(Keystores.System, alias);
        if (existing != null && !replace) throw QueryException.BadRequest($"A keystore entry with the alias '{alias}' exists already");
        var now = DateTimeOffset.UtcNow;
        var notBefore = Date(body, "ValidNotBefore") ?? new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero);
        var notAfter = Date(body, "ValidNotAfter") ?? notBefore.AddYears(3);
        var subject = KeyMaterial.Subject(commonName, Text(body, "OrganizationUnit"), Text(body, "Organization"), Text(body, "Locality"), Text(body, "State"), country, Text(body, "Email"));
        var certificate = KeyMaterial.SelfSigned(key, subject, hash, notBefore, notAfter);
        store.ResetStatuses();
        store.Put(New(request, alias, KeyMaterial.ExportPkcs8(key), [certificate], existing), existing == null ? "new" : "changed");
        return Done(request);
    }

    /// <summary><c>POST KeyPairResources</c>: a key pair with its chain from a PKCS#12 file (base64 in Resource).</summary>
    static ResourceAnswer ImportKeyPair(ResourceRequest request)
    {
        var body = RequestBody.Object(request);
        var alias = Required(body, "Alias");
        if (Hexalias.IsReserved(alias)) throw Hexalias.Reserved(alias);
        Validate(alias, "Alias");
        var file = Binary(body, "Resource") ?? throw new QueryException(415, "Resource is empty: send the PKCS#12 file base64-encoded", "Resource");
        if (file.Length > 30072) throw new QueryException(413, "The PKCS#12 file is larger than 30072 bytes");
        var (key, chain) = KeyMaterial.Pkcs12(file, Text(body, "Password"));
        for (var i = 0; i + 1 < chain.Count; i++)
            if (!CertificateFacts.IssuedBy(chain[i], chain[i + 1]))
                throw QueryException.BadRequest($"Certificate chain validation failed: {chain[i].Subject} is not signed by {chain[i + 1].Subject}");
        var store = KeystoreStore.ForChange(request);
        var existing = store.Find(Keystores.System, alias);
        var update = ResourcePath.Flag(request.Query, "update");
        if (update && existing == null) throw QueryException.BadRequest($"There is no entry '{alias}' to update (update=true)");
        if (!update && existing != null) throw QueryException.BadRequest($"An entry '{alias}' exists already; send update=true to replace it");
        var item = New(request, alias, key, chain.Select(c => c.RawData).ToList(), existing);
        if (!ResourcePath.Flag(request.Query, "fingerprintVerified") && !Trusted(store, chain)) return NotTrusted(request, item);
        store.ResetStatuses();
        store.Put(item, existing == null ? "new" : "changed");
        return Done(request);
    }

    /// <summary>
    /// <c>POST KeystoreResources</c>: with <c>Name</c> <c>backup_admin_system</c> a backup of the tenant administrator's entries
    /// (replacing the last one); with <c>system</c> an import of a JKS, JCEKS or PKCS#12 file (<c>importOption</c> replace, merge or overwrite).
    /// </summary>
    static ResourceAnswer ImportOrBackUp(ResourceRequest request)
    {
        var body = RequestBody.Object(request);
        var name = Required(body, "Name");
        var store = KeystoreStore.ForChange(request);
        if (name == Keystores.Backup)
        {
            foreach (var old in store.Entries(Keystores.Backup)) store.Remove(Keystores.Backup, old.Alias);
            var backedUp = new List<JsonEntity>();
            foreach (var item in store.Entries(Keystores.System).Where(i => i.Owner == Keystores.TenantAdministrator))
            {
                store.Put(item.With(keystore: Keystores.Backup), "new");
                backedUp.Add(AsEntity(item.With(keystore: Keystores.Backup), "new"));
            }
            return ResourcePath.Flag(request.Query, "returnKeystoreEntries", otherwise: true)
                ? Json(EntityJson.Collection(request.ServiceRoot, backedUp)) : ResourceAnswer.Empty(204);
        }
        if (name != Keystores.System) throw QueryException.BadRequest($"Name is system (import) or backup_admin_system (backup), not '{name}'", "Name");
        var file = Binary(body, "Resource") ?? throw QueryException.BadRequest("Resource is empty: send the keystore file base64-encoded", "Resource");
        if (file.Length > 1024 * 1024) throw new QueryException(413, "The keystore file is larger than 1 MB");
        var password = Text(body, "Password") ?? "";
        var imported = ReadKeystoreFile(file, password);
        return Merge(request, store, imported, ImportOption(request, "overwrite", "replace", "merge", "overwrite"));
    }

    static List<JavaKeystoreEntry> ReadKeystoreFile(byte[] file, string password)
    {
        if (JavaKeystore.IsJavaKeystore(file))
        {
            List<JavaKeystoreEntry>? entries;
            try { entries = JavaKeystore.Read(file, password); }
            catch (Exception e) when (e is FormatException or ArgumentException or IndexOutOfRangeException or System.Formats.Asn1.AsnContentException)
            {
                throw new QueryException(415, $"Resource holds a damaged JKS or JCEKS keystore ({e.Message})", "Resource");
            }
            return entries ?? throw QueryException.BadRequest("The password does not open the keystore (its integrity check fails)", "Password");
        }
        X509Certificate2Collection collection;
        try { collection = X509CertificateLoader.LoadPkcs12Collection(file, password, X509KeyStorageFlags.Exportable); }
        catch (CryptographicException)
        {
            throw new QueryException(415, "Resource holds no JKS, JCEKS or PKCS#12 keystore (or the password does not open it)", "Resource");
        }
        var result = new List<JavaKeystoreEntry>();
        foreach (var owner in collection.Where(c => c.HasPrivateKey))
        {
            AsymmetricAlgorithm? key = (AsymmetricAlgorithm?)owner.GetRSAPrivateKey() ?? owner.GetECDsaPrivateKey();
            if (key == null) continue;
            using (key)
            {
                var chain = CertificateFacts.Ordered([.. collection.Where(c => !c.HasPrivateKey || c == owner)], owner.PublicKey.ExportSubjectPublicKeyInfo());
                var alias = owner.FriendlyName is { Length: > 0 } friendly ? friendly : owner.GetNameInfo(X509NameType.SimpleName, false).ToLowerInvariant();
                result.Add(new JavaKeystoreEntry(alias, DateTimeOffset.UtcNow, KeyMaterial.ExportPkcs8(key), chain.Select(c => c.RawData).ToList()));
            }
        }
        return result;
    }

    /// <summary>
    /// <c>PUT KeystoreResources('system')</c>: <c>retrieveBackup=backup_admin_system</c> brings the backup back (<c>importOption</c>
    /// replace or overwrite); <c>deleteEntries=true</c> deletes the entries <c>{"Aliases":"a;b"}</c> names (<c>\;</c> and <c>\\</c> escaped).
    /// </summary>
    static ResourceAnswer RestoreOrDelete(ResourceRequest request, string name)
    {
        if (name != Keystores.System) throw QueryException.BadRequest($"Only the keystore 'system' takes this request, not '{name}'");
        var store = KeystoreStore.ForChange(request);
        if (ResourcePath.Flag(request.Query, "deleteEntries"))
        {
            var body = RequestBody.Object(request);
            var aliases = Aliases(Required(body, "Aliases"));
            foreach (var alias in aliases.Where(Hexalias.IsReserved)) throw Hexalias.Reserved(alias);
            store.ResetStatuses();
            foreach (var alias in aliases)
                if (store.Find(Keystores.System, alias) != null) store.Remove(Keystores.System, alias);
            return ResourcePath.Flag(request.Query, "returnKeystoreEntries", otherwise: true) ? new ResourceAnswer.Read("KeystoreEntries") : ResourceAnswer.Empty(204);
        }
        if (ResourcePath.Option(request.Query, "retrieveBackup") is not { } backup)
            throw QueryException.BadRequest("Say what to do: retrieveBackup=backup_admin_system, or deleteEntries=true with the aliases in the body");
        if (backup != Keystores.Backup) throw QueryException.BadRequest($"retrieveBackup is backup_admin_system, not '{backup}'", "retrieveBackup");
        var entries = store.Entries(Keystores.Backup);
        if (entries.Count == 0) throw QueryException.NotFound("There are no backed-up keystore entries of the tenant administrator");
        var restored = entries.Select(e => new JavaKeystoreEntry(e.Alias, e.CreatedTime, e.PrivateKey, e.Chain)).ToList();
        return Merge(request, store, restored, ImportOption(request, "overwrite", "replace", "overwrite"), entries);
    }

    /// <summary>
    /// Entries into the tenant keystore as an import does it, each with its status: <c>new</c>, <c>changed</c>,
    /// <c>unchanged</c>, <c>removed</c> (<c>replace</c> removes the tenant administrator's entries the file does not hold),
    /// or <c>notImported: …</c> (SAP's aliases, an alias taken with <c>merge</c>, a key that cannot be read). Without
    /// <c>returnKeystoreEntries</c> one entry not imported fails the whole import.
    /// </summary>
    static ResourceAnswer Merge(ResourceRequest request, KeystoreStore store, IReadOnlyList<JavaKeystoreEntry> incoming, string option,
        IReadOnlyList<KeystoreItem>? originals = null)
    {
        store.ResetStatuses();
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        var notImported = new List<(string Alias, string Status)>();
        var removed = new List<KeystoreItem>();
        if (option == "replace")
            foreach (var item in store.Entries(Keystores.System).Where(i => i.Owner == Keystores.TenantAdministrator && incoming.All(e => e.Alias != i.Alias)))
            {
                store.Remove(Keystores.System, item.Alias);
                removed.Add(item);
            }
        foreach (var entry in incoming)
        {
            string? problem = entry.Problem;
            if (problem == null && Hexalias.IsReserved(entry.Alias)) problem = "notImported: The alias is reserved for SAP";
            if (problem == null && entry.Chain.Count == 0) problem = "notImported: The entry holds no X.509 certificate";
            var existing = store.Find(Keystores.System, entry.Alias);
            if (problem == null && existing != null && option == "merge") problem = "notImported: An entry with the same alias already exists";
            if (problem != null)
            {
                notImported.Add((entry.Alias, problem));
                continue;
            }
            if (existing != null && existing.Chain.Count == entry.Chain.Count && existing.Chain.Zip(entry.Chain).All(p => p.First.AsSpan().SequenceEqual(p.Second))
                && (existing.PrivateKey?.AsSpan().SequenceEqual(entry.PrivateKey ?? []) ?? entry.PrivateKey == null))
            {
                statuses[entry.Alias] = "unchanged";
                continue;
            }
            var original = originals?.FirstOrDefault(o => o.Alias == entry.Alias);
            var item = original?.With(keystore: Keystores.System, modifiedBy: User(request), modifiedTime: DateTimeOffset.UtcNow)
                       ?? New(request, entry.Alias, entry.PrivateKey, entry.Chain, existing);
            store.Put(item, existing == null ? "new" : "changed");
            statuses[entry.Alias] = existing == null ? "new" : "changed";
        }
        if (!ResourcePath.Flag(request.Query, "returnKeystoreEntries", otherwise: true))
        {
            if (notImported.Count > 0)
                throw QueryException.BadRequest($"{notImported.Count} entries could not be imported, so nothing was: " +
                                                string.Join("; ", notImported.Select(n => $"{n.Alias}: {n.Status}")));
            return ResourceAnswer.Empty(204);
        }
        var result = store.Entries(Keystores.System).Select(i => AsEntity(i, statuses.GetValueOrDefault(i.Alias, "unchanged")))
            .Concat(removed.Select(i => AsEntity(i, "removed")))
            .Concat(notImported.Select(n => new JsonEntity("KeystoreEntries", EntityJson.Key(Hexalias.Of(n.Alias)), "KeystoreEntry",
                [new("Hexalias", Hexalias.Of(n.Alias)), new("Alias", n.Alias), new("Status", n.Status)], EntryNavigations)));
        return Json(EntityJson.Collection(request.ServiceRoot, result));
    }

    static string ImportOption(ResourceRequest request, string otherwise, params string[] allowed)
    {
        var option = ResourcePath.Option(request.Query, "importOption") ?? otherwise;
        return allowed.Contains(option) ? option : throw QueryException.BadRequest($"importOption is {string.Join(", ", allowed)}, not '{option}'", "importOption");
    }

    /// <summary>The aliases of a mass deletion: separated by ';', with '\;' and '\\' for the characters themselves.</summary>
    static List<string> Aliases(string text)
    {
        var aliases = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length) { current.Append(text[++i]); continue; }
            if (text[i] == ';') { aliases.Add(current.ToString()); current.Clear(); continue; }
            current.Append(text[i]);
        }
        aliases.Add(current.ToString());
        return aliases.Select(a => a.Trim()).Where(a => a.Length > 0).ToList();
    }

    // ---- Helpers -----------------------------------------------------------------------------------------------

    /// <summary>A new entry of the tenant keystore, owned by the tenant administrator; a replaced one keeps its creation.</summary>
    static KeystoreItem New(ResourceRequest request, string alias, byte[]? key, IReadOnlyList<byte[]> chain, KeystoreItem? replaces)
    {
        var now = DateTimeOffset.UtcNow;
        return new KeystoreItem
        {
            Keystore = Keystores.System, Alias = alias, Owner = Keystores.TenantAdministrator, PrivateKey = key, Chain = chain,
            CreatedBy = replaces?.CreatedBy ?? User(request), CreatedTime = replaces?.CreatedTime ?? now, ModifiedBy = User(request), ModifiedTime = now,
        };
    }

    /// <summary>Whether the top of a chain is trusted: it is a certificate of the tenant keystore, or one of them signed it.</summary>
    static bool Trusted(KeystoreStore store, IReadOnlyList<X509Certificate2> chain)
    {
        var top = chain[^1];
        var anchors = store.Entries(Keystores.System).Where(i => !i.IsKeyPair).Select(i => i.Certificate).ToList();
        return anchors.Any(a => a.RawData.AsSpan().SequenceEqual(top.RawData)) || (!CertificateFacts.IsSelfSigned(top) && anchors.Any(a => CertificateFacts.IssuedBy(top, a)));
    }

    /// <summary>
    /// 409: no trust path to the certificate. As on the tenant the error's text is the entry, in JSON, with the validity
    /// <c>notTrusted</c>: the client checks its fingerprint and sends the request again with <c>fingerprintVerified=true</c>.
    /// </summary>
    static ResourceAnswer NotTrusted(ResourceRequest request, KeystoreItem item) =>
        new ResourceAnswer.Content(409, EntityJson.ContentType, EntityJson.Error("Conflict",
            Encoding.UTF8.GetString(EntityJson.Entity(request.ServiceRoot, AsEntity(item, "new", "notTrusted")))));

    static JsonEntity AsEntity(KeystoreItem item, string status, string? validity = null) =>
        new(item.Keystore == Keystores.History ? "HistoryKeystoreEntries" : "KeystoreEntries", EntityJson.Key(item.Hexalias),
            item.Keystore == Keystores.History ? "HistoryKeystoreEntry" : "KeystoreEntry", [.. item.Properties(status, validity)], EntryNavigations);

    static QueryException Missing(string alias, string keystore) => QueryException.NotFound($"The keystore '{keystore}' has no entry with the alias '{alias}'");

    static ResourceAnswer Json(byte[] body) => new ResourceAnswer.Content(200, EntityJson.ContentType, body);

    /// <summary>The system query options of a request, for the read that answers it.</summary>
    static string Passed(IReadOnlyDictionary<string, string> query, string lead = "?", params string[] except)
    {
        var passed = query.Where(q => (q.Key.StartsWith('$') || q.Key.StartsWith("sap-", StringComparison.Ordinal)) && !except.Contains(q.Key))
            .Select(q => q.Key + "=" + Uri.EscapeDataString(q.Value)).ToList();
        return passed.Count == 0 ? "" : lead + string.Join("&", passed);
    }

    static void Validate(string alias, string property)
    {
        if (alias.Length is 0 or > 250) throw QueryException.BadRequest($"The alias '{alias}' is empty or longer than 250 characters", property);
        if (alias.IndexOfAny(['/', '\\']) >= 0) throw QueryException.BadRequest($"The alias '{alias}' contains a slash or backslash, which the keystore does not allow", property);
    }

    public static string? Text(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    static string Required(JsonElement body, string name) => Text(body, name)?.Trim() is { Length: > 0 } text ? text : throw QueryException.BadRequest($"{name} is empty or null", name);

    static int? Int(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Number) return value.GetInt32();
        if (value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)) return parsed;
        if (value.ValueKind == JsonValueKind.Null) return null;
        throw QueryException.BadRequest($"{name} is a number", name);
    }

    static byte[]? Binary(JsonElement body, string name)
    {
        if (Text(body, name) is not { } text) return null;
        try { return Convert.FromBase64String(text); }
        catch (FormatException) { throw QueryException.BadRequest($"{name} is not base64", name); }
    }

    [GeneratedRegex(@"^/Date\((?<ms>-?\d+)(?<offset>[+-]\d{4})?\)/$")]
    private static partial Regex DateLiteral();

    static DateTimeOffset? Date(JsonElement body, string name)
    {
        if (Text(body, name) is not { } text) return null;
        var match = DateLiteral().Match(text);
        if (match.Success) return DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(match.Groups["ms"].Value, CultureInfo.InvariantCulture));
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed.ToUniversalTime() : throw QueryException.BadRequest($"{name} is not a date: send \"/Date(milliseconds)/\"", name);
    }

    static DateTimeOffset? Stored(object? value) => value is string text
        ? DateTimeOffset.ParseExact(text, Core.Store.StoredValue.DateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)
        : null;
}
