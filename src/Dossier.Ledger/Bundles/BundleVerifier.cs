using System.Globalization;
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

        Archive files;
        try
        {
            var zip = ZipMembers.Read(bundle);
            failures.AddRange(zip.Problems);
            files = new Archive(zip, IndexEntries(zip, failures));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or OverflowException)
        {
            failures.Add($"the bundle is not a readable zip archive (truncated or another format): {e.Message}");
            return new BundleReport(null, items, failures, notes);
        }

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

        foreach (var extra in files.ByName.Keys.Where(name => !listed.Contains(name)).Order(StringComparer.Ordinal))
        {
            failures.Add($"{extra}: present in the zip but not part of the bundle format or manifest");
        }

        if (manifest.Items.Count == 0)
        {
            failures.Add($"{BundlePaths.Manifest}: the bundle holds no evidence items, so there is nothing to verify");
        }

        return new BundleReport(checkpoint, items, failures, notes);
    }

    /// <summary>The members of a bundle by name, and the archive that reads them.</summary>
    private sealed record Archive(ZipMembers Zip, Dictionary<string, ZipMember> ByName);

    private static Dictionary<string, ZipMember> IndexEntries(ZipMembers zip, List<string> failures)
    {
        var files = new Dictionary<string, ZipMember>(StringComparer.Ordinal);
        foreach (var entry in zip.Members)
        {
            var name = entry.Name;
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

    private static Checkpoint? VerifyCheckpoint(Archive files, string? trustedKey, List<string> failures, List<string> notes, out NoteVerifier? verifier)
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

    private static BundleManifest? ReadManifest(Archive files, List<string> failures)
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
    private static Dictionary<long, JsonElement?> VerifyEntries(BundleManifest manifest, Archive files, Checkpoint? checkpoint, HashSet<string> listed, List<string> failures)
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

    private static ItemReport VerifyItem(BundleItem item, Archive files, Dictionary<long, JsonElement?> proven, HashSet<string> listed)
    {
        var problems = new List<string>();
        if (!BlobStore.IsValidHash(item.Hash))
        {
            problems.Add("the manifest's hash is not 64 hexadecimal digits");
            return new ItemReport(item.Hash, item.OriginalName, problems);
        }

        var path = BundlePaths.File(item.Hash);
        listed.Add(path);
        if (!files.ByName.TryGetValue(path, out var file))
        {
            problems.Add($"{path} is missing from the zip");
        }
        else
        {
            // Hashed from exactly the bytes an extractor writes: the declared size, the declared CRC-32.
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            var damaged = files.Zip.Extract(file, long.MaxValue, bytes =>
            {
                sha.AppendData(bytes);
                size += bytes.Length;
            });
            if (damaged is not null)
            {
                problems.Add($"{path} cannot be read from the zip: {damaged}");
            }
            else
            {
                var actual = Convert.ToHexStringLower(sha.GetHashAndReset());
                if (!string.Equals(actual, item.Hash, StringComparison.Ordinal))
                {
                    problems.Add($"{path} hashes to {actual}, not {item.Hash} — the file was altered");
                }

                if (size != item.Size)
                {
                    problems.Add($"{path} is {size} bytes, the manifest says {item.Size}");
                }
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
            if (acquisition is not { } json)
            {
                problems.Add($"acquisition entry {item.AcquisitionEntry} is not JSON, so the file cannot be tied to it");
            }
            else
            {
                BindToAcquisition(item, json, problems);
            }
        }

        // A custody entry that does not list the file among its items is someone else's: listing it would forge a chain.
        foreach (var index in item.Custody.Where(i => i != item.AcquisitionEntry).Distinct())
        {
            if (proven.TryGetValue(index, out var custody) && !ListsItem(custody, item.Hash))
            {
                problems.Add($"custody entry {index} does not name this file's hash among its items, so it is not part of its chain");
            }
        }

        return new ItemReport(item.Hash, item.OriginalName, problems);
    }

    /// <summary>
    /// Every fact the manifest states about an item must be the signed acquisition entry's field of the same
    /// name (docs/formats/bundle.md, "Bound fields"): a value that merely occurs somewhere in the entry would let
    /// an edited manifest swap the collector with the method, or rename the file, and still verify.
    /// </summary>
    private static void BindToAcquisition(BundleItem item, JsonElement entry, List<string> problems)
    {
        var subject = $"acquisition entry {item.AcquisitionEntry}";
        if (entry.ValueKind != JsonValueKind.Object || Recorded(entry, "type") != AcquiredType)
        {
            problems.Add($"{subject} is not an {AcquiredType} entry, so the file cannot be tied to it");
            return;
        }

        if (!entry.TryGetProperty("body", out var body) || body.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{subject} has no body object, so the file cannot be tied to it");
            return;
        }

        if (Recorded(body, "hash") != item.Hash)
        {
            problems.Add($"{subject} does not record this file's hash");
            return;
        }

        var size = body.TryGetProperty("size", out var sizeValue) && sizeValue.ValueKind == JsonValueKind.Number && sizeValue.TryGetInt64(out var n) ? n : (long?)null;
        if (size != item.Size)
        {
            problems.Add($"manifest field size ({item.Size}) differs from {subject} ({(size is { } s ? s.ToString(CultureInfo.InvariantCulture) : "absent")}) — the manifest was altered");
        }

        Compare("mediaType", item.MediaType, body, "mediaType");
        Compare("originalName", item.OriginalName, body, "originalName");
        Compare("derivedFrom", item.DerivedFrom, body, "derivedFrom");
        Compare("derivation", item.Derivation, body, "derivation");
        if (!body.TryGetProperty("acquisition", out var facts) || facts.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{subject} records no acquisition object, so the manifest's acquisition facts are not bound to it");
            return;
        }

        foreach (var (field, value) in item.Acquisition.AllFields())
        {
            Compare($"acquisition.{field}", value, facts, field);
        }

        void Compare(string label, string? stated, JsonElement recordedIn, string name)
        {
            var recorded = Recorded(recordedIn, name);
            if (!string.Equals(stated, recorded, StringComparison.Ordinal))
            {
                problems.Add($"manifest field {label} ({Shown(stated)}) differs from {subject} ({Shown(recorded)}) — the manifest was altered");
            }
        }

        static string Shown(string? value) => value is null ? "absent" : $"'{value}'";
    }

    private const string AcquiredType = "evidence.acquired";

    private const string MetadataErasedType = "evidence.metadata-erased";

    /// <summary>
    /// A custody event (<c>evidence.*</c>, not the acquisition) whose <c>body.items</c> lists <paramref name="hash"/>; or an
    /// <c>evidence.metadata-erased</c> entry, which names its one item as <c>body.hash</c>.
    /// </summary>
    private static bool ListsItem(JsonElement? entry, string hash) =>
        entry is { ValueKind: JsonValueKind.Object } json
        && Recorded(json, "type") is { } type && type.StartsWith("evidence.", StringComparison.Ordinal) && type != AcquiredType
        && json.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.Object
        && (type == MetadataErasedType
            ? Recorded(body, "hash") == hash
            : body.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array
                && items.EnumerateArray().Any(i => i.ValueKind == JsonValueKind.String && i.GetString() == hash));

    /// <summary>A member's string value; null when absent or JSON null; a marker no manifest string equals when it is not a string.</summary>
    private static string? Recorded(JsonElement json, string name) =>
        !json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : $"\0not a string: {value.GetRawText()}";

    private static void VerifyConsistency(BundleConsistency consistency, Archive files, Checkpoint? checkpoint, NoteVerifier? verifier, List<string> failures, List<string> notes)
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

    private static string? ReadText(Archive files, string path, List<string> failures)
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

    private static byte[]? ReadBytes(Archive files, string path, List<string> failures)
    {
        if (!files.ByName.TryGetValue(path, out var entry))
        {
            failures.Add($"{path}: missing from the bundle");
            return null;
        }

        var memory = new MemoryStream();
        var damaged = files.Zip.Extract(entry, MaxTextBytes, bytes => memory.Write(bytes));
        if (damaged is not null)
        {
            failures.Add($"{path}: cannot be read from the zip: {damaged}");
            return null;
        }

        return memory.ToArray();
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
}
