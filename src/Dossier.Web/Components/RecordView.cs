using Dossier.Application.Access;
using Dossier.Application.Ledger;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;

namespace Dossier.Web.Components;

/// <summary>Claims on one property of a record: when several sources speak to it they compete, and are shown side by side.</summary>
public sealed record ClaimGroup(string Property, IReadOnlyList<Claim> Claims)
{
    public bool Competing => Claims.Select(c => c.SourceId).Distinct(StringComparer.Ordinal).Count() > 1;
}

/// <summary>Everything a record page shows, loaded once: the record, what refers to it, its claims with their sources, and its history.</summary>
public sealed class RecordView
{
    private readonly Dictionary<string, RecordEnvelope> _related = new(StringComparer.Ordinal);

    private RecordView(RecordEnvelope envelope) => Envelope = envelope;

    public RecordEnvelope Envelope { get; }

    public Record Record => Envelope.Record;

    public IReadOnlyList<RecordEnvelope> ReferencedBy { get; private set; } = [];

    public IReadOnlyList<ClaimGroup> ClaimGroups { get; private set; } = [];

    public IReadOnlyList<HistoryItem> History { get; private set; } = [];

    public static async Task<RecordView?> LoadAsync(RecordAccess store, string id, CancellationToken cancellationToken)
    {
        var envelope = await store.GetAsync(id, cancellationToken);
        if (envelope is null)
        {
            return null;
        }

        var view = new RecordView(envelope);
        view.ReferencedBy = [.. (await store.ReferencingAsync(id, null, cancellationToken)).Where(r => !r.Retracted)];
        var claims = view.ReferencedBy.Where(r => r.Kind == RecordKind.Claim).Select(r => (Claim)r.Record).ToList();
        view.ClaimGroups = [.. claims
            .GroupBy(c => c.Property ?? string.Empty, StringComparer.Ordinal)
            // Figures first (the death tolls of an event are what its page is about), then by what they assert.
            .OrderBy(g => g.Key.Length == 0 ? 1 : 0).ThenBy(g => g.Any(c => c.Quantity is not null) ? 0 : 1).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ClaimGroup(g.Key, [.. g.OrderBy(c => c.SourceId, StringComparer.Ordinal)]))];
        view.History = await store.HistoryAsync(id, cancellationToken) ?? [];

        // Everything the page names by id: load once so links carry labels (and synthetic badges).
        var wanted = envelope.Record.References().Select(r => r.TargetId)
            .Concat(claims.Select(c => c.SourceId))
            .Concat(view.ReferencedBy.SelectMany(r => r.Record.References().Select(x => x.TargetId)))
            .Where(x => x != id)
            .Distinct(StringComparer.Ordinal);
        // One round trip, not one per id (the 1988 massacre is pointed at by hundreds of acts); read like GetRelatedAsync.
        foreach (var (other, related) in await store.Store.GetManyAsync([.. wanted], cancellationToken))
        {
            view._related[other] = related;
        }

        foreach (var referencing in view.ReferencedBy)
        {
            view._related.TryAdd(referencing.Id, referencing);
        }

        return view;
    }

    public RecordEnvelope? Related(string? id) => id is not null && _related.TryGetValue(id, out var found) ? found : null;

    public T? Related<T>(string? id) where T : Record => Related(id)?.Record as T;

    public IEnumerable<T> ReferencingOfKind<T>() where T : Record => ReferencedBy.Select(r => r.Record).OfType<T>();
}
