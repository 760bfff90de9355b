using System.IO.Pipelines;
using System.Text.Json;

namespace SapSandbox.Protocols.Http;

/// <summary>
/// Sends a streamed JSON body in chunks: after every <see cref="Threshold"/> bytes written, the writer's bytes
/// go to the response pipe and out, with the pipe's back-pressure. The writer commits pipe segments on its own,
/// so what counts is what was written since the last flush, not what is pending.
/// </summary>
public sealed class JsonPipeFlusher(Utf8JsonWriter json, PipeWriter pipe)
{
    /// <summary>Large enough for few sends per response, small enough to bound memory.</summary>
    public const int Threshold = 64 * 1024;

    long _flushed;

    public async ValueTask FlushIfFullAsync()
    {
        if (json.BytesCommitted + json.BytesPending - _flushed <= Threshold) return;
        json.Flush();
        await pipe.FlushAsync();
        _flushed = json.BytesCommitted;
    }
}
