using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;
using SapSandbox.Server.Configuration;

namespace SapSandbox.Server.OAuth;

/// <summary>A SAML assertion that cannot be exchanged for a token, with the reason the <c>invalid_grant</c> answer gives.</summary>
public sealed class SamlAssertionException(string reason) : Exception(reason);

/// <summary>
/// The SAML 2.0 bearer grant's side of the identity providers in <c>Sandbox:IdentityProviders</c>: an assertion
/// (RFC 7522) counts when it is signed, as a whole, by a configured provider's certificate, comes from that provider's
/// <c>EntityId</c> when one is set, and is within its validity; its subject (or the configured attribute) names the user.
/// </summary>
public sealed class SamlBearerAssertions
{
    const string Assertion = "urn:oasis:names:tc:SAML:2.0:assertion";
    const string BearerConfirmation = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
    /// <summary>How far the identity provider's clock may be off the sandbox's.</summary>
    static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    sealed record Provider(string Origin, X509Certificate2Collection Certificates, string? EntityId, string? UserAttribute);

    readonly List<Provider> _providers = [];
    readonly TimeProvider _clock;

    public SamlBearerAssertions(SandboxSettings settings, TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        foreach (var (origin, provider) in settings.IdentityProviders)
        {
            var key = $"{SandboxSettings.Section}:IdentityProviders:{origin}";
            if (string.IsNullOrWhiteSpace(provider.Certificate))
                throw new ConfigurationError(key + ":Certificate", "set the certificate the identity provider signs its assertions with (PEM, or the path of a PEM or DER file)");
            if (provider.UserAttribute is { } attribute && attribute.Trim().Length == 0)
                throw new ConfigurationError(key + ":UserAttribute", "name the SAML attribute that holds the user name, or leave it out to use the subject's NameID");
            _providers.Add(new Provider(origin, ConfiguredCertificates.Load(provider.Certificate, key + ":Certificate"), provider.EntityId, provider.UserAttribute?.Trim()));
        }
    }

    public bool Any => _providers.Count > 0;

    /// <summary>The provider's origin and the user the assertion names.</summary>
    /// <param name="encoded">The grant's <c>assertion</c>: the assertion's XML, base64url (base64 is taken too).</param>
    public (string Origin, string User) Verify(string encoded)
    {
        if (_providers.Count == 0) throw new SamlAssertionException("The sandbox trusts no SAML identity provider; configure one under Sandbox:IdentityProviders");
        var assertion = Parse(encoded);
        var id = assertion.GetAttribute("ID");
        if (id.Length == 0) throw new SamlAssertionException("The assertion has no ID, so no signature can cover it");
        var signatureElement = Children(assertion, SignedXml.XmlDsigNamespaceUrl, "Signature").ToList() switch
        {
            [var one] => one,
            [] => throw new SamlAssertionException("The assertion is not signed"),
            _ => throw new SamlAssertionException("The assertion has more than one signature"),
        };
        var signature = new AssertionSignature(assertion);
        try { signature.LoadXml(signatureElement); }
        catch (CryptographicException e) { throw new SamlAssertionException($"The assertion's signature cannot be read: {e.Message}"); }
        // The signature must cover the assertion itself: a reference to anything else would leave the subject unsigned.
        if (signature.SignedInfo?.References is not [Reference reference] || reference.Uri != "#" + id)
            throw new SamlAssertionException($"The assertion's signature must have one reference, to the assertion (#{id})");

        var issuer = Children(assertion, Assertion, "Issuer").FirstOrDefault()?.InnerText.Trim();
        var provider = _providers.FirstOrDefault(candidate => (candidate.EntityId == null || candidate.EntityId == issuer)
                                                             && candidate.Certificates.Any(certificate => Verifies(signature, certificate)))
                       ?? throw new SamlAssertionException($"The assertion (issuer '{issuer}') is not signed by a configured identity provider's certificate");

        CheckValidity(assertion);
        var user = provider.UserAttribute == null ? NameId(assertion) : Attribute(assertion, provider.UserAttribute);
        return (provider.Origin, user);
    }

    static bool Verifies(SignedXml signature, X509Certificate2 certificate)
    {
        try { return signature.CheckSignature(certificate, verifySignatureOnly: true); }
        catch (CryptographicException) { return false; }
    }

