using Dossier.Application.Access;
using Dossier.Application.Ledger;
using Dossier.Application.Workspace;
using Dossier.Ledger.Blobs;

namespace Dossier.Application.Evidence;

/// <summary>The stored original handed to the analysis: its hash, media type, and the path of its vault copy (read only).</summary>
public sealed record StoredOriginal(string Hash, string MediaType, string OriginalName, string VaultPath);

/// <summary>
/// What an analysis of a stored original made: the derivative file (the extracted text), its acquisition (who made
/// it, when, with what), and the tool, its version and models as the <c>analyse</c> custody event names them.
/// </summary>
public sealed record AnalysisOutput(byte[] Content, string Name, AcquisitionRequest Acquisition, string Tool, string? Note)
{
    /// <summary>Names and dates found in the text, recorded as an <c>evidence.suggested</c> entry in the same append (ADR 1603) when there are any.</summary>
    public IReadOnlyList<SuggestedItem> Suggestions { get; init; } = [];
}

/// <summary>What <see cref="EvidenceService.IngestAsync"/> did with one file.</summary>
public sealed record IngestResult(EvidenceStatus Status, EvidenceItem? Original = null, EvidenceItem? Derivative = null, long? AnalysisEntry = null, IReadOnlyList<ValidationError>? Errors = null)
{
    public IReadOnlyList<ValidationError> Errors { get; } = Errors ?? [];

    /// <summary>The original was already in the vault before this call (acquired earlier, e.g. by <c>evidence add</c>).</summary>
    public bool OriginalWasStored { get; init; }

    /// <summary>The same analysis (the same derivative) was already recorded: nothing was written.</summary>
    public bool AlreadyAnalysed { get; init; }

    public string? Note { get; init; }

    /// <summary>The <c>evidence.suggested</c> entry, when the analysis suggested anything: suggestion N is <c>SEQ.N</c>.</summary>
    public long? SuggestionEntry { get; init; }
}

