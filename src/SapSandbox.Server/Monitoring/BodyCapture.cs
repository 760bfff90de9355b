using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace SapSandbox.Server.Monitoring;

/// <summary>
/// The first bytes of a body as it passes, for the error log: nothing is buffered beyond <see cref="Limit"/> and
/// nothing is read that the sandbox would not read anyway.
/// </summary>
public sealed class BodyCapture
{
    public const int Limit = 8 * 1024;

    byte[]? _bytes;
    int _length;

    public long Total { get; private set; }
    public bool Truncated => Total > _length;

    public void Record(ReadOnlySpan<byte> data)
    {
        Total += data.Length;
        var take = Math.Min(data.Length, Limit - _length);
        if (take <= 0) return;
        _bytes ??= new byte[Limit];
        data[..take].CopyTo(_bytes.AsSpan(_length));
        _length += take;
    }

    /// <summary>The bytes as UTF-8 text (what SAP's APIs exchange); undecodable bytes become U+FFFD.</summary>
    public string Text() => _bytes == null ? "" : Encoding.UTF8.GetString(_bytes, 0, _length);
}

/// <summary>The request body, recorded as the endpoint reads it.</summary>
sealed class CapturingReadStream(Stream inner, BodyCapture capture) : Stream
{
    public Stream Inner => inner;
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        capture.Record(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        capture.Record(buffer.Span[..read]);
        return read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>
/// The response body, recorded only when the answer is an error (status 400 or more when its first byte is
/// written), through whichever of the stream and the pipe the endpoint writes to.
/// </summary>
sealed class CapturingResponseBody(IHttpResponseBodyFeature inner, HttpResponse response) : IHttpResponseBodyFeature
{
    Stream? _stream;
    PipeWriter? _writer;
    bool? _active;

    /// <summary>What was recorded; null for an answer that is no error (nothing is allocated for those).</summary>
    public BodyCapture? Capture { get; private set; }

    public IHttpResponseBodyFeature Inner => inner;
    public Stream Stream => _stream ??= new CapturingWriteStream(inner.Stream, this);
    public PipeWriter Writer => _writer ??= new CapturingPipeWriter(inner.Writer, this);

    public void DisableBuffering() => inner.DisableBuffering();
    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);
    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => inner.SendFileAsync(path, offset, count, cancellationToken);
    public Task CompleteAsync() => inner.CompleteAsync();

    public void Record(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return;
        _active ??= response.StatusCode >= 400;
        if (_active == true) (Capture ??= new BodyCapture()).Record(bytes);
    }
}

sealed class CapturingWriteStream(Stream inner, CapturingResponseBody body) : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        body.Record(buffer);
        inner.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        body.Record(buffer.Span);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}

/// <summary>Hands out the inner pipe's memory and records what is advanced over it.</summary>
sealed class CapturingPipeWriter(PipeWriter inner, CapturingResponseBody body) : PipeWriter
{
    Memory<byte> _lent;

    public override Memory<byte> GetMemory(int sizeHint = 0) => _lent = inner.GetMemory(sizeHint);
    public override Span<byte> GetSpan(int sizeHint = 0) => (_lent = inner.GetMemory(sizeHint)).Span;

    public override void Advance(int bytes)
    {
        body.Record(_lent.Span[..bytes]);
        _lent = default;
        inner.Advance(bytes);
    }

    public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        body.Record(source.Span);
        return inner.WriteAsync(source, cancellationToken);
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);
    public override void CancelPendingFlush() => inner.CancelPendingFlush();
    public override void Complete(Exception? exception = null) => inner.Complete(exception);
    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;
    public override long UnflushedBytes => inner.UnflushedBytes;
}
