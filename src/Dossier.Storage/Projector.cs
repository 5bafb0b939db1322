using System.Text.Json;
using Dossier.Application.Ledger;
using Dossier.Application.Search;
using Dossier.Application.Serialization;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;

namespace Dossier.Storage;

/// <summary>
/// The only code that writes projection tables: it folds each ledger entry, as read back from its sealed
/// canonical bytes, into the projections of <see cref="Projections"/>, inside the append's transaction (or
/// during a rebuild). Record entries' assumptions are checked before a live append by <see cref="RecordPreconditions"/>.
/// </summary>
internal sealed class Projector(Dialect dialect, Func<string?> workspaceDirectory)
{
    private readonly IReadOnlyList<Projection> _projections = Projections.All(dialect, workspaceDirectory);

    /// <summary>Folds one entry into every projection that takes its type (an account entry feeds the accounts and the audit trail).</summary>
    public async Task ApplyAsync(SqlSession session, LedgerEntry entry, CancellationToken cancellationToken)
    {
        // Entry types no projection takes (e.g. from a newer Dossier) stay in the ledger untouched.
        foreach (var projection in _projections)
        {
            if (projection.Handles(entry.Type))
            {
                await projection.ApplyAsync(session, entry, cancellationToken);
            }
        }
    }

    public async Task ClearAsync(SqlSession session, CancellationToken cancellationToken)
    {
        foreach (var projection in _projections)
        {
            await projection.ClearAsync(session, cancellationToken);
        }
    }
}

/// <summary>What a record entry assumes about its record: none for a create, the version it revises or retracts otherwise.</summary>
internal readonly record struct RecordAssumption(string Type, string Id, int PreviousVersion)
{
    /// <summary>The assumption of a record entry, or null for an entry of another type.</summary>
    public static RecordAssumption? Of(NewEntry entry)
    {
        if (entry.Type is not (EntryTypes.RecordCreated or EntryTypes.RecordRevised or EntryTypes.RecordRetracted))
        {
            return null;
        }

        var (id, previousVersion) = entry.Type switch
        {
            EntryTypes.RecordCreated => (Entries.RecordCreated.Read(entry).Record.Id, 0),
            EntryTypes.RecordRevised => Entries.RecordRevised.Read(entry) is var revised ? (revised.Record.Id, revised.PreviousVersion) : default,
            _ => Entries.RecordRetracted.Read(entry) is var retraction ? (retraction.Id, retraction.PreviousVersion) : default,
        };
        return string.IsNullOrEmpty(id)
            ? throw new InvalidDataException($"A {entry.Type} entry names no record id.")
            : new RecordAssumption(entry.Type, id, previousVersion);
    }
}

/// <summary>
/// Refuses a record entry whose assumption about the record is false now: a create for an id that exists, a revision or
/// retraction of another version than the current one. Used for live appends inside their transaction, under the ledger
/// lock, before the entry is written; never on rebuild, which replays what the ledger holds.
/// </summary>
/// <remarks>
/// The records a group of entries names are read in one query (<see cref="LoadAsync"/>), and each admitted entry updates
/// what is known as the record projection will: so a check costs no round trip, and sees the entries before it in the same
/// append (a record created and revised in one batch) whether or not their writes were sent yet (ADR 1824).
/// </remarks>
internal sealed class RecordPreconditions
{
    /// <summary>How many entries' records are read in one query (both databases cap the bound parameters).</summary>
    public const int GroupSize = 500;

    // Per record id: its version and whether it is retracted, or null when there is no such record.
    private readonly Dictionary<string, (int Version, bool Retracted)?> _records = new(StringComparer.Ordinal);

    /// <summary>Reads the records these assumptions name as the database holds them, after every earlier write of the session.</summary>
    public async Task LoadAsync(SqlSession session, IReadOnlyCollection<RecordAssumption?> assumptions, CancellationToken cancellationToken)
    {
        // The session sends its held writes before the query, so what was known is in the database now: only this group is kept.
        _records.Clear();
        var ids = assumptions.OfType<RecordAssumption>().Select(a => a.Id).Distinct(StringComparer.Ordinal).ToArray();
        if (ids.Length == 0)
        {
            return;
        }

        foreach (var id in ids)
        {
            _records[id] = null;
        }

        foreach (var chunk in ids.Chunk(GroupSize))
        {
            var names = chunk.Select((_, i) => "@i" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            await using var command = await session.QueryAsync($"select id, version, retracted from records where id in ({string.Join(',', names)})",
                cancellationToken, [.. chunk.Select((id, i) => (names[i][1..], (object?)id))]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                _records[reader.GetString(0)] = (
                    Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture),
                    Convert.ToInt32(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture) != 0);
            }
        }
    }

    /// <summary>
    /// Throws <see cref="AppendConflictException"/> when the assumption is false for the record as the earlier entries left
    /// it; otherwise records what the entry makes of it (version 1 for a create, the next version for a revision or
    /// retraction, as <see cref="RecordProjection"/> writes them).
    /// </summary>
    public void Admit(RecordAssumption? assumption)
    {
        if (assumption is not { } entry)
        {
            return;
        }

        if (!_records.TryGetValue(entry.Id, out var current))
        {
            throw new InvalidOperationException($"The record {entry.Id} was not loaded before its entry was checked.");
        }

        if (entry.Type == EntryTypes.RecordCreated)
        {
            if (current is { } existing)
            {
                throw new AppendConflictException(entry.Id, AppendConflictKind.Exists, existing.Version);
            }

            _records[entry.Id] = (1, false);
            return;
        }

        if (current is not { } record)
        {
            throw new AppendConflictException(entry.Id, AppendConflictKind.Missing, null);
        }

        if (record.Retracted)
        {
            throw new AppendConflictException(entry.Id, AppendConflictKind.Retracted, record.Version);
        }

        if (entry.PreviousVersion != record.Version)
        {
            throw new AppendConflictException(entry.Id, AppendConflictKind.VersionMismatch, record.Version);
        }

        _records[entry.Id] = (record.Version + 1, entry.Type == EntryTypes.RecordRetracted);
    }
}
