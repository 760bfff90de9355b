using Microsoft.OpenApi;
using SapSandbox.Core.Model;

namespace SapSandbox.Protocols.OpenApi;

/// <summary>
/// SAP's error body as the endpoints write it (V2ErrorWriter, V4ErrorWriter): Gateway's
/// <c>{"error": {"code", "message": {"lang", "value"}, "innererror"}}</c>, and RAP's
/// <c>{"error": {"code", "message", "target", "details", "innererror"}}</c>.
/// </summary>
static class ErrorSchemas
{
    public static OpenApiSchema For(ODataVersion version) => new()
    {
        Type = JsonSchemaType.Object,
        Title = "Error",
        Required = new HashSet<string> { "error" },
        Properties = new Dictionary<string, IOpenApiSchema> { ["error"] = version == ODataVersion.V2 ? V2Error() : V4Error() },
    };

    static OpenApiSchema V2Error() => Object(["code", "message"], new()
    {
        ["code"] = Text("SAP's message class and number, e.g. SY/530"),
        ["message"] = Object(["lang", "value"], new()
        {
            ["lang"] = Text("The language of the message"),
            ["value"] = Text("The message"),
        }),
        ["innererror"] = new OpenApiSchema { Type = JsonSchemaType.Object, Description = "The application, transaction and error details" },
    });

    static OpenApiSchema V4Error() => Object(["code", "message"], new()
    {
        ["code"] = Text("SAP's message class and number"),
        ["message"] = Text("The message"),
        ["target"] = Text("What the message is about: a query option, property or parameter"),
        ["details"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Array,
            Items = Object(["code", "message"], new()
            {
                ["code"] = Text("Message code"),
                ["message"] = Text("Message"),
                ["target"] = Text("Target"),
            }),
        },
        ["innererror"] = new OpenApiSchema { Type = JsonSchemaType.Object, Description = "The application and error details" },
    });

    static OpenApiSchema Object(string[] required, Dictionary<string, IOpenApiSchema> properties) => new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string>(required),
        Properties = properties,
    };

    static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
}
