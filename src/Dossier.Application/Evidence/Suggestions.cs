using System.Globalization;
using Dossier.Application.Access;
using Dossier.Application.Ledger;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;

namespace Dossier.Application.Evidence;

public enum SuggestionStatus
{
    Open,
    Accepted,
    Rejected,
}

/// <summary>
/// A name or date an ingest found in a file's text, as the review queue shows it: <see cref="Id"/> is SEQ.N (the
/// <c>evidence.suggested</c> entry and the suggestion's place in it), on the item <see cref="Hash"/> (its file name and
/// classification), with its state and, once accepted, what it became (<c>link</c>, <c>claim:ID</c>).
/// </summary>
public sealed record DocumentSuggestion(
    string Id, string Hash, string Name, string TextHash, string Kind, string Target, string Label, IReadOnlyList<int> Pages, double Score,
    Classification Classification, SuggestionStatus Status, long? DecidedSequence, string? Result)
{
    public bool IsDate => Kind == "date";

    /// <summary>"p. 2" or "pp. 1, 3".</summary>
    public string PagesText => (Pages.Count == 1 ? "p. " : "pp. ") + string.Join(", ", Pages.Select(p => p.ToString(CultureInfo.InvariantCulture)));

    public static string StatusName(SuggestionStatus status) => status.ToString().ToLowerInvariant();
}

/// <summary>The review queue's queries (the projection of <c>evidence.suggested</c> and <c>evidence.suggestion-decided</c>).</summary>
public interface ISuggestionStore
{
    /// <summary>Suggestions of items within <paramref name="ceiling"/>, of one item or all, open ones only or every one, in entry order.</summary>
    Task<IReadOnlyList<DocumentSuggestion>> SuggestionsAsync(string? hash, bool openOnly, Classification ceiling, CancellationToken cancellationToken);

    Task<DocumentSuggestion?> GetSuggestionAsync(string id, CancellationToken cancellationToken);
}

/// <summary>How to accept a date: the claim it becomes rests on <see cref="SourceId"/> and is about <see cref="Subjects"/>. A name becomes an evidence link (<see cref="Relation"/>, default mentions).</summary>
public sealed record SuggestionAcceptance(string? SourceId = null, IReadOnlyList<string>? Subjects = null, string? Relation = null);

/// <summary>
/// The suggestion review queue (ADR 1603). Accepting a name appends the decision and an <c>evidence.linked</c> entry
/// (the item mentions the record on the suggestion's pages) in one append; accepting a date appends the decision and a
/// claim citing the item and page (<c>record.created</c>); rejecting appends the decision. Deciding needs the right to
/// add evidence and to read the item; a suggestion on an item the principal may not read does not exist for them.
/// </summary>
public sealed class SuggestionService(IWorkspaceStore store, TimeProvider time, AuditTrail? audit = null)
{
    private readonly AuditTrail _audit = audit ?? new AuditTrail(store, time);

    public async Task<IReadOnlyList<DocumentSuggestion>> ListAsync(Principal? by, string? hash, bool all, CancellationToken cancellationToken) =>
        await store.Suggestions.SuggestionsAsync(hash?.Trim().ToLowerInvariant(), !all, AccessPolicy.HighestReadable(by?.Role), cancellationToken);

