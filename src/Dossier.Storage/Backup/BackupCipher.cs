using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Dossier.Storage.Backup;

/// <summary>A backup file that cannot be read: wrong passphrase, damaged, truncated, or not a backup. The message names the file.</summary>
public sealed class BackupException(string message) : Exception(message);

/// <summary>
/// The encryption of a backup file (docs/formats/backup.md): a two-line clear header (magic and the key
/// derivation parameters), then the content in chunks of at most 1 MiB, each sealed with AES-256-GCM under a
/// key from PBKDF2-HMAC-SHA256 of the passphrase. A chunk's nonce is its index; its associated data is the
/// header, the index and whether it is the last one, so chunks cannot be reordered, dropped, or cut off.
/// </summary>
internal static class BackupCipher
{
    public const string Magic = "dossier-backup v1";
    public const int Iterations = 600_000;
    public const int ChunkSize = 1 << 20;
    private const int MinIterations = 100_000;
    private const int MaxIterations = 10_000_000;
    private const int TagSize = 16;

    public static byte[] DeriveKey(string passphrase, byte[] salt, int iterations)
    {
        var secret = Encoding.UTF8.GetBytes(passphrase);
        try
        {
            return Rfc2898DeriveBytes.Pbkdf2(secret, salt, iterations, HashAlgorithmName.SHA256, 32);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    public static (byte[] Header, byte[] Key) NewHeader(string passphrase)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var parameters = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["kdf"] = "PBKDF2-HMAC-SHA256",
            ["iterations"] = Iterations,
            ["salt"] = Convert.ToBase64String(salt),
            ["cipher"] = "AES-256-GCM",
            ["chunk"] = ChunkSize,
        });
        return (Encoding.UTF8.GetBytes($"{Magic}\n{parameters}\n"), DeriveKey(passphrase, salt, Iterations));
    }

    /// <summary>Reads the clear header of <paramref name="stream"/> and derives the key; throws <see cref="BackupException"/> naming <paramref name="file"/>.</summary>
    public static (byte[] Header, byte[] Key) ReadHeader(Stream stream, string passphrase, string file)
    {
        var magic = ReadLine(stream, 64, file);
        if (magic != Magic)
        {
            throw new BackupException($"{file}: not a Dossier backup (its first line is not '{Magic}')");
        }

        var parameters = ReadLine(stream, 1024, file);
        int iterations;
        byte[] salt;
        try
        {
            using var json = JsonDocument.Parse(parameters);
            var root = json.RootElement;
            if (root.GetProperty("kdf").GetString() != "PBKDF2-HMAC-SHA256" || root.GetProperty("cipher").GetString() != "AES-256-GCM"
                || root.GetProperty("chunk").GetInt32() != ChunkSize)
            {
                throw new BackupException($"{file}: its header names a key derivation, cipher or chunk size this version does not read");
            }

            iterations = root.GetProperty("iterations").GetInt32();
            salt = Convert.FromBase64String(root.GetProperty("salt").GetString()!);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new BackupException($"{file}: its second line (the key derivation parameters) is not readable: {exception.Message}");
        }

        if (iterations is < MinIterations or > MaxIterations || salt.Length < 16)
        {
            throw new BackupException($"{file}: its header asks for {iterations} iterations or a {salt.Length}-byte salt, outside what this version accepts");
        }

        return (Encoding.UTF8.GetBytes($"{magic}\n{parameters}\n"), DeriveKey(passphrase, salt, iterations));
    }

    public static byte[] AssociatedData(byte[] header, long index, bool final)
    {
        var data = new byte[header.Length + 9];
        header.CopyTo(data, 0);
        BinaryPrimitives.WriteInt64BigEndian(data.AsSpan(header.Length), index);
        data[^1] = final ? (byte)1 : (byte)0;
        return data;
    }

    public static byte[] Nonce(long index)
    {
        var nonce = new byte[12];
        BinaryPrimitives.WriteInt64BigEndian(nonce.AsSpan(4), index);
        return nonce;
    }

    public static int Overhead => 5 + TagSize;

    private static string ReadLine(Stream stream, int max, string file)
    {
        var bytes = new List<byte>();
        while (true)
        {
            var b = stream.ReadByte();
            if (b < 0)
            {
                throw new BackupException($"{file}: not a Dossier backup (it ends inside its header)");
            }

            if (b == '\n')
            {
                return Encoding.UTF8.GetString([.. bytes]);
            }

            if (bytes.Count >= max)
            {
                throw new BackupException($"{file}: not a Dossier backup (its header line is longer than {max} bytes)");
            }

            bytes.Add((byte)b);
        }
    }

    public const int TagLength = TagSize;
}

