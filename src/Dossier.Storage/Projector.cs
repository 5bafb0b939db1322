using System.Text.Json;
using Dossier.Application.Ledger;
using Dossier.Application.Search;
using Dossier.Application.Serialization;
using Dossier.Application.Workspace;
using Dossier.Domain.Records;

namespace Dossier.Storage;

/// <summary>
/// The only code that writes projection tables: it folds one ledger entry into records, references,
/// history and the search index, inside the append's transaction (or during a rebuild).
/// </summary>
internal sealed class Projector(Dialect dialect)
{
    public const string ProjectionTables = "records, record_refs, record_history, search_index, " + SealedIdentityProjection.Tables;

    public async Task ApplyAsync(SqlSession session, LedgerEntry entry, CancellationToken cancellationToken)
    {
        switch (entry.Type)
        {
            case EntryTypes.RecordCreated:
            case EntryTypes.RecordRevised:
                await UpsertAsync(session, entry, cancellationToken);
                break;
            case EntryTypes.RecordRetracted:
                await RetractAsync(session, entry, cancellationToken);
                break;
            case EntryTypes.IdentitySealed or EntryTypes.IdentityUnsealed or EntryTypes.IdentityAccessRefused or EntryTypes.IdentityErased:
                await SealedIdentityProjection.ApplyAsync(session, entry, cancellationToken);
                await AuditProjection.ApplyAsync(session, entry, cancellationToken);
                break;
            case var type when AccountProjection.Handles(type):
                await AccountProjection.ApplyAsync(session, entry, cancellationToken);
                await AuditProjection.ApplyAsync(session, entry, cancellationToken);
                break;
            case var type when Dossier.Application.Access.AccessEntries.IsAudited(type):
                await AuditProjection.ApplyAsync(session, entry, cancellationToken);
                break;
            case var type when ListProjector.Handles(type):
                await ListProjector.ApplyAsync(session, entry, cancellationToken);
                break;
            case var type when EvidenceLinkProjection.Handles(type):
                await EvidenceLinkProjection.ApplyAsync(session, entry, cancellationToken);
                break;
            case var type when EvidenceProjector.Handles(type):
                await EvidenceProjector.ApplyAsync(session, entry, cancellationToken);
                break;
            default:
                // Entry types this version does not project (e.g. from a newer Dossier) stay in the ledger untouched.
                break;
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

        var id = entry.Type == EntryTypes.RecordRetracted
            ? entry.Body.GetProperty("id").GetString()
            : entry.Body.GetProperty("record").GetProperty("id").GetString();
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

        if (entry.Body.GetProperty("previousVersion").GetInt32() != version)
        {
            throw new AppendConflictException(id, AppendConflictKind.VersionMismatch, version);
        }
    }

    public async Task ClearAsync(SqlSession session, CancellationToken cancellationToken)
    {
        await session.ExecuteAsync("delete from records; delete from record_refs; delete from record_history; delete from audit_log;", cancellationToken);
        await dialect.ClearSearchAsync(session, cancellationToken);
        await SealedIdentityProjection.ClearAsync(session, cancellationToken);
        await ListProjector.ClearAsync(session, cancellationToken);
        await EvidenceProjector.ClearAsync(session, cancellationToken);
        await EvidenceLinkProjection.ClearAsync(session, cancellationToken);
        await AccountProjection.ClearAsync(session, cancellationToken);
    }

    private async Task UpsertAsync(SqlSession session, LedgerEntry entry, CancellationToken cancellationToken)
    {
        if (!RecordKinds.TryParse(entry.Body.GetProperty("kind").GetString(), out var kind))
        {
            throw new InvalidDataException($"Ledger entry {entry.Sequence} names an unknown record kind.");
        }

        // Stored as re-serialised from the record, so a live append and a replay write the same bytes.
        var record = RecordJson.FromElement(kind, entry.Body.GetProperty("record"));
        var version = entry.Type == EntryTypes.RecordCreated ? 1 : entry.Body.GetProperty("previousVersion").GetInt32() + 1;
        await session.ExecuteAsync(
            """
            insert into records (id, kind, version, retracted, classification, synthetic, label, json, created_seq, updated_seq)
            values (@id, @kind, @version, 0, @classification, @synthetic, @label, @json, @seq, @seq)
            on conflict (id) do update set version = excluded.version, classification = excluded.classification,
                synthetic = excluded.synthetic, label = excluded.label, json = excluded.json, updated_seq = excluded.updated_seq
            """,
            cancellationToken,
            ("id", record.Id), ("kind", RecordKinds.Name(kind)), ("version", version),
            ("classification", JsonNamingPolicy.KebabCaseLower.ConvertName(record.Classification.ToString())),
            ("synthetic", record.Synthetic ? 1 : 0), ("label", record.Label), ("json", RecordJson.ToElement(record).GetRawText()), ("seq", entry.Sequence));

        await session.ExecuteAsync("delete from record_refs where record_id = @id", cancellationToken, ("id", record.Id));
        foreach (var reference in record.References().Distinct())
        {
            await session.ExecuteAsync("insert into record_refs (record_id, target_id, role) values (@id, @target, @role)",
                cancellationToken, ("id", record.Id), ("target", reference.TargetId), ("role", reference.Role));
        }

        await AddHistoryAsync(session, record.Id, entry.Sequence, cancellationToken);
        await dialect.WriteSearchAsync(session, SearchDocument.For(record), cancellationToken);
    }

    private async Task RetractAsync(SqlSession session, LedgerEntry entry, CancellationToken cancellationToken)
    {
        var id = entry.Body.GetProperty("id").GetString()!;
        var version = entry.Body.GetProperty("previousVersion").GetInt32() + 1;
        await session.ExecuteAsync(
            "update records set retracted = 1, version = @version, updated_seq = @seq where id = @id",
            cancellationToken, ("id", id), ("version", version), ("seq", entry.Sequence));
        await AddHistoryAsync(session, id, entry.Sequence, cancellationToken);
        // A retracted record stays readable with its history, but search no longer offers it.
        await dialect.DeleteSearchAsync(session, id, cancellationToken);
    }

    private static Task AddHistoryAsync(SqlSession session, string id, long sequence, CancellationToken cancellationToken) =>
        session.ExecuteAsync("insert into record_history (record_id, seq) values (@id, @seq)", cancellationToken, ("id", id), ("seq", sequence));
}
