namespace SapSandbox.Services.CloudIntegration.SecurityContent;

/// <summary>
/// Security content (API Business Hub "Security Content"): keystores with real keys and certificates, user credentials,
/// secure parameters and OAuth2 client credentials whose secrets are write-only, certificate-to-user mappings that the
/// sandbox's X.509 sign-in honours, and access policies with their artifact references.
/// </summary>
public static class SecurityContentGroup
{
    public static void Register(CloudIntegrationModule module)
    {
        module.Resources.Add(new KeystoreHandler());
        module.Resources.Add(new CredentialsHandler());
        module.Resources.Add(new CertificateUserMappingsHandler());
        module.Resources.Add(new AccessPoliciesHandler());
        module.Links.Add(CredentialsHandler.CustomParameters);
        module.Links.Add(AccessPoliciesHandler.References);
        SecurityMaterialSeed.AddTo(module.Seed);
    }
}
