using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dossier.Ledger.Blobs;
using Dossier.Ledger.Checkpoints;
using Dossier.Ledger.Merkle;

namespace Dossier.Ledger.Bundles;

/// <summary>What the verifier found for one evidence item.</summary>
public sealed record ItemReport(string Hash, string OriginalName, IReadOnlyList<string> Problems)
{
    public bool IsVerified => Problems.Count == 0;
}

/// <summary>
/// The outcome of verifying a bundle. <see cref="IsVerified"/> is true only when every check held and there
/// was at least one; every failure is a sentence naming the file, entry or field concerned.
/// </summary>
public sealed record BundleReport(
    Checkpoint? Checkpoint,
    IReadOnlyList<ItemReport> Items,
    IReadOnlyList<string> Failures,
    IReadOnlyList<string> Notes)
{
    public bool IsVerified => Failures.Count == 0 && Checkpoint is not null;

    public override string ToString()
    {
        var text = new StringBuilder();
        if (Checkpoint is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"checkpoint: {Checkpoint.Origin}, {Checkpoint.Size} entries, root {Convert.ToBase64String(Checkpoint.RootHash)}\n");
        }

        foreach (var item in Items)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(item.IsVerified ? "ok  " : "FAIL")} {item.OriginalName} {item.Hash}\n");
        }

        foreach (var failure in Failures)
        {
            text.Append("error: ").Append(failure).Append('\n');
        }

        foreach (var note in Notes)
        {
            text.Append("note: ").Append(note).Append('\n');
        }

        text.Append(IsVerified ? "VERIFIED\n" : "NOT VERIFIED\n");
        return text.ToString();
    }
}

/// <summary>
/// Verifies a court bundle offline, from the zip alone (and, ideally, the verifier key obtained
/// independently): checkpoint signature, every entry's leaf hash and inclusion proof, every file's SHA-256
/// and size, the binding of files and metadata to their acquisition entries, and the consistency proof.
/// Pure apart from reading the given stream; never extracts anything to disk.
/// </summary>
public static class BundleVerifier
{
    /// <summary>Largest manifest, checkpoint or entry read into memory; larger ones are refused.</summary>
    public const int MaxTextBytes = 64 << 20;

    /// <param name="bundle">The zip; must be seekable (a file or a memory stream).</param>
    /// <param name="trustedVerifierKey">The signer's verifier key obtained out of band. Without it the key
    /// inside the bundle is used, which proves integrity but not who signed; the report says so.</param>
    public static BundleReport Verify(Stream bundle, string? trustedVerifierKey = null)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var failures = new List<string>();
        var notes = new List<string>();
        var items = new List<ItemReport>();

        ZipArchive zip;
        try
        {
            zip = new ZipArchive(bundle, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException or NotSupportedException)
        {
            failures.Add($"the bundle is not a readable zip archive (truncated or another format): {e.Message}");
            return new BundleReport(null, items, failures, notes);
        }

        using (zip)
        {
            var files = IndexEntries(zip, failures);
            var checkpoint = VerifyCheckpoint(files, trustedVerifierKey, failures, notes, out var verifier);
            var manifest = ReadManifest(files, failures);
            if (manifest is null)
            {
                return new BundleReport(checkpoint, items, failures, notes);
            }

            var listed = new HashSet<string>(StringComparer.Ordinal) { BundlePaths.Manifest, BundlePaths.Checkpoint, BundlePaths.VerifierKey };
            var entries = VerifyEntries(manifest, files, checkpoint, listed, failures);
            foreach (var item in manifest.Items)
            {
                items.Add(VerifyItem(item, files, entries, listed));
            }

            failures.AddRange(items.SelectMany(i => i.Problems.Select(p => $"item {i.OriginalName} ({i.Hash}): {p}")));
            if (manifest.Consistency is { } consistency)
            {
                listed.Add(consistency.OldCheckpoint);
                VerifyConsistency(consistency, files, checkpoint, verifier, failures, notes);
            }

            foreach (var extra in files.Keys.Where(name => !listed.Contains(name)).Order(StringComparer.Ordinal))
            {
                failures.Add($"{extra}: present in the zip but not part of the bundle format or manifest");
            }

            if (manifest.Items.Count == 0)
            {
                notes.Add("the bundle holds no evidence items");
            }

            return new BundleReport(checkpoint, items, failures, notes);
        }
    }

