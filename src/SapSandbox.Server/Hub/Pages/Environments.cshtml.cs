using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SapSandbox.Server.Hub.Environments;

namespace SapSandbox.Server.Hub.Pages;

/// <summary>
/// The environments Try out can call besides this sandbox: listed without their secrets, added (or replaced by name)
/// and deleted. The secrets go into the store encrypted and never come back to a page.
/// </summary>
public sealed class EnvironmentsModel(EnvironmentStore store) : PageModel
{
    public IReadOnlyList<HubEnvironment> Environments { get; private set; } = [];
    public string? Error { get; private set; }
    public string? Message { get; private set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? BaseUrl { get; set; }
    [BindProperty] public string Auth { get; set; } = "Basic";
    [BindProperty] public string? BasicUser { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? TokenUrl { get; set; }
    [BindProperty] public string? ClientId { get; set; }
    [BindProperty] public string? ClientSecret { get; set; }

    public void OnGet() => Environments = store.List();

    public IActionResult OnPostAdd()
    {
        Error = Validate(out var environment);
        if (environment == null)
        {
            Environments = store.List();
            return Page();
        }
        store.Save(environment);
        return RedirectToPage(new { added = environment.Name });
    }

    public IActionResult OnPostDelete(string name)
    {
        store.Delete(name);
        return RedirectToPage();
    }

    string? Validate(out HubEnvironment? environment)
    {
        environment = null;
        var name = Name?.Trim();
        if (!HubEnvironment.IsValidName(name)) return "Enter a name of letters, digits, '-', '_' or '.' (up to 64).";
        if (name!.Equals("sandbox", StringComparison.OrdinalIgnoreCase)) return "'sandbox' is this server's own environment.";
        if (HubEnvironment.ParseUrl(BaseUrl) is not { } url) return "Enter the base URL as an absolute http or https URL.";
        if (Auth == nameof(EnvironmentAuth.OAuthClientCredentials))
        {
            if (HubEnvironment.ParseUrl(TokenUrl) is not { } tokenUrl) return "Enter the token URL as an absolute http or https URL.";
            if (string.IsNullOrWhiteSpace(ClientId) || string.IsNullOrEmpty(ClientSecret)) return "Enter the client id and secret.";
            // ParseUrl ends a URL with '/', which a token endpoint does not want.
            environment = new(name, url, EnvironmentAuth.OAuthClientCredentials, ClientId.Trim(), ClientSecret, new Uri(tokenUrl.ToString().TrimEnd('/')));
            return null;
        }
        if (string.IsNullOrWhiteSpace(BasicUser) || string.IsNullOrEmpty(Password)) return "Enter the user and password.";
        environment = new(name, url, EnvironmentAuth.Basic, BasicUser.Trim(), Password, null);
        return null;
    }
}
