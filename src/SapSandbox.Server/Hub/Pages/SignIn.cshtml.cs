using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SapSandbox.Server.Security;

namespace SapSandbox.Server.Hub.Pages;

/// <summary>Signs a user of the <see cref="UserDirectory"/> in to the hub with its cookie.</summary>
public sealed class SignInModel(UserDirectory users) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public new string User { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    public bool Failed { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var identity = users.SignIn(User, Password, HubAuthentication.SchemeName);
        if (identity == null)
        {
            Failed = true;
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }
        await HttpContext.SignInAsync(HubAuthentication.SchemeName, new ClaimsPrincipal(identity));
        // Only a path of this server: a sign-in link must not send the user elsewhere.
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/hub");
    }
}