    private static Dictionary<string, ZipArchiveEntry> IndexEntries(ZipArchive zip, List<string> failures)
    {
        var files = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            var name = entry.FullName;
            if (name.Contains('\\', StringComparison.Ordinal) || name.StartsWith('/') || name.Contains(':', StringComparison.Ordinal)
                || name.Split('/').Any(part => part is ".." or "."))
            {
                failures.Add($"{name}: a path that escapes the bundle's folder or is not a plain relative path");
                continue;
            }

            if (name.EndsWith('/'))
            {
                continue;
            }

            if (!files.TryAdd(name, entry))
            {
                failures.Add($"{name}: appears more than once in the zip");
            }
        }

        return files;
    }

    private static Checkpoint? VerifyCheckpoint(Dictionary<string, ZipArchiveEntry> files, string? trustedKey, List<string> failures, List<string> notes, out NoteVerifier? verifier)
    {
        verifier = null;
        NoteVerifier? bundled = null;
        if (ReadText(files, BundlePaths.VerifierKey, failures) is { } keyText)
        {
            if (NoteVerifier.TryParse(keyText, out var parsed, out var error))
            {
                bundled = parsed;
            }
            else
            {
                failures.Add($"{BundlePaths.VerifierKey}: {error}");
            }
        }

        if (trustedKey is not null)
        {
            if (!NoteVerifier.TryParse(trustedKey, out var trusted, out var error))
            {
                failures.Add($"the trusted verifier key given: {error}");
                return null;
            }

            verifier = trusted;
            if (bundled is not null && !string.Equals(bundled.ToString(), trusted.ToString(), StringComparison.Ordinal))
            {
                failures.Add($"{BundlePaths.VerifierKey}: the bundle names key {bundled.Name} ({bundled.KeyId:x8}), not the trusted key {trusted.Name} ({trusted.KeyId:x8})");
            }
        }
        else if (bundled is not null)
        {
            verifier = bundled;
            notes.Add($"signature checked with the key inside the bundle ({bundled.Name}, key ID {bundled.KeyId:x8}); compare it with the key published by the signer to know who signed");
        }

        if (verifier is null || ReadText(files, BundlePaths.Checkpoint, failures) is not { } note)
        {
            return null;
        }

        var check = verifier.Verify(note);
        if (!check.IsValid)
        {
            failures.Add($"{BundlePaths.Checkpoint}: {check.Failure}");
            return null;
        }

        if (!Checkpoint.TryParse(check.Text!, out var checkpoint, out var parseError))
        {
            failures.Add($"{BundlePaths.Checkpoint}: {parseError}");
            return null;
        }

        return checkpoint;
    }

    private static BundleManifest? ReadManifest(Dictionary<string, ZipArchiveEntry> files, List<string> failures)
    {
        if (ReadBytes(files, BundlePaths.Manifest, failures) is not { } bytes)
        {
            return null;
        }

        try
        {
            var manifest = JsonSerializer.Deserialize<BundleManifest>(bytes, BundleManifest.JsonOptions);
            if (manifest is null)
            {
                failures.Add($"{BundlePaths.Manifest}: empty");
                return null;
            }

            if (manifest.Format != BundleManifest.CurrentFormat)
            {
                failures.Add($"{BundlePaths.Manifest}: format '{manifest.Format}' is not {BundleManifest.CurrentFormat}");
                return null;
            }

            return manifest;
        }
        catch (JsonException e)
        {
            failures.Add($"{BundlePaths.Manifest}: not a valid manifest at line {e.LineNumber + 1}, path {e.Path}: {e.Message}");
            return null;
        }
    }

    /// <summary>Checks each listed entry; returns the parsed JSON of the entries that are proven.</summary>
    private static Dictionary<long, JsonElement?> VerifyEntries(BundleManifest manifest, Dictionary<string, ZipArchiveEntry> files, Checkpoint? checkpoint, HashSet<string> listed, List<string> failures)
    {
        var proven = new Dictionary<long, JsonElement?>();
        var seen = new HashSet<long>();
        foreach (var entry in manifest.Entries)
        {
            var path = BundlePaths.Entry(entry.Index);
            var subject = $"entry {entry.Index} ({path})";
            listed.Add(path);
            if (!seen.Add(entry.Index))
            {
                failures.Add($"{subject}: listed more than once in the manifest");
                continue;
            }

            if (ReadBytes(files, path, failures) is not { } bytes)
            {
                continue;
            }

            var leaf = MerkleHash.Leaf(bytes);
            if (!string.Equals(Convert.ToBase64String(leaf), entry.LeafHash, StringComparison.Ordinal))
            {
                failures.Add($"{subject}: its bytes hash to leaf {Convert.ToBase64String(leaf)}, not the manifest's {entry.LeafHash} — the entry was altered or swapped");
            }

            if (checkpoint is null)
            {
                failures.Add($"{subject}: not checked against a checkpoint, because the checkpoint did not verify");
                continue;
            }

            if (DecodeHashes(entry.InclusionProof) is not { } proof)
            {
                failures.Add($"{subject}: the inclusion proof holds a value that is not base64");
                continue;
            }

            var check = MerkleVerifier.VerifyInclusion(entry.Index, checkpoint.Size, leaf, proof, checkpoint.RootHash);
            if (!check.IsValid)
            {
                failures.Add($"{subject}: inclusion proof fails against the checkpoint ({checkpoint.Size} entries): {check.Failure}");
                continue;
            }

            proven[entry.Index] = ParseJson(bytes);
        }

        return proven;
    }

    private static ItemReport VerifyItem(BundleItem item, Dictionary<string, ZipArchiveEntry> files, Dictionary<long, JsonElement?> proven, HashSet<string> listed)
    {
        var problems = new List<string>();
        if (!BlobStore.IsValidHash(item.Hash))
        {
            problems.Add("the manifest's hash is not 64 hexadecimal digits");
            return new ItemReport(item.Hash, item.OriginalName, problems);
        }

        var path = BundlePaths.File(item.Hash);
        listed.Add(path);
        if (!files.TryGetValue(path, out var file))
        {
            problems.Add($"{path} is missing from the zip");
        }
        else
        {
            try
            {
                using var stream = file.Open();
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[1 << 20];
                long size = 0;
                int read;
                while ((read = stream.Read(buffer)) > 0)
                {
                    sha.AppendData(buffer, 0, read);
                    size += read;
                }

                var actual = Convert.ToHexStringLower(sha.GetHashAndReset());
                if (!string.Equals(actual, item.Hash, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{path} hashes to {actual}, not {item.Hash} — the file was altered");
                }

                if (size != item.Size)
                {
                    problems.Add($"{path} is {size} bytes, the manifest says {item.Size}");
                }
            }
            catch (InvalidDataException e)
            {
                problems.Add($"{path} cannot be read from the zip (damaged): {e.Message}");
            }
        }

        foreach (var index in item.Custody.Prepend(item.AcquisitionEntry).Distinct())
        {
            if (!proven.ContainsKey(index))
            {
                problems.Add($"custody entry {index} is not a proven entry of this bundle");
            }
        }

        if (proven.TryGetValue(item.AcquisitionEntry, out var acquisition))
        {
            var strings = acquisition is { } json ? StringValues(json) : [];
            if (acquisition is null)
            {
                problems.Add($"acquisition entry {item.AcquisitionEntry} is not JSON, so the file cannot be tied to it");
            }
            else if (!strings.Contains(item.Hash, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"acquisition entry {item.AcquisitionEntry} does not record this file's hash");
            }
            else
            {
                var derivation = item.DerivedFrom is null && item.Derivation is null ? []
                    : new[] { ("derivedFrom", item.DerivedFrom ?? string.Empty), ("derivation", item.Derivation ?? string.Empty) };
                foreach (var (field, value) in derivation)
                {
                    if (!strings.Contains(value, StringComparer.Ordinal))
                    {
                        problems.Add($"manifest field {field} ('{value}') does not appear in acquisition entry {item.AcquisitionEntry} — the manifest was altered");
                    }
                }

                foreach (var (field, value) in item.Acquisition.Fields())
                {
                    if (!strings.Contains(value, StringComparer.Ordinal))
                    {
                        problems.Add($"manifest field acquisition.{field} ('{value}') does not appear in acquisition entry {item.AcquisitionEntry} — the manifest was altered");
                    }
                }
            }
        }

        // A custody entry that does not name the file is someone else's: listing it would forge a chain.
        foreach (var index in item.Custody.Where(i => i != item.AcquisitionEntry).Distinct())
        {
            if (proven.TryGetValue(index, out var custody) && (custody is not { } json || !StringValues(json).Contains(item.Hash, StringComparer.OrdinalIgnoreCase)))
            {
                problems.Add($"custody entry {index} does not name this file's hash, so it is not part of its chain");
            }
        }

        return new ItemReport(item.Hash, item.OriginalName, problems);
    }

    private static void VerifyConsistency(BundleConsistency consistency, Dictionary<string, ZipArchiveEntry> files, Checkpoint? checkpoint, NoteVerifier? verifier, List<string> failures, List<string> notes)
    {
        var subject = $"consistency proof from {consistency.OldCheckpoint}";
        if (checkpoint is null || verifier is null)
        {
            failures.Add($"{subject}: not checked, because the checkpoint did not verify");
            return;
        }

        if (ReadText(files, consistency.OldCheckpoint, failures) is not { } note)
        {
            return;
        }

        var check = verifier.Verify(note);
        if (!check.IsValid || !Checkpoint.TryParse(check.Text!, out var old, out _))
        {
            failures.Add($"{subject}: the old checkpoint does not verify: {check.Failure ?? "malformed"}");
            return;
        }

        if (DecodeHashes(consistency.Proof) is not { } proof)
        {
            failures.Add($"{subject}: the proof holds a value that is not base64");
            return;
        }

        var result = MerkleVerifier.VerifyConsistency(old.Size, checkpoint.Size, proof, old.RootHash, checkpoint.RootHash);
        if (result.IsValid)
        {
            notes.Add($"the ledger at {checkpoint.Size} entries extends the one signed at {old.Size} entries: nothing was removed or rewritten");
        }
        else
        {
            failures.Add($"{subject} ({old.Size} → {checkpoint.Size} entries): {result.Failure}");
        }
    }

    private static string? ReadText(Dictionary<string, ZipArchiveEntry> files, string path, List<string> failures)
    {
        if (ReadBytes(files, path, failures) is not { } bytes)
        {
            return null;
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            failures.Add($"{path}: not valid UTF-8");
            return null;
        }
    }

    private static byte[]? ReadBytes(Dictionary<string, ZipArchiveEntry> files, string path, List<string> failures)
    {
        if (!files.TryGetValue(path, out var entry))
        {
            failures.Add($"{path}: missing from the bundle");
            return null;
        }

        if (entry.Length > MaxTextBytes)
        {
            failures.Add($"{path}: {entry.Length} bytes, more than the {MaxTextBytes} allowed");
            return null;
        }

        try
        {
            using var stream = entry.Open();
            var memory = new MemoryStream();
            stream.CopyTo(memory);
            return memory.ToArray();
        }
        catch (InvalidDataException e)
        {
            failures.Add($"{path}: cannot be read from the zip (damaged): {e.Message}");
            return null;
        }
    }

    private static List<byte[]>? DecodeHashes(IReadOnlyList<string> hashes)
    {
        var decoded = new List<byte[]>(hashes.Count);
        foreach (var hash in hashes)
        {
            var buffer = new byte[MerkleHash.Size * 2];
            if (hash is null || !Convert.TryFromBase64String(hash, buffer, out var written))
            {
                return null;
            }

            decoded.Add(buffer[..written]);
        }

        return decoded;
    }

    private static JsonElement? ParseJson(byte[] bytes)
    {
        try
        {
            return JsonDocument.Parse(bytes).RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static HashSet<string> StringValues(JsonElement json)
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<JsonElement>([json]);
        while (stack.TryPop(out var element))
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    values.Add(element.GetString()!);
                    break;
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        stack.Push(property.Value);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var child in element.EnumerateArray())
                    {
                        stack.Push(child);
                    }

                    break;
            }
        }

        return values;
    }
}
