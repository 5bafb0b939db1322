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
        await session.WriteAsync(
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

        await session.WriteAsync("delete from record_refs where record_id = @id", cancellationToken, ("id", record.Id));
        foreach (var reference in record.References().Distinct())
        {
            await session.WriteAsync("insert into record_refs (record_id, target_id, role) values (@id, @target, @role)",
                cancellationToken, ("id", record.Id), ("target", reference.TargetId), ("role", reference.Role));
        }

        await AddHistoryAsync(session, record.Id, entry.Sequence, cancellationToken);
        await IndexAsync(session, record, cancellationToken);
        if (record is Interview)
        {
            // A withdrawal (or its reversal) changes whether the interview's statements' words may be found.
            foreach (var statement in await StatementsOfAsync(session, record.Id, cancellationToken))
            {
                await IndexAsync(session, statement, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Writes the search row of every live record again from the records table: after migration 0014 (whose keys are made
    /// here, in C#), the same rows a rebuild from the ledger writes.
    /// </summary>
    public async Task ReindexSearchAsync(SqlSession session, CancellationToken cancellationToken)
    {
        await dialect.ClearSearchAsync(session, cancellationToken);
        // Read on a second connection (as a replay reads the ledger): the writer's transaction stays the only writer, and
        // the records stream rather than all sitting in memory at once.
        var standing = new HashSet<string>(StringComparer.Ordinal);
        await using var read = await dialect.OpenAsync(cancellationToken);
        await foreach (var record in ReadRecordsAsync(read, RecordKind.Interview, cancellationToken))
        {
            if (record is Interview { Consent.Withdrawn: null })
            {
                standing.Add(record.Id);
            }
        }

        await foreach (var record in ReadRecordsAsync(read, null, cancellationToken))
        {
            await dialect.WriteSearchAsync(session, SearchDocument.For(record, record is not Statement statement || standing.Contains(statement.InterviewId)), cancellationToken);
        }
    }

    private static async IAsyncEnumerable<Record> ReadRecordsAsync(System.Data.Common.DbConnection connection, RecordKind? only, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = Db.Command(connection, null,
            "select kind, json from records where retracted = 0 and (cast(@kind as text) is null or kind = @kind) order by created_seq",
            ("kind", only is null ? null : RecordKinds.Name(only.Value)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (RecordKinds.TryParse(reader.GetString(0), out var kind))
            {
                using var json = JsonDocument.Parse(reader.GetString(1));
                yield return RecordJson.FromElement(kind, json.RootElement);
            }
        }
    }

    /// <summary>Indexes a record; a statement's words only while its interview is recorded and its consent stands (docs/testimony.md).</summary>
    private async Task IndexAsync(SqlSession session, Record record, CancellationToken cancellationToken)
    {
        var wordsShown = record is not Statement statement || await ConsentStandsAsync(session, statement.InterviewId, cancellationToken);
        await dialect.WriteSearchAsync(session, SearchDocument.For(record, wordsShown), cancellationToken);
    }

    private static async Task<bool> ConsentStandsAsync(SqlSession session, string interviewId, CancellationToken cancellationToken)
    {
        if (await session.ScalarAsync("select json from records where id = @id and kind = @kind and retracted = 0",
                cancellationToken, ("id", interviewId), ("kind", RecordKinds.Name(RecordKind.Interview))) is not string json)
        {
            return false;
        }

        using var document = JsonDocument.Parse(json);
        return RecordJson.FromElement(RecordKind.Interview, document.RootElement) is Interview { Consent.Withdrawn: null };
    }

    private static async Task<List<Record>> StatementsOfAsync(SqlSession session, string interviewId, CancellationToken cancellationToken)
    {
        var statements = new List<Record>();
        await using var command = await session.QueryAsync(
            """
            select r.json from record_refs f join records r on r.id = f.record_id
            where f.target_id = @id and f.role = 'interview' and r.kind = @kind and r.retracted = 0 order by r.created_seq
            """,
            cancellationToken, ("id", interviewId), ("kind", RecordKinds.Name(RecordKind.Statement)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            using var json = JsonDocument.Parse(reader.GetString(0));
            statements.Add(RecordJson.FromElement(RecordKind.Statement, json.RootElement));
        }

        return statements;
    }

    private async Task RetractAsync(SqlSession session, LedgerEntry entry, CancellationToken cancellationToken)
    {
        var retracted = Entries.RecordRetracted.Read(entry);
        var (id, version) = (retracted.Id, retracted.PreviousVersion + 1);
        await session.WriteAsync(
            "update records set retracted = 1, version = @version, updated_seq = @seq where id = @id",
            cancellationToken, ("id", id), ("version", version), ("seq", entry.Sequence));
        await AddHistoryAsync(session, id, entry.Sequence, cancellationToken);
        // A retracted record stays readable with its history, but search no longer offers it.
        await dialect.DeleteSearchAsync(session, id, cancellationToken);
    }

    private static Task AddHistoryAsync(SqlSession session, string id, long sequence, CancellationToken cancellationToken) =>
        session.WriteAsync("insert into record_history (record_id, seq) values (@id, @seq)", cancellationToken, ("id", id), ("seq", sequence));
}
