using System.Text.Json;
using Dossier.Application.Ledger;
using Dossier.Application.Search;
using Dossier.Application.Serialization;
using Dossier.Domain.Records;

namespace Dossier.Storage;

/// <summary>Records: their current state, references, history and search keys (record.created, .revised, .retracted).</summary>
internal sealed class RecordProjection(Dialect dialect)
{
    public static bool Handles(string type) => type is EntryTypes.RecordCreated or EntryTypes.RecordRevised or EntryTypes.RecordRetracted;

    public Task ApplyAsync(SqlSession session, LedgerEntry entry, CancellationToken cancellationToken) =>
        entry.Type == EntryTypes.RecordRetracted ? RetractAsync(session, entry, cancellationToken) : UpsertAsync(session, entry, cancellationToken);

    public async Task ClearAsync(SqlSession session, CancellationToken cancellationToken)
    {
        await session.ExecuteAsync("delete from records; delete from record_refs; delete from record_history;", cancellationToken);
        await dialect.ClearSearchAsync(session, cancellationToken);
    }

    public IReadOnlyList<(string Table, string Sql)> Tables =>
    [
        ("records", "select id, kind, version, retracted, classification, synthetic, label, json, created_seq, updated_seq from records"),
        ("record_refs", "select record_id, target_id, role from record_refs"),
        ("record_history", "select record_id, seq from record_history"),
        ("search_index", dialect.DumpSearchSql),
    ];

    private async Task UpsertAsync(SqlSession session, LedgerEntry entry, CancellationToken cancellationToken)
    {
        // Stored as re-serialised from the record, so a live append and a replay write the same bytes.
        var (record, version) = entry.Type == EntryTypes.RecordCreated
            ? (Entries.RecordCreated.Read(entry).Record, 1)
            : Entries.RecordRevised.Read(entry) is var revised ? (revised.Record, revised.PreviousVersion + 1) : default;
        var kind = record.Kind;
        await session.ExecuteAsync(
            """
            insert into records (id, kind, version, retracted, classification, synthetic, label, json, created_seq, updated_seq)
            values (@id, @kind, @version, 0, @classification, @synthetic, @label, @json, @seq, @seq)
            on conflict (id) do update set version = excluded.version, classification = excluded.classification,
                synthetic = excluded.synthetic, label = excluded.label, json = excluded.json, updated_seq = excluded.updated_seq
            """,
            cancellationToken,
            ("id", record.Id), ("kind", RecordKinds.Name(kind)), ("version", version),
            ("classification", Classifications.Name(record.Classification)),
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
        var retracted = Entries.RecordRetracted.Read(entry);
        var (id, version) = (retracted.Id, retracted.PreviousVersion + 1);
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
