using System.Net;

namespace SapSandbox.Server.Tests;

[Collection(SandboxCollection.Name)]
public class AuthenticationTests(SandboxServer server)
{
    const string Orders = "/odata/v4/CE_SALESORDER_0001/SalesOrder?$top=1";

    [Fact]
    public async Task Request_without_credentials_is_401_with_Basic_realm()
    {
        using var anonymous = server.NewClient(null, null);

        var response = await anonymous.GetAsync(Orders);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        // Basic first, then the OAuth bearer token the sandbox takes as well.
        Assert.Equal("Basic realm=\"SapSandbox\", Bearer realm=\"SapSandbox\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Wrong_password_is_401()
    {
        using var client = server.NewClient("sandbox", "wrong");

        var response = await client.GetAsync(Orders);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Built_in_user_sandbox_is_let_in()
    {
        var response = await server.Client.GetAsync(Orders);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
