using System.Buffers;
using System.Security.Cryptography;

namespace Dossier.Ledger.Blobs;

/// <summary>A stored file: its SHA-256 (64 lowercase hex digits), its size, and whether it was already there.</summary>
public sealed record BlobInfo(string Hash, long Size, bool AlreadyStored);

public enum BlobStatus
{
    Intact,
    Missing,
    Corrupt,
}

/// <summary>The result of re-hashing a stored file.</summary>
public sealed record BlobCheck(string Hash, BlobStatus Status, string? ActualHash, long Size)
{
    public bool IsIntact => Status == BlobStatus.Intact;

    public override string ToString() => Status switch
    {
        BlobStatus.Intact => $"{Hash}: intact ({Size} bytes)",
        BlobStatus.Missing => $"{Hash}: missing",
        _ => $"{Hash}: corrupt — its content now hashes to {ActualHash}",
    };
}

/// <summary>
/// Content-addressed evidence files under <c>{root}/blobs/ab/cdef…</c>, named by SHA-256. A file is
/// streamed into a temporary file in the same folder tree while it is hashed, flushed to disk, made
/// read-only, then renamed into place, so a crash never leaves a partial file under a hash name, and a
/// stored file is never rewritten. The only I/O in the Ledger module (ARCHITECTURE.md).
/// </summary>
public sealed class BlobStore
{
    private const int BufferSize = 1 << 20;
    private const string TempFolder = ".tmp";

    private readonly string _blobs;

    public BlobStore(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
        _blobs = Path.Combine(Root, "blobs");
    }

    /// <summary>The workspace folder; files live in its <c>blobs</c> subfolder.</summary>
    public string Root { get; }

    /// <summary>
    /// Stores the content of <paramref name="content"/> (read to its end) and returns its hash. If a file
    /// with the same hash is already stored, the new copy is discarded and <see cref="BlobInfo.AlreadyStored"/>
    /// is true. On any failure (unreadable stream, full disk, cancellation) nothing is left behind.
    /// </summary>
    public async Task<BlobInfo> PutAsync(Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var tempDirectory = Path.Combine(_blobs, TempFolder);
        Directory.CreateDirectory(tempDirectory);
        var temp = Path.Combine(tempDirectory, $"{Guid.NewGuid():N}.part");

        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            string hash;
            long size = 0;
            using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                await using (var output = new FileStream(temp, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    Share = FileShare.None,
                    BufferSize = 0,
                    Options = FileOptions.Asynchronous,
                }))
                {
                    // Hash each chunk while the previous one is being written.
                    var spare = ArrayPool<byte>.Shared.Rent(BufferSize);
                    var pendingWrite = Task.CompletedTask;
                    try
                    {
                        int read;
                        while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
                        {
                            sha.AppendData(buffer, 0, read);
                            size += read;
                            await pendingWrite.ConfigureAwait(false);
                            pendingWrite = output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).AsTask();
                            (buffer, spare) = (spare, buffer);
                        }

                        await pendingWrite.ConfigureAwait(false);
                    }
                    finally
                    {
                        // On failure a write may still be using a buffer; let it end before the buffer is reused.
                        await pendingWrite.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
                        ArrayPool<byte>.Shared.Return(spare);
                    }

