using System.Collections.Concurrent;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;
using SapSandbox.Core.Model;
using SapSandbox.Core.Runtime;

namespace SapSandbox.Protocols.OpenApi;

/// <summary>
/// Serves <c>/sandbox/openapi/{service}.json</c>: the OpenAPI 3.0 document of a service in its own protocol, or in
/// the one <c>?version=2|4</c> asks for. A service's model never changes while it is served, so each document is
/// built and serialized once; a request only writes the host it came on into the server and token URLs.
/// </summary>
public sealed class OpenApiDocuments(ServiceCatalog catalog)
{
    public const string Route = "/sandbox/openapi/{service}.json";

    readonly ConcurrentDictionary<(ServiceDefinition, ODataVersion), Lazy<Serialized?>> _documents = new();

    /// <summary>A serialized document cut at each <see cref="OpenApiBuilder.Origin"/>, where a request's origin goes.</summary>
    sealed record Serialized(byte[][] Parts);

    public async Task HandleAsync(HttpContext context)
    {
        var name = (string?)context.GetRouteValue("service") ?? "";
        var service = catalog.Find(name);
        if (service == null)
        {
            await Error(context, 404, "NotFound", $"No service named '{name}' is served; GET / lists the services");
            return;
        }
        ODataVersion version;
        switch (context.Request.Query["version"].ToString())
        {
            case "": version = service.Metadata.Origin; break;
            case "2": version = ODataVersion.V2; break;
            case "4": version = ODataVersion.V4; break;
            case var other:
                await Error(context, 400, "BadRequest", $"version={other}: ask for version=2 (OData V2) or version=4 (OData V4)");
                return;
        }
        var document = Get(service, version);
        if (document == null)
        {
            await Error(context, 404, "NotFound", $"{service.Name} is not served over OData {(version == ODataVersion.V2 ? "V2" : "V4")}");
            return;
        }
        var origin = JsonEncodedText.Encode($"{context.Request.Scheme}://{context.Request.Host}", JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes.ToArray();
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        for (var i = 0; i < document.Parts.Length; i++)
        {
            if (i > 0) await context.Response.Body.WriteAsync(origin);
            await context.Response.Body.WriteAsync(document.Parts[i]);
        }
    }

    Serialized? Get(ServiceDefinition service, ODataVersion version) =>
        _documents.GetOrAdd((service, version), key => new Lazy<Serialized?>(() => Serialize(key.Item1, key.Item2))).Value;

    static Serialized? Serialize(ServiceDefinition service, ODataVersion version)
    {
        if (OpenApiBuilder.Build(service, version) is not { } document) return null;
        using var text = new StringWriter();
        document.SerializeAsV3(new OpenApiJsonWriter(text, new OpenApiJsonWriterSettings { Terse = true }));
        var parts = text.ToString().Split(OpenApiBuilder.Origin);
        return new Serialized([.. parts.Select(Encoding.UTF8.GetBytes)]);
    }

    static async Task Error(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteStartObject("error");
        json.WriteString("code", code);
        json.WriteString("message", message);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
