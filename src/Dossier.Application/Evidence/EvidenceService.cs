using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dossier.Application.Access;
using Dossier.Application.Ledger;
using Dossier.Application.Workspace;
using Dossier.Domain;
using Dossier.Domain.Records;
using Dossier.Ledger.Blobs;
using Dossier.Ledger.Bundles;
using Dossier.Ledger.Canonical;
using Dossier.Ledger.Checkpoints;
using Dossier.Ledger.Merkle;

namespace Dossier.Application.Evidence;

/// <summary>A bundle written: how many items, and the size of the checkpoint its proofs lead to.</summary>
public sealed record BundleExport(int Items, long CheckpointSize, bool WithConsistency);

/// <summary>
/// The one way in for evidence: acquisitions (file streamed into the content-addressed vault, then one
/// ledger entry), custody events, and court bundles. The CLI, the API and the UI all go through here.
/// The order — file durable first, entry second — is what makes a crash safe: an entry never names a file
/// that is not on disk, and a file without its entry is never counted as evidence (docs/adr/0305-custody-model.md).
/// </summary>
public sealed partial class EvidenceService
{
    private const int MaxText = 2000;

    private readonly IWorkspaceStore _store;
    private readonly IEvidenceStore _evidence;
    private readonly TimeProvider _time;

    public EvidenceService(IWorkspaceStore store, BlobStore vault, TimeProvider time, AuditTrail? audit = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(vault);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _evidence = store.Evidence;
        Vault = vault;
        _time = time;
        _audit = audit ?? new AuditTrail(store, time);
    }

    private readonly AuditTrail _audit;

    public BlobStore Vault { get; }

    public IEvidenceStore Evidence => _evidence;

    /// <summary>The service for a store that knows its workspace folder (the vault is its <c>blobs/</c>).</summary>
    public static EvidenceService For(IWorkspaceStore store, TimeProvider time, AuditTrail? audit = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var directory = store.WorkspaceDirectory
            ?? throw new InvalidOperationException("The store was opened without a workspace folder, so there is no evidence vault.");
        return new EvidenceService(store, new BlobStore(directory), time, audit);
    }

    /// <summary>
    /// Null when <paramref name="by"/> may do <paramref name="operation"/> (and, for a new item, write its
    /// <paramref name="classification"/>); else the audited refusal.
    /// </summary>
    private async Task<EvidenceResult?> RefusalAsync(Principal by, Operation operation, Classification? classification, CancellationToken cancellationToken, string? target = null)
    {
        ArgumentNullException.ThrowIfNull(by);
        var may = AccessPolicy.Can(by.Role, operation) && (classification is not { } c || AccessPolicy.CanWrite(by.Role, c));
        if (may)
        {
            return null;
        }

        await _audit.DeniedAsync(by, operation.ToString(), target, cancellationToken);
        var what = classification is { } level && AccessPolicy.Can(by.Role, operation)
            ? $"adding {Classifications.Name(level)} evidence" : operation.ToString();
        return new EvidenceResult(EvidenceStatus.Refused,
            Errors: [new ValidationError("evidence", "role", $"{what} is refused for the role {AccessPolicy.Name(by.Role)} (docs/access-control.md)")]);
    }

    /// <summary>
    /// Takes a file into the vault and records its acquisition. <paramref name="content"/> is read to its end
    /// and never written to. A file already in the vault is recognised and not recorded again.
    /// </summary>
    public async Task<EvidenceResult> AddAsync(Stream content, string originalName, AcquisitionRequest request, Principal by, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(request);
        if (await RefusalAsync(by, Operation.AddEvidence, request.Classification, cancellationToken) is { } refused)
        {
            return refused;
        }

        var actor = Actor.Of(by, reason);
        var name = Path.GetFileName(originalName ?? string.Empty);
        var errors = await ValidateAsync(name, request, actor, cancellationToken);
        if (errors.Count > 0)
        {
            return new EvidenceResult(EvidenceStatus.Invalid, Errors: errors);
        }

        var (result, problem) = await StoreAndRecordAsync(content, (blob, metadata) =>
        {
            var (body, json) = AcquisitionBody(blob, name, request, metadata);
            return ([Entries.EvidenceAcquired.New(body, actor.Name, _time.GetUtcNow(), actor.Reason)], json);
        }, cancellationToken);
        return result.Status == EvidenceStatus.Added ? result with { Note = problem } : result;
    }

