using Dossier.Application.Access;
using Dossier.Application.Ledger;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;
using Dossier.Ledger.Blobs;

namespace Dossier.Application.Evidence;

/// <summary>
/// What a redaction of a stored original made: the redacted copy and its file name, the tool and its version as the
/// derivative's acquisition names them, the tool as the <c>redact</c> custody event names it (with the number of
/// regions), a note (pages touched); or, with no content, the errors that kept it from being made.
/// </summary>
public sealed record RedactionOutput(byte[]? Content, string Name, string Tool, string ToolVersion, string CustodyTool, string? Note, IReadOnlyList<ValidationError> Errors)
{
    public static RedactionOutput Invalid(IReadOnlyList<ValidationError> errors) => new(null, string.Empty, string.Empty, string.Empty, string.Empty, null, errors);
}

public sealed partial class EvidenceService
{
    /// <summary>
    /// Makes a redacted copy of an item and records it (issue 18 §8, ADR 1814): <paramref name="redact"/> burns the boxes
    /// into a new file from the stored original (which is only read), and one ledger append — all or nothing — records
    /// the copy as a new item derived from the original (derivation <c>redaction</c>, collected by <paramref name="by"/>
    /// now) and a <c>redact</c> custody event on the original naming the tool, the reason and the copy's hash. Needs
    /// <see cref="Operation.AddEvidence"/>, the right to read the original and to write <paramref name="classification"/>
    /// (by default the original's); a refusal is audited. If anything fails before the append the vault keeps nothing of
    /// this call. A copy that is already an item (the same boxes drawn again on a PNG) is answered as already stored.
    /// </summary>
    public async Task<EvidenceResult> RedactAsync(
        string hash, Classification? classification, Func<StoredOriginal, CancellationToken, Task<RedactionOutput>> redact, Principal by, string? reason,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentNullException.ThrowIfNull(redact);
        var key = hash.Trim().ToLowerInvariant();
        // The refusal names the item (a hash, never anything the file says), so the audit shows what was asked for.
        var target = BlobStore.IsValidHash(key) ? key : null;
        if (await RefusalAsync(by, Operation.AddEvidence, null, cancellationToken, target) is { } refused)
        {
            return refused;
        }

        if (!BlobStore.IsValidHash(key) || await _evidence.GetItemAsync(key, cancellationToken) is not { } original || !AccessPolicy.CanRead(by.Role, original.Classification))
        {
            return new EvidenceResult(EvidenceStatus.NotFound, Errors: [new ValidationError(hash, "hash", "no such item in this workspace's vault")]);
        }

        var level = classification ?? original.Classification;
        if (await RefusalAsync(by, Operation.AddEvidence, level, cancellationToken, target) is { } refusedLevel)
        {
            return refusedLevel;
        }

        var actor = Actor.Of(by, reason);
        var errors = new List<ValidationError>();
        CheckActor(key, actor, errors);
        CheckLength(key, errors, ("reason", reason));
        if (errors.Count > 0)
        {
            return new EvidenceResult(EvidenceStatus.Invalid, original, Errors: errors);
        }

        // A copy of a withdrawn interview's material would be a way around its withdrawal (it could leave in a bundle).
        foreach (var (_, interview) in await WithdrawnMaterialsAsync(_store, [original], cancellationToken))
        {
            errors.Add(new ValidationError(key, "hash", $"material of interview {interview.Id}, whose witness withdrew consent ({interview.Consent.Withdrawn}): no copy is made of it"));
        }

        if (errors.Count > 0)
        {
            return new EvidenceResult(EvidenceStatus.Invalid, original, Errors: errors);
        }

        // A copy is made only from the bytes that were acquired: a missing or altered file is not redacted.
        if (Vault.Verify(key) is not { Status: BlobStatus.Intact } check || check.Size != original.Size)
        {
            return new EvidenceResult(EvidenceStatus.Invalid, original, Errors: [new ValidationError(key, "file", "the stored file is missing or altered; run dossier verify")]);
        }

        var output = await redact(new StoredOriginal(key, original.MediaType, original.OriginalName, Vault.PathOf(key)), cancellationToken);
        if (output.Errors.Count > 0 || output.Content is null)
        {
            return new EvidenceResult(EvidenceStatus.Invalid, original, Errors: output.Errors.Count > 0 ? output.Errors : [new ValidationError(key, "file", "no redacted copy was made")]);
        }

        var now = _time.GetUtcNow();
        var name = Path.GetFileName(output.Name);
        var request = new AcquisitionRequest
        {
            Collector = by.Name,
            CollectedAt = now,
            Zone = "UTC",
            Method = $"redaction of {key}",
            Tool = output.Tool,
            ToolVersion = output.ToolVersion,
            Note = output.Note,
            Classification = level,
        };
        errors = await ValidateAsync(name, request, actor, cancellationToken);
        if (errors.Count > 0)
        {
            return new EvidenceResult(EvidenceStatus.Invalid, original, Errors: errors);
        }

        using var content = new MemoryStream(output.Content, writable: false);
        var (result, _) = await StoreAndRecordAsync(content, (blob, metadata) =>
        {
            var (body, json) = AcquisitionBody(blob, name, request with { DerivedFrom = key, Derivation = Derivation.Redaction }, metadata);
            var redaction = new CustodyBody(CustodyNames.Name(CustodyAction.Redact), [key], Utc(now), From: Blank(original.Holder),
                Tool: Blank(output.CustodyTool), Result: blob.Hash, Note: Blank(output.Note));
            return ([Entries.EvidenceAcquired.New(body, actor.Name, now, actor.Reason), Entries.EvidenceRedacted.New(redaction, actor.Name, now, actor.Reason)], json);
        }, cancellationToken);
        return result;
    }
}
