using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dossier.Ledger.Blobs;
using Dossier.Ledger.Checkpoints;
using Dossier.Ledger.Merkle;

namespace Dossier.Ledger.Bundles;

/// <summary>
/// Writes a court bundle (docs/formats/bundle.md) from parts the store has already made: the signed
/// checkpoint, the ledger entries with their inclusion proofs, the evidence files, and optionally an older
/// checkpoint with a consistency proof. It checks what it can before writing — every file's hash, every
/// proof against the checkpoint — so it never produces a bundle that would fail verification.
/// </summary>
public sealed class BundleWriter
{
    private static readonly DateTimeOffset FixedZipTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string _signedCheckpoint;
    private readonly NoteVerifier _verifier;
    private readonly Checkpoint _checkpoint;
    private readonly SortedDictionary<long, (byte[] Bytes, IReadOnlyList<byte[]> Proof)> _entries = [];
    private readonly List<(BundleItem Item, Func<Stream> Open)> _items = [];
    private (string SignedNote, IReadOnlyList<byte[]> Proof)? _consistency;

    /// <param name="signedCheckpoint">The C2SP signed checkpoint the proofs lead to.</param>
    /// <param name="verifierKey">The verifier key that signed it (<see cref="NoteVerifier.ToString"/>).</param>
    public BundleWriter(string signedCheckpoint, string verifierKey)
    {
        ArgumentNullException.ThrowIfNull(signedCheckpoint);
        ArgumentNullException.ThrowIfNull(verifierKey);
        _verifier = NoteVerifier.Parse(verifierKey);
        var check = _verifier.Verify(signedCheckpoint);
        if (!check.IsValid)
        {
            throw new ArgumentException($"The checkpoint does not verify with the given key: {check.Failure}", nameof(signedCheckpoint));
        }

        _checkpoint = Checkpoint.Parse(check.Text!);
        _signedCheckpoint = signedCheckpoint;
    }

    /// <summary>Adds a ledger entry (its exact canonical bytes) and its inclusion proof to the checkpoint.</summary>
    public BundleWriter AddEntry(long index, byte[] entryBytes, IReadOnlyList<byte[]> inclusionProof)
    {
        ArgumentNullException.ThrowIfNull(entryBytes);
        ArgumentNullException.ThrowIfNull(inclusionProof);
        var check = MerkleVerifier.VerifyInclusion(index, _checkpoint.Size, MerkleHash.Leaf(entryBytes), inclusionProof, _checkpoint.RootHash);
        if (!check.IsValid)
        {
            throw new ArgumentException($"Entry {index} is not proven by its inclusion proof: {check.Failure}", nameof(inclusionProof));
        }

        _entries[index] = (entryBytes.ToArray(), inclusionProof.Select(p => p.ToArray()).ToArray());
        return this;
    }

    /// <summary>Adds an evidence item; <paramref name="openContent"/> opens its file (e.g. from the blob store).
    /// Its acquisition and custody entries must be added with <see cref="AddEntry"/>.</summary>
    public BundleWriter AddItem(BundleItem item, Func<Stream> openContent)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(openContent);
        if (!BlobStore.IsValidHash(item.Hash) || !string.Equals(item.Hash, item.Hash.ToLowerInvariant(), StringComparison.Ordinal))
        {
            throw new ArgumentException($"Item '{item.OriginalName}': the hash must be 64 lowercase hex digits.", nameof(item));
        }

        if (_items.Exists(i => i.Item.Hash == item.Hash))
        {
            throw new ArgumentException($"Item {item.Hash} is already in the bundle.", nameof(item));
        }

        if (!DateTimeOffset.TryParse(item.Acquisition.CollectedAtUtc, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) || at.Offset != TimeSpan.Zero
            || !item.Acquisition.CollectedAtUtc.EndsWith('Z'))
        {
            throw new ArgumentException($"Item '{item.OriginalName}': collectedAtUtc '{item.Acquisition.CollectedAtUtc}' is not an RFC 3339 UTC instant ending in Z.", nameof(item));
        }

