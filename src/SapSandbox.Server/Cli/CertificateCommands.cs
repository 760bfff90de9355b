using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using SapSandbox.Server.Certificates;
using StoreLocation = SapSandbox.Server.Hosting.StoreLocation;

namespace SapSandbox.Server.Cli;

/// <summary>
/// <c>ca</c> prints the development CA's certificate (clients trust it: <c>curl --cacert</c>); <c>issue-client-cert</c>
/// gives a developer a client certificate from that CA. Both create the CA beside the store when it has none yet, so
/// a client can be set up before the sandbox first starts with <c>--https-urls</c>.
/// </summary>
public static class CertificateCommands
{
    public static IEnumerable<Command> Create(Option<string> store)
    {
        var ca = new Command("ca", "Print the development CA certificate (PEM) that signs the HTTPS server certificate and client certificates") { store };
        ca.SetAction(result => Run(result, store, authority =>
        {
            result.InvocationConfiguration.Output.Write(authority.CertificatePem);
            return 0;
        }));

        var user = new Option<string>("--user") { Description = "The user the certificate is for (its subject becomes CN=USER)", Required = true };
        var output = new Option<string>("--out") { Description = "The file to write: .pfx or .p12 for PKCS#12, anything else for PEM (certificate and private key)", Required = true };
        var days = new Option<int>("--days") { Description = "How long the certificate is valid", DefaultValueFactory = _ => 365 };
        days.Validators.Add(value =>
        {
            if (value.GetValueOrDefault<int>() < 1) value.AddError("--days must be at least 1");
        });
        var password = new Option<string?>("--password") { Description = "The PKCS#12 file's password (none by default)" };
        var issue = new Command("issue-client-cert", "Issue a client certificate for a user from the development CA") { user, output, days, password, store };
        issue.SetAction(result => Run(result, store, authority =>
        {
            var name = result.GetValue(user)!;
            var path = Path.GetFullPath(result.GetValue(output)!);
            if (result.GetValue(password) != null && Path.GetExtension(path).ToLowerInvariant() is not (".pfx" or ".p12"))
            {
                result.InvocationConfiguration.Error.WriteLine("sapsandbox: --password protects a .pfx or .p12 file; a PEM file's key is protected by its file permissions");
                return 2;
            }
            using var certificate = authority.IssueClientCertificate(name, TimeSpan.FromDays(result.GetValue(days)));
            Write(certificate, path, result.GetValue(password));
            var console = result.InvocationConfiguration.Output;
            console.WriteLine($"Wrote {path}: {certificate.Subject}, SHA-1 {certificate.Thumbprint}, valid until {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC.");
            console.WriteLine($"Map it to the user in sandbox.json: \"CertificateUserMappings\": {{ \"{name}\": [ \"{certificate.Subject}\" ] }}");
            return 0;
        }));
        return [ca, issue];
    }

    static int Run(ParseResult result, Option<string> store, Func<DevelopmentCertificateAuthority, int> action)
    {
        try
        {
            var folder = StoreLocation.Parse(result.GetValue(store)!).CaFolder;
            using var authority = DevelopmentCertificateAuthority.LoadOrCreate(folder);
            return action(authority);
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            result.InvocationConfiguration.Error.WriteLine($"sapsandbox: {e.Message}");
            return 2;
        }
    }

    /// <summary>PKCS#12 or PEM, readable by the owner only: the file holds the private key.</summary>
    static void Write(X509Certificate2 certificate, string path, string? password)
    {
        File.Delete(path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".pfx" or ".p12")
        {
            var bytes = certificate.Export(X509ContentType.Pkcs12, password);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using var file = new FileStream(path, options);
            file.Write(bytes);
        }
        else
            DevelopmentCertificateAuthority.WriteNew(path, certificate.ExportCertificatePem() + "\n" + certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem() + "\n", secret: true);
    }
}
