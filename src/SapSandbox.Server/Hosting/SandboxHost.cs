using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using SapSandbox.Core.Model;
using SapSandbox.Core.Runtime;
using SapSandbox.Core.Store;
using SapSandbox.Protocols.Http;
using SapSandbox.Protocols.V2;
using SapSandbox.Protocols.V4;
using SapSandbox.Server.Admin;
using SapSandbox.Server.Configuration;
using SapSandbox.Server.FaultInjection;
using SapSandbox.Server.Hub;
using SapSandbox.Server.Limits;
using SapSandbox.Server.Monitoring;
using SapSandbox.Server.OAuth;
using SapSandbox.Server.Security;

namespace SapSandbox.Server.Hosting;

/// <summary>Builds the web application: store, services, authentication, CSRF tokens and one endpoint per service path.</summary>
public static class SandboxHost
{
    const string SandboxAuthenticationScheme = "SapSandbox";

    public static WebApplication Build(SandboxOptions options)
    {
        var location = StoreLocation.Parse(options.Store);
        // The services' models are read while the store opens and the web host is set up: most of a start, on other cores.
        var loading = Task.Run(() => LoadServices(options, location.Dialect));
        // Reset before anything opens the store; the log says so once logging exists.
        if (options.Reset) location.Reset();
        var store = location.Open();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        // The key ring is stored unencrypted on purpose (it signs sandbox CSRF tokens, nothing secret); Data
        // Protection would warn about that on every new key.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.WebHost.UseUrls(options.Urls);
        // SAP's ICM accepts request bodies up to 50 MB ($batch, POST, PATCH); Kestrel's default is 30 MB.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestLimits.MaxBodyBytes);
        var settings = SettingsLoader.Load(builder.Configuration, options);
        builder.Services.AddSingleton(settings);
        builder.AddSandboxLimits(new LimitPolicy(settings.Limits));
        builder.Services.AddSingleton(new UserDirectory(settings));
        builder.Services.AddSingleton<IServiceAuthorizer, RoleAuthorizer>();
        // The default scheme hands each request to the scheme of the credentials it presents (Basic, an OAuth bearer token,
        // a client certificate on HTTPS).
        builder.Services.AddAuthentication(SandboxAuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(BasicAuthenticationHandler.SchemeName, null)
            .AddPolicyScheme(SandboxAuthenticationScheme, null, policy => policy.ForwardDefaultSelector = context =>
                // The hub's sign-in cookie counts when the request has no Authorization header (Try out calls the services with it).
                Hub.HubAuthentication.Applies(context) ? Hub.HubAuthentication.SchemeName :
                // A client certificate counts when the request has no Authorization header (explicit credentials win).
                Certificates.CertificateAuthenticationHandler.Applies(context) ? Certificates.CertificateAuthenticationHandler.SchemeName : OAuthServer.SelectScheme(context));
        // OAuth 2.0 as XSUAA: clients, SAML identity providers, the Bearer scheme (/oauth/token and /token_keys are mapped below).
        OAuthServer.Add(builder.Services, settings);
        // --https-urls: TLS listeners and X.509 client certificate authentication (trust, user mappings, the Certificate scheme).
        Certificates.HttpsEndpoint.Add(builder, options, settings, location.CaFolder);
        // Cloud Integration's certificate-to-user mappings sign certificates in too, after the configuration's.
        builder.Services.AddSingleton<Certificates.ICertificateUserMappings>(new Certificates.CloudIntegrationCertificateUserMappings(store));
        builder.Services.AddAuthorization();
        // The API hub at /hub (Razor Pages, its sign-in cookie, its assets).
        builder.AddSandboxHub();
        // Keys beside the SQLite file or in the shared store, under a fixed application name: CSRF tokens survive a
        // restart and are accepted by every sandbox that shares the key ring, wherever it was started from.
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("SapSandbox");
        if (location is SqliteLocation sqlite) dataProtection.PersistKeysToFileSystem(new DirectoryInfo(sqlite.KeysFolder));
        else builder.Services.Configure<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>(keys => keys.XmlRepository = new StoreKeyRing(store));
        builder.Services.AddSingleton(provider => new CsrfProtection(provider.GetRequiredService<IDataProtectionProvider>(), options.CsrfProtection));
        // Request log, error log, metrics (exported over OTLP when configured) and the health checks; fault rules.
        builder.AddSandboxMonitoring(settings.Telemetry, store);
        builder.Services.AddFaultInjection(settings.Faults);

        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SapSandbox");

        if (options.Reset) logger.LogInformation("Reset: emptied the store at {Store}", location.Description);
        // What does not depend on the services is mapped while their models are still being read.
        app.MapSandboxHub();
        OAuthServer.Map(app, store);
        app.MapSandboxHealth();
        var services = loading.GetAwaiter().GetResult();
        app.Services.GetRequiredService<HubCatalog>().Load(services.Served, store);
        var catalog = Catalog(services, store, logger);
        // The catalog is known only now, after the host is built: its background state runs from start to stop.
        var tickers = new ServiceTickerHost(catalog, store, app.Services.GetRequiredService<ILogger<ServiceTickerHost>>());
        app.Lifetime.ApplicationStarted.Register(() => tickers.StartAsync(app.Lifetime.ApplicationStopping));
        app.Lifetime.ApplicationStopping.Register(() => tickers.StopAsync(CancellationToken.None).Wait());

        var mounts = new ServiceMounts(catalog);
        app.UseSandboxMonitoring(mounts);
        app.UseSandboxHub();
        app.UseAuthentication();
        app.UseSandboxLimits(catalog);
        app.UseAuthorization();
        var faults = app.UseFaultInjection(mounts);
        foreach (var service in catalog.Services)
        {
            foreach (var mount in service.V4Paths)
                app.Map(mount + "{**rest}", new V4Endpoint(service, mount, store, logger).HandleAsync).RequireAuthorization();
            foreach (var mount in service.V2Paths)
                app.Map(mount + "{**rest}", new V2Endpoint(service, mount, store, logger).HandleAsync).RequireAuthorization();
        }
        app.MapGet("/", (HttpContext context) => ServiceIndex(context, catalog)).RequireAuthorization();
        // An OpenAPI 3 document per service, built once from its model (Protocols/OpenApi).
        app.MapGet(SapSandbox.Protocols.OpenApi.OpenApiDocuments.Route, new SapSandbox.Protocols.OpenApi.OpenApiDocuments(catalog).HandleAsync).RequireAuthorization();
        AdminApi.Map(app, faults, app.Services.GetRequiredService<ErrorLog>());

        app.Lifetime.ApplicationStopped.Register(store.CloseSessions);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? options.Urls;
            foreach (var service in catalog.Services)
            {
                foreach (var mount in service.V2Paths)
                    logger.LogInformation("{Service} (OData V2) at {Url}", service.Name, address.TrimEnd('/') + mount);
                foreach (var mount in service.V4Paths)
                    logger.LogInformation("{Service} (OData V4) at {Url}", service.Name, address.TrimEnd('/') + mount);
            }
            logger.LogInformation("SapSandbox is listening on {Address} (user sandbox / password sandbox), store {Store}", address, store.Description);
        });
        return app;
    }

    /// <summary>
    /// Creates and fills the store's tables for what <paramref name="options"/> serves, exactly as a start does, and
    /// returns without building the server: a copy of that store starts without seeding, since its seed hashes match.
    /// Nothing else a start writes (the OAuth signing key, the CSRF key ring, the HTTPS authority) is made.
    /// </summary>
    public static void Seed(SandboxOptions options, ILogger? logger = null)
    {
        var store = StoreLocation.Parse(options.Store).Open();
        Catalog(LoadServices(options, store.Dialect), store, logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
    }

    /// <summary>What the options serve (the list <c>sapsandbox services</c> prints), and the folder's metadata files that cannot be served.</summary>
    sealed record LoadedServices(IReadOnlyList<Services.Catalog.ServedService> Served, IReadOnlyList<MetadataException> Rejected);

    static LoadedServices LoadServices(SandboxOptions options, SqlDialect dialect)
    {
        var rejected = new List<MetadataException>();
        return new LoadedServices(Services.Catalog.ServedServices.Load(options.ServicesFolder, dialect, options.PageSize, rejected.Add), rejected);
    }

    /// <summary>The catalog of the loaded services, each with its tables created and seeded in the store.</summary>
    static ServiceCatalog Catalog(LoadedServices services, SandboxStore store, ILogger logger)
    {
        foreach (var rejected in services.Rejected) logger.LogError("Not served: {Reason}", rejected.Message);
        var catalog = new ServiceCatalog();
        foreach (var service in services.Served) catalog.Add(service.Service);
        foreach (var service in catalog.Services)
        {
            foreach (var warning in service.Warnings) logger.LogWarning("{Warning}", warning);
            var seeded = StoreSeeder.EnsureSeeded(store, service.Schema, service.Metadata.OriginalBytes, service.Sizes, service.DataFolder, service.SeedData);
            if (seeded.Seeded) logger.LogInformation("{Service}: created {Tables} tables with {Rows} rows of demo data", service.Name, service.Schema.Tables.Count, seeded.Rows);
        }
        return catalog;
    }

    static async Task ServiceIndex(HttpContext context, ServiceCatalog catalog)
    {
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartArray("services");
        foreach (var service in catalog.Services)
        {
            json.WriteStartObject();
            json.WriteString("name", service.Name);
            json.WriteString("origin", service.Metadata.Origin == ODataVersion.V2 ? "OData V2" : "OData V4");
            json.WriteStartArray("v2");
            foreach (var mount in service.V2Paths) json.WriteStringValue(mount);
            json.WriteEndArray();
            json.WriteStartArray("v4");
            foreach (var mount in service.V4Paths) json.WriteStringValue(mount);
            json.WriteEndArray();
            json.WriteNumber("entitySets", service.Schema.Tables.Count);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
