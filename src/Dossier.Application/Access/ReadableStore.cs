using System.Text.Json;
using Dossier.Application.Ledger;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;
using Dossier.Ledger.Merkle;

namespace Dossier.Application.Access;

/// <summary>
/// The record queries as one person may read them, for code written against <see cref="IRecordStore"/> (the
/// workbench's charts and facets): every read goes through <see cref="RecordAccess"/>'s filtering and
/// audit. It is not a ledger: it cannot write, and it does not hand out the raw entries, which hold every record.
/// </summary>
internal sealed class ReadableStore(IWorkspaceStore store, RecordAccess access) : IRecordStore
{
    public Task<RecordEnvelope?> GetAsync(string id, CancellationToken cancellationToken) => access.GetRelatedAsync(id, cancellationToken);

    public async Task<IReadOnlyDictionary<string, RecordEnvelope>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        access.Keep((await store.GetManyAsync(ids, cancellationToken)).Values).ToDictionary(e => e.Id, StringComparer.Ordinal);

    public async Task<IReadOnlyList<LedgerEntry>> RecentEntriesAsync(int count, CancellationToken cancellationToken)
    {
        // Only changes to records this person may read; access and account entries are the admin's (the audit trail).
        var entries = await store.RecentEntriesAsync(count * 4, cancellationToken);
        var ids = entries.Select(RecordIdOf).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var readable = await GetManyAsync(ids, cancellationToken);
        return [.. entries.Where(e => RecordIdOf(e) is { } id && readable.ContainsKey(id) && access.CanReadEntry(e)).Take(count)];
    }

    public async Task<IReadOnlyDictionary<string, RecordKind>> KindsOfAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        (await GetManyAsync(ids, cancellationToken)).ToDictionary(p => p.Key, p => p.Value.Kind, StringComparer.Ordinal);

    public Task<IReadOnlyList<RecordEnvelope>> ListAsync(RecordKind? kind, Classification ceiling, int offset, int limit, CancellationToken cancellationToken) =>
        access.ListAsync(kind, ceiling, offset, limit, cancellationToken);

    public Task<IReadOnlyList<RecordEnvelope>> ReferencingAsync(string id, RecordKind? kind, CancellationToken cancellationToken) =>
        access.ReferencingAsync(id, kind, cancellationToken);

    public Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken cancellationToken) => access.SearchAsync(query, cancellationToken);

    public async Task<IReadOnlyList<LedgerEntry>> HistoryAsync(string id, CancellationToken cancellationToken) =>
        [.. (await access.HistoryAsync(id, cancellationToken) ?? []).Select(h => h.Entry).OfType<LedgerEntry>()];

    public Task<IReadOnlyDictionary<RecordKind, int>> CountAsync(Classification ceiling, CancellationToken cancellationToken) =>
        store.CountAsync(Min(ceiling, access.Ceiling), cancellationToken);

    public async Task<Browse.BrowsePage> BrowseAsync(Browse.BrowseQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = await store.BrowseAsync(query with { Ceiling = Min(query.Ceiling, access.Ceiling) }, cancellationToken);
        return page with { Records = access.Keep(page.Records) };
    }

    internal static string? RecordIdOf(LedgerEntry entry) => entry.Type switch
    {
        EntryTypes.RecordCreated => Entries.RecordCreated.Read(entry).Record.Id,
        EntryTypes.RecordRevised => Entries.RecordRevised.Read(entry).Record.Id,
        EntryTypes.RecordRetracted => Entries.RecordRetracted.Read(entry).Id,
        _ => null,
    };

    private static Classification Min(Classification a, Classification b) => a < b ? a : b;
}
