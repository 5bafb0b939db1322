using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace Dossier.Ledger.Bundles;

/// <summary>One member of a zip archive as its central directory and local header both declare it.</summary>
internal sealed record ZipMember(string Name, int Method, uint Crc32, long CompressedSize, long Size, long HeaderOffset, long DataOffset);

/// <summary>
/// Reads a zip archive the way an extractor such as <c>unzip</c> does, strictly: the local header of every
/// member must agree with the central directory (name, method, CRC-32, sizes), no member may overlap another
/// or the central directory, and a member's bytes are exactly the declared compressed bytes — stored as they
/// are, or inflated to exactly the declared size with the declared CRC-32. Where two readers could see
/// different bytes, the archive is refused rather than one reading trusted (docs/adr/0307-strict-zip-reading-of-bundles.md).
/// </summary>
internal sealed class ZipMembers
{
    private const uint EndSignature = 0x06054b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const uint CentralSignature = 0x02014b50;
    private const uint LocalSignature = 0x04034b50;
    private const int Stored = 0;
    private const int Deflated = 8;

    private readonly Stream _stream;

    private ZipMembers(Stream stream, List<ZipMember> members, List<string> problems)
    {
        _stream = stream;
        Members = members;
        Problems = problems;
    }

    public IReadOnlyList<ZipMember> Members { get; }

