using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using SapSandbox.Server.Configuration;
using SapSandbox.Server.Hosting;
using SapSandbox.Server.Security;

namespace SapSandbox.Server.Certificates;

/// <summary>
/// <c>--https-urls</c>: TLS listeners beside the HTTP ones, with a server certificate from the development CA, that ask
/// for a client certificate without requiring one; and the <c>Certificate</c> authentication scheme behind them.
/// </summary>
public static class HttpsEndpoint
{
    /// <summary>
    /// Registers certificate trust, the configured user mappings and the <c>Certificate</c> scheme, and when HTTPS URLs
    /// are asked for, the listeners. Configuration errors (a trusted certificate that cannot be read, a mapping to a user
    /// who does not exist) stop start-up here.
    /// </summary>
    public static void Add(WebApplicationBuilder builder, SandboxOptions options, SandboxSettings settings, string caFolder)
    {
        var httpsUrls = Split(options.HttpsUrls);
        foreach (var url in httpsUrls)
            if (!url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || !Uri.TryCreate(url.Replace("://*", "://localhost").Replace("://+", "://localhost"), UriKind.Absolute, out _))
                throw new ArgumentException($"--https-urls '{url}' is not an https:// URL (for example https://127.0.0.1:5443)");

        DevelopmentCertificateAuthority? ca = null;
        if (httpsUrls.Count > 0)
        {
            ca = DevelopmentCertificateAuthority.LoadOrCreate(caFolder);
            var server = ca.IssueServerCertificate(httpsUrls.Select(Host).Where(host => host != null)!);
            var current = builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey);
            builder.WebHost.UseUrls(string.Join(';', Split(current).Concat(httpsUrls)));
            // The slim builder leaves HTTPS out unless asked for it.
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
            {
                https.ServerCertificate = server;
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                // Kestrel would end the handshake on a certificate it cannot verify itself; the Certificate scheme decides
                // instead, so an untrusted certificate is a 401 that says why.
                https.ClientCertificateValidation = (_, _, _) => true;
            }));
            builder.Services.AddSingleton(ca);
            builder.Services.AddHostedService(provider => new AnnounceHttps(provider, ca));
        }

        builder.Services.AddSingleton(new ClientCertificateTrust(settings, ca?.Certificate));
        builder.Services.AddSingleton<ICertificateUserMappings>(new ConfiguredCertificateUserMappings(settings, new UserDirectory(settings)));
        builder.Services.AddAuthentication()
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, CertificateAuthenticationHandler>(CertificateAuthenticationHandler.SchemeName, null);
    }

    static List<string> Split(string? urls) =>
        (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    /// <summary>The host a URL names for the server certificate; none for the wildcards (the machine's name stands in).</summary>
    static string? Host(string url)
    {
        var rest = url["https://".Length..];
        var host = rest.StartsWith('[') ? rest[..(rest.IndexOf(']') + 1)] : rest.Split(':', '/')[0];
        return host is "*" or "+" or "0.0.0.0" or "[::]" ? Environment.MachineName : host;
    }

    /// <summary>Tells where HTTPS listens and where the CA certificate is, once the addresses are known.</summary>
    sealed class AnnounceHttps(IServiceProvider provider, DevelopmentCertificateAuthority ca) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellation)
        {
            provider.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() =>
            {
                var addresses = provider.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
                var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("SapSandbox");
                foreach (var address in addresses.Where(address => address.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
                    logger.LogInformation("HTTPS with client certificates on {Address}; the server certificate is signed by the development CA {Ca} (sapsandbox ca prints it)",
                        address, ca.CertificatePath);
            });
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellation) => Task.CompletedTask;
    }
}
