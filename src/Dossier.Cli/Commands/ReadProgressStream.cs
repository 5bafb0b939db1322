namespace Dossier.Cli.Commands;

/// <summary>
/// A file read once from start to end, reporting the share read so far: storing and hashing a file of gigabytes
/// shows progress ("long work shows progress") without the vault knowing of it. Reports at most once per percent.
/// </summary>
internal sealed class ReadProgressStream(Stream inner, Action<double> report) : Stream
{
    private readonly long _length = inner.CanSeek ? inner.Length : 0;
    private long _read;
    private int _reportedPercent = -1;

    /// <summary>Files smaller than this are read in a blink; no bar is worth drawing for them.</summary>
    public const long WorthShowing = 64L << 20;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Counted(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Counted(int read)
    {
        _read += read;
        var percent = _length <= 0 ? (read == 0 ? 100 : 0) : (int)Math.Min(100, _read * 100 / _length);
        if (percent > _reportedPercent)
        {
            _reportedPercent = percent;
            report(percent / 100.0);
        }

        return read;
    }
}
