using System.Text.Json;

namespace SapSandbox.Server.Hub.Monitor;

/// <summary>
/// A deployed artifact's error information as the tenant writes it (<c>…/ErrorInformation/$value</c>: a JSON
/// message whose text has <c>{0}</c>-style placeholders for its parameters), as a sentence and as it came.
/// </summary>
public sealed record ArtifactError(string Message, string Raw)
{
    public static ArtifactError From(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var message = root.GetProperty("message");
            var text = message.TryGetProperty("messageText", out var t) ? t.GetString() ?? "" : "";
            if (root.TryGetProperty("parameter", out var parameters) && parameters.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var parameter in parameters.EnumerateArray())
                    text = text.Replace("{" + i++ + "}", parameter.ValueKind == JsonValueKind.String ? parameter.GetString() : parameter.GetRawText());
            }
            var subsystem = message.TryGetProperty("subsystemName", out var s) ? s.GetString() : null;
            var pretty = JsonSerializer.Serialize(root, new JsonSerializerOptions { WriteIndented = true });
            return new ArtifactError(subsystem == null ? text : $"{subsystem}: {text}", pretty);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // Not the tenant's JSON shape (an uploaded text, say): the body is the message.
            return new ArtifactError(body, body);
        }
    }
}
