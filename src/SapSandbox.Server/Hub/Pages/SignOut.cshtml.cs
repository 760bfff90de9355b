using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SapSandbox.Server.Hub.Pages;

/// <summary>Ends the hub sign-in (a POST with the page's antiforgery token, from the header's button).</summary>
public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/hub");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(HubAuthentication.SchemeName);
        return LocalRedirect(HubAuthentication.SignInPath);
    }
}
