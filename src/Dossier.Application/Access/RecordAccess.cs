using Dossier.Application.Evidence;
using Dossier.Application.Ledger;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;

namespace Dossier.Application.Access;

/// <summary>
/// The store as one person may see it: records they may not read do not exist for them (a lookup gives
/// null, exactly as for an id never used, so a refusal gives no hint). Reads of restricted and
/// protected records are collected and written to the ledger as one audit entry by <see cref="FlushAsync"/>,
/// which the web app calls at the end of each request.
/// </summary>
public sealed class RecordAccess(IWorkspaceStore store, AuditTrail audit, Principal? principal)
{
    private readonly HashSet<string> _sensitiveReads = new(StringComparer.Ordinal);
    private IRecordStore? _view;
    private readonly List<string> _refused = [];

    public Principal? Principal => principal;

    /// <summary>This person's view of the record queries (<see cref="IRecordStore"/>): every answer filtered and audited.</summary>
    public IRecordStore Store => _view ??= new ReadableStore(store, this);

    public Role? Role => principal?.Role;

    public Classification Ceiling => AccessPolicy.HighestReadable(principal?.Role);

    public bool CanRead(Record record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return AccessPolicy.CanRead(principal?.Role, record.Classification);
    }

    public bool CanWrite(Classification classification) => AccessPolicy.CanWrite(principal?.Role, classification);

    /// <summary>Whether this person may see something of this classification (an evidence item, its metadata and file).</summary>
    public bool CanRead(Classification classification) => AccessPolicy.CanRead(principal?.Role, classification);

    /// <summary>
    /// An evidence item's detail as this person may see it: null when the item is above their classification (it
    /// does not exist for them), else without the derivatives they may not see.
    /// </summary>
    public EvidenceDetail? Keep(EvidenceDetail? detail) =>
        detail is null || !CanRead(detail.Item.Classification) ? null
            : detail with { Derivatives = [.. detail.Derivatives.Where(d => CanRead(d.Classification))] };

    public bool Can(Operation operation) => AccessPolicy.Can(principal?.Role, operation);

    public async Task<RecordEnvelope?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var envelope = await store.GetAsync(id, cancellationToken);
        return Visible(envelope, refusalCounts: true);
    }

    /// <summary>Like <see cref="GetAsync"/> for records that are only named on a page (a link's label): refusals are not refusals of a request.</summary>
    public async Task<RecordEnvelope?> GetRelatedAsync(string id, CancellationToken cancellationToken) =>
        Visible(await store.GetAsync(id, cancellationToken), refusalCounts: false);

    public async Task<IReadOnlyList<RecordEnvelope>> ReferencingAsync(string id, RecordKind? kind, CancellationToken cancellationToken) =>
        Keep(await store.ReferencingAsync(id, kind, cancellationToken));

    public Task<IReadOnlyList<RecordEnvelope>> ListAsync(RecordKind? kind, int offset, int limit, CancellationToken cancellationToken) =>
        ListAsync(kind, Ceiling, offset, limit, cancellationToken);

    public async Task<IReadOnlyList<RecordEnvelope>> ListAsync(RecordKind? kind, Classification ceiling, int offset, int limit, CancellationToken cancellationToken) =>
        Keep(await store.ListAsync(kind, ceiling < Ceiling ? ceiling : Ceiling, offset, limit, cancellationToken));

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var hits = await store.SearchAsync(query with { Ceiling = Ceiling }, cancellationToken);
        foreach (var hit in hits.Where(h => AuditTrail.NeedsAudit(h.Classification)))
        {
            _sensitiveReads.Add(hit.Id);
        }

        return hits;
    }

    /// <summary>
    /// Search inside documents (ADR 1602) as this person may: pages of items and texts of their classification or below.
    /// A snippet of a restricted document is a read of it, audited like a read of a restricted record.
    /// </summary>
    public async Task<IReadOnlyList<Search.DocumentHit>> SearchDocumentsAsync(string text, int limit, CancellationToken cancellationToken)
    {
        var hits = await Search.DocumentSearch.SearchAsync(store.Evidence, text, Ceiling, limit, cancellationToken);
        foreach (var hit in hits.Where(h => AuditTrail.NeedsAudit(h.Classification)))
        {
            _sensitiveReads.Add(hit.Hash);
        }

        return hits;
    }

    public Task<IReadOnlyDictionary<RecordKind, int>> CountAsync(CancellationToken cancellationToken) => store.CountAsync(Ceiling, cancellationToken);

    /// <summary>
    /// A record's history, or null when the record is not visible to this person. Each version is shown
    /// under its own classification: versions this person could not read are withheld (their
    /// <see cref="HistoryItem.Entry"/> is null), and reads of sensitive versions are audited.
    /// </summary>
    public async Task<IReadOnlyList<HistoryItem>?> HistoryAsync(string id, CancellationToken cancellationToken)
    {
        if (await GetAsync(id, cancellationToken) is null)
        {
            return null;
        }

        var items = new List<HistoryItem>();
        foreach (var version in RecordHistory.Versions(await store.HistoryAsync(id, cancellationToken)))
        {
            var readable = AccessPolicy.CanRead(principal?.Role, version.Classification);
            if (readable && AuditTrail.NeedsAudit(version.Classification))
            {
                _sensitiveReads.Add(id);
            }

            items.Add(new HistoryItem(version.Entry.Sequence, version.Entry.Type, version.Entry.Time, version.Number, readable ? version.Entry : null));
        }

        return items;
    }

    /// <summary>Whether this person may read the record state a ledger entry carries (not only the record's current state).</summary>
    public bool CanReadEntry(LedgerEntry entry) =>
        RecordHistory.ClassificationOf(entry) is not { } classification || AccessPolicy.CanRead(principal?.Role, classification);

    /// <summary>Writes what this request read of sensitive records, and what it was refused, to the ledger.</summary>
    public async Task FlushAsync(string what, CancellationToken cancellationToken)
    {
        if (_sensitiveReads.Count > 0 && principal is not null)
        {
            var reads = _sensitiveReads.Order(StringComparer.Ordinal).ToList();
            _sensitiveReads.Clear();
            await audit.ReadIdsAsync(principal, reads, what, cancellationToken);
        }

        foreach (var id in _refused.Distinct(StringComparer.Ordinal).ToList())
        {
            await audit.DeniedAsync(principal, what, id, cancellationToken);
        }

        _refused.Clear();
    }

    private RecordEnvelope? Visible(RecordEnvelope? envelope, bool refusalCounts)
    {
        if (envelope is null)
        {
            return null;
        }

        if (!CanRead(envelope.Record))
        {
            if (refusalCounts)
            {
                _refused.Add(envelope.Id);
            }

            return null;
        }

        Note(envelope);
        return envelope;
    }

    internal List<RecordEnvelope> Keep(IEnumerable<RecordEnvelope> envelopes)
    {
        var kept = envelopes.Where(e => CanRead(e.Record)).ToList();
        kept.ForEach(Note);
        return kept;
    }

    private void Note(RecordEnvelope envelope)
    {
        if (AuditTrail.NeedsAudit(envelope.Record.Classification))
        {
            _sensitiveReads.Add(envelope.Id);
        }
    }
}
