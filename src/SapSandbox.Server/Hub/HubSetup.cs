using System.Reflection;
using Microsoft.Extensions.FileProviders;
using SapSandbox.Core.Store;
using SapSandbox.Services.Catalog;

namespace SapSandbox.Server.Hub;

/// <summary>
/// The API hub at /hub: Razor Pages under Hub/Pages (every page needs a signed-in user, except the sign-in page),
/// its style sheet and scripts embedded in the assembly and served at /hub/assets, and a browser's GET / sent there.
/// </summary>
public static class HubSetup
{
    public const string AssetsPath = "/hub/assets";

    public static void AddSandboxHub(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<HubCatalog>();
        // Environments: other systems Try out can call through the hub (Hub/Environments).
        builder.Services.AddSingleton<Environments.EnvironmentStore>();
        builder.Services.AddSingleton<Environments.EnvironmentPassThrough>();
        HubAuthentication.Add(builder.Services);
        builder.Services.AddRazorPages(pages =>
            {
                pages.RootDirectory = "/Hub/Pages";
                pages.Conventions.AuthorizeFolder("/", HubAuthentication.Policy);
                pages.Conventions.AllowAnonymousToPage("/SignIn");
            })
            // The compiled pages live in this assembly, which is not the entry assembly when a test host runs the server.
            .AddApplicationPart(typeof(HubSetup).Assembly);
    }

    /// <summary>Before authentication: the assets need no sign-in, and a browser asking for / gets the hub instead of the JSON index.</summary>
    public static void UseSandboxHub(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (context.Request.Path == "/" && HttpMethods.IsGet(context.Request.Method) && WantsHtml(context.Request))
            {
                context.Response.Redirect("/hub");
                return Task.CompletedTask;
            }
            return next(context);
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = AssetsPath,
            FileProvider = new EmbeddedFileProvider(typeof(HubSetup).Assembly, typeof(HubSetup).Namespace + ".Assets"),
        });
    }

    /// <summary>The pages and the environments' pass-through; the pages list the services once <see cref="HubCatalog.Load"/> has run.</summary>
    public static void MapSandboxHub(this WebApplication app)
    {
        app.MapRazorPages();
        var passThrough = app.Services.GetRequiredService<Environments.EnvironmentPassThrough>();
        app.Map(Environments.EnvironmentPassThrough.Route, (HttpContext context, string name) => passThrough.HandleAsync(context, name))
            .RequireAuthorization(HubAuthentication.Policy);
    }

    /// <summary>A browser's navigation: it asks for HTML and sends no credentials (clients with Basic or a token keep the JSON index).</summary>
    static bool WantsHtml(HttpRequest request) =>
        string.IsNullOrEmpty(request.Headers.Authorization)
        && request.GetTypedHeaders().Accept.Any(accept => accept.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
}
