using Dossier.Application.Access;
using Dossier.Application.Ledger;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;
using Dossier.Ledger.Blobs;

namespace Dossier.Application.Evidence;

public sealed partial class EvidenceService
{
    /// <summary>
    /// Changes an item's classification after its acquisition (ADR 1817): raised at once when a file turns out to
    /// identify a witness, or lowered for disclosure. Appends one <c>evidence.classified</c> entry naming the item,
    /// the new and the previous classification, with the reason; the projections (the item, its document pages) follow
    /// in the append's transaction. The rules are those of a record's classification change: the actor must be able to
    /// read the item (else it does not exist for them: not found, and the refusal audited) and to write both the old
    /// and the new classification (else refused and audited), and a reason is required. Asking for the classification
    /// the item already has records nothing (<see cref="EvidenceStatus.Unchanged"/>). Derivatives keep their own
    /// classification; <see cref="EvidenceResult.Note"/> names those now below the item's.
    /// </summary>
    public async Task<EvidenceResult> ClassifyAsync(string hash, Classification classification, Principal by, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        if (await RefusalAsync(by, Operation.AddEvidence, null, cancellationToken, hash) is { } refused)
        {
            return refused;
        }

        var key = hash.Trim().ToLowerInvariant();
        if (!BlobStore.IsValidHash(key) || await _evidence.GetItemAsync(key, cancellationToken) is not { } item)
        {
            return new EvidenceResult(EvidenceStatus.NotFound, Errors: [new ValidationError(hash, "hash", "no such item in this workspace's vault")]);
        }

        if (!AccessPolicy.CanRead(by.Role, item.Classification))
        {
            // An item above the reader does not exist for them: the same answer as a missing one, and the attempt audited.
            await _audit.DeniedAsync(by, "classify evidence", key, cancellationToken);
            return new EvidenceResult(EvidenceStatus.NotFound, Errors: [new ValidationError(hash, "hash", "no such item in this workspace's vault")]);
        }

        if (!AccessPolicy.CanWrite(by.Role, item.Classification) || !AccessPolicy.CanWrite(by.Role, classification))
        {
            await _audit.DeniedAsync(by, "classify evidence", key, cancellationToken);
            var level = AccessPolicy.CanWrite(by.Role, item.Classification) ? classification : item.Classification;
            return new EvidenceResult(EvidenceStatus.Refused, item, Errors: [new ValidationError(key, "classification",
                $"the role {AccessPolicy.Name(by.Role)} may not write {Classifications.Name(level)} evidence, so it may not move an item from or to it (docs/access-control.md)")]);
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return new EvidenceResult(EvidenceStatus.Invalid, item, Errors: [new ValidationError(key, "reason", "a reclassification needs a reason")]);
        }

        if (reason.Length > MaxText)
        {
            return new EvidenceResult(EvidenceStatus.Invalid, item, Errors: [new ValidationError(key, "reason", $"at most {MaxText} characters")]);
        }

        if (classification == item.Classification)
        {
            return new EvidenceResult(EvidenceStatus.Unchanged, item) { Note = $"already {Classifications.Name(classification)}: nothing recorded" };
        }

        var entry = Entries.EvidenceClassified.New(new EvidenceClassifiedBody([key], classification, item.Classification), by.Name, _time.GetUtcNow(), reason.Trim());
        var appended = await _store.AppendAsync([entry], cancellationToken);
        var below = (await _evidence.DerivativesAsync(key, cancellationToken)).Where(d => d.Classification < classification).ToList();
        return new EvidenceResult(EvidenceStatus.Recorded, await _evidence.GetItemAsync(key, cancellationToken), appended[0].Sequence)
        {
            Note = below.Count == 0 ? null
                : $"{below.Count} derivative(s) keep a lower classification and are reclassified separately if they must follow: {string.Join(' ', below.Select(d => d.Hash))}",
        };
    }
}
