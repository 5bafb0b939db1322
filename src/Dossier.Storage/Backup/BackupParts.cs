using System.Buffers.Binary;
using System.Text;

namespace Dossier.Storage.Backup;

/// <summary>
/// The decrypted content of a backup: named parts one after another, each
/// [name length: 2 bytes][name: UTF-8][content length: 8 bytes][content], ended by a part with an empty name.
/// Integers are big-endian. A blob is streamed, never held whole in memory.
/// </summary>
internal sealed class PartWriter(Stream output)
{
    public void Write(string name, ReadOnlySpan<byte> content)
    {
        WriteHeader(name, content.Length);
        output.Write(content);
    }

    public async Task WriteAsync(string name, Stream content, long length, CancellationToken cancellationToken)
    {
        WriteHeader(name, length);
        var buffer = new byte[81920];
        long left = length;
        while (left > 0)
        {
            var n = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken);
            if (n == 0)
            {
                throw new IOException($"the file for part {name} ended {left} bytes short while it was copied");
            }

            output.Write(buffer, 0, n);
            left -= n;
        }
    }

    public void End() => output.Write(stackalloc byte[2]);

    private void WriteHeader(string name, long length)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16BigEndian(number, checked((ushort)bytes.Length));
        output.Write(number[..2]);
        output.Write(bytes);
        BinaryPrimitives.WriteInt64BigEndian(number, length);
        output.Write(number);
    }
}

/// <summary>Reads the parts in order; <see cref="Content"/> is the current part's content, bounded to its length.</summary>
internal sealed class PartReader(Stream input, string file) : IDisposable
{
    private BoundedStream? _current;

    public string? Name { get; private set; }

    public long Length { get; private set; }

    public Stream Content => _current ?? throw new InvalidOperationException("no current part");

    /// <summary>Moves to the next part; false at the end marker.</summary>
    public bool Next()
    {
        _current?.Skip();
        Span<byte> number = stackalloc byte[8];
        Fill(number[..2]);
        var nameLength = BinaryPrimitives.ReadUInt16BigEndian(number);
        if (nameLength == 0)
        {
            Name = null;
            _current = null;
            return false;
        }

        var name = new byte[nameLength];
        Fill(name);
        Fill(number);
        Name = Encoding.UTF8.GetString(name);
        Length = BinaryPrimitives.ReadInt64BigEndian(number);
        if (Length < 0)
        {
            throw new BackupException($"{file}: the part {Name} has a negative length");
        }

        _current = new BoundedStream(input, Length, () => new BackupException($"{file}: the part {Name} is cut short"));
        return true;
    }

    public byte[] ReadAll(int max)
    {
        if (Length > max)
        {
            throw new BackupException($"{file}: the part {Name} is {Length} bytes, more than the {max} this version reads");
        }

        var bytes = new byte[Length];
        Content.ReadExactly(bytes);
        return bytes;
    }

    public void Dispose() => _current?.Dispose();

    private void Fill(Span<byte> target)
    {
        var read = 0;
        while (read < target.Length)
        {
            var n = input.Read(target[read..]);
            if (n == 0)
            {
                throw new BackupException($"{file}: its content ends without the end marker (truncated)");
            }

            read += n;
        }
    }

    private sealed class BoundedStream(Stream inner, long length, Func<Exception> cutShort) : Stream
    {
        private readonly long _length = length;
        private long _left = length;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_left == 0 || buffer.Length == 0)
            {
                return 0;
            }

            var n = inner.Read(buffer[..(int)Math.Min(buffer.Length, _left)]);
            if (n == 0)
            {
                throw cutShort();
            }

            _left -= n;
            return n;
        }

        public void Skip()
        {
            var buffer = new byte[81920];
            while (Read(buffer) > 0)
            {
            }
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => _length;
        public override long Position { get => _length - _left; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
