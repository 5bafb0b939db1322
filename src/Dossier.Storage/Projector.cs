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
/// during a rebuild), and checks record entries' assumptions before a live append.
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

    /// <summary>
    /// Refuses a record entry whose assumption about the record is false now: a create for an id that
    /// exists, a revision or retraction of another version than the current one. Called for live appends
    /// inside their transaction, under the ledger lock, before anything is written; never on rebuild,
    /// which replays what the ledger holds.
    /// </summary>
    public static async Task CheckPreconditionAsync(SqlSession session, NewEntry entry, CancellationToken cancellationToken)
    {
        if (entry.Type is not (EntryTypes.RecordCreated or EntryTypes.RecordRevised or EntryTypes.RecordRetracted))
        {
            return;
        }

        var (id, previousVersion) = entry.Type switch
        {
            EntryTypes.RecordCreated => (Entries.RecordCreated.Read(entry).Record.Id, 0),
            EntryTypes.RecordRevised => Entries.RecordRevised.Read(entry) is var revised ? (revised.Record.Id, revised.PreviousVersion) : default,
            _ => Entries.RecordRetracted.Read(entry) is var retraction ? (retraction.Id, retraction.PreviousVersion) : default,
        };
        if (string.IsNullOrEmpty(id))
        {
            throw new InvalidDataException($"A {entry.Type} entry names no record id.");
        }
        int? version = null;
        var retracted = false;
        await using (var command = Db.Command(session.Connection, session.Transaction, "select version, retracted from records where id = @id", ("id", id)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                version = Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
                retracted = Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture) != 0;
            }
        }

        if (entry.Type == EntryTypes.RecordCreated)
        {
            if (version is not null)
            {
                throw new AppendConflictException(id, AppendConflictKind.Exists, version);
            }

            return;
        }

        if (version is null)
        {
            throw new AppendConflictException(id, AppendConflictKind.Missing, null);
        }

        if (retracted)
        {
            throw new AppendConflictException(id, AppendConflictKind.Retracted, version);
        }

        if (previousVersion != version)
        {
            throw new AppendConflictException(id, AppendConflictKind.VersionMismatch, version);
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