/// <summary>Writes the sealed chunks: each is [length: 4 bytes][final: 1 byte][ciphertext][tag: 16 bytes].</summary>
internal sealed class EncryptingStream : Stream
{
    private readonly Stream _inner;
    private readonly AesGcm _aes;
    private readonly byte[] _header;
    private readonly byte[] _buffer = new byte[BackupCipher.ChunkSize];
    private int _filled;
    private long _index;
    private bool _finished;

    public EncryptingStream(Stream inner, string passphrase)
    {
        _inner = inner;
        var (header, key) = BackupCipher.NewHeader(passphrase);
        _header = header;
        _aes = new AesGcm(key, BackupCipher.TagLength);
        CryptographicOperations.ZeroMemory(key);
        _inner.Write(header);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            if (_filled == _buffer.Length)
            {
                Seal(final: false);
            }

            var take = Math.Min(buffer.Length, _buffer.Length - _filled);
            buffer[..take].CopyTo(_buffer.AsSpan(_filled));
            _filled += take;
            buffer = buffer[take..];
        }
    }

    /// <summary>Seals the last chunk (possibly empty). Without it the file is truncated and a restore refuses it.</summary>
    public void Finish()
    {
        if (!_finished)
        {
            Seal(final: true);
            _finished = true;
            _inner.Flush();
        }
    }

    private void Seal(bool final)
    {
        var cipher = new byte[_filled];
        var tag = new byte[BackupCipher.TagLength];
        _aes.Encrypt(BackupCipher.Nonce(_index), _buffer.AsSpan(0, _filled), cipher, tag, BackupCipher.AssociatedData(_header, _index, final));
        Span<byte> prefix = stackalloc byte[5];
        BinaryPrimitives.WriteInt32BigEndian(prefix, _filled);
        prefix[4] = final ? (byte)1 : (byte)0;
        _inner.Write(prefix);
        _inner.Write(cipher);
        _inner.Write(tag);
        CryptographicOperations.ZeroMemory(_buffer.AsSpan(0, _filled));
        _filled = 0;
        _index++;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _aes.Dispose();
        }

        base.Dispose(disposing);
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}

/// <summary>Reads and authenticates the chunks; any failure is a <see cref="BackupException"/> naming the file and the chunk.</summary>
internal sealed class DecryptingStream : Stream
{
    private readonly Stream _inner;
    private readonly AesGcm _aes;
    private readonly byte[] _header;
    private readonly string _file;
    private byte[] _plain = [];
    private int _position;
    private long _index;
    private bool _final;

    public DecryptingStream(Stream inner, string passphrase, string file)
    {
        _inner = inner;
        _file = file;
        var (header, key) = BackupCipher.ReadHeader(inner, passphrase, file);
        _header = header;
        _aes = new AesGcm(key, BackupCipher.TagLength);
        CryptographicOperations.ZeroMemory(key);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_position == _plain.Length)
        {
            if (_final)
            {
                if (_inner.ReadByte() >= 0)
                {
                    throw new BackupException($"{_file}: bytes follow its last chunk (the file was altered or appended to)");
                }

                return 0;
            }

            Next();
        }

        var take = Math.Min(buffer.Length, _plain.Length - _position);
        _plain.AsSpan(_position, take).CopyTo(buffer);
        _position += take;
        return take;
    }

    private void Next()
    {
        Span<byte> prefix = stackalloc byte[5];
        if (!ReadFully(prefix))
        {
            throw new BackupException($"{_file}: truncated after chunk {_index} (the last chunk is missing)");
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(prefix);
        if (length < 0 || length > BackupCipher.ChunkSize || prefix[4] > 1)
        {
            throw new BackupException($"{_file}: chunk {_index} has an impossible length or flag (the file is damaged)");
        }

        var cipher = new byte[length];
        var tag = new byte[BackupCipher.TagLength];
        if (!ReadFully(cipher) || !ReadFully(tag))
        {
            throw new BackupException($"{_file}: truncated inside chunk {_index}");
        }

        var plain = new byte[length];
        try
        {
            _aes.Decrypt(BackupCipher.Nonce(_index), cipher, tag, plain, BackupCipher.AssociatedData(_header, _index, prefix[4] == 1));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new BackupException(_index == 0
                ? $"{_file}: the passphrase is wrong, or the file is damaged (its first chunk failed authentication)"
                : $"{_file}: chunk {_index} failed authentication: the file was altered or damaged");
        }

        _plain = plain;
        _position = 0;
        _final = prefix[4] == 1;
        _index++;
    }

    private bool ReadFully(Span<byte> target)
    {
        var read = 0;
        while (read < target.Length)
        {
            var n = _inner.Read(target[read..]);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _aes.Dispose();
        }

        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