        _items.Add((item, openContent));
        return this;
    }

    /// <summary>Adds the proof that the bundle's checkpoint extends an older signed checkpoint.</summary>
    public BundleWriter SetConsistency(string oldSignedCheckpoint, IReadOnlyList<byte[]> proof)
    {
        ArgumentNullException.ThrowIfNull(oldSignedCheckpoint);
        ArgumentNullException.ThrowIfNull(proof);
        var check = _verifier.Verify(oldSignedCheckpoint);
        if (!check.IsValid)
        {
            throw new ArgumentException($"The old checkpoint does not verify: {check.Failure}", nameof(oldSignedCheckpoint));
        }

        var old = Checkpoint.Parse(check.Text!);
        var consistent = MerkleVerifier.VerifyConsistency(old.Size, _checkpoint.Size, proof, old.RootHash, _checkpoint.RootHash);
        if (!consistent.IsValid)
        {
            throw new ArgumentException($"The consistency proof from size {old.Size} does not hold: {consistent.Failure}", nameof(proof));
        }

        _consistency = (oldSignedCheckpoint, proof.Select(p => p.ToArray()).ToArray());
        return this;
    }

    /// <summary>Writes the bundle as a zip to <paramref name="output"/>.</summary>
    public async Task WriteAsync(Stream output, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(clock);
        foreach (var (item, _) in _items)
        {
            foreach (var index in item.Custody.Append(item.AcquisitionEntry))
            {
                if (!_entries.ContainsKey(index))
                {
                    throw new InvalidOperationException($"Item '{item.OriginalName}' refers to ledger entry {index}, which was not added.");
                }
            }
        }

        var manifest = new BundleManifest
        {
            Format = BundleManifest.CurrentFormat,
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            Items = _items.ConvertAll(i => i.Item),
            Entries = _entries.Select(e => new BundleEntry
            {
                Index = e.Key,
                LeafHash = Convert.ToBase64String(MerkleHash.Leaf(e.Value.Bytes)),
                InclusionProof = e.Value.Proof.Select(Convert.ToBase64String).ToArray(),
            }).ToArray(),
            Consistency = _consistency is { } c
                ? new BundleConsistency { OldCheckpoint = BundlePaths.OldCheckpoint, Proof = c.Proof.Select(Convert.ToBase64String).ToArray() }
                : null,
        };

        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8);
        await AddTextAsync(zip, BundlePaths.Manifest, JsonSerializer.Serialize(manifest, BundleManifest.JsonOptions) + "\n", cancellationToken).ConfigureAwait(false);
        await AddTextAsync(zip, BundlePaths.Checkpoint, _signedCheckpoint, cancellationToken).ConfigureAwait(false);
        await AddTextAsync(zip, BundlePaths.VerifierKey, _verifier + "\n", cancellationToken).ConfigureAwait(false);
        if (_consistency is { } consistency)
        {
            await AddTextAsync(zip, BundlePaths.OldCheckpoint, consistency.SignedNote, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (index, (bytes, _)) in _entries)
        {
            var entry = NewEntry(zip, BundlePaths.Entry(index), CompressionLevel.Optimal);
            await using var stream = await entry.OpenAsync(cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (item, open) in _items)
        {
            // Evidence is mostly compressed media already; storing it keeps writing at disk speed.
            var entry = NewEntry(zip, BundlePaths.File(item.Hash), CompressionLevel.NoCompression);
            await using var target = await entry.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var source = open();
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1 << 20];
            long size = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                size += read;
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            var actual = Convert.ToHexStringLower(sha.GetHashAndReset());
            if (actual != item.Hash || size != item.Size)
            {
                throw new InvalidDataException($"Item '{item.OriginalName}': the stored file hashes to {actual} ({size} bytes), not {item.Hash} ({item.Size} bytes); the bundle was not written.");
            }
        }
    }

    /// <summary>Writes the bundle to <paramref name="path"/> through a temporary file renamed at the end,
    /// so a failure never leaves a partial bundle under the requested name.</summary>
    public async Task WriteToFileAsync(string path, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var temp = $"{path}.{Guid.NewGuid():N}.part";
        try
        {
            // Owner-only from creation: a bundle holds the case's evidence.
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 1 << 16, Options = FileOptions.Asynchronous };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            await using (var file = new FileStream(temp, options))
            {
                await WriteAsync(file, clock, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: false);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private static ZipArchiveEntry NewEntry(ZipArchive zip, string name, CompressionLevel level)
    {
        var entry = zip.CreateEntry(name, level);
        entry.LastWriteTime = FixedZipTime;
        return entry;
    }

    private static async Task AddTextAsync(ZipArchive zip, string name, string text, CancellationToken cancellationToken)
    {
        var entry = NewEntry(zip, name, CompressionLevel.Optimal);
        await using var stream = await entry.OpenAsync(cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
    }
}