    public async Task<(DocumentSuggestion? Suggestion, IReadOnlyList<ValidationError> Errors)> AcceptAsync(string id, SuggestionAcceptance acceptance, Principal by, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(acceptance);
        var (suggestion, errors) = await OpenAsync(id, by, reason, "accept a suggestion", cancellationToken);
        if (suggestion is null)
        {
            return (null, errors);
        }

        var fail = new List<ValidationError>();
        var now = time.GetUtcNow();
        var entries = new List<NewEntry>();
        if (!suggestion.IsDate)
        {
            if (acceptance.SourceId is not null || acceptance.Subjects is { Count: > 0 })
            {
                fail.Add(new ValidationError(id, "source", "a name becomes an evidence link; --source and --subject are for dates, which become claims"));
            }

            var relation = EvidenceRelation.Mentions;
            if (acceptance.Relation is { Length: > 0 } text && !Enum.TryParse(text, ignoreCase: true, out relation))
            {
                fail.Add(new ValidationError(id, "relation", "must be supports, contradicts or mentions"));
            }

            if (!await ReadableAsync(suggestion.Target, by, cancellationToken))
            {
                fail.Add(new ValidationError(id, "target", $"the record '{suggestion.Target}' no longer exists or was retracted"));
            }

            if (fail.Count > 0)
            {
                return (null, fail);
            }

            entries.Add(Entries.EvidenceSuggestionDecided.New(new SuggestionDecidedBody(suggestion.Id, suggestion.Hash, "accepted", "link"), by.Name, now, reason!));
            entries.Add(Entries.EvidenceLinked.New(new EvidenceLinkedBody(suggestion.Hash, suggestion.Target, EvidenceLinkService.Name(relation),
                suggestion.Pages.Count > 0 ? suggestion.Pages.Min() : null, suggestion.Pages.Count > 0 ? suggestion.Pages.Max() : null), by.Name, now, reason!));
        }
        else
        {
            var subjects = (acceptance.Subjects ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).Distinct(StringComparer.Ordinal).ToList();
            if (string.IsNullOrWhiteSpace(acceptance.SourceId))
            {
                fail.Add(new ValidationError(id, "source", "a date becomes a claim: name the source record it rests on (--source)"));
            }
            else if (await store.GetAsync(acceptance.SourceId.Trim(), cancellationToken) is not { Retracted: false } source
                || source.Kind != RecordKind.Source || !AccessPolicy.CanRead(by.Role, source.Record.Classification))
            {
                fail.Add(new ValidationError(id, "source", $"no source record '{acceptance.SourceId}'"));
            }

            if (subjects.Count == 0)
            {
                fail.Add(new ValidationError(id, "subject", "a date becomes a claim: name at least one record it is about (--subject)"));
            }

            foreach (var subject in subjects)
            {
                if (!await ReadableAsync(subject, by, cancellationToken))
                {
                    fail.Add(new ValidationError(id, "subject", $"no record '{subject}'"));
                }
            }

            if (fail.Count > 0)
            {
                return (null, fail);
            }

            var claim = new Claim
            {
                Id = "claim-" + suggestion.Id.Replace('.', '-') + "-" + suggestion.Hash[..8],
                SourceId = acceptance.SourceId!.Trim(),
                Statement = $"{suggestion.Name}, {suggestion.PagesText}: the date {suggestion.Target} ({suggestion.Label})",
                Locator = $"evidence {suggestion.Hash}, {suggestion.PagesText}",
                Subjects = subjects,
                Classification = suggestion.Classification,
            };
            var invalid = await new WorkspaceService(store, time, _audit).ValidateManyAsync([claim], new Dictionary<string, RecordKind>(StringComparer.Ordinal), cancellationToken);
            if (invalid.Count > 0)
            {
                return (null, invalid);
            }

            entries.Add(Entries.EvidenceSuggestionDecided.New(new SuggestionDecidedBody(suggestion.Id, suggestion.Hash, "accepted", "claim:" + claim.Id), by.Name, now, reason!));
            entries.Add(Entries.RecordCreated.New(new RecordCreatedBody(claim), by.Name, now, reason!));
        }

        await store.AppendAsync(entries, cancellationToken);
        return (await store.Suggestions.GetSuggestionAsync(suggestion.Id, cancellationToken), []);
    }

    public async Task<(DocumentSuggestion? Suggestion, IReadOnlyList<ValidationError> Errors)> RejectAsync(string id, Principal by, string? reason, CancellationToken cancellationToken)
    {
        var (suggestion, errors) = await OpenAsync(id, by, reason, "reject a suggestion", cancellationToken);
        if (suggestion is null)
        {
            return (null, errors);
        }

        await store.AppendAsync([Entries.EvidenceSuggestionDecided.New(new SuggestionDecidedBody(suggestion.Id, suggestion.Hash, "rejected"), by.Name, time.GetUtcNow(), reason!)], cancellationToken);
        return (await store.Suggestions.GetSuggestionAsync(suggestion.Id, cancellationToken), []);
    }

    /// <summary>The open suggestion <paramref name="id"/> if <paramref name="by"/> may decide on it with this reason, else why not.</summary>
    private async Task<(DocumentSuggestion? Suggestion, IReadOnlyList<ValidationError> Errors)> OpenAsync(string id, Principal by, string? reason, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(by);
        if (!AccessPolicy.Can(by.Role, Operation.AddEvidence))
        {
            await _audit.DeniedAsync(by, what, null, cancellationToken);
            return (null, [new ValidationError(id, "principal", $"to {what} is refused for the role {AccessPolicy.Name(by.Role)}")]);
        }

        var suggestion = await store.Suggestions.GetSuggestionAsync(id.Trim(), cancellationToken);
        if (suggestion is null || !AccessPolicy.CanRead(by.Role, suggestion.Classification))
        {
            return (null, [new ValidationError(id, "suggestion", $"no suggestion '{id}' (suggestions are SEQ.N, as `dossier suggestions list` shows them)")]);
        }

        if (suggestion.Status != SuggestionStatus.Open)
        {
            return (null, [new ValidationError(id, "suggestion", $"suggestion {id} was {DocumentSuggestion.StatusName(suggestion.Status)} already (entry #{suggestion.DecidedSequence})")]);
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return (null, [new ValidationError(id, "reason", "a decision needs a reason")]);
        }

        return (suggestion, []);
    }

    private async Task<bool> ReadableAsync(string id, Principal by, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { Retracted: false } found && AccessPolicy.CanRead(by.Role, found.Record.Classification);
}
