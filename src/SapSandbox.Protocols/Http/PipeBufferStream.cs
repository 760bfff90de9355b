using System.Buffers;
using System.IO.Pipelines;

namespace SapSandbox.Protocols.Http;

/// <summary>
/// A write-only stream over the response pipe for writers that flush synchronously (XmlWriter): writes only
/// append to the pipe's memory; bytes go out when the caller awaits <see cref="FlushAsync(CancellationToken)"/>,
/// which also applies the pipe's back-pressure. Kestrel forbids synchronous writes to the response body.
/// </summary>
public sealed class PipeBufferStream(PipeWriter pipe) : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
    public override void Write(ReadOnlySpan<byte> buffer) => pipe.Write(buffer);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        pipe.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Synchronous flushes leave the bytes in the pipe; the next asynchronous flush sends them.</summary>
    public override void Flush() { }

    public override async Task FlushAsync(CancellationToken cancellationToken) => await pipe.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