public sealed partial class EvidenceService
{
    /// <summary>
    /// Takes a file into the vault exactly as <see cref="AddAsync"/> does, runs <paramref name="analyse"/> on the
    /// stored copy, and records — in one ledger append, so all or nothing — the acquisition (unless the file was
    /// already an item), the analysis output as a derivative item (<c>transcript</c>) of the original, and an
    /// <c>analyse</c> custody event on the original naming the tool and pointing at the derivative. If
    /// <paramref name="analyse"/> throws, or anything fails before the append, the vault keeps nothing of this call.
    /// Running it again on the same file with the same tools finds everything recorded and writes nothing.
    /// </summary>
    public async Task<IngestResult> IngestAsync(
        Stream content, string originalName, AcquisitionRequest request, Func<StoredOriginal, CancellationToken, Task<AnalysisOutput>> analyse, Principal by, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(analyse);
        if (await RefusalAsync(by, Operation.AddEvidence, request.Classification, cancellationToken) is { } refused)
        {
            return new IngestResult(EvidenceStatus.Refused, Errors: refused.Errors);
        }

        var actor = Actor.Of(by, reason);
        var name = Path.GetFileName(originalName ?? string.Empty);
        var errors = await ValidateAsync(name, request with { DerivedFrom = null, Derivation = null }, actor, cancellationToken);
        if (errors.Count > 0)
        {
            return new IngestResult(EvidenceStatus.Invalid, Errors: errors);
        }

        var blob = await Vault.PutAsync(content, cancellationToken);
        BlobInfo? derivativeBlob = null;
        var recorded = false;
        try
        {
            var existing = await _evidence.GetItemAsync(blob.Hash, cancellationToken);
            ExtractedMetadata metadata;
            await using (var stored = Vault.OpenRead(blob.Hash))
            {
                metadata = existing is null ? MediaMetadata.Read(stored) : new ExtractedMetadata(existing.MediaType, null);
            }

            var mediaType = existing?.MediaType ?? MediaMetadata.MediaTypeOf(metadata, name);
            var output = await analyse(new StoredOriginal(blob.Hash, mediaType, name, Vault.PathOf(blob.Hash)), cancellationToken);
            var derivativeName = Path.GetFileName(output.Name);
            var derivativeRequest = output.Acquisition with { DerivedFrom = null, Derivation = null };
            errors = await ValidateAsync(derivativeName, derivativeRequest, actor, cancellationToken);
            CheckLength(derivativeName, errors, ("tool", output.Tool), ("note", output.Note));
            if (string.IsNullOrWhiteSpace(output.Tool))
            {
                errors.Add(new ValidationError(derivativeName, "tool", "an analysis names the tool that made it"));
            }

            if (errors.Count > 0)
            {
                return new IngestResult(EvidenceStatus.Invalid, Errors: errors);
            }

            using (var derivativeContent = new MemoryStream(output.Content, writable: false))
            {
                derivativeBlob = await Vault.PutAsync(derivativeContent, cancellationToken);
            }

            var existingDerivative = await _evidence.GetItemAsync(derivativeBlob.Hash, cancellationToken);
            if (existing is not null && existingDerivative is not null && await AnalysedIntoAsync(blob.Hash, derivativeBlob.Hash, cancellationToken))
            {
                recorded = true;
                return new IngestResult(EvidenceStatus.AlreadyStored, existing, existingDerivative, Errors: []) { OriginalWasStored = true, AlreadyAnalysed = true };
            }

            var now = _time.GetUtcNow();
            var entries = new List<NewEntry>(3);
            var kept = new Dictionary<string, string>(StringComparer.Ordinal);
            void Acquire((EvidenceAcquiredBody Body, string? MetadataJson) acquired)
            {
                entries.Add(Entries.EvidenceAcquired.New(acquired.Body, actor.Name, now, actor.Reason));
                if (acquired.MetadataJson is { } json)
                {
                    kept[acquired.Body.Hash] = json;
                }
            }

            if (existing is null)
            {
                Acquire(AcquisitionBody(blob, name, request with { DerivedFrom = null, Derivation = null }, metadata));
            }

            if (existingDerivative is null)
            {
                // The text read out of a file is as sensitive as the file.
                var derivativeMetadata = MediaMetadata.Read(new MemoryStream(output.Content, writable: false));
                Acquire(AcquisitionBody(derivativeBlob, derivativeName, derivativeRequest with
                {
                    DerivedFrom = blob.Hash,
                    Derivation = global::Dossier.Application.Evidence.Derivation.Transcript,
                    Classification = existing?.Classification ?? request.Classification,
                }, derivativeMetadata));
            }

            var holder = existing?.Holder ?? request.Collector.Trim();
            var analysis = new CustodyBody(CustodyNames.Name(CustodyAction.Analyse), [blob.Hash], Utc(now), From: Blank(holder),
                Tool: Blank(output.Tool), Result: derivativeBlob.Hash, Note: Blank(output.Note));
            entries.Add(Entries.EvidenceAnalysed.New(analysis, actor.Name, now, actor.Reason));
            if (output.Suggestions.Count > 0)
            {
                entries.Add(Entries.EvidenceSuggested.New(new EvidenceSuggestedBody(blob.Hash, derivativeBlob.Hash, output.Suggestions), actor.Name, now, actor.Reason));
            }

            var appended = await _evidence.AppendAcquisitionsAsync(entries, kept, cancellationToken);
            recorded = true;
            return new IngestResult(
                existing is null ? EvidenceStatus.Added : EvidenceStatus.Recorded,
                await _evidence.GetItemAsync(blob.Hash, cancellationToken),
                await _evidence.GetItemAsync(derivativeBlob.Hash, cancellationToken),
                appended.Single(e => e.Type == EntryTypes.EvidenceAnalysed).Sequence,
                [])
            { OriginalWasStored = existing is not null, Note = metadata.Problem, SuggestionEntry = appended.FirstOrDefault(e => e.Type == EntryTypes.EvidenceSuggested)?.Sequence };
        }
        finally
        {
            // Nothing of a failed ingest stays: files this call put in the vault leave it again unless recorded.
            if (!recorded)
            {
                if (derivativeBlob is { AlreadyStored: false } && derivativeBlob.Hash != blob.Hash)
                {
                    Vault.DeleteUnrecorded(derivativeBlob.Hash);
                }

                if (!blob.AlreadyStored)
                {
                    Vault.DeleteUnrecorded(blob.Hash);
                }
            }
        }
    }

    /// <summary>Whether an <c>analyse</c> event on <paramref name="original"/> already names <paramref name="derivative"/> as its result.</summary>
    private async Task<bool> AnalysedIntoAsync(string original, string derivative, CancellationToken cancellationToken)
    {
        foreach (var entry in await _evidence.CustodyAsync(original, cancellationToken))
        {
            if (Entries.EvidenceAnalysed.Is(entry) && Entries.EvidenceAnalysed.Read(entry).Result == derivative)
            {
                return true;
            }
        }

        return false;
    }
}