    static XmlElement Parse(string encoded)
    {
        byte[] xml;
        try
        {
            var base64 = encoded.Trim().Replace('-', '+').Replace('_', '/');
            xml = Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '='));
        }
        catch (FormatException) { throw new SamlAssertionException("The assertion is not base64url"); }
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        try
        {
            // No DTDs: an assertion has none, and entities are the way into XML bombs and file reads.
            using var reader = XmlReader.Create(new MemoryStream(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document.Load(reader);
        }
        catch (XmlException e) { throw new SamlAssertionException($"The assertion is not XML: {e.Message}"); }
        var root = document.DocumentElement!;
        if (root.LocalName != "Assertion" || root.NamespaceURI != Assertion)
            throw new SamlAssertionException($"The assertion's root is {root.Name}, not a SAML 2.0 Assertion ({Assertion})");
        return root;
    }

    /// <summary>Conditions' NotBefore/NotOnOrAfter and the bearer confirmation's NotOnOrAfter; RFC 7522 wants an expiry.</summary>
    void CheckValidity(XmlElement assertion)
    {
        var now = _clock.GetUtcNow();
        var expires = false;
        foreach (var conditions in Children(assertion, Assertion, "Conditions"))
        {
            if (Time(conditions, "NotBefore") is { } notBefore && now + ClockSkew < notBefore)
                throw new SamlAssertionException($"The assertion is not valid before {notBefore:O}");
            expires |= CheckExpiry(conditions, now);
        }
        foreach (var subject in Children(assertion, Assertion, "Subject"))
            foreach (var confirmation in Children(subject, Assertion, "SubjectConfirmation"))
                if (confirmation.GetAttribute("Method") == BearerConfirmation)
                    foreach (var data in Children(confirmation, Assertion, "SubjectConfirmationData"))
                        expires |= CheckExpiry(data, now);
        if (!expires) throw new SamlAssertionException("The assertion does not expire: it needs NotOnOrAfter in its Conditions or its bearer SubjectConfirmationData");
    }

    static bool CheckExpiry(XmlElement element, DateTimeOffset now)
    {
        if (Time(element, "NotOnOrAfter") is not { } notOnOrAfter) return false;
        if (now - ClockSkew >= notOnOrAfter) throw new SamlAssertionException($"The assertion expired at {notOnOrAfter:O}");
        return true;
    }

    static DateTimeOffset? Time(XmlElement element, string attribute)
    {
        var text = element.GetAttribute(attribute);
        if (text.Length == 0) return null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new SamlAssertionException($"The assertion's {element.LocalName} {attribute} '{text}' is not a date and time");
    }

    static string NameId(XmlElement assertion)
    {
        var nameId = Children(assertion, Assertion, "Subject").SelectMany(subject => Children(subject, Assertion, "NameID")).FirstOrDefault()?.InnerText.Trim();
        return string.IsNullOrEmpty(nameId) ? throw new SamlAssertionException("The assertion's subject has no NameID") : nameId;
    }

    static string Attribute(XmlElement assertion, string name)
    {
        var value = Children(assertion, Assertion, "AttributeStatement")
            .SelectMany(statement => Children(statement, Assertion, "Attribute"))
            .Where(attribute => attribute.GetAttribute("Name") == name)
            .SelectMany(attribute => Children(attribute, Assertion, "AttributeValue"))
            .FirstOrDefault()?.InnerText.Trim();
        return string.IsNullOrEmpty(value) ? throw new SamlAssertionException($"The assertion has no attribute '{name}' to name the user") : value;
    }

    static IEnumerable<XmlElement> Children(XmlElement parent, string ns, string name) =>
        parent.ChildNodes.OfType<XmlElement>().Where(child => child.LocalName == name && child.NamespaceURI == ns);

    /// <summary>Resolves the signature's reference to the assertion only, so a second element with the same ID cannot stand in for it.</summary>
    sealed class AssertionSignature : SignedXml
    {
        readonly XmlElement _assertion;

        public AssertionSignature(XmlElement assertion) : base(assertion) => _assertion = assertion;

        public override XmlElement? GetIdElement(XmlDocument? document, string idValue) =>
            idValue == _assertion.GetAttribute("ID") ? _assertion : null;
    }
}