    /// <summary>Members whose headers disagree, overlap or use what a bundle may not (encryption, data descriptors, other methods).</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Reads the central directory and every local header. Throws <see cref="InvalidDataException"/> when it is not a zip at all.</summary>
    public static ZipMembers Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek || stream.Length < 22)
        {
            throw new InvalidDataException("too short to be a zip archive");
        }

        var (entries, directoryOffset, directorySize, directoryEnd) = FindDirectory(stream);
        if (directoryOffset < 0 || directorySize < 0 || directoryOffset + directorySize != directoryEnd || entries > directorySize / 46)
        {
            throw new InvalidDataException("the end of central directory record does not match the central directory");
        }

        var directory = ReadAt(stream, directoryOffset, checked((int)directorySize));
        var members = new List<ZipMember>();
        var problems = new List<string>();
        var position = 0;
        for (long i = 0; i < entries; i++)
        {
            if (position + 46 > directory.Length || U32(directory, position) != CentralSignature)
            {
                throw new InvalidDataException($"central directory entry {i} is damaged");
            }

            var flags = U16(directory, position + 8);
            var method = U16(directory, position + 10);
            var crc = U32(directory, position + 16);
            long compressed = U32(directory, position + 20);
            long size = U32(directory, position + 24);
            var nameLength = U16(directory, position + 28);
            var extraLength = U16(directory, position + 30);
            var commentLength = U16(directory, position + 32);
            long offset = U32(directory, position + 42);
            var end = position + 46 + nameLength + extraLength + commentLength;
            if (end > directory.Length)
            {
                throw new InvalidDataException($"central directory entry {i} runs past the directory");
            }

            var nameBytes = directory.AsSpan(position + 46, nameLength).ToArray();
            var extra = directory.AsSpan(position + 46 + nameLength, extraLength);
            ReadZip64(extra, ref size, ref compressed, ref offset, localHeader: false);
            position = end;

            var name = Name(nameBytes, out var nameProblem);
            var problemCount = problems.Count;
            if (nameProblem is not null)
            {
                problems.Add($"{name}: {nameProblem}");
            }

            if ((flags & 0x41) != 0)
            {
                problems.Add($"{name}: encrypted; a bundle holds no encrypted members");
            }

            if ((flags & 0x08) != 0)
            {
                problems.Add($"{name}: written with a data descriptor; a bundle's members declare their sizes and CRC-32 in both headers");
            }

            if (method is not (Stored or Deflated))
            {
                problems.Add($"{name}: compression method {method}; a bundle's members are stored (0) or deflated (8)");
            }

            if (method == Stored && compressed != size)
            {
                problems.Add($"{name}: stored, but declares {compressed} stored bytes for {size} bytes of content");
            }

            long dataOffset = -1;
            if (offset < 0 || offset + 30 > directoryOffset)
            {
                problems.Add($"{name}: its local header would start at byte {offset}, outside the members' part of the archive");
            }
            else
            {
                dataOffset = CheckLocalHeader(stream, name, nameBytes, offset, flags, method, crc, compressed, size, directoryOffset, problems);
            }

            if (problems.Count == problemCount)
            {
                members.Add(new ZipMember(name, method, crc, compressed, size, offset, dataOffset));
            }
        }

        if (position != directory.Length)
        {
            // Bytes after the declared entries could be read as more entries by another reader.
            throw new InvalidDataException($"the central directory holds {directory.Length - position} bytes after its {entries} declared entries");
        }

        // No byte may belong to two members: overlapping members are how one archive shows two readers two files.
        var ordered = members.OrderBy(m => m.HeaderOffset).ToList();
        for (var i = 0; i + 1 < ordered.Count; i++)
        {
            if (ordered[i].DataOffset + ordered[i].CompressedSize > ordered[i + 1].HeaderOffset)
            {
                problems.Add($"{ordered[i].Name}: its data runs into the next member, {ordered[i + 1].Name}");
            }
        }

        return new ZipMembers(stream, members, problems);
    }

    /// <summary>
    /// Streams exactly what an extractor would write for <paramref name="member"/> into <paramref name="sink"/>,
    /// at most <paramref name="limit"/> bytes. Returns null when the bytes are the declared size with the declared
    /// CRC-32, else the problem (the sink may have seen some bytes).
    /// </summary>
    public string? Extract(ZipMember member, long limit, Action<ReadOnlySpan<byte>> sink)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(sink);
        if (member.Size > limit)
        {
            return $"{member.Size} bytes, more than the {limit} allowed";
        }

        var crc = new Crc32();
        long total = 0;
        try
        {
            using var raw = new BoundedStream(_stream, member.DataOffset, member.CompressedSize);
            using var content = member.Method == Deflated ? new DeflateStream(raw, CompressionMode.Decompress, leaveOpen: true) : (Stream)raw;
            var buffer = new byte[1 << 20];
            int read;
            while ((read = content.Read(buffer, 0, (int)Math.Min(buffer.Length, member.Size - total + 1))) > 0)
            {
                total += read;
                if (total > member.Size)
                {
                    return $"its compressed data holds more than the declared {member.Size} bytes";
                }

                crc.Append(buffer.AsSpan(0, read));
                sink(buffer.AsSpan(0, read));
            }
        }
        catch (InvalidDataException e)
        {
            return $"its compressed data is damaged: {e.Message}";
        }

        if (total != member.Size)
        {
            return $"its compressed data ends after {total} of the declared {member.Size} bytes";
        }

        var actual = crc.GetCurrentHashAsUInt32();
        return actual == member.Crc32 ? null : $"CRC-32 {actual:x8}, not the declared {member.Crc32:x8}: the bytes are not the ones the archive declares";
    }

    private static (long Entries, long Offset, long Size, long End) FindDirectory(Stream stream)
    {
        var tailLength = (int)Math.Min(stream.Length, 22 + ushort.MaxValue);
        var tailStart = stream.Length - tailLength;
        var tail = ReadAt(stream, tailStart, tailLength);
        for (var i = tail.Length - 22; i >= 0; i--)
        {
            if (U32(tail, i) != EndSignature || i + 22 + U16(tail, i + 20) != tail.Length)
            {
                continue;
            }

            var endOffset = tailStart + i;
            if (U16(tail, i + 4) != 0 || U16(tail, i + 6) != 0)
            {
                throw new InvalidDataException("a multi-disk archive");
            }

            long entries = U16(tail, i + 10);
            long size = U32(tail, i + 12);
            long offset = U32(tail, i + 16);
            if (entries != 0xFFFF && size != 0xFFFFFFFF && offset != 0xFFFFFFFF)
            {
                return (entries, offset, size, endOffset);
            }

            // ZIP64: the locator sits just before the end record and points at the ZIP64 end record.
            if (endOffset < 20)
            {
                throw new InvalidDataException("a ZIP64 archive without its locator");
            }

            var locator = ReadAt(stream, endOffset - 20, 20);
            if (U32(locator, 0) != Zip64LocatorSignature)
            {
                throw new InvalidDataException("a ZIP64 archive without its locator");
            }

            var zip64Offset = checked((long)BinaryPrimitives.ReadUInt64LittleEndian(locator.AsSpan(8)));
            if (zip64Offset < 0 || zip64Offset + 56 > endOffset - 20)
            {
                throw new InvalidDataException("the ZIP64 end record lies outside the archive");
            }

            var record = ReadAt(stream, zip64Offset, 56);
            if (U32(record, 0) != Zip64EndSignature)
            {
                throw new InvalidDataException("the ZIP64 end record is damaged");
            }

            return (checked((long)BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(32))),
                checked((long)BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(48))),
                checked((long)BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(40))),
                zip64Offset);
        }

        throw new InvalidDataException("no end of central directory record (truncated, or not a zip archive)");
    }

    private static long CheckLocalHeader(Stream stream, string name, byte[] nameBytes, long offset, int flags, int method, uint crc, long compressed, long size, long limit, List<string> problems)
    {
        var header = ReadAt(stream, offset, 30);
        if (U32(header, 0) != LocalSignature)
        {
            problems.Add($"{name}: no local header where the central directory says it starts (byte {offset})");
            return -1;
        }

        var localNameLength = U16(header, 26);
        var localExtraLength = U16(header, 28);
        var dataOffset = offset + 30 + localNameLength + localExtraLength;
        if (dataOffset > limit)
        {
            problems.Add($"{name}: its local header runs into the central directory");
            return -1;
        }

        var rest = ReadAt(stream, offset + 30, localNameLength + localExtraLength);
        long localSize = U32(header, 22);
        long localCompressed = U32(header, 18);
        long ignored = 0;
        ReadZip64(rest.AsSpan(localNameLength), ref localSize, ref localCompressed, ref ignored, localHeader: true);
        var differences = new List<string>();
        if (!rest.AsSpan(0, localNameLength).SequenceEqual(nameBytes))
        {
            differences.Add("name");
        }

        if (U16(header, 6) != flags)
        {
            differences.Add("flags");
        }

        if (U16(header, 8) != method)
        {
            differences.Add("compression method");
        }

        if (U32(header, 14) != crc)
        {
            differences.Add("CRC-32");
        }

        if (localCompressed != compressed)
        {
            differences.Add("compressed size");
        }

        if (localSize != size)
        {
            differences.Add("size");
        }

        if (differences.Count > 0)
        {
            problems.Add($"{name}: its local header and the central directory disagree on the {string.Join(", ", differences)}, so extractors differ on its content");
            return -1;
        }

        if (compressed < 0 || dataOffset + compressed > limit)
        {
            problems.Add($"{name}: its {compressed} bytes of data run past the members' part of the archive");
            return -1;
        }

        return dataOffset;
    }

    /// <summary>
    /// The ZIP64 extended information field (0x0001): in the central directory it holds, in this order, each of
    /// size, compressed size and header offset whose 32-bit value is 0xFFFFFFFF; in a local header, both sizes.
    /// </summary>
    private static void ReadZip64(ReadOnlySpan<byte> extra, ref long size, ref long compressed, ref long offset, bool localHeader)
    {
        while (extra.Length >= 4)
        {
            var id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            var length = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            if (4 + length > extra.Length)
            {
                return;
            }

            var data = extra.Slice(4, length);
            extra = extra[(4 + length)..];
            if (id != 0x0001)
            {
                continue;
            }

            if (localHeader)
            {
                if ((size == 0xFFFFFFFF || compressed == 0xFFFFFFFF) && data.Length >= 16)
                {
                    size = checked((long)BinaryPrimitives.ReadUInt64LittleEndian(data));
                    compressed = checked((long)BinaryPrimitives.ReadUInt64LittleEndian(data[8..]));
                }

                return;
            }

            var at = 0;
            if (size == 0xFFFFFFFF && at + 8 <= data.Length)
            {
                size = checked((long)BinaryPrimitives.ReadUInt64LittleEndian(data[at..]));
                at += 8;
            }

            if (compressed == 0xFFFFFFFF && at + 8 <= data.Length)
            {
                compressed = checked((long)BinaryPrimitives.ReadUInt64LittleEndian(data[at..]));
                at += 8;
            }

            if (offset == 0xFFFFFFFF && at + 8 <= data.Length)
            {
                offset = checked((long)BinaryPrimitives.ReadUInt64LittleEndian(data[at..]));
            }

            return;
        }
    }

    private static string Name(byte[] bytes, out string? problem)
    {
        try
        {
            problem = null;
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            problem = "its name is not UTF-8";
            return Convert.ToHexStringLower(bytes);
        }
    }

    private static byte[] ReadAt(Stream stream, long offset, int count)
    {
        if (offset < 0 || offset + count > stream.Length)
        {
            throw new InvalidDataException("a header runs past the end of the archive");
        }

        var bytes = new byte[count];
        stream.Position = offset;
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static int U16(byte[] bytes, int at) => BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at));

    private static uint U32(byte[] bytes, int at) => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));

    /// <summary>Exactly <c>length</c> bytes of the archive from <c>start</c>, and not one more.</summary>
    private sealed class BoundedStream(Stream inner, long start, long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var wanted = (int)Math.Min(buffer.Length, length - _position);
            if (wanted <= 0)
            {
                return 0;
            }

            inner.Position = start + _position;
            var read = inner.Read(buffer[..wanted]);
            _position += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
