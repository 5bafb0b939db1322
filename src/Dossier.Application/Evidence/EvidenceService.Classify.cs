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
    /// read the item (else it does not exist for them: not found, and the attempt audited) and to write both the old
    /// and the new classification (else refused and audited), and a reason is required. Asking for the classification
    /// the item already has records nothing (<see cref="EvidenceStatus.Unchanged"/>).
    /// </summary>
    /// <remarks>
    /// A raise carries the item's transcripts and translations (and theirs) that are below the new classification up with
    /// it, one entry each in the same append: they say what the original says. Redacted copies keep theirs (showing them
    /// more widely is what they are for); <see cref="EvidenceResult.Note"/> names those left below. A lowering changes
    /// the named item only.
    /// </remarks>
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

        var now = _time.GetUtcNow();
        var entries = new List<NewEntry> { Entries.EvidenceClassified.New(new EvidenceClassifiedBody([key], classification, item.Classification), by.Name, now, reason.Trim()) };
        var left = new List<EvidenceItem>();
        if (classification > item.Classification)
        {
            var (follow, stay) = await BelowAsync(key, classification, cancellationToken);
            left = stay;
            foreach (var derivative in follow)
            {
                if (!AccessPolicy.CanWrite(by.Role, derivative.Classification))
                {
                    await _audit.DeniedAsync(by, "classify evidence", derivative.Hash, cancellationToken);
                    return new EvidenceResult(EvidenceStatus.Refused, item, Errors: [new ValidationError(derivative.Hash, "classification",
                        $"its derivative {derivative.Hash} would be raised with it, and the role {AccessPolicy.Name(by.Role)} may not write {Classifications.Name(derivative.Classification)} evidence")]);
                }

                entries.Add(Entries.EvidenceClassified.New(new EvidenceClassifiedBody([derivative.Hash], classification, derivative.Classification), by.Name, now,
                    $"with its original {key}: {reason.Trim()}"));
            }
        }

        var appended = await _store.AppendAsync(entries, cancellationToken);
        var note = string.Join(' ', new[]
        {
            entries.Count > 1 ? $"raised with it: {string.Join(' ', entries.Skip(1).Select(e => Entries.EvidenceClassified.Read(e).Items[0]))}." : null,
            left.Count > 0 ? $"{left.Count} redacted cop(ies) keep a lower classification (reclassify them separately if they must follow): {string.Join(' ', left.Select(d => d.Hash))}" : null,
        }.OfType<string>());
        return new EvidenceResult(EvidenceStatus.Recorded, await _evidence.GetItemAsync(key, cancellationToken), appended[0].Sequence) { Note = note.Length == 0 ? null : note };
    }

    /// <summary>
    /// The derivatives of <paramref name="hash"/> below <paramref name="level"/>: transcripts and translations, and theirs, which
    /// follow a raise (<c>Follow</c>); redacted copies, which do not (<c>Stay</c>, not searched further).
    /// </summary>
    private async Task<(List<EvidenceItem> Follow, List<EvidenceItem> Stay)> BelowAsync(string hash, Classification level, CancellationToken cancellationToken)
    {
        var follow = new List<EvidenceItem>();
        var stay = new List<EvidenceItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { hash };
        var next = new Queue<string>([hash]);
        while (next.TryDequeue(out var current))
        {
            foreach (var derivative in await _evidence.DerivativesAsync(current, cancellationToken))
            {
                if (!seen.Add(derivative.Hash))
                {
                    continue;
                }

                if (derivative.Derivation == CustodyNames.Name(Derivation.Redaction))
                {
                    if (derivative.Classification < level)
                    {
                        stay.Add(derivative);
                    }

                    continue;
                }

                if (derivative.Classification < level)
                {
                    follow.Add(derivative);
                }

                next.Enqueue(derivative.Hash);
            }
        }

        return (follow, stay);
    }
}