                    // fsync: the bytes must be on disk before a ledger entry can name them.
                    output.Flush(flushToDisk: true);
                }

                hash = Convert.ToHexStringLower(sha.GetHashAndReset());
            }

            var target = PathOf(hash);
            if (File.Exists(target))
            {
                File.Delete(temp);
                return new BlobInfo(hash, size, AlreadyStored: true);
            }

            var folder = Path.GetDirectoryName(target)!;
            var newFolder = !Directory.Exists(folder);
            Directory.CreateDirectory(folder);
            if (!OperatingSystem.IsWindows())
            {
                // Evidence is never modified in place: owner and group may read, nobody may write.
                File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.GroupRead);
            }

            try
            {
                File.Move(temp, target, overwrite: false);
            }
            catch (IOException) when (File.Exists(target))
            {
                // Another writer stored the same content first.
                File.Delete(temp);
                return new BlobInfo(hash, size, AlreadyStored: true);
            }

            // The rename itself must reach the disk before the caller records the file in the ledger.
            DirectorySync.Flush(folder);
            if (newFolder)
            {
                DirectorySync.Flush(_blobs);
            }

            return new BlobInfo(hash, size, AlreadyStored: false);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Whether a file with this hash is stored.</summary>
    public bool Contains(string hash) => File.Exists(PathOf(hash));

    /// <summary>Opens a stored file for reading.</summary>
    public Stream OpenRead(string hash)
    {
        var path = PathOf(hash);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No stored file with SHA-256 {Normalize(hash)} in {_blobs}.", path);
        }

        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
    }

    /// <summary>Re-hashes a stored file and says whether it still has the hash it is named by.</summary>
    public BlobCheck Verify(string hash)
    {
        var normalized = Normalize(hash);
        var path = PathOf(normalized);
        if (!File.Exists(path))
        {
            return new BlobCheck(normalized, BlobStatus.Missing, null, 0);
        }

        var size = new FileInfo(path).Length;
        var actual = Convert.ToHexStringLower(FileHasher.Sha256(path));
        return string.Equals(actual, normalized, StringComparison.Ordinal)
            ? new BlobCheck(normalized, BlobStatus.Intact, actual, size)
            : new BlobCheck(normalized, BlobStatus.Corrupt, actual, size);
    }

    /// <summary>Every stored hash, in no particular order (for a whole-workspace verify).</summary>
    public IEnumerable<string> EnumerateHashes()
    {
        if (!Directory.Exists(_blobs))
        {
            yield break;
        }

        foreach (var directory in Directory.EnumerateDirectories(_blobs))
        {
            var prefix = Path.GetFileName(directory);
            if (prefix.Length != 2 || !IsHex(prefix))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(directory))
            {
                var hash = prefix + Path.GetFileName(file);
                if (IsValidHash(hash))
                {
                    yield return hash;
                }
            }
        }
    }

    /// <summary>
    /// Removes a file that was just stored but whose acquisition could not be recorded, so a failed add leaves
    /// nothing in the vault. Never call it for a file a ledger entry names.
    /// </summary>
    public void DeleteUnrecorded(string hash)
    {
        var path = PathOf(hash);
        TryDelete(path);
        DirectorySync.Flush(Path.GetDirectoryName(path)!);
    }

    /// <summary>Deletes temporary files left by a crash mid-write; none of them was ever acknowledged.</summary>
    public int DeleteAbandonedTemporaryFiles()
    {
        var tempDirectory = Path.Combine(_blobs, TempFolder);
        if (!Directory.Exists(tempDirectory))
        {
            return 0;
        }

        var count = 0;
        foreach (var file in Directory.EnumerateFiles(tempDirectory, "*.part"))
        {
            File.Delete(file);
            count++;
        }

        return count;
    }

    /// <summary>The path a hash is stored at. The hash must be 64 hex digits, so no path can escape the store.</summary>
    public string PathOf(string hash)
    {
        var normalized = Normalize(hash);
        return Path.Combine(_blobs, normalized[..2], normalized[2..]);
    }

    public static bool IsValidHash(string? hash) => hash is { Length: 64 } && IsHex(hash);

    private static string Normalize(string hash)
    {
        if (!IsValidHash(hash))
        {
            throw new ArgumentException($"'{hash}' is not a SHA-256 hash (64 hexadecimal digits).", nameof(hash));
        }

        return hash.ToLowerInvariant();
    }

    private static bool IsHex(string s) => s.All(char.IsAsciiHexDigit);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left for DeleteAbandonedTemporaryFiles; it was never acknowledged.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
