using SapSandbox.Server.Tests.Clients;

namespace SapSandbox.Server.Tests.Hub;

/// <summary>
/// The API hub in headless Chromium (Debian's build, driven by playwright-core from <c>tests/clients/hub</c>): sign in,
/// open a service from the catalog, try out a filtered GET and a POST whose CSRF token the page fetches first, see the
/// history and copy a call as curl. Screenshots are left in the test output (hub-screenshots).
/// </summary>
/// <remarks>A server of its own: the POST adds a partner directory entry that other tests need not see.</remarks>
public class HubBrowserTests(SandboxServer server) : IClassFixture<SandboxServer>
{
    public static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "hub-screenshots");

    [Fact]
    public async Task A_person_signs_in_finds_a_service_and_tries_out_a_filtered_GET_and_a_POST_with_CSRF()
    {
        await ClientTools.EnsureInstalledWithChromium();
        Directory.CreateDirectory(Screenshots);

        var run = await ClientTools.Run("node",
        [
            Path.Combine(ClientTools.Folder, "hub", "check-hub.mjs"), server.BaseAddress.ToString(), "sandbox", "sandbox",
            "--out=" + Screenshots, "--chromium=" + ClientTools.Chromium,
        ]);

        ClientTools.AssertPassed(["signin", "catalog", "filtered-get", "post-with-csrf", "history-and-curl", "keyboard", "bound-action", "environment", "environment-curl", "environment-edit", "no-page-errors"], run);
        foreach (var screenshot in new[] { "hub-catalog.png", "hub-service.png", "hub-try-out-get.png", "hub-try-out-post.png" })
            Assert.True(new FileInfo(Path.Combine(Screenshots, screenshot)).Length > 10_000, screenshot + " was not taken");
    }
}