    /// <summary>
    /// Stores a file in the vault and records it with the entries <paramref name="entriesFor"/> makes from it, in one
    /// append; the result's entry is the last of them. A file already recorded is answered as such, recorded again never.
    /// Also returns the problem met reading the file's metadata, if any.
    /// </summary>
    private async Task<(EvidenceResult Result, string? MetadataProblem)> StoreAndRecordAsync(
        Stream content, Func<BlobInfo, ExtractedMetadata, (IReadOnlyList<NewEntry> Entries, string? MetadataJson)> entriesFor, CancellationToken cancellationToken)
    {
        // Durable before anything names it: temp file, fsync, rename, fsync of the folder.
        var blob = await Vault.PutAsync(content, cancellationToken);
        var recorded = false;
        try
        {
            if (await _evidence.GetItemAsync(blob.Hash, cancellationToken) is { } existing)
            {
                recorded = true;
                return (new EvidenceResult(EvidenceStatus.AlreadyStored, existing, existing.AcquisitionEntry), null);
            }

            ExtractedMetadata metadata;
            await using (var stored = Vault.OpenRead(blob.Hash))
            {
                metadata = MediaMetadata.Read(stored);
            }

            var (entries, json) = entriesFor(blob, metadata);
            var appended = await _evidence.AppendAcquisitionsAsync(entries,
                json is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [blob.Hash] = json }, cancellationToken);
            recorded = true;
            var item = await _evidence.GetItemAsync(blob.Hash, cancellationToken);
            return (new EvidenceResult(EvidenceStatus.Added, item, appended[^1].Sequence), metadata.Problem);
        }
        finally
        {
            // A file this call stored but could not record is not evidence: it leaves the vault again, so a
            // failed add leaves nothing behind. A file that was already there before this call stays.
            if (!recorded && !blob.AlreadyStored)
            {
                Vault.DeleteUnrecorded(blob.Hash);
            }
        }
    }

    private static (EvidenceAcquiredBody Body, string? MetadataJson) AcquisitionBody(BlobInfo blob, string name, AcquisitionRequest request, ExtractedMetadata metadata)
    {
        var acquisition = new Acquisition
        {
            Collector = request.Collector.Trim(),
            CollectedAtUtc = Utc(request.CollectedAt),
            CollectedAtZone = request.Zone.Trim(),
            SourceUrl = Blank(request.SourceUrl),
            Location = Blank(request.Location),
            Method = request.Method.Trim(),
            Tool = request.Tool.Trim(),
            ToolVersion = request.ToolVersion.Trim(),
            Note = Blank(request.Note),
        };
        // The metadata (names, places, GPS) stays out of the append-only entry, which holds its SHA-256 only.
        var json = metadata.Metadata is { } extracted ? Encoding.UTF8.GetString(JsonCanonicalizer.Canonicalize(extracted)) : null;
        var body = new EvidenceAcquiredBody(blob.Hash, blob.Size, MediaMetadata.MediaTypeOf(metadata, name), name, acquisition,
            request.DerivedFrom?.ToLowerInvariant(), request.DerivedFrom is null ? null : CustodyNames.Name(request.Derivation!.Value),
            Metadata: null, metadata.Problem, request.Classification,
            json is null ? null : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))));
        return (body, json);
    }

    /// <summary>The SHA-256 of metadata as kept beside the ledger (canonical JSON), as an acquisition entry names it.</summary>
    public static string MetadataDigest(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));

    /// <summary>Records a custody event for one or more items; nothing is written unless every item exists and the event is complete.</summary>
    public async Task<EvidenceResult> RecordCustodyAsync(CustodyRequest request, Principal by, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await RefusalAsync(by, Operation.AddEvidence, null, cancellationToken) is { } refused)
        {
            return refused;
        }

        var actor = Actor.Of(by, reason);
        var errors = new List<ValidationError>();
        var subject = "custody";
        CheckActor(subject, actor, errors);
        var items = (request.Items ?? []).Select(h => (h ?? string.Empty).Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
        if (items.Count == 0)
        {
            errors.Add(new ValidationError(subject, "items", "name at least one evidence item by its SHA-256"));
        }

        var found = new List<EvidenceItem>();
        foreach (var hash in items)
        {
            if (!BlobStore.IsValidHash(hash))
            {
                errors.Add(new ValidationError(hash, "items", $"'{hash}' is not a SHA-256 hash (64 hexadecimal digits)"));
            }
            else if (await _evidence.GetItemAsync(hash, cancellationToken) is { } item && AccessPolicy.CanRead(by.Role, item.Classification))
            {
                // An item above the actor's classification does not exist for them (ADR 1817): the same error as a missing one.
                found.Add(item);
            }
            else
            {
                errors.Add(new ValidationError(hash, "items", $"no evidence item {hash} in this workspace"));
            }
        }

        var action = CustodyNames.Name(request.Action);
        if (request.Action is CustodyAction.Transfer or CustodyAction.Copy or CustodyAction.Disclose or CustodyAction.Return && string.IsNullOrWhiteSpace(request.To))
        {
            errors.Add(new ValidationError(subject, "to", $"a {action} must name who receives the items"));
        }

        if (request.Action == CustodyAction.Disclose && string.IsNullOrWhiteSpace(request.Authority))
        {
            errors.Add(new ValidationError(subject, "authority", "a disclosure must name the authority it is made under (court order, request, agreement)"));
        }

        if (request.Result is { } result && (!BlobStore.IsValidHash(result.Trim()) || await _evidence.GetItemAsync(result.Trim().ToLowerInvariant(), cancellationToken) is null))
        {
            errors.Add(new ValidationError(subject, "result", $"the result '{result}' is not an evidence item in this workspace (add the redacted copy first, with --derived-from)"));
        }

        CheckLength(subject, errors, ("to", request.To), ("from", request.From), ("authority", request.Authority), ("location", request.Location), ("tool", request.Tool), ("note", request.Note));
        var at = request.At ?? _time.GetUtcNow();
        if (at > _time.GetUtcNow().AddMinutes(5))
        {
            errors.Add(new ValidationError(subject, "at", $"{Utc(at)} is in the future"));
        }

        if (errors.Count > 0)
        {
            return new EvidenceResult(EvidenceStatus.Invalid, Errors: errors);
        }

        var holders = found.Select(i => i.Holder).Distinct(StringComparer.Ordinal).ToList();
        var from = Blank(request.From) ?? (holders.Count == 1 ? holders[0] : null);
        var body = new CustodyBody(action, items, Utc(at), from, Blank(request.To), Blank(request.Authority), Blank(request.Location),
            Blank(request.Tool), Blank(request.Result)?.ToLowerInvariant(), Blank(request.Note));
        var appended = await _store.AppendAsync([CustodyNames.Kind(request.Action).New(body, actor.Name, _time.GetUtcNow(), actor.Reason)], cancellationToken);
        return new EvidenceResult(EvidenceStatus.Recorded, await _evidence.GetItemAsync(items[0], cancellationToken), appended[0].Sequence);
    }

    /// <summary>An item with its custody chain, derivatives and, when <paramref name="rehash"/>, a fresh re-hash of its file.</summary>
    /// <summary>
    /// Destroys the metadata kept beside the ledger for an item (a witness's photo that places them, a document's
    /// author), recording an <c>evidence.metadata-erased</c> entry with the digest it had. Needs
    /// <see cref="Operation.EraseIdentity"/> (investigator or legal, as for identities), a reason, and the right to
    /// read the item. The file itself and its acquisition entry stay; a version-1 entry, which carried the
    /// metadata inside, cannot be reached (its bytes are the ledger's).
    /// </summary>
    public async Task<EvidenceResult> EraseMetadataAsync(string hash, Principal by, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        if (await RefusalAsync(by, Operation.EraseIdentity, null, cancellationToken) is { } refused)
        {
            return refused;
        }

        var key = hash.Trim().ToLowerInvariant();
        if (!BlobStore.IsValidHash(key) || await _evidence.GetItemAsync(key, cancellationToken) is not { } item || !AccessPolicy.CanRead(by.Role, item.Classification))
        {
            return new EvidenceResult(EvidenceStatus.NotFound, Errors: [new ValidationError(hash, "hash", "no such item in this workspace's vault")]);
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return new EvidenceResult(EvidenceStatus.Invalid, item, Errors: [new ValidationError(key, "reason", "an erasure needs a reason")]);
        }

        var kept = await _evidence.StoredMetadataAsync(key, cancellationToken);
        var acquisition = Entries.EvidenceAcquired.Read((await _evidence.CustodyAsync(key, cancellationToken))[0]);
        if (kept is null || acquisition.MetadataSha256 is not { } digest)
        {
            return new EvidenceResult(EvidenceStatus.Invalid, item, Errors: [new ValidationError(key, "metadata", acquisition.Metadata is null
                ? "the item has no metadata kept beside the ledger (none was read, or it was erased already)"
                : "the item's acquisition entry is version 1 and carries its metadata itself; the ledger's bytes cannot be erased")]);
        }

        var entry = Entries.EvidenceMetadataErased.New(new EvidenceMetadataErasedBody(key, digest), by.Name, _time.GetUtcNow(), reason);
        return await _evidence.EraseMetadataAsync(key, entry, cancellationToken)
            ? new EvidenceResult(EvidenceStatus.Recorded, await _evidence.GetItemAsync(key, cancellationToken))
            : new EvidenceResult(EvidenceStatus.Invalid, item, Errors: [new ValidationError(key, "metadata", "the metadata was erased already")]);
    }

    public async Task<EvidenceDetail?> GetAsync(string hash, bool rehash, CancellationToken cancellationToken)
    {
        if (!BlobStore.IsValidHash(hash) || await _evidence.GetItemAsync(hash.ToLowerInvariant(), cancellationToken) is not { } item)
        {
            return null;
        }

        var custody = (await _evidence.CustodyAsync(item.Hash, cancellationToken)).Select(CustodyEvent.From).ToList();
        var derivatives = await _evidence.DerivativesAsync(item.Hash, cancellationToken);
        if (!rehash)
        {
            return new EvidenceDetail(item, custody, derivatives, IntegrityStatus.Intact, null);
        }

        var check = Vault.Verify(item.Hash);
        var status = check.Status switch
        {
            BlobStatus.Intact => check.Size == item.Size ? IntegrityStatus.Intact : IntegrityStatus.Altered,
            BlobStatus.Missing => IntegrityStatus.Missing,
            _ => IntegrityStatus.Altered,
        };
        return new EvidenceDetail(item, custody, derivatives, status, check.ActualHash);
    }

    /// <summary>
    /// Writes a court bundle of <paramref name="hashes"/> (docs/formats/bundle.md): signs a checkpoint of
    /// today's ledger, adds every item's acquisition and custody entries with their inclusion proofs, the files,
    /// and, given an older signed checkpoint, the consistency proof from it. Nothing is written on failure.
    /// Needs <see cref="Operation.Export"/>. A written bundle is recorded as an <c>access.exported</c> entry by <paramref name="by"/> (after the
    /// bundle's checkpoint, so it is in the next one), naming the items and the file (<paramref name="targetName"/>
    /// when the bundle is written to a temporary file first).
    /// </summary>
    /// <param name="atCheckpoint">
    /// The size of a checkpoint the workspace keeps, to prove into instead of signing a new one: the bundle that matches a
    /// case report made at that checkpoint (issue 15 §4). Items acquired after it are refused.
    /// </param>
    public async Task<(BundleExport? Export, IReadOnlyList<ValidationError> Errors)> ExportBundleAsync(
        IReadOnlyList<string> hashes, NoteSigner signer, string? oldSignedCheckpoint, string outputPath, Principal by, CancellationToken cancellationToken,
        string? targetName = null, long? atCheckpoint = null)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        ArgumentNullException.ThrowIfNull(by);
        if (!AccessPolicy.Can(by.Role, Operation.Export))
        {
            await _audit.DeniedAsync(by, nameof(Operation.Export), null, cancellationToken);
            return (null, [new ValidationError("bundle", "role", $"{Operation.Export} is refused for the role {AccessPolicy.Name(by.Role)} (docs/access-control.md)")]);
        }

        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(outputPath);
        var errors = new List<ValidationError>();
        var items = new List<EvidenceItem>();
        foreach (var hash in hashes.Select(h => h.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal))
        {
            if (BlobStore.IsValidHash(hash) && await _evidence.GetItemAsync(hash, cancellationToken) is { } item)
            {
                items.Add(item);
            }
            else
            {
                errors.Add(new ValidationError(hash, "items", $"not in this workspace's vault: {hash}"));
            }
        }

        if (items.Count == 0 && errors.Count == 0)
        {
            errors.Add(new ValidationError("bundle", "items", "name at least one item"));
        }

        long oldSize = 0;
        if (oldSignedCheckpoint is not null)
        {
            var check = signer.Verifier.Verify(oldSignedCheckpoint);
            if (!check.IsValid || !Checkpoint.TryParse(check.Text!, out var parsed, out _) || parsed.Size == 0)
            {
                errors.Add(new ValidationError("bundle", "since", !check.IsValid
                    ? "its signature does not verify with this workspace's key"
                    : "it is not a checkpoint of a non-empty ledger (a proof from an empty tree proves nothing)"));
            }
            else
            {
                oldSize = parsed.Size;
            }
        }

        // A recording, transcript or translation of an interview whose witness withdrew consent leaves no export (issue 14 §1).
        foreach (var (hash, interview) in await WithdrawnMaterialsAsync(_store, items, cancellationToken))
        {
            errors.Add(new ValidationError(hash, "items", $"material of interview {interview.Id}, whose witness withdrew consent ({interview.Consent.Withdrawn}): it leaves no export"));
        }

        string? keptNote = null;
        if (atCheckpoint is { } wanted)
        {
            keptNote = (await _store.ReadCheckpointsAsync(cancellationToken)).Where(k => k.Size == wanted).Select(k => k.SignedNote).FirstOrDefault();
            if (keptNote is null)
            {
                errors.Add(new ValidationError("bundle", "checkpoint", $"no checkpoint of {wanted.ToString(CultureInfo.InvariantCulture)} entries is kept in this workspace"));
            }

            errors.AddRange(items.Where(i => i.AcquisitionEntry >= wanted).Select(i =>
                new ValidationError(i.Hash, "items", $"acquired after the checkpoint of {wanted.ToString(CultureInfo.InvariantCulture)} entries, so it cannot be proved into it")));
            if (oldSize >= wanted && oldSignedCheckpoint is not null)
            {
                errors.Add(new ValidationError("bundle", "since", "the older checkpoint is not older than the one named"));
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var note = keptNote ?? await new CheckpointService(_store, signer).CheckpointAsync(cancellationToken);
        var size = Checkpoint.Parse(signer.Verifier.Verify(note).Text!).Size;
        var writer = new BundleWriter(note, signer.Verifier.ToString());
        var chains = new Dictionary<string, IReadOnlyList<LedgerEntry>>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            chains[item.Hash] = [.. (await _evidence.CustodyAsync(item.Hash, cancellationToken)).Where(e => e.Sequence < size)];
        }

        var source = _store.OpenSubtreeHashes();
        try
        {
            foreach (var item in items)
            {
                foreach (var entry in chains[item.Hash])
                {
                    writer.AddEntry(entry.Sequence, entry.Bytes, MerkleProofs.Inclusion(source, entry.Sequence, size));
                }

                writer.AddItem(ToBundleItem(item, chains[item.Hash]), () => Vault.OpenRead(item.Hash));
            }

            if (oldSignedCheckpoint is not null && oldSize < size)
            {
                writer.SetConsistency(oldSignedCheckpoint, MerkleProofs.Consistency(source, oldSize, size));
            }
        }
        finally
        {
            (source as IDisposable)?.Dispose();
        }

        await writer.WriteToFileAsync(outputPath, _time, cancellationToken);
        await _audit.ExportedAsync(by.Name, by.Role, "court bundle",
            $"{targetName ?? Path.GetFileName(outputPath)}: {string.Join(' ', items.Select(i => i.Hash))} (checkpoint at {size.ToString(CultureInfo.InvariantCulture)} entries)", cancellationToken);
        return (new BundleExport(items.Count, size, oldSignedCheckpoint is not null && oldSize < size), []);
    }

    /// <summary>The items among <paramref name="items"/> that are materials of an interview whose consent was withdrawn.</summary>
    public static async Task<IReadOnlyList<(string Hash, Interview Interview)>> WithdrawnMaterialsAsync(IRecordStore store, IReadOnlyCollection<EvidenceItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(items);
        var wanted = items.Select(i => i.Hash).ToHashSet(StringComparer.Ordinal);
        if (wanted.Count == 0)
        {
            return [];
        }

        var found = new List<(string, Interview)>();
        foreach (var envelope in await store.ListAsync(RecordKind.Interview, Classification.ProtectedIdentity, 0, int.MaxValue, cancellationToken))
        {
            if (!envelope.Retracted && envelope.Record is Interview { Consent.Withdrawn: not null } interview)
            {
                found.AddRange(interview.Materials.Where(m => wanted.Contains(m.Evidence.ToLowerInvariant())).Select(m => (m.Evidence.ToLowerInvariant(), interview)));
            }
        }

        return found;
    }

    public static BundleItem ToBundleItem(EvidenceItem item, IReadOnlyList<LedgerEntry> custody)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(custody);
        return new BundleItem
        {
            Hash = item.Hash,
            Size = item.Size,
            MediaType = item.MediaType,
            OriginalName = item.OriginalName,
            Acquisition = item.Acquisition,
            AcquisitionEntry = item.AcquisitionEntry,
            Custody = [.. custody.Select(e => e.Sequence)],
            DerivedFrom = item.DerivedFrom,
            Derivation = item.Derivation,
        };
    }

    private async Task<List<ValidationError>> ValidateAsync(string name, AcquisitionRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var errors = new List<ValidationError>();
        var subject = name.Length == 0 ? "(file)" : name;
        CheckActor(subject, actor, errors);
        if (name.Length == 0)
        {
            errors.Add(new ValidationError(subject, "originalName", "the file needs its original name"));
        }

        foreach (var (field, value) in new[] { ("collector", request.Collector), ("method", request.Method), ("tool", request.Tool), ("toolVersion", request.ToolVersion), ("zone", request.Zone) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add(new ValidationError(subject, field, "required (Berkeley Protocol acquisition field)"));
            }
        }

        CheckLength(subject, errors, ("collector", request.Collector), ("method", request.Method), ("tool", request.Tool), ("location", request.Location), ("sourceUrl", request.SourceUrl), ("note", request.Note));
        if (!string.IsNullOrWhiteSpace(request.Zone) && !TimeZoneInfo.TryFindSystemTimeZoneById(request.Zone.Trim(), out _))
        {
            errors.Add(new ValidationError(subject, "zone", $"'{request.Zone}' is not a time zone name (IANA, e.g. Europe/Stockholm)"));
        }

        if (request.CollectedAt > _time.GetUtcNow().AddMinutes(5))
        {
            errors.Add(new ValidationError(subject, "collectedAt", $"{Utc(request.CollectedAt)} is in the future"));
        }

        if (Blank(request.SourceUrl) is { } url && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.IsFile))
        {
            errors.Add(new ValidationError(subject, "sourceUrl", $"'{url}' is not an absolute web address"));
        }

        if ((request.DerivedFrom is null) != (request.Derivation is null))
        {
            errors.Add(new ValidationError(subject, request.DerivedFrom is null ? "derivedFrom" : "derivation",
                $"a derivative names both its original item and how it was made ({string.Join(", ", CustodyNames.DerivationNames)})"));
        }
        else if (request.DerivedFrom is { } original
            && (!BlobStore.IsValidHash(original) || await _evidence.GetItemAsync(original.ToLowerInvariant(), cancellationToken) is null))
        {
            errors.Add(new ValidationError(subject, "derivedFrom", $"no evidence item {original} in this workspace"));
        }

        return errors;
    }

    private static void CheckActor(string subject, Actor actor, List<ValidationError> errors)
    {
        if (string.IsNullOrWhiteSpace(actor.Name))
        {
            errors.Add(new ValidationError(subject, "actor", "every change needs the name of who made it"));
        }

        if (string.IsNullOrWhiteSpace(actor.Reason))
        {
            errors.Add(new ValidationError(subject, "reason", "every change needs a reason"));
        }
    }

    private static void CheckLength(string subject, List<ValidationError> errors, params (string Field, string? Value)[] fields)
    {
        foreach (var (field, value) in fields)
        {
            if (value is { Length: > MaxText })
            {
                errors.Add(new ValidationError(subject, field, $"at most {MaxText} characters"));
            }
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Utc(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
