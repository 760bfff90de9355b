using SapSandbox.Core.Data;
using static SapSandbox.Services.CloudIntegration.PartnerDirectory.DirectoryStore;

namespace SapSandbox.Services.CloudIntegration.PartnerDirectory;

/// <summary>
/// The Partner Directory API of the tenant: partners, string and binary parameters, alternative partners,
/// authorized users and user credential parameters, with the directory's validation and its starting content.
/// </summary>
public static class PartnerDirectoryModule
{
    public static void Register(CloudIntegrationModule module)
    {
        module.Behaviors[Partners] = new PartnerBehavior();
        module.Behaviors[StringParameters] = new StringParameterBehavior();
        module.Behaviors[BinaryParameters] = new BinaryParameterBehavior();
        module.Behaviors[AlternativePartners] = new AlternativePartnerBehavior();
        module.Behaviors[AuthorizedUsers] = new AuthorizedUserBehavior();
        module.Behaviors[UserCredentialParameters] = new UserCredentialParameterBehavior();
        module.Resources.Add(new DirectoryResources());
        // "The paging size for binary parameters is 30."
        module.PageSizes[BinaryParameters] = 30;

        module.Seed.Add(Partners, DirectorySeed.Version, table => SeedRows.From(table, DirectorySeed.Partners()));
        module.Seed.Add(StringParameters, DirectorySeed.Version, table => SeedRows.From(table, DirectorySeed.StringParameters()));
        module.Seed.Add(BinaryParameters, DirectorySeed.Version, table => SeedRows.From(table, DirectorySeed.BinaryParameters()));
        module.Seed.Add(AlternativePartners, DirectorySeed.Version, table => SeedRows.From(table, DirectorySeed.AlternativePartners()));
        module.Seed.Add(AuthorizedUsers, DirectorySeed.Version, table => SeedRows.From(table, DirectorySeed.AuthorizedUsers()));
        module.Seed.Add(UserCredentialParameters, DirectorySeed.Version, table => SeedRows.From(table, DirectorySeed.UserCredentialParameters()));
    }
}
