using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SapSandbox.Server.Hub.Environments;

namespace SapSandbox.Server.Hub.Pages;

/// <summary>
/// The environments Try out can call besides this sandbox: listed without their secrets, added, edited in place and
/// deleted. The secrets go into the store encrypted and never come back to a page; an edit that leaves the secret
/// empty keeps the stored one.
/// </summary>
public sealed class EnvironmentsModel(EnvironmentStore store) : PageModel
{
    public IReadOnlyList<HubEnvironment> Environments { get; private set; } = [];
    public string? Error { get; private set; }
    public string? Message { get; private set; }

    /// <summary>The environment being edited (its name cannot change), or null when adding one.</summary>
    [BindProperty] public string? Editing { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? BaseUrl { get; set; }
    [BindProperty] public string Auth { get; set; } = "Basic";
    [BindProperty] public string? BasicUser { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? TokenUrl { get; set; }
    [BindProperty] public string? ClientId { get; set; }
    [BindProperty] public string? ClientSecret { get; set; }

    public IActionResult OnGet(string? edit)
    {
        Environments = store.List();
        if (edit == null) return Page();
        if (Environments.FirstOrDefault(e => e.Name == edit) is not { } environment) return RedirectToPage();
        // The form filled with what is stored, except the secret.
        (Editing, Name, BaseUrl, Auth) = (environment.Name, environment.Name, environment.BaseUrl.ToString(), environment.Auth.ToString());
        if (environment.Auth == EnvironmentAuth.Basic) BasicUser = environment.User;
        else (ClientId, TokenUrl) = (environment.User, environment.TokenUrl?.ToString());
        return Page();
    }

    /// <summary>Adds an environment, or saves the one being edited (<see cref="Editing"/>) under its own name.</summary>
    public IActionResult OnPostAdd()
    {
        HubEnvironment? stored = null;
        HubEnvironment? environment = null;
        if (Editing != null)
        {
            stored = store.Find(Editing);
            Name = Editing;
        }
        if (Editing != null && stored == null) Error = $"The environment {Editing} no longer exists.";
        // A name is taken by adding it once; changing it later is an edit, so that nothing is replaced by accident.
        else if (Editing == null && store.Find(Name?.Trim() ?? "") != null) Error = $"There is an environment {Name!.Trim()} already: edit it, or choose another name.";
        else Error = Validate(stored, out environment);
        if (Error != null || environment == null)
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

    /// <param name="stored">The environment being edited: its secret stays when the form leaves the secret empty and the kind of sign-in is the same.</param>
    string? Validate(HubEnvironment? stored, out HubEnvironment? environment)
    {
        environment = null;
        var name = Name?.Trim();
        if (!HubEnvironment.IsValidName(name)) return "Enter a name of letters, digits, '-', '_' or '.' (up to 64).";
        if (name!.Equals("sandbox", StringComparison.OrdinalIgnoreCase)) return "'sandbox' is this server's own environment.";
        if (HubEnvironment.ParseUrl(BaseUrl) is not { } url) return "Enter the base URL as an absolute http or https URL.";
        if (Auth == nameof(EnvironmentAuth.OAuthClientCredentials))
        {
            if (HubEnvironment.ParseUrl(TokenUrl) is not { } tokenUrl) return "Enter the token URL as an absolute http or https URL.";
            var secret = string.IsNullOrEmpty(ClientSecret) ? Kept(stored, EnvironmentAuth.OAuthClientCredentials) : ClientSecret;
            if (string.IsNullOrWhiteSpace(ClientId) || secret == null) return "Enter the client id and secret.";
            // ParseUrl ends a URL with '/', which a token endpoint does not want.
            environment = new(name, url, EnvironmentAuth.OAuthClientCredentials, ClientId.Trim(), secret, new Uri(tokenUrl.ToString().TrimEnd('/')));
            return null;
        }
        var password = string.IsNullOrEmpty(Password) ? Kept(stored, EnvironmentAuth.Basic) : Password;
        if (string.IsNullOrWhiteSpace(BasicUser) || password == null) return "Enter the user and password.";
        environment = new(name, url, EnvironmentAuth.Basic, BasicUser.Trim(), password, null);
        return null;
    }

    /// <summary>The stored secret, when it is one of the same kind (a password is no client secret).</summary>
    static string? Kept(HubEnvironment? stored, EnvironmentAuth auth) => stored?.Auth == auth ? stored.Secret : null;
}
