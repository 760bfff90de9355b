using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using SapSandbox.Core.Store;
using SapSandbox.Server.Configuration;
using SapSandbox.Server.Security;

namespace SapSandbox.Server.OAuth;

/// <summary>
/// The sandbox as its own XSUAA: OAuth clients and SAML identity providers from the configuration, the
/// <c>Bearer</c> scheme, and the two routes that need no credentials, <c>POST /oauth/token</c> and <c>GET /token_keys</c>.
/// </summary>
public static class OAuthServer
{
    /// <summary>The routes anyone may call: a client authenticates to the token endpoint itself, and the keys are public.</summary>
    public static readonly IReadOnlyList<string> PublicRoutes = [AccessTokens.TokenPath, AccessTokens.KeysPath];

    /// <summary>Registers clients, identity providers, tokens and the <c>Bearer</c> scheme; configuration errors stop start-up here.</summary>
    public static void Add(IServiceCollection services, SandboxSettings settings)
    {
        services.AddSingleton(new OAuthClients(settings, new UserDirectory(settings)));
        services.AddSingleton(new SamlBearerAssertions(settings));
        services.AddSingleton(new AccessTokens());
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null);
    }

    /// <summary>Loads the signing keys from the store (creating one on its first start) and maps the token endpoint and the key set.</summary>
    public static void Map(WebApplication app, SandboxStore store)
    {
        var services = app.Services;
        var tokens = services.GetRequiredService<AccessTokens>();
        tokens.Keys = TokenSigningKeys.LoadOrCreate(store);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("SapSandbox");
        var endpoint = new TokenEndpoint(services.GetRequiredService<OAuthClients>(), services.GetRequiredService<UserDirectory>(),
            services.GetRequiredService<SamlBearerAssertions>(), tokens, logger);
        app.MapPost(AccessTokens.TokenPath, endpoint.HandleAsync).AllowAnonymous();
        app.MapGet(AccessTokens.KeysPath, (HttpContext context) => TokenEndpoint.KeysAsync(context, tokens)).AllowAnonymous();

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var address = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            if (address != null)
                logger.LogInformation("OAuth tokens at {Url}{Client}, keys at {Keys}", address.TrimEnd('/') + AccessTokens.TokenPath,
                    services.GetRequiredService<SandboxSettings>().BuiltInUser ? $" (client {OAuthClients.BuiltInClient} / secret {OAuthClients.BuiltInClient})" : "",
                    address.TrimEnd('/') + AccessTokens.KeysPath);
        });
    }

    /// <summary>
    /// The default scheme's choice: the scheme whose credentials the request presents, so that an endpoint's
    /// <c>RequireAuthorization()</c> takes a bearer token as well as Basic credentials.
    /// </summary>
    public static string SelectScheme(HttpContext context) =>
        BearerAuthenticationHandler.Applies(context) ? BearerAuthenticationHandler.SchemeName : BasicAuthenticationHandler.SchemeName;
}
